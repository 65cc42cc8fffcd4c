"""Promise 4: with --seed and a solution limit, two runs give byte-identical outputs."""

import hashlib

from click.testing import CliRunner

from mealplan.cli import cli

DATE = "2026-11-25"


def digests(folder):
    """Every file of the night but .history/run.json, the run as the history records it: it holds
    when the run started, which no rerun repeats, and it is for `history --record`, not for people."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(".history/")
    }


def test_two_runs_with_seed_and_solution_limit_are_byte_identical(small_dir, tmp_path):
    """Every file of the night, maps and workbooks included, is the same bytes on a rerun."""
    outputs = []
    for name in ("a", "b"):
        result = CliRunner().invoke(
            cli,
            [
                "plan",
                "--date",
                DATE,
                "--data",
                str(small_dir),
                "--out",
                str(tmp_path / name),
                "--seed",
                "3",
                "--solution-limit",
                "200",
                "--time-limit",
                "60",
                # Each run with a history of its own: the same inputs and the same (empty) history.
                "--db",
                f"sqlite:///{tmp_path / name}.sqlite",
                "--workers",
                "2",
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append(digests(tmp_path / name / DATE))
    first, second = outputs
    assert first.keys() == second.keys() and len(first) > 10
    different = [name for name in first if first[name] != second[name]]
    assert different == []
