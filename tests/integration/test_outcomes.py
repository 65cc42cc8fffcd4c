"""Outcomes from paper end to end: a planned, published day; the route table typed back with an
outcome column; every problem named and nothing half-imported; a silent door a wellness check
the same day; hospital and deceased proposals; corrections as versions; missing never assumed."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from mealplan.cli import cli
from mealplan.io.store.history import History, history_url
from tests.helpers import copy_data, read_rows, run_plan, write_rows

DATE = "2026-11-25"


@pytest.fixture(scope="module")
def planned_day(small_dir, tmp_path_factory):
    """The small slice's date planned and published once, into a history of its own."""
    root = tmp_path_factory.mktemp("planned")
    data = copy_data(small_dir, root / "data")
    done = run_plan(data, root / "out", DATE, "--db", f"sqlite:///{root / 'history.sqlite'}")
    assert done.exit_code == 0, done.output
    return root


@pytest.fixture
def day(planned_day, tmp_path, monkeypatch):
    """A copy of the planned day (data, outputs and history) that this test alone writes to."""
    data = copy_data(planned_day / "data", tmp_path / "data")
    out = copy_data(planned_day / "out", tmp_path / "out")
    shutil.copy(planned_day / "history.sqlite", tmp_path / "history.sqlite")
    monkeypatch.setenv("MEALPLAN_DB", f"sqlite:///{tmp_path / 'history.sqlite'}")
    rows = read_rows(out / DATE / "routes" / "all_routes.csv")
    assert len(rows) >= 10
    return data, out, rows


def typed(rows, outcomes: dict[int, tuple[str, str]]):
    """The route table with the outcome (and note) column filled in on the given rows."""
    return [row | {"outcome": outcomes.get(k, ("", ""))[0], "note": outcomes.get(k, ("", ""))[1]}
            for k, row in enumerate(rows)]  # fmt: skip


def outcomes(data, out, *files, lang="en"):
    return CliRunner().invoke(
        cli, ["outcomes", DATE, *map(str, files), "--data", str(data), "--out", str(out), "--lang", lang]
    )


def recorded(data):
    history = History(history_url(data))
    try:
        with history.engine.connect() as conn:
            from mealplan.io.store.history import door_outcomes

            return [dict(r._mapping) for r in conn.execute(door_outcomes.select().order_by("outcome_id"))]
    finally:
        history.close()


def test_each_kind_of_outcome_is_recorded_the_silent_door_raised_and_the_rest_listed_missing(day, tmp_path):
    data, out, rows = day
    kinds = {0: ("delivered", ""), 1: ("not_home", "звъннах два пъти"), 2: ("refused", ""), 3: ("hospital", ""),
             4: ("deceased", ""), 5: ("other", "кучето лае")}  # fmt: skip
    paper = tmp_path / "typed.csv"
    write_rows(paper, typed(rows, kinds))
    done = outcomes(data, out, paper)
    assert done.exit_code == 0, done.output
    assert f"6 outcomes recorded (0 were recorded already); without an outcome: {len(rows) - 6} of {len(rows)}" in (
        done.output
    )
    assert "WELLNESS CHECKS: 1" in done.output and "Register proposals (pause, close): 2" in done.output
    assert {r["client_id"]: r["outcome"] for r in recorded(data)} == {
        rows[k]["client_id"]: v[0] for k, v in kinds.items()
    }
    checks = read_rows(out / DATE / "escalations.csv")
    assert [c["client_id"] for c in checks] == [rows[1]["client_id"]]
    check = checks[0]
    assert check["name"] == rows[1]["name"] and check["phone"] == rows[1]["phone"] and check["in_a_row"] == "1"
    assert check["next_steps"].startswith("call the client")
    missing = read_rows(out / DATE / "outcomes_missing.csv")
    assert [m["client_id"] for m in missing] == [r["client_id"] for r in rows[6:]]
    history = History(history_url(data))
    try:
        proposals = {(p["client_id"], p["kind"]) for p in history.proposals_in("open")}
        assert proposals == {(rows[3]["client_id"], "pause"), (rows[4]["client_id"], "close")}
        assert [e["client_id"] for e in history.open_escalations()] == [rows[1]["client_id"]]
    finally:
        history.close()


def test_the_same_file_twice_records_nothing_new_and_a_correction_is_a_new_version(day, tmp_path):
    data, out, rows = day
    paper = tmp_path / "typed.csv"
    write_rows(paper, typed(rows, {0: ("delivered", ""), 1: ("refused", "")}))
    assert outcomes(data, out, paper).exit_code == 0
    again = outcomes(data, out, paper)
    assert again.exit_code == 0 and "0 outcomes recorded (2 were recorded already)" in again.output
    write_rows(paper, typed(rows, {0: ("not_home", "поправка: не беше вкъщи"), 1: ("refused", "")}))
    corrected = outcomes(data, out, paper)
    assert corrected.exit_code == 0 and "1 outcomes recorded (1 were recorded already)" in corrected.output
    first = [(r["version"], r["outcome"]) for r in recorded(data) if r["client_id"] == rows[0]["client_id"]]
    assert first == [(1, "delivered"), (2, "not_home")]  # the old kept, the new one counts
    assert [c["client_id"] for c in read_rows(out / DATE / "escalations.csv")] == [rows[0]["client_id"]]


