import pytest

from mealplan.errors import InputError
from mealplan.io.tabular import canonical_header, neutralise_formula, read_table, write_csv


def test_windows_1251_semicolon_and_decimal_comma_read_like_utf8(tmp_path):
    """The same cells come out of a UTF-8 comma file and a Windows-1251 semicolon file."""
    utf8 = tmp_path / "a.csv"
    utf8.write_text("client_id,name,lat\nC1,Иван Петров,42.7\n", encoding="utf-8")
    cp = tmp_path / "b.csv"
    cp.write_bytes("client_id;name;lat\nC1;Иван Петров;42,7\n".encode("cp1251"))
    a, b = read_table(utf8), read_table(cp)
    assert b.encoding == "cp1251" and b.delimiter == ";"
    assert a.rows[0]["name"] == b.rows[0]["name"] == "Иван Петров"
    assert float(b.rows[0]["lat"].replace(",", ".")) == float(a.rows[0]["lat"])


def test_bulgarian_headers_map_to_canonical_columns():
    """Headers as an office writes them map onto the English column names."""
    assert canonical_header("Диета") == "diet"
    assert canonical_header(" Ет. ") == "floor"
    assert canonical_header("\ufeffclient_id") == "client_id"


def test_row_numbers_are_spreadsheet_rows_and_skip_blank_lines(tmp_path):
    """Row numbers count the header as row 1, so they match what Excel shows."""
    path = tmp_path / "c.csv"
    path.write_text("client_id,name\nC1,А\n\nC2,Б\n", encoding="utf-8")
    table = read_table(path)
    assert table.row_numbers == (2, 4)


def test_empty_file_is_an_input_error_naming_the_file(tmp_path):
    """An empty file stops with a message naming it, not a traceback."""
    path = tmp_path / "clients.csv"
    path.write_text("")
    with pytest.raises(InputError, match=r"clients\.csv"):
        read_table(path)


def test_formula_cells_are_neutralised_and_csv_has_bom(tmp_path):
    """Cells a spreadsheet would execute get a leading quote; the file starts with a UTF-8 BOM."""
    assert neutralise_formula("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise_formula("Иван") == "Иван"
    path = tmp_path / "out.csv"
    write_csv(path, ["a"], [["+359"]])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "'+359" in raw.decode("utf-8-sig")
