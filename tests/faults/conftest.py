"""The fault suite: every way a user, a disk, a database or a planted file can get a run wrong,
each pinned to its exit code and one sentence, never a traceback.

Every command goes through ``invoke`` (in process) or ``spawn`` (a real process), which fail the
test on a traceback in what the user would see. With $MEALPLAN_FAULT_OUTPUTS set, every output is
also kept there as a file, so ``grep -R Traceback`` can be run over the whole suite's outputs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mealplan.cli import cli
from tests.history.conftest import db_url  # noqa: F401  (the SQLite and PostgreSQL history fixture)

OUTPUTS_ENV = "MEALPLAN_FAULT_OUTPUTS"


def _keep(name: str, text: str) -> None:
    folder = os.environ.get(OUTPUTS_ENV)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        test = os.environ.get("PYTEST_CURRENT_TEST", "test").split(" ")[0].replace("/", "_").replace("::", "-")
        safe = "".join(c if c.isalnum() or c in "-_.[]" else "_" for c in test)[:150]
        (Path(folder) / f"{safe}-{name}-{uuid.uuid4().hex[:6]}.txt").write_text(text, encoding="utf-8")


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text, text
    assert 'File "' not in text, text


def invoke(*args: str, input: str | None = None) -> Result:
    """`mealplan ARGS` in this process; a traceback or an uncaught exception fails the test."""
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    _keep("invoke", result.output)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}\n{result.output}")
    assert_no_traceback(result.output)
    return result


def spawn(*args: str, timeout: float = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m mealplan ARGS` as a process of its own; its stdout and stderr hold no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "mealplan", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    _keep("spawn", done.stdout + done.stderr)
    assert_no_traceback(done.stdout + done.stderr)
    return done


def plan_args(data: Path, out: Path, date: str = "2026-11-25", *extra: str) -> list[str]:
    """A quick plan of the small sample: one worker, one second of routing, English messages."""
    return ["plan", "--date", date, "--data", str(data), "--out", str(out), "--time-limit", "1",
            "--workers", "1", "--lang", "en", *extra]  # fmt: skip


@pytest.fixture
def data(small_dir, tmp_path) -> Path:
    """A private copy of the 150-client sample, free to break."""
    import shutil

    return Path(shutil.copytree(small_dir, tmp_path / "data"))
