"""Without the road engine (Python 3.11, or the roads extra not installed) --roads says what to do."""

from __future__ import annotations

import mealplan.io.adapters.osrm as roads
from tests.helpers import run_plan


def test_roads_without_osrm_exits_2_naming_the_python_version_and_the_extra(small_dir, tmp_path, monkeypatch):
    """No traceback and no silent fallback to straight lines: the user asked for roads."""
    monkeypatch.setattr(roads, "engine_version", lambda: None)
    extract = tmp_path / "city.osm.pbf"
    extract.write_bytes(b"")
    result = run_plan(small_dir, tmp_path / "out", "2026-11-25", "--lang", "en", "--roads", str(extract))
    assert result.exit_code == 2, result.output
    assert "Python 3.12" in result.output and "mealplan[roads]" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "2026-11-25").exists()
