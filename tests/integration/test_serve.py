"""`mealplan serve`'s application through Starlette's test client: a trip's link opens that trip
only, outcomes are recorded once per tap however often they arrive, a correction is a new
version; unknown, expired, revoked and other trips' links are refused; the office's page needs
its password; the log names no one."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mealplan.cli import _phone_consequences
from mealplan.door_models import WellnessRules, link_expiry
from mealplan.io.store.history import History
from mealplan.io.web.app import PASSWORD_NAME, ServeConfig, create_app, hash_password
from tests.helpers import copy_data, read_rows, run_plan

DATE = "2026-11-25"
DAY = dt.date.fromisoformat(DATE)


@pytest.fixture(scope="module")
def served(small_dir, tmp_path_factory):
    """A planned, published day with its history, two trips' links and the app over them."""
    root = tmp_path_factory.mktemp("serve")
    data = copy_data(small_dir, root / "data")
    url = f"sqlite:///{root / 'history.sqlite'}"  # its own: a module's fixture outlives each test's history
    done = run_plan(data, root / "out", DATE, "--db", url)
    assert done.exit_code == 0, done.output
    rows = read_rows(root / "out" / DATE / "routes" / "all_routes.csv")
    trips = sorted({(r["van_id"], int(r["trip"])) for r in rows})
    history = History(url)
    links = {trip: history.trip_link(DAY, "meal", trip[0], trip[1], link_expiry(DAY, 24 * 365)) for trip in trips[:2]}
    history.set_secret(PASSWORD_NAME, hash_password("парола-на-службата"))
    history.close()
    rules = WellnessRules()

    def consequences(h, found, people):  # as `mealplan serve` wires it
        return _phone_consequences(h, found, people, rules, root / "out", "en")

    app = create_app(ServeConfig(data_dir=data, out_dir=root / "out", db_url=url, consequences=consequences))
    return TestClient(app), rows, trips, links, url


def stops_of(rows, trip):
    return [r for r in rows if (r["van_id"], int(r["trip"])) == trip]


def post(client, token, ident, outcome, key, note=""):
    return client.post(f"/api/t/{token}/outcomes", json={"id": ident, "outcome": outcome, "key": key, "note": note,
                                                         "tapped_at": "2026-11-25T11:42:00+02:00"})  # fmt: skip


def test_a_trips_link_opens_its_stops_in_order_with_outcome_buttons(served):
    client, rows, trips, links, _ = served
    page = client.get(f"/t/{links[trips[0]]}")
    assert page.status_code == 200
    names = [r["name"] for r in sorted(stops_of(rows, trips[0]), key=lambda r: int(r["stop"]))]
    positions = [page.text.index(n) for n in names]
    assert positions == sorted(positions)
    assert 'data-outcome="delivered"' in page.text and 'data-outcome="not_home"' in page.text
    other = stops_of(rows, trips[1])[0]["name"]
    assert other not in page.text  # only this trip
    assert (
        page.headers["cache-control"] == "no-store" and "default-src 'self'" in page.headers["content-security-policy"]
    )


def test_a_retry_and_a_double_tap_record_one_outcome_and_a_correction_a_new_version(served):
    client, rows, trips, links, data = served
    token, stop = links[trips[0]], stops_of(rows, trips[0])[0]
    assert post(client, token, stop["client_id"], "delivered", "tap-0001").json()["status"] == "recorded"
    assert post(client, token, stop["client_id"], "delivered", "tap-0001").json()["status"] == "unchanged"  # retry
    assert post(client, token, stop["client_id"], "delivered", "tap-0002").json()["status"] == "unchanged"  # double
    assert post(client, token, stop["client_id"], "refused", "tap-0003").json()["status"] == "recorded"  # correction
    history = History(data)
    try:
        newest = history.door_outcomes_on(DAY)[stop["client_id"]]
        assert (newest["outcome"], newest["version"], newest["source"]) == ("refused", 2, "phone")
        assert newest["tapped_at"] is not None
    finally:
        history.close()


def test_a_link_cannot_write_another_trips_stop_or_a_made_up_outcome(served):
    client, rows, trips, links, _ = served
    foreign = stops_of(rows, trips[1])[0]["client_id"]
    refused = post(client, links[trips[0]], foreign, "delivered", "tap-0100")
    assert refused.status_code == 403 and refused.json()["error"] == "not_on_trip"
    mine = stops_of(rows, trips[0])[0]["client_id"]
    assert post(client, links[trips[0]], mine, "stolen", "tap-0101").status_code == 400
    assert post(client, links[trips[0]], mine, "delivered", "x").status_code == 400  # no key worth the name


@pytest.mark.parametrize("token", ["A" * 24, "short", "../../etc/passwd"])
def test_a_link_that_never_was_is_not_found(served, token):
    client = served[0]
    assert client.get(f"/t/{token}").status_code == 404
    assert client.post(f"/api/t/{token}/outcomes", json={}).status_code == 404


