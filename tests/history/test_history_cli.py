"""The history through the commands: consecutive nights keep routes stable and report what changed;
`history`, `publish` and `forget`; a second plan of the same date is refused; a killed plan
leaves the history as it was. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa
from click.testing import CliRunner

from mealplan.cli import cli
from mealplan.io.store.history import History, claims, runs
from tests.helpers import copy_data, edit_cell, read_rows

TUE, WED = "2026-11-24", "2026-11-25"


def plan(data, out, date, db, *extra):
    return CliRunner().invoke(
        cli,
        ["plan", "--date", date, "--data", str(data), "--out", str(out), "--time-limit", "2", "--workers", "1",
         "--db", db, "--lang", "en", *extra],
    )  # fmt: skip


def test_two_nights_keep_vans_report_changes_and_answer_who_delivered_when(small_dir, tmp_path, db_url):
    data = copy_data(small_dir, tmp_path / "data")
    first = plan(data, tmp_path / "out", TUE, db_url)
    assert first.exit_code == 0, first.output
    assert "run 1 is the published plan for 2026-11-24" in first.output
    # A client routed on Tuesday and due every weekday is given a new id: a new client on Wednesday.
    routed = {r["client_id"] for r in read_rows(tmp_path / "out" / TUE / "routes" / "all_routes.csv")}
    rows = read_rows(data / "clients.csv")
    index = next(k for k, r in enumerate(rows) if r["client_id"] in routed and "ср" in r["delivery_days"])
    newcomer = edit_cell(data / "clients.csv", index, "client_id", "C-NEW-1")["client_id"]
    second = plan(data, tmp_path / "out", WED, db_url)
    assert second.exit_code == 0, second.output
    assert "Changes since the published plan of 2026-11-24 (run 1)" in second.output

    tue = {r["client_id"]: r["van_id"] for r in read_rows(tmp_path / "out" / TUE / "routes" / "all_routes.csv")}
    wed = {r["client_id"]: r["van_id"] for r in read_rows(tmp_path / "out" / WED / "routes" / "all_routes.csv")}
    both = [c for c in wed if c in tue]
    assert len(both) >= 50
    assert sum(tue[c] == wed[c] for c in both) >= 0.9 * len(both)

    changes = read_rows(tmp_path / "out" / WED / "changes.csv")
    kinds = {(r["client_id"], r["kind"]) for r in changes}
    assert newcomer in wed and (newcomer, "new_client") in kinds
    sheet = (tmp_path / "out" / WED / "routes" / f"{wed[newcomer]}.html").read_text(encoding="utf-8")
    assert "NEW CLIENT" in sheet
    index = (tmp_path / "out" / WED / "index.html").read_text(encoding="utf-8")
    assert "Changes to phone about" in index and "changes.csv" in index

    client = both[0]
    asked = CliRunner().invoke(cli, ["history", "--client", client, "--db", db_url, "--lang", "en"])
    assert asked.exit_code == 0, asked.output
    assert TUE in asked.output and WED in asked.output and tue[client] in asked.output
    day = CliRunner().invoke(cli, ["history", "--date", WED, "--db", db_url, "--lang", "en"])
    assert day.exit_code == 0 and "Runs in the history" in day.output and client in day.output


def notices(folder):
    """What each kind of output says of the run's state."""
    from pypdf import PdfReader

    index = (folder / "index.html").read_text(encoding="utf-8")
    state = index.split('id="state"', 1)[1].split(">", 1)[1].split(" – ")[0].split("<")[0].strip()
    sheets = [p.read_text(encoding="utf-8") for p in (folder / "routes").glob("*.html")]
    sheets += [p.read_text(encoding="utf-8") for p in (folder / "production").glob("*.html")]
    pages = [page.extract_text() for pdf in (folder / "pdf").glob("*.pdf") for page in PdfReader(pdf).pages]
    marked_sheets = {"DRAFT" in s and 'class="draft-mark"' in s for s in sheets}
    marked_pages = {"DRAFT – not the published plan" in p for p in pages}
    assert len(marked_sheets) == 1 and len(marked_pages) == 1, "every sheet and page alike"
    return {
        "index": state,
        "sheets": "DRAFT" if marked_sheets.pop() else "",
        "pdfs": "DRAFT" if marked_pages.pop() else "",
        "summary": json.loads((folder / "summary.json").read_text(encoding="utf-8"))["run"]["state"],
    }