def test_every_problem_is_named_with_file_row_column_and_value_and_nothing_is_recorded(day, tmp_path):
    data, out, rows = day
    other_van = next(r["van_id"] for r in rows if r["van_id"] != rows[2]["van_id"])
    bad = typed(rows, {0: ("delivered", ""), 1: ("може би", ""), 2: ("delivered", ""), 3: ("delivered", "")})
    bad[2]["van_id"] = other_van
    bad[3]["trip"] = "първи"
    bad.append(dict(bad[0]))  # the same client twice
    bad.append(bad[0] | {"client_id": "C99999"})
    paper = tmp_path / "bad.csv"
    write_rows(paper, bad)
    done = outcomes(data, out, paper)
    assert done.exit_code == 2, done.output
    n, first = len(rows), rows[0]["client_id"]
    for words in ("bad.csv, row 3, column outcome: 'може би' is not an outcome",
                  f"bad.csv, row 4, column van_id: '{other_van}', but the plan has {rows[2]['van_id']}",
                  "bad.csv, row 5, column trip: 'първи' is not a trip number",
                  f"bad.csv, row {n + 2}, column client_id: '{first}' already has an outcome at bad.csv:2",
                  f"bad.csv, row {n + 3}, column client_id: 'C99999' is not on the day's published plan",
                  "Nothing recorded: 5 problems"):  # fmt: skip
        assert words in done.output, done.output
    assert recorded(data) == [] and not (out / DATE / "escalations.csv").exists()


def test_a_spreadsheet_with_bulgarian_headings_and_words_is_read_like_the_csv(day, tmp_path):
    data, out, rows = day
    book = Workbook()
    sheet = book.active
    sheet.append(["Бус", "Курс", "Клиент", "Резултат", "Бележка"])
    sheet.append([rows[0]["van_id"], int(rows[0]["trip"]), rows[0]["client_id"], "Доставено", ""])
    sheet.append([rows[1]["van_id"], int(rows[1]["trip"]), rows[1]["client_id"], "не отваря", "съседката не знае"])
    sheet.append([rows[2]["van_id"], int(rows[2]["trip"]), rows[2]["client_id"], "", ""])
    book.save(tmp_path / "typed.xlsx")
    done = outcomes(data, out, tmp_path / "typed.xlsx", lang="bg")
    assert done.exit_code == 0, done.output
    assert "ПРОВЕРКИ НА СИГУРНОСТТА: 1" in done.output
    by_client = {r["client_id"]: (r["outcome"], r["note"], r["source"]) for r in recorded(data)}
    assert by_client == {rows[0]["client_id"]: ("delivered", "", "paper"),
                         rows[1]["client_id"]: ("not_home", "съседката не знае", "paper")}  # fmt: skip


def test_a_date_with_no_published_plan_is_refused_by_name(day, tmp_path):
    data, out, rows = day
    paper = tmp_path / "typed.csv"
    write_rows(paper, typed(rows, {0: ("delivered", "")}))
    done = CliRunner().invoke(cli, ["outcomes", "2026-11-26", str(paper), "--data", str(data), "--out", str(out),
                                    "--lang", "en"])  # fmt: skip
    assert done.exit_code == 2 and "2026-11-26: there is no published plan" in done.output
    assert recorded(data) == []


