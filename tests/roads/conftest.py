"""Road-engine fixtures: the Helsinki extract shipped with data/helsinki, prepared once per session.

OSRM's wheels exist for Python 3.12+ only. On 3.11 these tests skip, saying so; ``.ci/run``
runs them again on Python 3.12 with ``MEALPLAN_REQUIRE_ROADS=1``, where a missing engine is a
failure, not a skip, so CI always exercises the road engine the README recommends.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mealplan.io.adapters.osrm import engine_version

ROOT = Path(__file__).resolve().parents[2]
HELSINKI = ROOT / "data" / "helsinki"
EXTRACT = HELSINKI / "roads.osm.pbf"


@pytest.fixture(scope="session", autouse=True)
def _road_engine():
    if engine_version() is None:
        if os.environ.get("MEALPLAN_REQUIRE_ROADS"):
            pytest.fail("MEALPLAN_REQUIRE_ROADS is set but osrm-bindings is not installed")
        pytest.skip("the road engine (osrm-bindings) needs Python 3.12+; .ci/run runs these tests there")


@pytest.fixture(scope="session")
def road_cache(tmp_path_factory) -> Path:
    """One cache folder for the session: the Helsinki graph is prepared once."""
    return tmp_path_factory.mktemp("road-cache")


@pytest.fixture(scope="session")
def helsinki_roads(road_cache):
    """The shipped Helsinki extract, prepared and opened."""
    from mealplan.io.adapters.osrm import open_roads

    return open_roads(EXTRACT, road_cache)


@pytest.fixture()
def helsinki_copy(tmp_path) -> Path:
    """A writable copy of data/helsinki (its cache goes inside the data folder)."""
    target = tmp_path / "helsinki"
    shutil.copytree(HELSINKI, target, ignore=shutil.ignore_patterns(".mealplan-cache"))
    return target