def test_an_expired_link_and_a_revoked_one_are_gone_and_the_reissued_one_works(served):
    client, _, trips, _, data = served
    history = History(data)
    try:
        van, trip = trips[-1]
        stale = history.trip_link(
            DAY - dt.timedelta(days=3), "meal", van, trip, link_expiry(DAY - dt.timedelta(days=3))
        )
        live = history.trip_link(DAY, "meal", van, trip, link_expiry(DAY, 24 * 365))
        assert history.revoke_link(DAY, "meal", van, trip)
        fresh = history.trip_link(DAY, "meal", van, trip, link_expiry(DAY, 24 * 365))
    finally:
        history.close()
    assert client.get(f"/t/{stale}").status_code == 410
    revoked = client.post(f"/api/t/{live}/outcomes", json={})
    assert revoked.status_code == 410 and revoked.json()["error"] == "revoked_link"
    assert fresh != live and client.get(f"/t/{fresh}").status_code == 200


def test_the_office_page_needs_the_password_closes_a_check_with_who_and_how_and_revokes_a_link(served):
    client, rows, trips, links, data = served
    stop = stops_of(rows, trips[1])[0]
    history = History(data)
    history.raise_escalations([{"service": "meal", "plan_date": DAY, "client_id": stop["client_id"], "office_id": "S1",
                                "outcome": "not_home", "in_a_row": 1, "steps": "call_client"}])  # fmt: skip
    history.close()
    office = TestClient(client.app)
    assert office.get("/office", follow_redirects=False).headers["location"] == "/login"
    wrong = office.post("/login", data={"name": "Иванова", "password": "грешна"})
    assert wrong.status_code == 401
    signed = office.post("/login", data={"name": "Иванова", "password": "парола-на-службата"})
    assert signed.status_code == 200 and stop["name"] in signed.text
    history = History(data)
    (check,) = history.open_escalations()
    history.close()
    office.post(f"/office/escalations/{check['escalation_id']}/close", data={"how": "дъщеря ѝ: в болница е"})
    history = History(data)
    try:
        assert history.open_escalations() == []
    finally:
        history.close()
    van, trip = trips[1]
    revoked = office.post("/office/links/revoke", data={"date": DATE, "service": "meal", "holder": van,
                                                        "trip": str(trip)})  # fmt: skip
    assert revoked.status_code == 200 and client.get(f"/t/{links[trips[1]]}").status_code == 410
    assert TestClient(client.app).post(f"/office/escalations/{check['escalation_id']}/close",
                                       data={"how": "x"}, follow_redirects=False).status_code == 303  # fmt: skip


def test_the_log_names_no_token_no_client_and_no_note(served, caplog):
    client, rows, trips, links, _ = served
    stop = stops_of(rows, trips[0])[1]
    with caplog.at_level(logging.INFO, logger="mealplan.serve"):
        client.get(f"/t/{links[trips[0]]}")
        post(client, links[trips[0]], stop["client_id"], "other", "tap-0200", note="кучето лае")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/api/t/" in logged and links[trips[0]] not in logged
    assert stop["client_id"] not in logged and stop["name"] not in logged and "кучето" not in logged


def test_a_night_with_the_servers_address_prints_each_trips_link_and_a_replan_prints_the_same(small_dir, tmp_path):
    """settings.csv's serve_url: the trip's first sheet page (HTML and PDF) carries its phone page
    as a QR code and a short link; the link opens that trip; a re-plan prints the same link."""
    from pypdf import PdfReader

    data = copy_data(small_dir, tmp_path / "data")
    with (data / "settings.csv").open("a", encoding="utf-8") as settings:
        settings.write("serve_url,http://192.168.1.20:8080/\n")
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    assert run_plan(data, tmp_path / "out", DATE, "--db", url).exit_code == 0
    rows = read_rows(tmp_path / "out" / DATE / "routes" / "all_routes.csv")
    van, trip = rows[0]["van_id"], int(rows[0]["trip"])
    sheet = (tmp_path / "out" / DATE / "routes" / f"{van}.html").read_text(encoding="utf-8")
    links = re.findall(r"http://192\.168\.1\.20:8080/t/[A-Za-z0-9_-]{24}", sheet)
    assert links and "phone-page" in sheet
    history = History(url)
    try:
        found = history.find_link(links[0].rsplit("/", 1)[1])
        assert found is not None and (found["holder"], found["trip"]) == (van, trip)
    finally:
        history.close()
    pdfs = list((tmp_path / "out" / DATE).rglob("*.pdf"))
    assert any(links[0] in "".join(p.extract_text() for p in PdfReader(pdf).pages) for pdf in pdfs)
    assert run_plan(data, tmp_path / "out", DATE, "--db", url, "--force").exit_code == 0
    again = (tmp_path / "out" / DATE / "routes" / f"{van}.html").read_text(encoding="utf-8")
    assert links[0] in again


