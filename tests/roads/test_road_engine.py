"""The road engine on real OpenStreetMap data: preparation, caching, tables, snapping, geometry."""

from __future__ import annotations

import numpy as np
import pytest

from mealplan.errors import InputError
from mealplan.geo import haversine_m
from mealplan.io.adapters.osrm import open_roads, prepare_roads
from tests.roads.conftest import EXTRACT

pytestmark = pytest.mark.roads

# Two real doors in central Helsinki (data/helsinki/clients.csv) and the kitchen on Erottajankatu.
KITCHEN = (60.166097, 24.944153)
DOOR_A = (60.166418, 24.935837)  # Kalevankatu 18
DOOR_B = (60.168082, 24.948334)  # Fabianinkatu 12
HARBOUR = (60.1590, 24.9600)  # water off Katajanokka: no road within hundreds of metres


def test_preparation_is_cached_by_the_extracts_hash_and_the_engine_version(tmp_path):
    """A second run opens the prepared graph instead of building it again; a changed extract builds anew."""
    steps: list[str] = []
    first = prepare_roads(EXTRACT, tmp_path, steps.append)
    assert steps == ["roads_prepare"] and "-osrm-" in first.parent.name
    stamp = (first.parent / "ready").stat().st_mtime_ns
    again = prepare_roads(EXTRACT, tmp_path, steps.append)
    assert again == first and steps == ["roads_prepare"]
    assert (first.parent / "ready").stat().st_mtime_ns == stamp
    changed = tmp_path / "changed.osm.pbf"
    changed.write_bytes(EXTRACT.read_bytes() + b"\0")
    other = prepare_roads(changed, tmp_path, steps.append)  # a different hash: built anew
    assert other.parent != first.parent and steps == ["roads_prepare", "roads_prepare"]


def test_a_file_that_is_no_extract_stops_with_its_name_and_leaves_no_half_built_cache(tmp_path):
    """osrm-extract's own complaint is quoted, and the cache holds nothing a later run would trust."""
    bad = tmp_path / "notamap.osm.pbf"
    bad.write_text("hello", encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(InputError) as caught:
        prepare_roads(bad, cache)
    assert caught.value.code == "roads_unreadable" and "notamap.osm.pbf" in str(caught.value)
    assert [p.name for p in cache.iterdir()] == [".lock"]


def test_a_cache_folder_without_its_ready_mark_is_rebuilt_and_killed_preparations_are_cleared(tmp_path):
    """A folder a killed preparation (or a bad copy) left without `ready` never breaks later runs."""
    first = prepare_roads(EXTRACT, tmp_path)
    (first.parent / "ready").unlink()
    for leftover in first.parent.iterdir():
        if leftover.name != "roads.osrm.hsgr":
            leftover.unlink()  # half a graph
    stale = tmp_path / f".{first.parent.name}-killed"
    stale.mkdir()
    (stale / "roads.osm.pbf").write_bytes(EXTRACT.read_bytes())  # the copy a killed run leaves
    steps: list[str] = []
    again = prepare_roads(EXTRACT, tmp_path, steps.append)
    assert again == first and steps == ["roads_prepare"] and (again.parent / "ready").is_file()
    assert not stale.exists()
    open_roads(EXTRACT, tmp_path)  # and it opens


def test_a_cache_folder_that_cannot_be_written_is_an_environment_error(tmp_path):
    import os

    from mealplan.errors import OutputError

    if os.geteuid() == 0:
        cache = tmp_path / "file-not-folder"
        cache.write_text("", encoding="utf-8")  # root writes anywhere: a file in the way stands in
    else:
        cache = tmp_path / "locked"
        cache.mkdir(mode=0o500)
    with pytest.raises(OutputError) as caught:
        prepare_roads(EXTRACT, cache)
    assert caught.value.code == "cache_unwritable" and caught.value.exit_code == 3


def test_a_missing_extract_is_named(tmp_path):
    with pytest.raises(InputError) as caught:
        open_roads(tmp_path / "nowhere.osm.pbf", tmp_path)
    assert caught.value.code == "roads_missing" and "nowhere.osm.pbf" in str(caught.value)


def test_tables_are_float32_road_figures_longer_than_the_straight_line(helsinki_roads):
    """Road metres are at least the great-circle distance, and seconds grow with them."""
    lats = np.array([KITCHEN[0], DOOR_A[0], DOOR_B[0]])
    lons = np.array([KITCHEN[1], DOOR_A[1], DOOR_B[1]])
    every = np.arange(3)
    distance_m, travel_s = helsinki_roads.table(lats, lons, every, every)
    assert distance_m.dtype == np.float32 and travel_s.dtype == np.float32
    assert distance_m.shape == travel_s.shape == (3, 3)
    straight = haversine_m(lats[:, None], lons[:, None], lats[None, :], lons[None, :])
    off_diagonal = ~np.eye(3, dtype=bool)
    # Snapping moves each end by up to ~30 m onto its street; beyond that, roads are longer.
    assert (distance_m[off_diagonal] >= straight[off_diagonal] - 60).all()
    assert (travel_s[off_diagonal] > 0).all()
    assert np.allclose(np.diag(travel_s), 0)


def test_tables_in_blocks_equal_one_big_table(helsinki_roads, monkeypatch):
    """Asking for sources in blocks (to bound memory) changes no figure."""
    import mealplan.io.adapters.osrm as roads

    rng = np.random.default_rng(3)
    lats = 60.163 + rng.random(40) * 0.012
    lons = 24.935 + rng.random(40) * 0.02
    every = np.arange(40)
    whole = helsinki_roads.table(lats, lons, every, every)
    monkeypatch.setattr(roads, "BLOCK_SOURCES", 7)
    blocked = helsinki_roads.table(lats, lons, every, every)
    for a, b in zip(whole, blocked, strict=True):
        assert np.array_equal(np.isnan(a), np.isnan(b))
        assert np.allclose(np.nan_to_num(a), np.nan_to_num(b))


def test_snapping_measures_the_way_to_the_nearest_drivable_road(helsinki_roads):
    """A door on a street snaps within metres; a point in the harbour is hundreds of metres out."""
    snaps = helsinki_roads.snap_m(np.array([DOOR_A[0], HARBOUR[0]]), np.array([DOOR_A[1], HARBOUR[1]]))
    assert snaps[0] < 50
    assert snaps[1] > 300


def test_paths_follow_the_streets_through_every_stop(helsinki_roads):
    """The geometry starts and ends at the kitchen's street and has far more points than stops."""
    lats = np.array([KITCHEN[0], DOOR_A[0], DOOR_B[0], KITCHEN[0]])
    lons = np.array([KITCHEN[1], DOOR_A[1], DOOR_B[1], KITCHEN[1]])
    path, _, _ = helsinki_roads.path(lats, lons)
    assert len(path) > 10
    assert haversine_m(*path[0], *KITCHEN) < 50 and haversine_m(*path[-1], *KITCHEN) < 50
    for door in (DOOR_A, DOOR_B):
        assert min(float(haversine_m(lat, lon, *door)) for lat, lon in path) < 50


def test_one_point_alone_is_snapped_too(helsinki_roads):
    """A one-row table needs two points; a single door is still measured."""
    snaps = helsinki_roads.snap_m(np.array([HARBOUR[0]]), np.array([HARBOUR[1]]))
    assert snaps.shape == (1,) and snaps[0] > 300
