"""Promise 5: what is written is escaped for its format, ids cannot escape the output folder,
and a plan without an online service makes no network connection."""

import socket

import pytest
from click.testing import CliRunner

from mealplan.cli import cli
from mealplan.io.safe import safe_filename
from tests.helpers import copy_data, read_rows, run_plan, write_rows

DATE = "2026-11-25"
EVIL_NAME = "<script>alert('x')</script> Иван"


@pytest.fixture(scope="module")
def hostile_plan(small_dir, tmp_path_factory):
    """The small slice with every client named like a script, a formula in the notes and a van id of '../x'."""
    root = tmp_path_factory.mktemp("hostile")
    data = copy_data(small_dir, root / "data")
    rows = read_rows(data / "clients.csv")
    for row in rows:
        row["name"] = EVIL_NAME
        row["access_notes"] = '=HYPERLINK("http://evil")'
    write_rows(data / "clients.csv", rows)
    vans = read_rows(data / "vans.csv")
    vans[0]["van_id"] = "../escape"
    write_rows(data / "vans.csv", vans)
    result = CliRunner().invoke(
        cli,
        [
            "plan",
            "--date",
            DATE,
            "--data",
            str(data),
            "--out",
            str(root / "out"),
            "--time-limit",
            "2",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    return root


def test_client_text_is_escaped_in_route_sheets_maps_and_index(hostile_plan):
    """A client named '<script>…' renders as text everywhere HTML is written."""
    folder = hostile_plan / "out" / DATE
    pages = list((folder / "routes").glob("*.html")) + list((folder / "maps").glob("*.html")) + [folder / "index.html"]
    assert len(pages) > 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert('x')</script>" not in text, page.name
    sheet = next((folder / "routes").glob("*.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;" in sheet


def test_formula_cells_are_neutralised_in_csv_outputs(hostile_plan):
    """Notes starting with '=' reach the route CSV as text a spreadsheet will not run."""
    rows = read_rows(hostile_plan / "out" / DATE / "routes" / "all_routes.csv")
    assert rows and all(r["access_notes"].startswith("'=") for r in rows)


def test_ids_cannot_write_outside_the_output_folder(hostile_plan):
    """A van id of '../escape' becomes a safe file name inside routes/, nothing lands beside the plan."""
    assert not (hostile_plan / "out" / "escape.html").exists()
    assert not (hostile_plan / "out" / DATE / "escape.html").exists()
    assert safe_filename("../escape").startswith("escape-")
    assert "/" not in safe_filename("a/../../b") and safe_filename("V01") == "V01"


def test_a_plan_makes_no_network_connection(small_dir, tmp_path, monkeypatch):
    """With no online service named, planning and writing work with every socket refused."""

    def refuse(*args, **kwargs):
        raise AssertionError("network use attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = run_plan(small_dir, tmp_path)
    assert result.exit_code == 0, result.output


def test_formula_text_in_workbooks_is_stored_as_text_not_as_a_formula(small_dir, tmp_path):
    """A dish named '=HYPERLINK(…)' lands in the production XLSX as a text cell with a guard quote."""
    from openpyxl import load_workbook

    data = copy_data(small_dir, tmp_path / "data")
    dishes = read_rows(data / "dishes.csv")
    for dish in dishes:
        dish["name"] = '=HYPERLINK("http://evil","x")'
    write_rows(data / "dishes.csv", dishes)
    result = run_plan(data, tmp_path / "out")
    assert result.exit_code == 0, result.output
    workbook = load_workbook(next((tmp_path / "out" / DATE / "production").glob("*.xlsx")))
    cells = [c for row in workbook["Производство"].iter_rows(min_row=2) for c in row if c.value]
    dish_cells = [c for c in cells if "HYPERLINK" in str(c.value)]
    assert dish_cells and all(c.data_type == "s" and str(c.value).startswith("'=") for c in dish_cells)
