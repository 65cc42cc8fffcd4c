"""Every bad value has a message: exit 2 with the file, row, column and value, never a traceback.

Each case is one hostile edit of the small sample that used to end in "internal error", a
silent loss or a wrong plan. Configuration files (settings, calendar, kitchens, vans, diets,
dishes, menu, recipes) stop the run on any error, because they change the plan for many clients;
register rows are excluded one by one.
"""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from mealplan.cli import cli
from tests.helpers import copy_data, read_rows, run_plan, write_rows

DATE = "2026-11-25"


def set_setting(key, value):
    def edit(data):
        rows = [r for r in read_rows(data / "settings.csv") if r["key"] != key] + [{"key": key, "value": value}]
        write_rows(data / "settings.csv", rows)

    return edit


def set_cell(file, index, column, value):
    def edit(data):
        rows = read_rows(data / file)
        rows[index][column] = value
        write_rows(data / file, rows)

    return edit


def kitchen_at_origin(data):
    set_cell("kitchens.csv", 0, "lat", "0")(data)
    set_cell("kitchens.csv", 0, "lon", "0")(data)


def header_only(file):
    def edit(data):
        header = (data / file).read_text(encoding="utf-8-sig").splitlines()[0]
        (data / file).write_text(header + "\n", encoding="utf-8")

    return edit


def corrupt_xlsx(data):
    (data / "clients.csv").unlink()
    (data / "clients.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook" * 20)


def folder_named_like_the_register(data):
    (data / "clients.csv").unlink()
    (data / "clients.csv").mkdir()


def two_registers(data):
    (data / "clients.xlsx").write_bytes((data / "clients.csv").read_bytes())


# id: (edit, words the message must contain)
STOPPING = {
    "speed-zero": (set_setting("speed_kmh", "0"), ["settings.csv:", "[value]", "„0“", "над 0"]),
    "speed-negative": (set_setting("speed_kmh", "-5"), ["settings.csv:", "„-5“"]),
    "speed-nan": (set_setting("speed_kmh", "nan"), ["settings.csv:", "„nan“"]),
    "speed-inf": (set_setting("speed_kmh", "inf"), ["settings.csv:", "„inf“"]),
    "circuity-below-1": (set_setting("circuity", "0.9"), ["settings.csv:", "„0.9“", "от 1 до 5"]),
    "spare-100": (set_setting("spare_pct", "100"), ["settings.csv:", "„100“", "от 0 до 50"]),
    "grams-nan": (set_cell("recipes.csv", 0, "grams_per_portion", "nan"), ["recipes.csv:2", "[grams_per_portion]"]),
    "kitchen-lat-nan": (set_cell("kitchens.csv", 0, "lat", "nan"), ["kitchens.csv:2", "[lat]", "„nan“"]),
    "kitchen-at-0-0": (kitchen_at_origin, ["kitchens.csv:2", "[lat]", "„0“"]),
    "van-unknown-kitchen": (set_cell("vans.csv", 0, "kitchen_id", "K99"), ["vans.csv:2", "[kitchen_id]", "„K99“"]),
    "corrupt-xlsx": (corrupt_xlsx, ["clients.xlsx", ".xlsx"]),
    "folder-named-clients-csv": (folder_named_like_the_register, ["clients.csv", "папка"]),
    "two-registers": (two_registers, ["clients.csv", "clients.xlsx", "само единия"]),
    "header-only-kitchens": (header_only("kitchens.csv"), ["kitchens.csv", "кухни"]),
}


@pytest.mark.parametrize("case", sorted(STOPPING))
def test_a_bad_configuration_value_stops_plan_and_validate_with_exit_2_and_a_message(small_dir, tmp_path, case):
    """plan and validate both exit 2 with a Bulgarian sentence naming the place; no traceback, no plan."""
    edit, words = STOPPING[case]
    data = copy_data(small_dir, tmp_path / "data")
    edit(data)
    for result in (
        run_plan(data, tmp_path / "out"),
        CliRunner().invoke(cli, ["validate", "--data", str(data), "--date", DATE]),
    ):
        assert result.exit_code == 2, result.output
        assert result.output.startswith("Грешка: ")
        assert all(word in result.output for word in words), (words, result.output)
        assert "Traceback" not in result.output and "internal" not in result.output
    assert not (tmp_path / "out" / DATE).exists()


def test_control_characters_in_a_dish_name_are_removed_and_reported(small_dir, tmp_path):
    """A vertical tab (Word's line break) and \\x01 in a dish name: the night is planned, the XLSX written,
    and problems.csv names the cell."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = read_rows(data / "dishes.csv")
    rows[0]["name"] = "Хляб\x0bбял\x01"
    write_rows(data / "dishes.csv", rows)
    result = run_plan(data, tmp_path / "out")
    assert result.exit_code == 0, result.output
    problems = read_rows(tmp_path / "out" / DATE / "problems.csv")
    found = [p for p in problems if p["code"] == "control_characters"]
    assert found and found[0]["file"] == "dishes.csv" and found[0]["column"] == "name"
    assert "\\x0b" in found[0]["value"]
    assert list((tmp_path / "out" / DATE / "production").glob("*.xlsx"))


def test_ids_that_differ_only_in_case_or_spaces_are_duplicates(small_dir, tmp_path):
    """C00021 and ' c00021' are one client: the second row is invalid (two meals would go to one door)."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = read_rows(data / "clients.csv")
    rows[5]["client_id"] = " " + rows[4]["client_id"].lower()
    write_rows(data / "clients.csv", rows)
    result = run_plan(data, tmp_path / "out")
    assert result.exit_code == 0, result.output
    ledger = {int(r["row"]): r for r in read_rows(tmp_path / "out" / DATE / "ledger.csv")}
    assert ledger[7]["status"] == "invalid" and "client_id" in ledger[7]["reason"]
    assert "ред 6" in ledger[7]["reason"]


