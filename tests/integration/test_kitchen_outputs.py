"""The kitchen chief's outputs read as the chief reads them: totals per dish, the store, boxes with times."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.helpers import read_rows, run_plan

DATE = "2026-11-25"


@pytest.fixture(scope="module")
def night(small_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run_plan(small_dir, out, DATE, time_limit="2")
    assert result.exit_code == 0, result.output
    return out / DATE


def test_each_dish_has_its_total_over_all_diets(night):
    rows = read_rows(night / "production" / "K1_production.csv")
    by_dish: dict[str, int] = {}
    for row in rows:
        by_dish[row["dish"]] = by_dish.get(row["dish"], 0) + int(row["to_cook"])
    workbook = load_workbook(night / "production" / "K1.xlsx")
    totals = workbook["Общо по ястие"]
    written = {r[1].value: r[2].value for r in totals.iter_rows(min_row=3)}
    assert written == by_dish
    page = (night / "production" / "K1.html").read_text(encoding="utf-8")
    assert "Общо по ястие (всички диети)" in page


def test_the_workbook_says_whose_and_when_and_sums_up(night):
    """Every sheet starts with the kitchen and the date; headers are in Bulgarian; totals are bold."""
    workbook = load_workbook(night / "production" / "K1.xlsx")
    for sheet in workbook.worksheets:
        assert DATE in sheet["A1"].value and "Кухня" in sheet["A1"].value
        assert all(c.value is None or not str(c.value).isascii() or c.value == "кг" for c in sheet[2])
    production = workbook["Производство"]
    last = [c.value for c in production[production.max_row]]
    body = list(production.iter_rows(min_row=3, max_row=production.max_row - 1, values_only=True))
    assert last[2] == "Общо" and last[6] == sum(r[6] for r in body)
    assert production[production.max_row][2].font.bold


def test_ingredients_are_in_kg_to_two_decimals_everywhere(night):
    rows = read_rows(night / "production" / "K1_ingredients.csv")
    assert rows and all(len(r["kg"].split(".")[1]) == 2 for r in rows)
    sheet = load_workbook(night / "production" / "K1.xlsx")["Продукти"]
    for (_, kg), row in zip(sheet.iter_rows(min_row=3, max_row=sheet.max_row - 1, values_only=True), rows, strict=True):
        assert f"{kg:.2f}" == row["kg"]


def test_boxes_say_by_when_each_trip_must_be_ready(night):
    """Ready by = the trip's departure on the route sheets."""
    boxes = read_rows(night / "production" / "K1_boxes.csv")
    routes = read_rows(night / "routes" / "all_routes.csv")
    first_arrival = {}
    for r in routes:
        first_arrival.setdefault((r["van_id"], r["trip"]), r["arrival"])
    for box in boxes:
        assert box["ready_by"] and box["ready_by"] <= first_arrival[(box["van_id"], box["trip"])]


def test_the_pdf_production_page_has_totals_ingredients_and_boxes(night):
    text = "".join(PdfReader(night / "pdf" / "K1.pdf").pages[i].extract_text() for i in range(2))
    for heading in ("Общо по ястие", "Продукти от склада", "Кутии по бусове", "Готови до"):
        assert heading in text


def test_course_names_are_in_words_in_the_csv_too(night):
    rows = read_rows(night / "production" / "K1_production.csv")
    assert {r["course_name"] for r in rows} <= {"Супа", "Основно", "Десерт", "Хляб", "Салата"}
    assert {r["course"] for r in rows} <= {"soup", "main", "dessert", "bread", "salad"}


def test_people_get_one_workbook_with_every_table_of_the_night(night):
    """Excel with Bulgarian regional settings opens a comma CSV in one column; the workbook it reads right."""
    workbook = load_workbook(night / "plan.xlsx")
    assert [s.title for s in workbook.worksheets] == ["Отчет", "Необслужени", "Входни проблеми", "Промени", "Маршрути"]
    ledger = workbook["Отчет"]
    assert ledger.max_row - 2 == len(read_rows(night / "ledger.csv"))
    assert [c.value for c in ledger[2]][:4] == ["Ред", "Клиент", "Име", "Състояние"]
    routes = workbook["Маршрути"]
    assert routes.max_row - 2 == len(read_rows(night / "routes" / "all_routes.csv"))
