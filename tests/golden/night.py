"""The golden night: a tiny fixed scenario whose outputs are checked in and compared byte for byte.

13 register rows (one invalid, one closed, one paused, one without coordinates, one narrow
window, a diabetic client far from the only diabetic kitchen), two kitchens, three vans.

    python -m tests.golden.night          # compare (what the test does), print the differences
    python -m tests.golden.night --update # rewrite tests/golden/expected/ deliberately

Update only after reading the differences and deciding the new outputs are right; commit the
expected files with the change that caused them.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from mealplan.cli import cli

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
EXPECTED = HERE / "expected"
DATE = "2026-11-25"
# The files a person or a script reads for their content: every CSV and the summary. HTML, PDF,
# XLSX and maps are covered by the reproducibility and browser tests (their bytes carry layout).
PATTERNS = ("*.csv", "*.json", "routes/*.csv", "production/*.csv")


def compared(folder: Path) -> set[str]:
    """The golden files present in ``folder``, as paths relative to it."""
    return {p.relative_to(folder).as_posix() for pattern in PATTERNS for p in folder.glob(pattern)}


def run_night(out: Path) -> Path:
    """Plan the golden night reproducibly into ``out``; returns the plan folder."""
    result = CliRunner().invoke(
        cli,
        [
            "plan",
            "--date",
            DATE,
            "--data",
            str(DATA),
            "--out",
            str(out),
            "--seed",
            "1",
            "--solution-limit",
            "300",
            "--time-limit",
            "60",
            "--workers",
            "1",
            # A history of its own, empty: the golden night is a first night (every client new).
            "--db",
            f"sqlite:///{out / 'history.sqlite'}",
        ],
    )
    if result.exit_code != 0:
        raise RuntimeError(f"the golden night did not plan (exit {result.exit_code}):\n{result.output}")
    return out / DATE


def differences(folder: Path) -> dict[str, str]:
    """File -> unified diff against the expected copy, for every compared file that differs."""
    found = {}
    for name in sorted(compared(folder) | compared(EXPECTED)):
        new = (folder / name).read_text(encoding="utf-8-sig") if (folder / name).exists() else "<missing>\n"
        old = (EXPECTED / name).read_text(encoding="utf-8-sig") if (EXPECTED / name).exists() else "<missing>\n"
        if (
            (folder / name).exists()
            and (EXPECTED / name).exists()
            and (folder / name).read_bytes() == (EXPECTED / name).read_bytes()
        ):
            continue
        found[name] = "".join(
            difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"expected/{name}", f"new/{name}")
        )
    return found


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = run_night(Path(tmp))
        if "--update" in argv:
            shutil.rmtree(EXPECTED, ignore_errors=True)
            names = compared(folder)
            for name in names:
                (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(folder / name, EXPECTED / name)
            print(f"updated {len(names)} files in {EXPECTED}")
            return 0
        diffs = differences(folder)
        for diff in diffs.values():
            print(diff)
        print(f"{len(diffs)} of {len(compared(EXPECTED))} golden files differ")
        return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
