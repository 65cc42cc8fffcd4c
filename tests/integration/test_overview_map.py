"""The overview map at city scale: the trips, and each kitchen's map keeps the doors."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest

import mealplan.io.writers.maps as maps
from mealplan.night import NightConfig, plan_night
from mealplan.pipeline import RunConfig

DAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def night(small_dir, small_dataset):
    config = RunConfig(data_dir=small_dir, date=DAY, time_limit_s=2, workers=1, solution_limit=20)
    done = plan_night(NightConfig(run=config, write=False), dataset=small_dataset)
    assert len({r.kitchen_id for r in done.plan.routes}) > 1  # an overview, not one kitchen's map
    return done


def door_names(plan, dataset):
    """Each served client's name as the map's GeoJSON holds it (JSON-escaped)."""
    names = {c.client_id: c.name for c in dataset.clients}
    return {json.dumps(html.escape(names[s.client_id]))[1:-1] for r in plan.routes for s in r.stops}


def test_an_overview_of_few_doors_shows_every_door(night, tmp_path):
    written = maps.write_maps(night.plan, night.dataset, tmp_path, "bg")
    overview = (tmp_path / written[""]).read_text(encoding="utf-8")
    assert all(name in overview for name in door_names(night.plan, night.dataset))
    assert "mealplan-doors" not in overview


def test_an_overview_of_more_doors_than_a_map_can_show_draws_the_trips_and_says_where_the_doors_are(
    night, tmp_path, monkeypatch
):
    monkeypatch.setattr(maps, "OVERVIEW_DOORS_MAX", 1)
    written = maps.write_maps(night.plan, night.dataset, tmp_path, "en")
    overview = (tmp_path / written[""]).read_text(encoding="utf-8")
    names = door_names(night.plan, night.dataset)
    assert not any(name in overview for name in names)  # no door, no popup with a name or phone
    assert overview.count("L.polyline(") == len(night.plan.routes)  # every trip drawn
    assert "the doors on each kitchen&#x27;s map" in overview or "the doors on each kitchen's map" in overview
    kitchen_maps = "".join((tmp_path / written[k]).read_text(encoding="utf-8") for k in written if k)
    assert all(name in kitchen_maps for name in names)  # the doors are on the kitchens' maps