def test_ids_spelled_like_output_files_cannot_overwrite_them(small_dir, tmp_path):
    """A van named all_routes and a kitchen named overview get files of their own; the plan's files stay."""
    data = copy_data(small_dir, tmp_path / "data")
    vans = read_rows(data / "vans.csv")
    kitchens = read_rows(data / "kitchens.csv")
    old_kitchen = kitchens[0]["kitchen_id"]
    kitchens[0]["kitchen_id"] = "overview"
    for van in vans:
        if van["kitchen_id"] == old_kitchen:
            van["kitchen_id"] = "overview"
    vans[0]["van_id"] = "all_routes"
    write_rows(data / "vans.csv", vans)
    write_rows(data / "kitchens.csv", kitchens)
    result = run_plan(data, tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / DATE
    everyone = read_rows(folder / "routes" / "all_routes.csv")
    assert len({r["van_id"] for r in everyone}) > 1  # still the list of every van, not one van's sheet
    assert len(list((folder / "routes").glob("all_routes-*.csv"))) == 1
    assert "overview" in {p.stem.split("-")[0] for p in (folder / "maps").glob("overview-*.html")}
    assert (folder / "maps" / "overview.html").read_text(encoding="utf-8").count("leaflet") > 0


def test_a_fleet_without_vans_leaves_clients_unserved_for_no_vans(small_dir, tmp_path):
    """No van at all: every due client is unserved with the documented reason no_vans, not kitchen capacity."""
    data = copy_data(small_dir, tmp_path / "data")
    header_only("vans.csv")(data)
    result = run_plan(data, tmp_path / "out")
    assert result.exit_code == 0, result.output
    unserved = read_rows(tmp_path / "out" / DATE / "unserved.csv")
    assert unserved and {r["reason_code"] for r in unserved} <= {"no_vans", "no_coordinates"}
    assert "no_vans" in {r["reason_code"] for r in unserved}


def test_a_dish_cooked_today_without_recipe_lines_is_an_error(small_dir, tmp_path):
    """Today's soup has no recipe: the plan says so (problems.csv, error) instead of shrinking the store list."""
    import datetime as dt

    from mealplan.pipeline import RunConfig, check_day

    data = copy_data(small_dir, tmp_path / "data")
    check = check_day(RunConfig(data_dir=data, date=dt.date.fromisoformat(DATE)))
    assert [p for p in check.problems if p.code == "missing_recipe"] == []
    recipes = read_rows(data / "recipes.csv")
    menu_today = _dishes_on(data, DATE)
    victim = sorted(menu_today)[0]
    write_rows(data / "recipes.csv", [r for r in recipes if r["dish_id"] != victim])
    result = run_plan(data, tmp_path / "out")
    problems = read_rows(tmp_path / "out" / DATE / "problems.csv")
    missing = [p for p in problems if p["code"] == "missing_recipe"]
    assert [(p["file"], p["value"], p["severity"]) for p in missing] == [("recipes.csv", victim, "error")]
    validate = CliRunner().invoke(cli, ["validate", "--data", str(data), "--date", DATE])
    assert validate.exit_code == 2 and victim in validate.output
    assert result.exit_code == 0


def _dishes_on(data, date):
    import datetime as dt

    from mealplan.calendar import menu_week
    from mealplan.io.readers.dataset import read_dataset

    dataset = read_dataset(data)
    day = dt.date.fromisoformat(date)
    week = menu_week(day, dataset.settings.menu_cycle_weeks)
    return {d for e in dataset.menu if e.week == week and e.weekday == day.weekday() for d in e.dish_ids}


def test_a_geocoder_that_cannot_be_reached_is_a_failure_not_a_cached_not_found(small_dir, tmp_path):
    """A network failure stops with exit 2 and one sentence; the cache gets no 'not found' entry."""
    from geopy.exc import GeocoderUnavailable

    from mealplan.errors import GeocoderError
    from mealplan.io.adapters.geocoder import CACHE_FILE, fill_coordinates
    from mealplan.io.readers.dataset import read_dataset

    data = copy_data(small_dir, tmp_path / "data")
    set_cell("clients.csv", 0, "lat", "")(data)
    set_cell("clients.csv", 0, "lon", "")(data)
    dataset = read_dataset(data)

    def unreachable(query):
        raise GeocoderUnavailable("no network")

    with pytest.raises(GeocoderError) as caught:
        fill_coordinates(dataset, "nominatim", data, lookup=unreachable)
    assert caught.value.exit_code == 2 and caught.value.code == "geocoder_unreachable"
    cache = data / CACHE_FILE
    assert not cache.exists() or all(r["lat"] for r in csv.DictReader(cache.open(encoding="utf-8-sig")))
