"""The driver's sheet read as a driver reads it: windows, stairs, contacts, links, trips 1, 2, ..."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from tests.helpers import copy_data, read_rows, run_plan, write_rows

DATE = "2026-11-25"


@pytest.fixture(scope="module")
def sheet_run(small_dir, tmp_path_factory):
    """The small slice with an emergency contact, a ground floor and a 6th floor without a lift on routed clients."""
    data = copy_data(small_dir, tmp_path_factory.mktemp("data") / "d")
    rows = read_rows(data / "clients.csv")
    for row in rows:
        row["emergency_contact"] = ""
        row["emergency_phone"] = ""
    active = [r for r in rows if r["status"] == "active" and r["lat"] and "ср" in r["delivery_days"]]
    active[0].update(emergency_contact="Мария (дъщеря)", emergency_phone="0888 123 456")
    active[1].update(floor="0")
    active[2].update(floor="6", has_lift="не")
    write_rows(data / "clients.csv", rows)
    out = tmp_path_factory.mktemp("out")
    result = run_plan(data, out, DATE, time_limit="2")
    assert result.exit_code == 0, result.output
    return out / DATE, {k: active[i]["client_id"] for i, k in enumerate(("contact", "ground", "stairs"))}


def sheet_of(folder, client_id):
    row = next(r for r in read_rows(folder / "routes" / "all_routes.csv") if r["client_id"] == client_id)
    return (folder / "routes" / f"{row['van_id']}.html").read_text(encoding="utf-8"), row


def test_every_stop_shows_the_clients_time_window(sheet_run):
    folder, _ = sheet_run
    html = (folder / "routes" / "V01.html").read_text(encoding="utf-8")
    assert "Прозорец" in html
    assert re.search(r'<td class="num">\d\d:\d\d–\d\d:\d\d</td>', html)


def test_ground_floor_is_in_words_and_high_floors_without_a_lift_are_marked(sheet_run):
    folder, who = sheet_run
    html, _ = sheet_of(folder, who["ground"])
    assert "партер" in html and "ет.\u00a00" not in html and "ет. 0" not in html
    html, _ = sheet_of(folder, who["stairs"])
    assert 'class="stairs">ет. 6 без асансьор' in html


def test_labels_stay_with_their_numbers(sheet_run):
    """ "ап." and "ет." never end a line: a no-break space binds each to its number."""
    folder, _ = sheet_run
    html = (folder / "routes" / "V01.html").read_text(encoding="utf-8")
    assert "ап.\u00a0" in html and "ап. " not in html.split("<tbody>")[1]


def test_phones_are_tappable_and_each_stop_opens_in_the_phones_map(sheet_run):
    folder, who = sheet_run
    html, row = sheet_of(folder, who["contact"])
    assert re.search(r'<a class="tel" href="tel:\d+">', html)
    assert f'href="geo:{float(row["lat"]):.6f},' in html
    # No name, phone or address in any link that leaves the machine.
    for url in re.findall(r'href="(https?://[^"]+)"', html):
        assert not re.search(r"[А-Яа-я]", url) and "tel" not in url


def test_the_emergency_contact_is_printed_on_the_sheet_and_the_pdf(sheet_run):
    folder, who = sheet_run
    html, _ = sheet_of(folder, who["contact"])
    assert "При нужда: Мария (дъщеря)" in html and 'href="tel:0888123456"' in html
    text = " ".join(page.extract_text() for p in (folder / "pdf").glob("*.pdf") for page in PdfReader(p).pages)
    # The notes cell wraps, and text comes out row by row across cells: look for its pieces.
    assert "При нужда: Мария" in text and "0888 123 456" in text


def test_a_vans_trips_are_numbered_1_2_in_the_order_it_drives_them(sheet_run):
    folder, _ = sheet_run
    trips: dict[str, dict[int, str]] = {}
    for row in read_rows(folder / "routes" / "all_routes.csv"):
        trips.setdefault(row["van_id"], {})[int(row["trip"])] = row["arrival"]
    for van, by_trip in trips.items():
        assert sorted(by_trip) == list(range(1, len(by_trip) + 1)), van


def test_the_total_is_printed_once_and_every_printed_page_says_whose_it_is(sheet_run):
    folder, _ = sheet_run
    html = (folder / "routes" / "V01.html").read_text(encoding="utf-8")
    assert "<tfoot" not in html and 'class="total"' in html
    assert "Бус V01, курс 1 · 2026-11-25" in html and "counter(pages)" in html


def test_pdf_continuation_pages_name_the_van_and_trip(small_dir, tmp_path):
    """A trip longer than a page continues under "Бус X, курс N – продължение"."""
    out = tmp_path / "out"
    assert run_plan(small_dir, out, DATE, time_limit="2").exit_code == 0
    reader = PdfReader(out / DATE / "pdf" / "K1.pdf")
    pages = [p.extract_text() for p in reader.pages]
    continued = [t for t in pages if "продължение" in t]
    longest = max(len(t.splitlines()) for t in pages)
    assert continued or longest < 60  # the slice's trips may all fit on one page
    for text in continued:
        assert re.search(r"Бус \S+, курс \d+ – продължение", text)


def test_qr_codes_wrap_into_rows_inside_the_page(monkeypatch):
    """Eight legs (an 80-stop trip) stay inside the right margin."""
    from mealplan.io.writers import pdf as pdf_module

    placed = []
    sheet = pdf_module.SheetPDF("K", "2026-11-25", "bg")
    sheet.add_page()
    monkeypatch.setattr(sheet, "image", lambda data, x, y, w, h: placed.append((x, y, w)))
    legs = [{"url": f"https://example.org/{i}", "first": i * 10 + 1, "last": i * 10 + 10} for i in range(8)]
    pdf_module._qr_row(sheet, legs, lambda key, **kw: key)
    assert len(placed) == 8
    assert all(x + w <= sheet.w - sheet.r_margin + 0.01 for x, _, w in placed)
