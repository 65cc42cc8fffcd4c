"""A driver's evening on the phone page, in headless Chromium against a real server on the loopback
address: tap through a trip, double-tap, lose the connection mid-trip and come back; wrong,
revoked and expired links; every outcome in the history exactly once."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time

import pytest
import uvicorn

from mealplan.door_models import link_expiry
from mealplan.io.store.history import History
from mealplan.io.web.app import ServeConfig, create_app
from tests.helpers import copy_data, read_rows, run_plan

DATE = "2026-11-25"
DAY = dt.date.fromisoformat(DATE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(small_dir, tmp_path_factory):
    """A planned day, its history and `mealplan serve`'s app under uvicorn in a thread."""
    root = tmp_path_factory.mktemp("phone")
    data = copy_data(small_dir, root / "data")
    url = f"sqlite:///{root / 'history.sqlite'}"
    assert run_plan(data, root / "out", DATE, "--db", url).exit_code == 0
    rows = read_rows(root / "out" / DATE / "routes" / "all_routes.csv")
    counts: dict[tuple[str, int], int] = {}
    for r in rows:
        counts[(r["van_id"], int(r["trip"]))] = counts.get((r["van_id"], int(r["trip"])), 0) + 1
    trip = max(counts, key=lambda k: counts[k])  # the longest trip: room to tap through
    history = History(url)
    token = history.trip_link(DAY, "meal", trip[0], trip[1], link_expiry(DAY, 24 * 365))
    history.close()
    port = free_port()
    config = uvicorn.Config(create_app(ServeConfig(data_dir=data, out_dir=root / "out", db_url=url)),
                            host="127.0.0.1", port=port, log_level="warning")  # fmt: skip
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started
    stops = sorted((r for r in rows if (r["van_id"], int(r["trip"])) == trip), key=lambda r: int(r["stop"]))
    yield f"http://127.0.0.1:{port}", token, stops, url, trip
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser(chromium):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


def recorded(url: str, client_id: str) -> list[tuple[int, str]]:
    history = History(url)
    try:
        with history.engine.connect() as conn:
            from mealplan.io.store.history import door_outcomes

            rows = conn.execute(door_outcomes.select().where(door_outcomes.c.client_id == client_id))
            return sorted((r.version, r.outcome) for r in rows)
    finally:
        history.close()


def card(page, n: int):
    return page.locator(f"#stop-{n}")


def test_a_driver_taps_through_a_trip_double_taps_and_loses_the_connection_without_losing_a_tap(server, browser):
    base, token, stops, url, _ = server
    assert len(stops) >= 4
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="bg-BG")
    page = context.new_page()
    page.goto(f"{base}/t/{token}")
    assert page.locator(".stop").count() == len(stops)
    assert card(page, 1).locator(".name").inner_text() == stops[0]["name"]

    card(page, 1).locator('[data-outcome="delivered"]').click()
    card(page, 1).locator(".state.saved").wait_for(timeout=10_000)
    assert recorded(url, stops[0]["client_id"]) == [(1, "delivered")]

    card(page, 2).locator('[data-outcome="not_home"]').dblclick()  # a double tap
    card(page, 2).locator(".state.saved").wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    assert recorded(url, stops[1]["client_id"]) == [(1, "not_home")]

    context.set_offline(True)  # into a lift, a basement, a dead zone
    card(page, 3).locator('[data-outcome="refused"]').click()
    card(page, 3).locator(".state.pending").wait_for(timeout=5_000)
    page.locator("#net").wait_for(state="visible", timeout=5_000)
    card(page, 4).locator('[data-outcome="delivered"]').click()
    page.wait_for_timeout(1_000)
    assert recorded(url, stops[2]["client_id"]) == [] and recorded(url, stops[3]["client_id"]) == []
    context.set_offline(False)  # back: the queue goes by itself
    card(page, 3).locator(".state.saved").wait_for(timeout=15_000)
    card(page, 4).locator(".state.saved").wait_for(timeout=15_000)
    assert recorded(url, stops[2]["client_id"]) == [(1, "refused")]
    assert recorded(url, stops[3]["client_id"]) == [(1, "delivered")]

    page.reload()  # what the office has, shown again
    card(page, 3).locator(".state.saved").wait_for(timeout=5_000)
    assert page.locator("#done").inner_text() == "4"
    context.close()


def test_a_phone_that_was_offline_when_closed_sends_its_queue_when_opened_again(server, browser):
    """The taps live in the phone's storage: a page closed offline sends them on its next opening."""
    base, token, stops, url, _ = server
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/t/{token}")
    context.set_offline(True)
    card(page, 5).locator('[data-outcome="hospital"]').click()
    card(page, 5).locator(".state.pending").wait_for(timeout=5_000)
    page.close()
    assert recorded(url, stops[4]["client_id"]) == []
    context.set_offline(False)
    again = context.new_page()
    again.goto(f"{base}/t/{token}")
    card(again, 5).locator(".state.saved").wait_for(timeout=15_000)
    assert recorded(url, stops[4]["client_id"]) == [(1, "hospital")]
    context.close()


def test_wrong_revoked_and_expired_links_show_the_driver_what_to_do(server, browser):
    base, _, _, url, trip = server
    history = History(url)
    try:
        old_day = DAY - dt.timedelta(days=2)
        expired = history.trip_link(old_day, "meal", trip[0], trip[1], link_expiry(old_day))
        revoked = history.trip_link(DAY + dt.timedelta(days=1), "meal", trip[0], trip[1], link_expiry(DAY, 24 * 365))
        history.revoke_link(DAY + dt.timedelta(days=1), "meal", trip[0], trip[1])
    finally:
        history.close()
    page = browser.new_page()
    for token, words, status in (("B" * 24, "Няма такъв курс", 404), (expired, "Връзката е изтекла", 410),
                                 (revoked, "спряна от службата", 410)):  # fmt: skip
        response = page.goto(f"{base}/t/{token}")
        assert response is not None and response.status == status
        assert words in page.inner_text("h1") and "Обадете се в службата" in page.inner_text("body")
    page.close()
