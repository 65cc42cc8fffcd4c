"""Whatever bytes stand in a file the product reads, the nightly command answers with exit 0 or 2
and a sentence: no traceback, nothing written outside the output folder, and on exit 2 the history
exactly as it was. Hypothesis writes random bytes, encodings, truncations and sizes into each file
of a small data folder in turn (the golden night's), and random scenario files."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mealplan.errors import InputError
from mealplan.io.readers.scenarios import load_scenario
from mealplan.io.store.history import History
from mealplan.sweep import tasks_for
from tests.faults.conftest import invoke

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "data"
READ_FILES = [*sorted(p.name for p in GOLDEN.glob("*.csv")), "geocode_corrections.csv"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1251", "utf-16", "utf-16-le", "latin-1", "koi8-r"]


def original(name: str) -> str:
    path = GOLDEN / name
    if path.exists():
        return path.read_text(encoding="utf-8-sig")
    return "client_id,address,lat,lon,note\nG001,ж.к. Люлин 3,42.7162,23.2503,\n"


@st.composite
def file_bytes(draw, text: str) -> bytes:
    """The file's own text damaged in a way people and programs damage files, or pure noise."""
    kind = draw(st.sampled_from(["noise", "cells", "truncate", "encode", "huge", "empty", "lines"]))
    if kind == "noise":
        return draw(st.binary(max_size=3000))
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\n\n", b";;;;\n", b"\x00" * 100]))
    if kind == "huge":
        return text.encode("utf-8") + draw(st.sampled_from([b"x", b",", b'"', b"\n"])) * 200_000
    lines = text.splitlines()
    if kind == "cells":
        for _ in range(draw(st.integers(1, 6))):
            row = draw(st.integers(0, max(len(lines) - 1, 0)))
            cells = lines[row].split(",") if lines else [""]
            column = draw(st.integers(0, max(len(cells) - 1, 0)))
            cells[column] = draw(st.text(max_size=40))
            if lines:
                lines[row] = ",".join(cells)
    elif kind == "lines":
        extra = draw(st.lists(st.text(max_size=80), max_size=5))
        lines = lines[: draw(st.integers(0, len(lines)))] + extra + lines
    joined = "\n".join(lines)
    if kind == "truncate":
        return joined.encode("utf-8")[: draw(st.integers(0, len(joined.encode("utf-8"))))]
    encoding = draw(st.sampled_from(ENCODINGS))
    return codecs.encode(joined, encoding, errors="replace")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("name", READ_FILES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_bytes_in_a_file_the_plan_reads_get_exit_0_or_2_and_nothing_else(tmp_path_factory, name, data):
    work = tmp_path_factory.mktemp("random")
    folder = Path(shutil.copytree(GOLDEN, work / "data"))
    content = data.draw(file_bytes(original(name)), label=name)
    (folder / name).write_bytes(content)
    db = work / "history.sqlite"
    History(f"sqlite:///{db}").close()
    before_db = db.read_bytes()
    before = tree(work)
    out = work / "out"
    answer = invoke("plan", "--date", "2026-11-25", "--data", folder, "--out", out, "--time-limit", "1",
                    "--solution-limit", "50", "--workers", "1", "--db", f"sqlite:///{db}", "--lang", "en")  # fmt: skip
    assert answer.exit_code in (0, 2), answer.output
    after = {k: v for k, v in tree(work).items() if not k.startswith("out/")}
    if answer.exit_code == 2:
        assert db.read_bytes() == before_db
        assert after == before
        assert ".csv" in answer.output or str(folder) in answer.output  # names a file or the folder
    else:
        changed = {k for k in after if after[k] != before.get(k)} - {"history.sqlite"}
        assert not changed, changed


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=file_bytes("name: x\nbase: .\ndates: [2026-11-25]\nchanges:\n  max_hold_min: 90\n"))
def test_any_bytes_in_a_scenario_file_are_a_scenario_or_an_input_error(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("scenario")
    path = folder / "s.yaml"
    path.write_bytes(content)
    try:
        tasks_for([(path, load_scenario(path))])
    except InputError as error:
        assert "s.yaml" in str(error) or error.problems
