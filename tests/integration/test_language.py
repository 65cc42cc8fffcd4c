"""--lang en: every text a person reads comes from the catalogue in English; none is left in Bulgarian.

Data stays as the office wrote it (names, addresses, dish names are Bulgarian); what is checked is
that no Bulgarian catalogue sentence appears anywhere in the outputs or the terminal.
"""

from __future__ import annotations

import re

from pypdf import PdfReader

from mealplan.i18n import MESSAGES
from tests.helpers import copy_data, read_rows, run_plan, write_rows

DATE = "2026-11-25"


def bulgarian_fragments() -> set[str]:
    """Pieces of Bulgarian catalogue text long enough to be unmistakable (placeholders cut out)."""
    fragments = set()
    for entry in MESSAGES.values():
        bg, en = entry["bg"], entry.get("en", "")
        if bg == en:
            continue
        for piece in re.split(r"\{[^}]*\}", bg):
            piece = piece.strip(" :;,.–-()„“'\"")
            if len(piece) >= 8 and re.search("[а-яА-Я]", piece):
                fragments.add(piece)
    return fragments


def test_an_english_night_has_no_bulgarian_catalogue_text(small_dir, tmp_path):
    """A night with invalid rows, unserved clients and a damaged cell, run with --lang en."""
    data = copy_data(small_dir, tmp_path / "data")
    rows = read_rows(data / "clients.csv")
    rows[0]["portions"] = "-3"
    rows[1]["lat"], rows[1]["lon"] = "", ""
    rows[2]["access_notes"] = "звънец\x0bкуче"
    write_rows(data / "clients.csv", rows)
    result = run_plan(data, tmp_path / "out", DATE, "--lang", "en")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / DATE
    texts = {"terminal": result.output}
    for path in folder.rglob("*"):
        if path.suffix in (".csv", ".html", ".json"):
            texts[path.name] = path.read_text(encoding="utf-8-sig")
        elif path.suffix == ".pdf":
            texts[path.name] = "".join(page.extract_text() for page in PdfReader(path).pages)
    data_text = " ".join(path.read_text(encoding="utf-8-sig") for path in data.glob("*.csv"))
    fragments = {f for f in bulgarian_fragments() if f not in data_text}  # the office's own words may match
    leaks = {(name, f) for name, text in texts.items() for f in fragments if f in text}
    assert leaks == set()
    assert "no coordinates" in texts["unserved.csv"] and "Route sheet" in texts["index.html"] + texts["V01.html"]
