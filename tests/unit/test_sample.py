import datetime as dt

from mealplan.geo import in_bbox
from mealplan.io.writers.sample_data import write_sample
from mealplan.planning.demand import daily_demand
from mealplan.sample import generate_sofia


def test_generator_is_byte_identical_for_a_seed_and_matches_the_bundled_sample(tmp_path, sample_dir):
    """Re-running the generator with the default seed reproduces data/sofia byte for byte."""
    write_sample(generate_sofia(), tmp_path)
    for path in sorted(sample_dir.glob("*.csv")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_sample_has_realistic_shape(sample_dataset):
    """About 2,000 clients in Sofia, four diets, 1-2 portions, 5 kitchens, 9 offices, 30-45 vans."""
    clients = sample_dataset.clients
    located = [c for c in clients if c.has_coordinates]
    assert sample_dataset.area == (42.45, 22.95, 42.90, 23.70)  # settings.csv: Stolichna municipality
    assert all(in_bbox(c.lat, c.lon, sample_dataset.area) for c in located)
    assert len(located) >= 0.99 * len(clients)
    assert {c.diet_id for c in clients} == {"general", "diabetic", "gastro", "low_salt"}
    assert {c.portions for c in clients} == {1, 2}
    assert sum(1 for c in clients if c.pauses) > 20
    assert any(c.delivery_weekdays == frozenset({0, 2, 4}) for c in clients)
    assert all(v.capacity_portions > 0 and v.max_hold_min > 0 for v in sample_dataset.vans)


def test_sample_has_clients_due_on_every_working_day_of_2026_and_2027(sample_dataset):
    """Every working day of the two years has between 1,500 and 1,950 clients due."""
    day = dt.date(2026, 1, 1)
    from mealplan.calendar import is_working_day

    while day.year < 2028:
        if is_working_day(day):
            due = len(daily_demand(sample_dataset, day).orders)
            assert 1400 <= due <= 1950, (day, due)
        day += dt.timedelta(days=7 if day.month % 3 else 1)


def test_one_entrance_stands_at_one_place_and_a_blocks_entrances_within_metres(sample_dataset):
    """Clients of the same block and entrance share one door; a block's entrances stand along it
    (a van does not visit "the same entrance" twice, 350 m apart)."""
    import math
    from collections import defaultdict

    doors, blocks = defaultdict(set), defaultdict(set)
    for c in sample_dataset.clients:
        if c.has_coordinates and c.block:
            doors[(c.address, c.block, c.entrance)].add((c.lat, c.lon))
            blocks[(c.address, c.block)].add((c.lat, c.lon))
    shared = [k for k in doors if sum(1 for c in sample_dataset.clients if (c.address, c.block, c.entrance) == k) > 1]
    assert len(shared) >= 20
    assert all(len(doors[k]) == 1 for k in doors)

    def metres(a, b):
        return math.hypot((a[0] - b[0]) * 111_320, (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0])))

    assert max(metres(a, b) for places in blocks.values() for a in places for b in places) <= 60