def test_an_accepted_pause_keeps_the_client_off_the_next_plan_and_a_rejected_one_changes_nothing(day, tmp_path):
    """The round trip: hospital on paper, the proposal accepted by number, the next plan leaves
    the client out as paused (in the ledger, not lost); a rejected closing changes nothing."""
    data, out, rows = day
    next_day = "2026-11-26"
    ledger = {r["client_id"]: r for r in read_rows(out / DATE / "ledger.csv")}
    before = run_plan(data, tmp_path / "probe", next_day)
    assert before.exit_code == 0, before.output
    due_next = {
        r["client_id"] for r in read_rows(tmp_path / "probe" / next_day / "ledger.csv") if r["status"] == "routed"
    }
    sick, gone = [r["client_id"] for r in rows if r["client_id"] in due_next][:2]
    assert ledger[sick]["status"] == "routed"
    paper = tmp_path / "typed.csv"
    by_client = {sick: ("hospital", "линейка в 11:40"), gone: ("deceased", "")}
    write_rows(
        paper, typed(rows, {k: by_client[r["client_id"]] for k, r in enumerate(rows) if r["client_id"] in by_client})
    )
    assert outcomes(data, out, paper).exit_code == 0
    listed = CliRunner().invoke(cli, ["proposals", "--data", str(data), "--lang", "en"])
    assert listed.exit_code == 0 and "Open register proposals: 2" in listed.output
    history = History(history_url(data))
    ids = {p["client_id"]: p["proposal_id"] for p in history.proposals_in("open")}
    history.close()
    decided = CliRunner().invoke(cli, ["proposals", "--accept", str(ids[sick]), "--reject", str(ids[gone]),
                                       "--accept", "999", "--data", str(data), "--lang", "en"])  # fmt: skip
    assert decided.exit_code == 0, decided.output
    assert f"Proposal {ids[sick]}: accepted" in decided.output and f"Proposal {ids[gone]}: rejected" in decided.output
    assert "Proposal 999: there is no such open proposal" in decided.output
    after = run_plan(data, out, next_day)
    assert after.exit_code == 0, after.output
    next_ledger = {r["client_id"]: r for r in read_rows(out / next_day / "ledger.csv")}
    assert next_ledger[sick]["status"] == "not_due" and "в болница 2026-11-26–2026-12-09" in next_ledger[sick]["reason"]
    assert next_ledger[gone]["status"] == "routed"


def test_the_months_report_counts_what_the_paper_said_and_bills_by_the_tariff(day, tmp_path):
    """plan → outcomes → report: the XLSX has a summary, a sheet per office, the diets; the CSV's
    counts are the typed outcomes', counted here by hand; amounts by the folder's tariffs."""
    from openpyxl import load_workbook

    data, out, rows = day
    kinds = {0: ("delivered", ""), 1: ("delivered", ""), 2: ("not_home", ""), 3: ("refused", "")}
    paper = tmp_path / "typed.csv"
    write_rows(paper, typed(rows, kinds))
    assert outcomes(data, out, paper).exit_code == 0
    (data / "tariffs.csv").write_text(f"client_id,meal_price,visit_price\n,3.50,0\n{rows[1]['client_id']},0,0\n",
                                      encoding="utf-8")  # fmt: skip
    done = CliRunner().invoke(cli, ["report", "2026-11", "--data", str(data), "--out", str(out), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert f"{len(rows)} meals planned, 2 delivered" in done.output
    report = {r["client_id"]: r for r in read_rows(out / "reports" / "report_2026-11.csv")}
    assert len(report) == len(rows)
    first, second, third = (report[rows[k]["client_id"]] for k in range(3))
    assert (first["meals_delivered"], first["amount"]) == ("1", "3.5")
    assert (second["meals_delivered"], second["amount"]) == ("1", "0.0")  # the client's own tariff
    assert (third["meals_not_home"], third["amount"]) == ("1", "0.0")
    assert sum(int(r["meals_no_outcome"]) for r in report.values()) == len(rows) - 4
    book = load_workbook(out / "reports" / "report_2026-11.xlsx", read_only=True)
    offices = {r["office_id"] for r in report.values()}
    assert set(book.sheetnames) == {"Summary", "Kitchens", "Diets", *offices}


def test_a_typo_in_the_month_or_a_bad_price_is_named_and_nothing_is_written(day, tmp_path):
    data, out, _ = day
    typo = CliRunner().invoke(cli, ["report", "2026-13", "--data", str(data), "--out", str(out), "--lang", "en"])
    assert typo.exit_code == 2 and "'2026-13' is not a month" in typo.output
    (data / "tariffs.csv").write_text("client_id,meal_price,visit_price\n,три,0\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["report", "2026-11", "--data", str(data), "--out", str(out), "--lang", "en"])
    assert bad.exit_code == 2 and "tariffs.csv, row 2, column meal_price: 'три'" in bad.output
    assert not (out / "reports").exists()


def test_the_next_nights_index_shows_the_checks_still_open_and_not_the_closed_ones(day, tmp_path):
    data, out, rows = day
    paper = tmp_path / "typed.csv"
    write_rows(paper, typed(rows, {0: ("not_home", ""), 1: ("not_home", "")}))
    assert outcomes(data, out, paper).exit_code == 0
    history = History(history_url(data))
    try:
        first = next(c for c in history.open_escalations() if c["client_id"] == rows[0]["client_id"])
        history.close_escalation(first["escalation_id"], "Иванова", "синът ѝ: на гости при него")
    finally:
        history.close()
    assert run_plan(data, out, "2026-11-26").exit_code == 0
    index = (out / "2026-11-26" / "index.html").read_text(encoding="utf-8")
    assert "Отворени проверки на сигурността: 1" in index
    assert rows[1]["name"] in index and rows[0]["name"] not in index.split('id="checks"')[1].split("</table>")[0]
