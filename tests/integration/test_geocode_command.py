"""`mealplan geocode` and the corrections file: answers reviewed by a person, the register never touched."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from mealplan.addresses import AddressIndex, Quality
from mealplan.cli import cli
from mealplan.geo import haversine_m
from mealplan.io.readers.osm_addresses import read_addresses
from tests.helpers import read_rows, run_plan, write_rows

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
HELSINKI = ROOT / "data" / "helsinki"
EXTRACT = HELSINKI / "roads.osm.pbf"


@pytest.fixture()
def addresses_only(tmp_path):
    """data/helsinki with the register's coordinates removed, one address made up, one street only."""
    data = tmp_path / "helsinki"
    shutil.copytree(HELSINKI, data, ignore=shutil.ignore_patterns(".mealplan-cache", "roads.osm.pbf"))
    rows = read_rows(data / "clients.csv")
    for row in rows:
        row["lat"] = row["lon"] = ""
    rows[0]["address"] = "Olematonkatu 99"
    rows[1]["address"] = "Kalevankatu"
    write_rows(data / "clients.csv", rows)
    return data


def geocode(data, *extra):
    return CliRunner().invoke(cli, ["geocode", "--data", str(data), "--roads", str(EXTRACT), "--lang", "en", *extra])


def test_geocode_writes_a_review_of_every_answer_and_leaves_the_register_alone(addresses_only):
    register = (addresses_only / "clients.csv").read_bytes()
    result = geocode(addresses_only)
    assert result.exit_code == 0, result.output
    assert "1 street only, 1 not found" in result.output
    review = read_rows(addresses_only / "geocode_review.csv")
    assert len(review) == 120
    quality = {r["client_id"]: r["quality"] for r in review}
    assert quality["H0001"] == "not_found" and quality["H0002"] == "street"
    assert sum(q == "exact" for q in quality.values()) >= 110
    assert (addresses_only / "clients.csv").read_bytes() == register


def test_corrections_get_a_row_for_each_answer_a_person_must_confirm_and_keep_what_they_wrote(addresses_only):
    """Only street-level and not-found answers are added, with empty coordinates; rerunning adds nothing twice."""
    geocode(addresses_only)
    path = addresses_only / "geocode_corrections.csv"
    rows = read_rows(path)
    assert [r["client_id"] for r in rows] == ["H0001", "H0002"]
    assert all(r["lat"] == "" and r["lon"] == "" for r in rows)
    assert "kalevankatu" in rows[1]["note"]
    rows[0].update(lat="60.1665", lon="24.9400", checked_by="Мария")  # the coordinator's own column
    write_rows(path, rows)
    geocode(addresses_only)
    again = read_rows(path)
    assert len(again) == 2
    assert again[0]["lat"] == "60.1665" and again[0]["checked_by"] == "Мария"


def test_a_filled_correction_puts_the_client_on_the_plan(addresses_only, tmp_path):
    """Coordinates confirmed in geocode_corrections.csv are used while the register keeps that address."""
    rows = read_rows(addresses_only / "clients.csv")
    rows[2]["lat"], rows[2]["lon"] = "60.1662", "24.9510"  # one client already located
    write_rows(addresses_only / "clients.csv", rows)
    write_rows(
        addresses_only / "geocode_corrections.csv",
        [
            {"client_id": "H0003", "address": rows[2]["address"], "lat": "60.1670", "lon": "24.9450", "note": ""},
            {"client_id": "H0004", "address": "Vanha osoite 1", "lat": "60.1670", "lon": "24.9450", "note": ""},
        ],
    )
    result = run_plan(addresses_only, tmp_path / "out", "2026-11-25", "--lang", "en")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "2026-11-25"
    stops = {r["client_id"]: r for r in read_rows(folder / "routes" / "all_routes.csv")}
    assert stops["H0003"]["lat"].startswith("60.167")
    problems = read_rows(folder / "problems.csv")
    stale = [p for p in problems if p["file"] == "geocode_corrections.csv" and p["row"] == "3"]
    assert stale and "old address" in stale[0]["message"]
    ledger = {r["client_id"]: r for r in read_rows(folder / "ledger.csv")}
    assert ledger["H0004"]["reason_code"] == "no_coordinates"


def test_geocode_without_a_map_exits_2_and_says_how_to_give_one(addresses_only):
    result = CliRunner().invoke(cli, ["geocode", "--data", str(addresses_only), "--lang", "en"])
    assert result.exit_code == 2
    assert "--roads" in result.output and "settings.csv" in result.output


def test_leave_one_out_on_real_helsinki_addresses_finds_nine_in_ten_within_tens_of_metres():
    """Each real address held back from the index is still placed, by its street's other numbers."""
    data = read_addresses(EXTRACT)
    index = AddressIndex.build(data)
    errors, found = [], 0
    asked = [i for i, a in enumerate(data.addresses) if a.street]
    for i in asked:
        a = data.addresses[i]
        match = index.match(f"{a.street} {a.housenumber}", exclude=i)
        if match.quality != Quality.NOT_FOUND:
            found += 1
            errors.append(float(haversine_m(match.lat, match.lon, a.lat, a.lon)))
    assert found / len(asked) > 0.9
    assert np.median(errors) < 30


def test_the_registers_town_column_keeps_answers_in_that_town(addresses_only):
    """A register column "населено място" (town): Helsinki's addresses are found in Helsinki; the
    same address said to be in Espoo is not taken from Helsinki's map (not found, named)."""
    rows = read_rows(addresses_only / "clients.csv")
    for row in rows:
        row["населено място"] = "Helsinki"
    rows[2]["населено място"] = "Espoo"
    write_rows(addresses_only / "clients.csv", rows)
    result = geocode(addresses_only)
    assert result.exit_code == 0, result.output
    quality = {r["client_id"]: r["quality"] for r in read_rows(addresses_only / "geocode_review.csv")}
    assert quality[rows[2]["client_id"]] == "not_found"
    assert sum(q == "exact" for q in quality.values()) >= 109
