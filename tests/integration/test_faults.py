"""Promise 6 and fault isolation: kills, a crashing kitchen, a full disk."""

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mealplan.models import LedgerStatus, UnservedReason
from mealplan.pipeline import RunConfig, run_day
from tests.helpers import read_rows, run_plan

DATE = "2026-11-25"
EXPECTED = {"ledger.csv", "summary.json", "problems.csv", "unserved.csv", "index.html"}


def plan_command(data, out):
    return [
        sys.executable,
        "-m",
        "mealplan",
        "plan",
        "--date",
        DATE,
        "--data",
        str(data),
        "--out",
        str(out),
        "--time-limit",
        "1",
        "--workers",
        "1",
    ]


def assert_complete_plan(folder, register_rows):
    assert {p.name for p in folder.iterdir()} >= EXPECTED
    assert len(read_rows(folder / "ledger.csv")) == register_rows
    json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert (folder / "maps" / "overview.html").is_file()


@pytest.mark.slow
def test_a_run_killed_at_any_moment_leaves_the_previous_plan_whole(small_dir, small_dataset, tmp_path):
    """SIGKILL at many points of a real run: out/<date> is always a complete plan, never half of one."""
    out = tmp_path / "out"
    started = time.perf_counter()
    subprocess.run(plan_command(small_dir, out), check=True, capture_output=True)
    duration = time.perf_counter() - started
    previous = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    rows = len(small_dataset.register_rows)
    for fraction in (0.2, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99):
        process = subprocess.Popen(plan_command(small_dir, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert_complete_plan(out / DATE, rows)
        visible = {
            p.relative_to(out).as_posix()
            for p in (out / DATE).rglob("*")
            if p.is_file() and not p.name.startswith(".")  # hidden files (.source) as in ``previous``
        }
        assert visible == {p for p in previous if p.startswith(f"{DATE}/")}
        # A run that got as far as replacing the plan kept the one it replaced, whole.
        for kept in out.glob(f"{DATE}.replaced-*"):
            assert_complete_plan(kept, rows)
    # The next run clears what the killed runs left in their hidden staging folders.
    subprocess.run(plan_command(small_dir, out), check=True, capture_output=True)
    names = sorted(p.name for p in out.iterdir())
    assert names[:2] == [".mealplan.lock", DATE] and all(n.startswith(f"{DATE}.replaced-") for n in names[2:])


def test_a_solver_crash_in_one_kitchen_keeps_the_others_routes(small_dir, monkeypatch):
    """K2's solver raising makes K2's clients unserved 'solver_failed'; every other kitchen is routed."""
    import mealplan.routing.kitchen as solve

    real_get_engine = solve.get_engine

    def get_crashing_engine(name):
        real = real_get_engine(name)

        def crashing(problem, limits, **kwargs):
            if problem.name == "K2":
                raise MemoryError("simulated crash")
            return real(problem, limits, **kwargs)

        return crashing

    monkeypatch.setattr(solve, "get_engine", get_crashing_engine)
    plan, _ = run_day(
        RunConfig(data_dir=small_dir, date=__import__("datetime").date(2026, 11, 25), time_limit_s=1, workers=1)
    )
    failed = [u for u in plan.unserved if u.kitchen_id == "K2"]
    assert failed and all(
        u.reason is UnservedReason.SOLVER_FAILED and "simulated crash" in str(u.args["error"]) for u in failed
    )
    assert {r.kitchen_id for r in plan.routes} and "K2" not in {r.kitchen_id for r in plan.routes}
    stats = {s.kitchen_id: s.status for s in plan.kitchen_stats}
    assert stats["K2"].startswith("failed") and stats["K1"] == "ok"
    assert sum(e.status is LedgerStatus.ROUTED for e in plan.ledger) > 0


def test_a_full_disk_gives_a_message_exit_3_and_keeps_the_previous_plan(small_dir, tmp_path, monkeypatch):
    """ENOSPC while writing: 'disk is full', exit code 3, the previous plan untouched."""
    out = tmp_path / "out"
    first = run_plan(small_dir, out)
    assert first.exit_code == 0
    before = (out / DATE / "ledger.csv").read_bytes()
    import mealplan.io.writers.night_folder as outputs

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs, "write_csv", full)
    result = run_plan(small_dir, out)
    assert result.exit_code == 3
    assert "дискът е пълен" in result.output
    assert (out / DATE / "ledger.csv").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [".mealplan.lock", DATE]


def _children(pid: int) -> set[int]:
    """Every descendant process of ``pid`` (Linux /proc)."""
    found: set[int] = set()
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = {int(k) for k in (task / "children").read_text().split()}
            except OSError:
                continue
            frontier.extend(kids - found)
            found |= kids
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_with_workers(small_dir, out, workers: int = 2):
    """A real `mealplan plan` with two lanes, returned once its worker processes exist."""
    command = plan_command(small_dir, out)
    command[command.index("--workers") + 1] = str(workers)
    command[command.index("--time-limit") + 1] = "20"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(_children(process.pid)) < workers:
        time.sleep(0.1)
    workers_seen = _children(process.pid)
    assert len(workers_seen) >= workers, "the run never started its workers"
    return process, workers_seen


def _wait_until_gone(pids: set[int], seconds: float = 10.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    return {p for p in pids if _alive(p)}


def test_workers_die_with_a_killed_run(small_dir, tmp_path):
    """SIGKILL to `mealplan plan` mid-routing: its solver workers end within seconds, none left running."""
    process, workers = _start_with_workers(small_dir, tmp_path / "out")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _wait_until_gone(workers) == set()


def test_sigterm_ends_workers_and_leaves_no_staging_folder(small_dir, tmp_path):
    """SIGTERM mid-run: exit 143, workers gone, no hidden staging folder, no half plan."""
    out = tmp_path / "out"
    process, workers = _start_with_workers(small_dir, out)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 128 + signal.SIGTERM
    assert _wait_until_gone(workers) == set()
    assert [p.name for p in out.iterdir() if p.name != ".mealplan.lock"] == []


def test_a_second_run_into_the_same_folder_is_stopped_with_a_message(small_dir, tmp_path):
    """While one run holds out/, another gets exit 3 and a sentence naming the folder, and the first goes on."""
    out = tmp_path / "out"
    process, _ = _start_with_workers(small_dir, out)
    try:
        second = run_plan(small_dir, out)
        assert second.exit_code == 3
        assert "друго пускане на mealplan" in second.output and str(out) in second.output
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_temporary_files_of_a_run_stay_inside_its_staging_folder(small_dir, tmp_path, monkeypatch):
    """The workbook writer's temporary sheet files (XlsxWriter streams each sheet through one) are
    created under the staging folder, not the system temp folder."""
    import tempfile

    import mealplan.io.writers.night_folder as outputs

    seen: list[str] = []
    real = outputs.write_workbook

    def spy(path, day, sheets, title=""):
        seen.append(tempfile.gettempdir())
        real(path, day, sheets, title)

    monkeypatch.setattr(outputs, "write_workbook", spy)
    result = run_plan(small_dir, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert seen and all(Path(d).parent.name.startswith(f".{DATE}.tmp-") for d in seen)
    assert tempfile.gettempdir() not in seen


def test_a_bug_in_the_solver_stops_the_run_with_exit_1_and_a_log_not_a_quiet_unserved(small_dir, tmp_path, monkeypatch):
    """A programming error (TypeError) is not 'solver failed': exit 1, one sentence, the traceback in a log."""
    import mealplan.routing.kitchen as solve

    def buggy(problem, limits):
        raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")

    monkeypatch.setattr(solve, "get_engine", lambda name: buggy)
    out = tmp_path / "out"
    result = run_plan(small_dir, out)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "TypeError" in result.output and "Traceback" not in result.output
    logs = list(out.glob("mealplan-error-*.log"))
    assert len(logs) == 1 and "Traceback" in logs[0].read_text(encoding="utf-8")
    assert str(logs[0]) in result.output
    assert not (out / DATE).exists()


def test_sigterm_while_writing_removes_the_staging_folder_and_keeps_the_previous_plan(small_dir, tmp_path, monkeypatch):
    """SIGTERM arriving mid-write (the hidden staging folder full of personal data): exit 143, the
    staging folder is gone, the previous plan is untouched."""
    import mealplan.io.writers.night_folder as outputs

    out = tmp_path / "out"
    assert run_plan(small_dir, out).exit_code == 0
    before = (out / DATE / "ledger.csv").read_bytes()
    real = outputs._write_production

    def terminated_midway(*args, **kwargs):
        real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises before this returns
        raise AssertionError("SIGTERM was not handled")

    previous_handler = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(outputs, "_write_production", terminated_midway)
    try:
        result = run_plan(small_dir, out)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
    assert result.exit_code == 128 + signal.SIGTERM
    assert sorted(p.name for p in out.iterdir()) == [".mealplan.lock", DATE]
    assert (out / DATE / "ledger.csv").read_bytes() == before
