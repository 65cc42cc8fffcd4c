"""PDF layout: cells wrap inside their column without losing a character, rows never split across pages."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mealplan.io.writers.pdf import SheetPDF, _grid, _wrap


def sheet() -> SheetPDF:
    pdf = SheetPDF("test", "2026-11-25", "bg")
    pdf.add_page()
    pdf.set_font("DejaVu", "", 8)
    return pdf


words = st.text(alphabet="абвгдежзийклмнопрстуфхцчшщъьюяАБВWMi.,-1234567890", min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=0, max_size=30), st.floats(min_value=8, max_value=80))
def test_wrapped_lines_fit_their_width_and_keep_every_character(text_words, width_mm):
    """Each line fits the column (a single character may not be cut further); joined back, the text is whole."""
    pdf = sheet()
    text = " ".join(text_words)
    lines = _wrap(pdf, text, width_mm)
    assert all(pdf.get_string_width(line) <= width_mm or len(line) == 1 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_short_cell_stays_on_one_line():
    pdf = sheet()
    assert _wrap(pdf, "ж.к. Лагера, бл. 105", 60) == ["ж.к. Лагера, бл. 105"]


def test_a_table_longer_than_a_page_repeats_its_header_and_keeps_rows_whole():
    """120 rows at 4.5 mm: several pages, each starting with the header; every row's text is on one page."""
    import io

    from pypdf import PdfReader

    pdf = sheet()
    rows = [
        [str(i), f"Клиент-{i:03d}", "ж.к. Хиподрума, бл. 267, вх. В, ет. 2, ап. 11 " * (1 + i % 3) + f"край-{i:03d}"]
        for i in range(120)
    ]
    _grid(pdf, (10, 40, 60), "RLL", ["№", "Име", "Адрес"], rows, line_height=4.5, font_size=8)
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 2
    assert all(text.lstrip().startswith("№ Име Адрес") for text in pages)
    for i in range(120):
        holding = [n for n, text in enumerate(pages) if f"Клиент-{i:03d}" in text]
        assert len(holding) == 1 and f"край-{i:03d}" in pages[holding[0]]


def test_a_loading_list_that_does_not_fit_under_its_table_moves_whole_to_a_page_naming_van_and_trip():
    """Issue 20's stray page: the list used to spill one line onto a page with no van or trip on it."""
    import io

    from pypdf import PdfReader

    from mealplan.io.writers.pdf import _loading_list

    for filled_mm in range(230, 285, 3):  # the table ends anywhere near the bottom of the page
        pdf = sheet()
        pdf.set_y(filled_mm)
        items = ",  ".join(f"{i}. диабетна × 1" for i in range(40, 0, -1))
        _loading_list(pdf, "Товарене: последният адрес най-отдолу", items, running="Бус V07, курс 2 – продължение")
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(bytes(pdf.output()))).pages]
        assert "Товарене" in pages[-1] and "1. диабетна" in pages[-1] and "40. диабетна" in pages[-1]
        if len(pages) > 1:
            assert pages[-1].lstrip().startswith("Бус V07, курс 2 – продължение")
