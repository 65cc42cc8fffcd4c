"""No city is written into the code: the service area, the holidays and the geocoder's country come
from settings.csv, and a service elsewhere (here Helsinki, country FI) plans with the same code."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from mealplan.errors import InputError
from mealplan.io.readers.dataset import read_dataset
from mealplan.planning.demand import daily_demand
from tests.helpers import copy_data, read_rows, write_rows

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "data"
PACKAGE = Path(__file__).resolve().parents[2] / "mealplan"
# Helsinki: kitchens in Kallio and Kamppi, clients around them, one 120 km away in Tampere.
HELSINKI = {"K1": ("60.184000", "24.950000"), "K2": ("60.168000", "24.931000")}
TAMPERE = ("61.497800", "23.761000")


def move_to_helsinki(data: Path, settings: list[dict[str, str]]) -> None:
    kitchens = read_rows(data / "kitchens.csv")
    for k in kitchens:
        k["lat"], k["lon"] = HELSINKI[k["kitchen_id"]]
    write_rows(data / "kitchens.csv", kitchens)
    clients = read_rows(data / "clients.csv")
    for i, c in enumerate(clients):
        if c["lat"]:
            c["lat"], c["lon"] = f"{60.16 + 0.003 * i:.6f}", f"{24.92 + 0.004 * i:.6f}"
    clients[0]["lat"], clients[0]["lon"] = TAMPERE
    write_rows(data / "clients.csv", clients)
    write_rows(data / "settings.csv", settings)


def test_a_service_in_another_country_gets_its_area_from_the_kitchens_and_its_holidays(tmp_path):
    """country FI, no box: the area is the kitchens' box plus 30 km; Tampere is outside; Monday
    6 December 2027 (Finland's Independence Day, a working day in Bulgaria) is a day off."""
    data = copy_data(GOLDEN, tmp_path / "data")
    move_to_helsinki(
        data,
        [
            {"key": "country", "value": "FI"},
            {"key": "city", "value": "Helsinki"},
            {"key": "menu_cycle_weeks", "value": "1"},
        ],
    )
    dataset = read_dataset(data)
    lat_min, _, lat_max, lon_max = dataset.area
    assert lat_min < 60.168 - 0.25 and lat_max > 60.184 + 0.25 and lon_max < 24.95 + 1.0
    outside = [p for p in dataset.problems if p.row == 2 and p.column == "lat"]
    assert [(p.code, p.expected) for p in outside] == [("invalid", "lat_in_area")]
    assert len(dataset.clients) == len(dataset.register_rows) - 2  # Tampere and the invalid portions row
    independence_day = dt.date(2027, 12, 6)
    assert independence_day.weekday() == 0  # a Monday
    assert daily_demand(dataset, independence_day).orders == ()
    golden = read_dataset(GOLDEN)
    assert daily_demand(golden, independence_day).orders != ()  # the same day is worked in Bulgaria


def test_an_explicit_area_box_wins_over_the_radius(tmp_path):
    """area_lat_min..area_lon_max set: that box is the service area."""
    data = copy_data(GOLDEN, tmp_path / "data")
    rows = [
        *read_rows(data / "settings.csv"),
        {"key": "area_lat_min", "value": "42.5"},
        {"key": "area_lon_min", "value": "23.0"},
        {"key": "area_lat_max", "value": "42.8"},
        {"key": "area_lon_max", "value": "23.6"},
    ]
    write_rows(data / "settings.csv", rows)
    assert read_dataset(data).area == (42.5, 23.0, 42.8, 23.6)


@pytest.mark.parametrize(
    ("rows", "column"),
    [
        ([{"key": "country", "value": "XX"}], "value"),
        ([{"key": "area_lat_min", "value": "42.5"}], "key"),
    ],
)
def test_a_wrong_country_or_half_a_box_stops_the_run(tmp_path, rows, column):
    """An unknown country code, or one corner of the box without the others: exit 2, the cell named."""
    data = copy_data(GOLDEN, tmp_path / "data")
    write_rows(data / "settings.csv", read_rows(data / "settings.csv") + rows)
    with pytest.raises(InputError) as caught:
        read_dataset(data)
    assert caught.value.exit_code == 2 and [p.column for p in caught.value.problems] == [column]


def test_no_city_is_written_into_the_code():
    """No string constant outside docstrings, the sample generator and its facts names Sofia (the bundled
    sample's folder as the CLI's default --data aside)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("sample.py", "sample_facts.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                text = node.value.casefold()
                if ("sofia" in text or "софия" in text) and node.value != "data/sofia":
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value[:60]}")
    assert found == []


def test_the_helsinki_sample_plans_with_the_same_code(tmp_path):
    """data/helsinki (country FI, real OSM addresses): validate is clean, and a night serves everyone
    with no broken limit."""
    from click.testing import CliRunner

    from mealplan.cli import cli

    helsinki = PACKAGE.parent / "data" / "helsinki"
    validate = CliRunner().invoke(cli, ["validate", "--data", str(helsinki), "--date", "2026-11-25"])
    assert validate.exit_code == 0, validate.output
    result = CliRunner().invoke(
        cli,
        [
            "plan",
            "--data",
            str(helsinki),
            "--out",
            str(tmp_path),
            "--date",
            "2026-11-25",
            "--time-limit",
            "4",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    ledger = read_rows(tmp_path / "2026-11-25" / "ledger.csv")
    assert len(ledger) == 120 and {r["status"] for r in ledger} == {"routed"}
    assert read_rows(tmp_path / "2026-11-25" / "violations.csv") == []