def test_a_workers_day_of_visits_takes_done_partly_and_minutes_spent(served):
    """The same page for a social worker's day: its visits in time order, the visits' outcomes
    (done, not_home, refused, partly) with the minutes spent; a meal outcome is refused there."""
    client, _, _, _, url = served
    history = History(url)
    try:
        visit = {"visit_date": DAY, "worker_id": "W9", "client_id": "C00001", "office_id": "S1",
                 "service_code": "cleaning", "end_min": 0}  # fmt: skip
        history.record_visits((DAY,), {"S1"}, [visit | {"occurrence_id": "v-late", "start_min": 840},
                                              visit | {"occurrence_id": "v-early", "start_min": 540}])  # fmt: skip
        token = history.trip_link(DAY, "visit", "W9", 1, link_expiry(DAY, 24 * 365))
    finally:
        history.close()
    page = client.get(f"/t/{token}")
    assert page.status_code == 200 and page.text.index("09:00") < page.text.index("14:00")
    assert 'data-outcome="partly"' in page.text and 'data-outcome="delivered"' not in page.text
    done = client.post(f"/api/t/{token}/outcomes", json={"id": "v-early", "outcome": "partly", "key": "visit-0001",
                                                         "minutes_spent": 35})  # fmt: skip
    assert done.json()["status"] == "recorded"
    assert client.post(f"/api/t/{token}/outcomes", json={"id": "v-late", "outcome": "delivered",
                                                         "key": "visit-0002"}).status_code == 400  # fmt: skip
    history = History(url)
    try:
        _, answers = history.trip_stops(DAY, "visit", "W9", 1)
        assert answers[("C00001", "v-early")]["minutes_spent"] == 35
    finally:
        history.close()


def test_a_week_of_visits_with_the_servers_address_gives_each_worker_day_its_outcome_page(small_dir, tmp_path):
    """`visits plan` with serve_url: each worker-day's A4 sheet carries a QR code and the link,
    the phone page a button to it, and the link opens that worker's visits of that day."""
    from click.testing import CliRunner

    from mealplan.cli import cli
    from tests.visits_helpers import WEEK, visits_folder

    data = visits_folder(small_dir, tmp_path / "data")
    with (data / "settings.csv").open("a", encoding="utf-8") as settings:
        settings.write("serve_url,http://192.168.1.20:8080\n")
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    out = str(tmp_path / "out")
    done = CliRunner().invoke(cli, ["visits", "plan", "--data", str(data), "--week", WEEK, "--out", out,
                                    "--time-limit", "1", "--workers", "1", "--db", url, "--lang", "en"])  # fmt: skip
    assert done.exit_code == 0, done.output
    week = tmp_path / "out" / "visits" / WEEK
    phone = sorted((week / "phone").glob("*.html"))[0]
    link = re.search(r"http://192\.168\.1\.20:8080/t/[A-Za-z0-9_-]{24}", phone.read_text(encoding="utf-8"))
    assert link is not None
    worker, date = phone.stem.rsplit("_", 1)
    sheets = "".join(p.read_text(encoding="utf-8") for p in (week / "sheets").rglob("*.html"))
    assert link.group(0) in sheets and "outcome-link" in sheets
    app = TestClient(create_app(ServeConfig(data_dir=data, out_dir=tmp_path / "out", db_url=url)))
    page = app.get("/t/" + link.group(0).rsplit("/", 1)[1])
    assert page.status_code == 200 and f"{worker}" in page.text and date in page.text
    assert 'data-outcome="done"' in page.text


def test_a_silent_door_tapped_on_the_phone_is_a_wellness_check_at_once_and_hospital_a_proposal(served):
    client, rows, trips, links, url = served
    silent, sick = stops_of(rows, trips[0])[2], stops_of(rows, trips[0])[3]
    assert post(client, links[trips[0]], silent["client_id"], "not_home", "tap-0300").status_code == 200
    assert post(client, links[trips[0]], sick["client_id"], "hospital", "tap-0301").status_code == 200
    history = History(url)
    try:
        checks = [c for c in history.open_escalations() if c["client_id"] == silent["client_id"]]
        assert [(c["outcome"], c["in_a_row"]) for c in checks] == [("not_home", 1)]
        assert checks[0]["steps"].startswith("call_client")
        proposals = [p for p in history.proposals_in("open") if p["client_id"] == sick["client_id"]]
        assert [(p["kind"], p["from_date"]) for p in proposals] == [("pause", DAY + dt.timedelta(days=1))]
    finally:
        history.close()
    again = post(client, links[trips[0]], silent["client_id"], "not_home", "tap-0302")  # a double tap
    assert again.json()["status"] == "unchanged"
    written = read_rows(url_folder(url) / "out" / DATE / "escalations.csv")
    assert silent["client_id"] in {r["client_id"] for r in written}  # beside the night's outputs


def url_folder(url):
    return Path(url.removeprefix("sqlite:///")).parent


def test_guessing_the_office_password_from_one_address_is_stopped_after_five_tries(served):
    client = TestClient(served[0].app)
    for _ in range(5):
        assert client.post("/login", data={"name": "x", "password": "guess"}).status_code == 401
    stopped = client.post("/login", data={"name": "x", "password": "парола-на-службата"})
    assert stopped.status_code == 429  # even the right password waits out the lockout
