"""A re-plan of a date that has a published plan starts from that plan: what drivers and clients
were told stays as it was for everyone the change does not touch, and the change report compares
with that plan. The first night of a history compares with nothing and marks nobody as new."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mealplan.cli import cli
from mealplan.io.writers.sample_data import write_sample
from mealplan.routing.engines import ENGINES
from mealplan.sample import generate_sofia
from tests.helpers import copy_data, read_rows, write_rows

DAY = "2026-11-25"


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """A 400-client Sofia: two or three vans a kitchen, so one van out is not a kitchen out."""
    folder = tmp_path_factory.mktemp("city")
    write_sample(generate_sofia(seed=11, n_clients=400), folder)
    return folder


def plan(data, out, db, engine="pyvrp"):
    return CliRunner().invoke(
        cli,
        ["plan", "--date", DAY, "--data", str(data), "--out", str(out), "--time-limit", "60", "--workers", "1",
         "--db", db, "--lang", "en", "--engine", engine, "--seed", "3", "--solution-limit", "40"],
    )  # fmt: skip


def placed(out) -> dict[str, tuple[str, str]]:
    """Each routed client's (van, trip) in the night's folder."""
    return {r["client_id"]: (r["van_id"], r["trip"]) for r in read_rows(out / DAY / "routes" / "all_routes.csv")}


def new_client(data, routed):
    """A client phones in: a routed client's row copied under a new id."""
    rows = read_rows(data / "clients.csv")
    donor = next(r for r in rows if r["client_id"] in routed)
    rows.append(donor | {"client_id": "C-PHONED", "lat": f"{float(donor['lat']) + 0.003:.6f}"})
    write_rows(data / "clients.csv", rows)
    return {"C-PHONED"}


def van_out(data, routed):
    """The busiest van of the biggest kitchen is out of service: its clients are the ones touched."""
    rows = read_rows(data / "vans.csv")
    kitchens = [r["kitchen_id"] for r in rows]
    biggest = max(sorted(set(kitchens)), key=kitchens.count)
    vans = [v for v, _ in routed.values() if v in {r["van_id"] for r in rows if r["kitchen_id"] == biggest}]
    out = max(sorted(set(vans)), key=vans.count)
    write_rows(data / "vans.csv", [r for r in rows if r["van_id"] != out])
    return {c for c, (v, _) in routed.items() if v == out}


def twenty_edits(data, routed):
    """Twenty routed clients' rows corrected: their portions."""
    rows = read_rows(data / "clients.csv")
    edited = [r for r in rows if r["client_id"] in routed][:20]
    for row in edited:
        row["portions"] = str(int(row["portions"]) % 2 + 1)
    write_rows(data / "clients.csv", rows)
    return {r["client_id"] for r in edited}


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("change", [new_client, van_out, twenty_edits], ids=["one client", "van out", "20 edits"])
def test_a_replan_keeps_unaffected_clients_on_the_van_and_trip_of_the_published_plan(city, tmp_path, engine, change):
    db_url = f"sqlite:///{tmp_path / 'history.sqlite'}"  # the history's queries on both databases: test_history.py
    data = copy_data(city, tmp_path / "data")
    first = plan(data, tmp_path / "out", db_url, engine)
    assert first.exit_code == 0, first.output
    published = placed(tmp_path / "out")
    touched = change(data, published)
    again = plan(data, tmp_path / "out", db_url, engine)
    assert again.exit_code == 0, again.output
    assert "Changes since run 1 of the same date, published" in again.output
    replanned = placed(tmp_path / "out")
    unaffected = [c for c in published if c in replanned and c not in touched]
    assert len(unaffected) >= 250
    kept = sum(published[c] == replanned[c] for c in unaffected)
    assert kept >= 0.95 * len(unaffected), (kept, len(unaffected))
    changes = read_rows(tmp_path / "out" / DAY / "changes.csv")
    # "New" only for clients the published plan did not route (the caller, or one unserved then).
    assert not {r["client_id"] for r in changes if r["kind"] == "new_client"} & set(published)
    index = (tmp_path / "out" / DAY / "index.html").read_text(encoding="utf-8")
    assert "Compared with run 1 of the same date, published" in index


def test_the_first_night_of_a_history_marks_nobody_as_new_and_says_why_once(small_dir, tmp_path, db_url):
    result = plan(small_dir, tmp_path / "out", db_url)
    assert result.exit_code == 0, result.output
    assert "nobody is marked as new" in result.output
    folder = tmp_path / "out" / DAY
    assert read_rows(folder / "changes.csv") == []
    assert not any("NEW CLIENT" in sheet.read_text(encoding="utf-8") for sheet in (folder / "routes").glob("*.html"))
    assert (folder / "index.html").read_text(encoding="utf-8").count("nobody is marked as new") == 1
