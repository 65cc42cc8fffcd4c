"""Reading the spreadsheets offices actually produce, and writing tables they can open.

Input: CSV in UTF-8 (with or without BOM) or Windows-1251, separated by ``,`` ``;`` or tab,
or an XLSX workbook (first sheet). Every cell is read as text; the readers decide what a
value means, so a decimal comma or a leading zero in a phone number is never mangled.
Headers may be the canonical English names or their Bulgarian aliases.

Output: CSV in UTF-8 with BOM (Excel then shows Cyrillic), cells that a spreadsheet would
run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mealplan.errors import InputError

# Bulgarian (and a few loose English) header spellings -> canonical column name.
HEADER_ALIASES: dict[str, str] = {
    "номер": "client_id",
    "клиент": "client_id",
    "id": "client_id",
    "идентификатор": "client_id",
    "№": "client_id",
    "име": "name",
    "имена": "name",
    "трите имена": "name",
    "наименование": "name",
    "служба": "office_id",
    "офис": "office_id",
    "район": "district",
    "адрес": "address",
    "населено място": "town",
    "град": "town",
    "село": "town",
    "city": "town",
    "locality": "town",
    "пощенски код": "postcode",
    "пк": "postcode",
    "п.к.": "postcode",
    "postal_code": "postcode",
    "zip": "postcode",
    "улица": "address",
    "блок": "block",
    "бл.": "block",
    "бл": "block",
    "вход": "entrance",
    "вх.": "entrance",
    "вх": "entrance",
    "етаж": "floor",
    "ет.": "floor",
    "ет": "floor",
    "апартамент": "apartment",
    "ап.": "apartment",
    "ап": "apartment",
    "асансьор": "has_lift",
    "ширина": "lat",
    "latitude": "lat",
    "географска ширина": "lat",
    "дължина": "lon",
    "longitude": "lon",
    "lng": "lon",
    "географска дължина": "lon",
    "телефон": "phone",
    "тел.": "phone",
    "лице за контакт": "emergency_contact",
    "при спешност": "emergency_contact",
    "телефон за контакт": "emergency_phone",
    "телефон при спешност": "emergency_phone",
    "тел": "phone",
    "диета": "diet",
    "порции": "portions",
    "брой порции": "portions",
    "дни": "delivery_days",
    "дни за доставка": "delivery_days",
    "от час": "window_start",
    "начало на прозореца": "window_start",
    "до час": "window_end",
    "край на прозореца": "window_end",
    "бележки": "access_notes",
    "бележка": "access_notes",
    "достъп": "access_notes",
    "начална дата": "start_date",
    "от дата": "start_date",
    "крайна дата": "end_date",
    "до дата": "end_date",
    "статус": "status",
    "състояние": "status",
    "кухня": "kitchen_id",
    "код на кухня": "kitchen_id",
    "капацитет": "capacity_portions",
    "капацитет порции": "capacity_portions",
    "диети": "diets",
    "готово в": "ready_time",
    "час на готовност": "ready_time",
    "презареждане мин": "reload_min",
    "порции в кутия": "portions_per_box",
    "бус": "van_id",
    "превозно средство": "van_id",
    "код на бус": "van_id",
    "смяна от": "shift_start",
    "смяна до": "shift_end",
    "макс. минути в път": "max_hold_min",
    "минути в път": "max_hold_min",
    "курсове": "trips",
    "рег. номер": "plate",
    "регистрационен номер": "plate",
    "шофьор": "driver",
    "причина": "reason",
}

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Office exports put whole letters into a notes cell; the csv module's default limit (128 KiB)
# would stop the whole file on one such cell. Readers report long cells instead.
csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class Table:
    """Rows of one input file as text, keyed by canonical column names."""

    file: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    row_numbers: tuple[int, ...]  # spreadsheet row of each data row (header = 1)
    delimiter: str = ","
    encoding: str = "utf-8"
    # Rows read line by line because a quote opened in them never closed: row -> column.
    quote_repairs: dict[int, str] = field(default_factory=dict)


def canonical_header(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """The column a header names: ``aliases`` (a file's own words) first, then the shared ones."""
    key = " ".join(str(name).replace("\ufeff", "").strip().lower().split())
    if aliases and key in aliases:
        return aliases[key]
    return HEADER_ALIASES.get(key, key.replace(" ", "_"))


REPLACEMENT = "\ufffd"


def _decode(raw: bytes, file: str) -> tuple[str, str]:
    """Text and the encoding it was read with.

    A UTF-8 file with a few damaged bytes stays UTF-8: the damaged characters become U+FFFD
    and the readers report the cells that hold them, instead of the whole file turning into
    Windows-1251 mojibake.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        return raw.decode("utf-16").replace("\x00", REPLACEMENT), "utf-16"
    if raw.count(0) > max(1, len(raw) // 100):
        raise InputError("not_text", file=file)
    # A stray NUL is damage in one cell, reported there like any other damaged byte.
    raw = raw.replace(b"\x00", REPLACEMENT.encode("utf-8"))
    bom = raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:] if bom else raw
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = body.decode("utf-8", errors="replace")
    damaged = lenient.count(REPLACEMENT)
    cyrillic = sum(1 for ch in lenient if "\u0400" <= ch <= "\u04ff")
    if bom or cyrillic > damaged:
        return lenient, "utf-8 (damaged bytes)"
    # Windows-1251 decodes almost any byte; accept it only when it yields mostly Cyrillic or
    # ASCII text, otherwise the file is something else and the user must be told.
    text = raw.decode("cp1251", errors="replace")
    odd = sum(
        1
        for ch in text
        if ch == "\ufffd"
        or (ord(ch) < 32 and ch not in "\t\r\n")
        or (ord(ch) > 127 and not ("\u0400" <= ch <= "\u04ff") and ch not in "„“”–—№«»€§°")
    )
    if odd > max(3, len(text) // 200):
        raise InputError("unknown_encoding", file=file)
    return text, "cp1251"


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


def read_table(path: Path, aliases: Mapping[str, str] | None = None) -> Table:
    """Read a CSV or XLSX file into text rows with canonical headers.

    ``aliases`` are header words of this kind of file that mean something else elsewhere ("дни"
    is a register's delivery days, a care plan's visit days). Raises ``InputError`` for a
    missing, empty or undecodable file.
    """
    file = path.name
    if not path.exists():
        raise InputError("file_not_found", file=str(path))
    if path.is_dir():
        raise InputError("not_a_file", file=str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, aliases)
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError("empty_file", file=file)
    text, encoding = _decode(raw, file)
    delimiter = _sniff_delimiter(text)
    records, repaired = _parse_records(text, delimiter, file)
    table = _to_table(file, records, delimiter, encoding, repaired, aliases)
    return table


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def _physical_lines(text: str) -> list[str]:
    """Lines as a spreadsheet wrote them: only CR, LF and CRLF end a line (not VT, FF or U+2028)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def _parse_records(text: str, delimiter: str, file: str) -> tuple[list[list[str]], set[int]]:
    """CSV records, with runaway quotes undone: (records, indices of records repaired).

    One cell that opens a quote and never closes it (``"Звънец 2 пъти``) makes the csv module
    read every following line into that cell, and the register silently shrinks. A record is a
    runaway when its raw text holds an odd number of quotes and a cell swallowed a separator or a
    line break (the quote ran to the end of the file), or when a cell holds a line with as many
    separators as a whole row (two stray quotes swallowed the rows between them). A quoted cell
    with a line break of its own (Alt+Enter in Excel) is neither. A runaway's lines are read one
    by one,
    each a row, the stray quote kept as text, and the row is reported.
    """
    lines = _physical_lines(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    spans: list[tuple[int, int]] = []
    previous = 0
    try:
        for record in reader:
            records.append(record)
            spans.append((previous, reader.line_num))
            previous = reader.line_num
    except csv.Error as error:
        raise InputError("bad_csv", file=file, row=reader.line_num, detail=str(error)) from error
    header_cells = len(records[0]) if records else 0
    out: list[list[str]] = []
    repaired: set[int] = set()
    whole_row = max(1, header_cells - 1)
    for record, (first, last) in zip(records, spans, strict=True):
        raw = lines[first:last]
        odd = "".join(raw).count('"') % 2 == 1
        runaway = (odd and any(delimiter in cell or "\n" in cell or "\r" in cell for cell in record)) or any(
            ("\n" in cell or "\r" in cell) and any(line.count(delimiter) >= whole_row for line in _physical_lines(cell))
            for cell in record
        )
        if not runaway:
            out.append(record)
            continue
        for line in raw:
            if line.count('"') % 2 == 1:
                repaired.add(len(out))
                out.append(_split_literal(line, delimiter))
            else:
                out.extend(csv.reader([line], delimiter=delimiter))
    return out, repaired


def _split_literal(line: str, delimiter: str) -> list[str]:
    """Cells of a line whose quotes do not pair up: split at every separator, quotes kept as text
    except around a whole cell."""
    cells = next(csv.reader([line], delimiter=delimiter, quoting=csv.QUOTE_NONE))
    return [c[1:-1].replace('""', '"') if len(c) > 1 and c.startswith('"') and c.endswith('"') else c for c in cells]


def _read_xlsx(path: Path, aliases: Mapping[str, str] | None = None) -> Table:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    # A corrupt or renamed file fails in many ways inside openpyxl and zipfile; each means the
    # same to the user: this is not a workbook Excel saved.
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise InputError("empty_file", file=path.name)
            records = [
                ["" if v is None else _xlsx_text(v) for v in values]
                for values in workbook.worksheets[0].iter_rows(values_only=True)
            ]
        finally:
            workbook.close()
    except InputError:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError, zipfile.BadZipFile, InvalidFileException) as error:
        raise InputError("bad_xlsx", file=path.name, detail=type(error).__name__) from error
    return _to_table(path.name, records, "xlsx", "xlsx", aliases=aliases)


def _xlsx_text(value: object) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _to_table(
    file: str,
    records: list[list[str]],
    delimiter: str,
    encoding: str,
    repaired: set[int] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> Table:
    # Blank lines (Excel adds them at the end) are not rows.
    numbered = [(i + 1, r) for i, r in enumerate(records) if any(str(c).strip() for c in r)]
    if not numbered:
        raise InputError("empty_file", file=file)
    _, header = numbered[0]
    columns = tuple(canonical_header(h, aliases) for h in header)
    rows = []
    numbers = []
    quote_repairs: dict[int, str] = {}
    for number, record in numbered[1:]:
        cells = [str(c).strip() for c in record]
        row = {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(columns) if col}
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            row["__extra__"] = delimiter.join(cells[len(columns) :])
        if repaired and number - 1 in repaired:
            quote_repairs[number] = next((col for col, value in row.items() if value.count('"') % 2 == 1), "")
        rows.append(row)
        numbers.append(number)
    return Table(file, columns, tuple(rows), tuple(numbers), delimiter, encoding, quote_repairs)


# Control characters a cell of an .xlsx file cannot hold (XML 1.0 forbids them; openpyxl refuses).
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def spreadsheet_cell(value: object) -> object:
    """A value as an .xlsx cell shows it: text made inert (no formula) and stripped of control
    characters a workbook cannot hold (shown as U+FFFD); numbers as they are."""
    if not isinstance(value, str):
        return value
    return _NOT_IN_XLSX.sub("\ufffd", neutralise_formula(value))


def neutralise_formula(value: object) -> str:
    """Text that a spreadsheet shows as text, never runs (OWASP CSV injection guidance)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a UTF-8-with-BOM CSV that Excel opens with Cyrillic intact."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([neutralise_formula(c) for c in columns])
        for row in rows:
            writer.writerow([neutralise_formula(v) for v in row])


# (columns, rows, a totals row or None) per sheet name
Sheets = dict[str, tuple[Sequence[str], Sequence[Sequence[object]], Sequence[object] | None]]
MAX_COLUMN_WIDTH = 60


def write_workbook(path: Path, day: dt.date, sheets: Sheets, title: str = "") -> None:
    """A workbook for people: per sheet a title row (whose and when), a bold header, the rows, a
    bold totals row when given; printable A4 landscape with the header repeated on every page.

    XlsxWriter streams each row to disk as it is written (``constant_memory``): a city's
    workbook of half a million cells took 23 s with openpyxl's in-memory sheets and 3x less so.
    Text is stored as text, never as a formula, a number or a link; the file is stamped with the
    plan's date, not the clock, so reproducible runs give identical workbooks.
    """
    import xlsxwriter

    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    stamp = dt.datetime.combine(day, dt.time())
    with xlsxwriter.Workbook(str(path), options) as workbook:
        workbook.set_properties({"created": stamp})
        box = {"border": 1, "border_color": "#888888"}
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 13}),
            "header": workbook.add_format(box | {"bold": True, "bg_color": "#E8E8E8"}),
            "cell": workbook.add_format(box),
            "cell_number": workbook.add_format(box | {"num_format": "0.00"}),
            "total": workbook.add_format(box | {"bold": True}),
            "total_number": workbook.add_format(box | {"bold": True, "num_format": "0.00"}),
        }
        for name, (header, rows, total) in sheets.items():
            sheet = workbook.add_worksheet(name)
            cells = [[spreadsheet_cell(v) for v in row] for row in (header, *rows, *([] if total is None else [total]))]
            # Widths first: a streamed sheet cannot go back to its columns.
            for column, values in enumerate(itertools.zip_longest(*cells, fillvalue="")):
                width = max(len(str("" if v is None else v)) for v in values) + 2
                sheet.set_column(column, column, min(MAX_COLUMN_WIDTH, width))
            first = 0
            if title:
                sheet.write_string(0, 0, str(spreadsheet_cell(title)), formats["title"])
                first = 1
            sheet.write_row(first, 0, cells[0], formats["header"])
            last_body = first + len(rows)
            for index, row in enumerate(cells[1:], start=first + 1):
                kind = "total" if index > last_body else "cell"
                if any(isinstance(v, float) for v in row):
                    for column, value in enumerate(row):
                        number = isinstance(value, float)
                        sheet.write(index, column, value, formats[f"{kind}_number" if number else kind])
                else:
                    sheet.write_row(index, 0, row, formats[kind])
            # Printable: the header frozen on screen and repeated on every printed page, A4 landscape.
            sheet.freeze_panes(first + 1, 0)
            sheet.repeat_rows(first)
            sheet.set_paper(9)  # A4
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)