def test_a_replan_is_a_draft_until_published_and_forget_erases_a_client(small_dir, tmp_path, db_url):
    data = small_dir
    assert plan(data, tmp_path / "out", WED, db_url).exit_code == 0
    again = plan(data, tmp_path / "out", WED, db_url)
    assert again.exit_code == 0 and "run 2 is recorded as a draft" in again.output
    folder = tmp_path / "out" / WED
    assert notices(folder) == {"index": "Run 2 · DRAFT", "sheets": "DRAFT", "pdfs": "DRAFT", "summary": "draft"}
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert f"<code>mealplan publish {WED} --run 2</code>" in index and "`" not in index
    published = CliRunner().invoke(cli, ["publish", WED, "--db", db_url, "--lang", "en", "--out", tmp_path / "out"])
    assert published.exit_code == 0 and "run 2 is the published plan" in published.output
    # Publishing rewrote every notice of the date's outputs: nothing published says draft.
    assert notices(folder) == {"index": "Run 2 · published", "sheets": "", "pdfs": "", "summary": "published"}
    missing = CliRunner().invoke(cli, ["publish", "2026-12-01", "--db", db_url, "--lang", "en"])
    assert missing.exit_code == 2 and "no plan for 2026-12-01" in missing.output

    client = read_rows(tmp_path / "out" / WED / "routes" / "all_routes.csv")[0]["client_id"]
    forgotten = CliRunner().invoke(cli, ["forget", client, "--yes", "--db", db_url, "--lang", "en"])
    assert forgotten.exit_code == 0 and "2 records deleted" in forgotten.output
    asked = CliRunner().invoke(cli, ["history", "--client", client, "--db", db_url, "--lang", "en"])
    assert asked.exit_code == 2 and "nothing for" in asked.output
    again = CliRunner().invoke(cli, ["forget", client, "--yes", "--db", db_url, "--lang", "en"])
    assert again.exit_code == 2


def test_no_history_plans_afresh_and_records_nothing(small_dir, tmp_path, db_url):
    result = plan(small_dir, tmp_path / "out", WED, db_url, "--no-history")
    assert result.exit_code == 0 and "History" not in result.output
    assert not (tmp_path / "out" / WED / "changes.csv").exists()
    assert History(db_url).runs_of() == []


def test_a_second_plan_of_a_date_being_planned_is_refused_and_writes_nothing(small_dir, tmp_path, db_url):
    history = History(db_url)
    with history.claim(dt_date(WED), holder="office-2:4242"):
        result = plan(small_dir, tmp_path / "out", WED, db_url)
    assert result.exit_code == 3, result.output
    assert "already being made (office-2:4242" in result.output
    assert not (tmp_path / "out" / WED).exists()
    assert history.runs_of() == []


def dt_date(text):
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_a_plan_killed_midway_leaves_the_history_as_it_was_and_the_next_run_goes_on(small_dir, tmp_path, db_url):
    """SIGKILL while routing (the claim is held, nothing recorded yet): the history keeps the earlier
    night only, and the next run takes over the dead run's claim."""
    assert plan(small_dir, tmp_path / "out", TUE, db_url).exit_code == 0
    command = [sys.executable, "-m", "mealplan", "plan", "--date", WED, "--data", str(small_dir), "--out",
               str(tmp_path / "out"), "--time-limit", "30", "--workers", "1", "--db", db_url]  # fmt: skip
    killed = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    history = History(db_url)
    deadline = time.monotonic() + 60
    claimed = False
    while not claimed and time.monotonic() < deadline:
        with history.engine.connect() as conn:
            claimed = conn.execute(sa.select(claims)).first() is not None
        time.sleep(0.05)
    # Killed with the claim held: a 30 s search is under way and nothing can be recorded before it ends.
    assert claimed and killed.poll() is None
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    with history.engine.connect() as conn:
        assert [r.plan_date.isoformat() for r in conn.execute(sa.select(runs.c.plan_date))] == [TUE]
    after = plan(small_dir, tmp_path / "out", WED, db_url)
    assert after.exit_code == 0, after.output
    assert json.loads((tmp_path / "out" / WED / "summary.json").read_text(encoding="utf-8"))["date"] == WED
    assert [r["plan_date"].isoformat() for r in history.runs_of()] == [WED, TUE]


def test_publishing_an_earlier_run_puts_its_sheets_back_and_a_run_without_sheets_is_refused(
    small_dir, tmp_path, db_url
):
    out = tmp_path / "out"
    assert plan(small_dir, out, WED, db_url).exit_code == 0
    assert plan(small_dir, out, WED, db_url).exit_code == 0  # run 2, a draft, now in out/WED
    elsewhere = CliRunner().invoke(cli, ["publish", WED, "--run", "2", "--db", db_url, "--lang", "en",
                                         "--out", tmp_path / "other"])  # fmt: skip
    assert elsewhere.exit_code == 2 and "run 2 is not in" in elsewhere.output
    assert [r["published"] for r in History(db_url).runs_of()] == [False, True]  # nothing published
    back = CliRunner().invoke(cli, ["publish", WED, "--run", "1", "--db", db_url, "--lang", "en", "--out", out])
    assert back.exit_code == 0, back.output
    assert notices(out / WED)["index"] == "Run 1 · published"
    kept = [json.loads((f / "summary.json").read_text(encoding="utf-8"))["run"] for f in out.glob(f"{WED}.replaced-*")]
    assert {"id": 2, "state": "draft"} in kept
