"""Promise 7: a broken limit is never printed as fine.

An engine that ignores every limit (all of a kitchen's orders on its first van trip, in register
order) is put behind the real pipeline; the independent checker must catch it, and the run must
say so first and loudly, mark the affected sheets and PDF pages, write violations.csv, and end
with exit code 5 unless the user accepts the violations by name.
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from mealplan.routing.engines.base import RawRoute, RawSolution
from tests.helpers import read_rows, run_plan

DATE = "2026-11-25"


def reckless_engine(problem, limits):
    """Every order on vehicle 0, leaving as early as allowed: past the hold limit, windows and shift."""
    nodes = tuple(range(1, problem.n_nodes))
    vehicle = problem.vehicles[0]
    return RawSolution(
        routes=(RawRoute(vehicle=0, nodes=nodes, start_s=vehicle.earliest_start_s, end_s=vehicle.latest_end_s),),
        dropped=(),
        found=True,
    )


@pytest.fixture
def reckless(monkeypatch):
    """The pipeline's engine lookup returns the reckless engine (one worker: the same process)."""
    monkeypatch.setattr("mealplan.routing.kitchen.get_engine", lambda name: reckless_engine)


def test_a_violating_plan_is_written_marked_and_exits_5(reckless, small_dir, tmp_path):
    """Exit 5, the banner before the summary, violations.csv rows, red marks on index, sheets and PDFs."""
    result = run_plan(small_dir, tmp_path / "out", DATE)
    assert result.exit_code == 5, result.output
    output = result.output
    assert output.index("ВНИМАНИЕ: планът нарушава") < output.index("План за " + DATE)
    assert "--accept-violations" in output

    folder = tmp_path / "out" / DATE
    rows = read_rows(folder / "violations.csv")
    causes = {r["cause"] for r in rows}
    assert "hold" in causes and len(causes) >= 2
    hold = next(r for r in rows if r["cause"] == "hold")
    assert hold["van_id"] and hold["trip"] == "1" and hold["stop"] and hold["client_id"]
    assert hold["limit"].endswith("мин") and hold["actual"].endswith("мин")

    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'class="violations"' in index and index.index('class="violations"') < index.index("<table>\n  <tr><th>")
    marked = [
        p for p in (folder / "routes").glob("*.html") if "НАРУШЕНИЕ на този курс" in p.read_text(encoding="utf-8")
    ]
    assert {p.stem for p in marked} == {r["van_id"] for r in rows if r["van_id"]}
    pdf_text = "".join(page.extract_text() for pdf in (folder / "pdf").glob("*.pdf") for page in PdfReader(pdf).pages)
    assert "НАРУШЕНИЕ на този курс" in pdf_text


def test_accepting_violations_by_name_exits_0_but_still_says_so(reckless, small_dir, tmp_path):
    """--accept-violations is the only way to a zero exit, and the banner still comes first."""
    result = run_plan(small_dir, tmp_path / "out", DATE, "--accept-violations")
    assert result.exit_code == 0, result.output
    assert "ВНИМАНИЕ: планът нарушава" in result.output
    assert "приети изрично" in result.output


def test_a_clean_plan_writes_an_empty_violations_file_and_no_banner(small_dir, tmp_path):
    """No violation: exit 0, violations.csv holds only its header, no banner anywhere."""
    result = run_plan(small_dir, tmp_path / "out", DATE)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / DATE
    assert read_rows(folder / "violations.csv") == []
    assert "ВНИМАНИЕ" not in result.output
    assert 'class="violations"' not in (folder / "index.html").read_text(encoding="utf-8")
