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


def test_mistakes_on_the_command_line_are_said_in_the_language_asked_for():
    """Click words its complaints in English only; ours say them in Bulgarian by default and in
    English with --lang en (or $MEALPLAN_LANG), with exit code 2."""
    from click.testing import CliRunner

    from mealplan.cli import cli

    cases = [
        (["plan", "--date", "2026-13-01"], "не е дата", "is not a date"),
        (["plan", "--time-limit", "abc"], "не е брой секунди", "is not a number of seconds"),
        (["plan", "--engine", "x"], "очаква се едно от: pyvrp, ortools", "expected one of: pyvrp, ortools"),
        (["plan", "--bogus"], "няма опция --bogus", "there is no option --bogus"),
        (["publish"], "липсва DATE", "DATE is missing"),
        (["nocommand"], "няма команда nocommand", "there is no command nocommand"),
    ]
    for args, bulgarian, english in cases:
        said = CliRunner().invoke(cli, args)
        assert said.exit_code == 2 and said.output.startswith("Грешка: ") and bulgarian in said.output, said.output
        assert not re.search(r"\b(Error|Usage|Invalid|Try)\b", said.output)
        # A command that does not exist has no --lang: $MEALPLAN_LANG says which language.
        english_args = [*args, "--lang", "en"] if args[0] != "nocommand" else args
        said = CliRunner(env={"MEALPLAN_LANG": "en"} if args[0] == "nocommand" else {}).invoke(cli, english_args)
        assert said.exit_code == 2 and english in said.output, said.output


def test_a_scenario_files_mistakes_are_worded_by_us_not_by_the_validation_library(tmp_path):
    from click.testing import CliRunner

    from mealplan.cli import cli

    bad = tmp_path / "bad.yaml"
    bad.write_text('name: x\nchanges:\n  vanz: 3\n  window: {start: "25:00", end: "10:00"}\ntime_limit_s: -4\n')
    said = CliRunner().invoke(cli, ["scenario", "run", str(bad)])
    assert said.exit_code == 2
    for words in ("непознат ключ", "не е час от деня", "трябва да е над 0", "[base] „“ – Грешна стойност: липсва"):
        assert words in said.output, said.output
    assert not re.search(r"Extra inputs|Field required|Input should|Value error", said.output)
