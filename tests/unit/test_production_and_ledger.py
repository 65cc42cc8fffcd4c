import datetime as dt
import math

import pytest

from mealplan.errors import PlanIntegrityError
from mealplan.models import LedgerStatus
from mealplan.pipeline import RunConfig, run_day
from mealplan.planning.ledger import build_ledger
from mealplan.planning.production import menu_for
from tests.helpers import portions_by_kitchen_and_diet

DAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def small_plan(small_dir):
    """The 150-client slice planned for a Wednesday with a 2-second budget."""
    return run_day(RunConfig(data_dir=small_dir, date=DAY, time_limit_s=2, workers=1))


def test_menu_has_soup_main_and_bread_for_every_diet_every_working_day(sample_dataset):
    """Each diet gets a complete menu on any weekday of the cycle; dessert at least once a week."""
    diets = {d.diet_id for d in sample_dataset.diets}
    for offset in range(28):
        day = dt.date(2026, 11, 2) + dt.timedelta(days=offset)
        if day.weekday() > 4:
            continue
        menu = menu_for(sample_dataset, day)
        assert set(menu) == diets
        assert all(len(dishes) >= 3 for dishes in menu.values())
    courses = {d.dish_id: d.course.value for d in sample_dataset.dishes}
    for week in range(4):
        days = [dt.date(2026, 11, 2) + dt.timedelta(weeks=week, days=d) for d in range(5)]
        assert any(courses[x] == "dessert" for day in days for x in menu_for(sample_dataset, day)["general"])


def test_production_equals_assigned_portions_per_kitchen_and_diet(small_plan):
    """Main-course portions per kitchen and diet equal the routed plus unrouted portions assigned there."""
    plan, _dataset = small_plan
    routed, unrouted = portions_by_kitchen_and_diet(plan)
    mains = {(l.kitchen_id, l.diet_id): l for l in plan.production.lines if l.course.value == "main"}
    assert set(mains) == set(routed) | set(unrouted)
    for key, line in mains.items():
        assert line.portions == routed[key] + unrouted[key]
        assert line.portions_unrouted == unrouted[key]


def test_ledger_has_every_register_row_once(small_plan):
    """One ledger entry per register row, and a reason in words on every one that is not routed."""
    from mealplan.io.wording import ledger_reason, register_errors_by_row

    plan, dataset = small_plan
    assert [e.row for e in plan.ledger] == sorted(r.row for r in dataset.register_rows)
    invalid = register_errors_by_row(plan.problems, dataset.register_file)
    for entry in plan.ledger:
        if entry.status is not LedgerStatus.ROUTED:
            assert entry.reason_code and ledger_reason(entry, invalid, "bg"), entry
        else:
            assert entry.van_id and entry.stop and entry.arrival_s


def test_ledger_refuses_to_balance_when_a_client_is_lost(small_plan, small_dataset):
    """Dropping a routed client on the floor raises instead of writing an incomplete plan."""
    plan, dataset = small_plan
    from mealplan.planning.demand import daily_demand

    demand = daily_demand(dataset, DAY)
    routes = list(plan.routes)
    first = routes[0]
    routes[0] = first.model_copy(update={"stops": first.stops[1:]})
    with pytest.raises(PlanIntegrityError, match="never accounted"):
        build_ledger(dataset, demand, routes, list(plan.unserved))


def test_spare_portions_follow_the_policy(small_plan):
    """Each kitchen and diet cooks 2 % extra, at least one portion, by default."""

    plan, dataset = small_plan
    for line in plan.production.lines:
        expected = (
            max(dataset.settings.spare_min_portions, math.ceil(line.portions * dataset.settings.spare_pct / 100))
            if line.portions
            else 0
        )
        assert line.portions_spare == expected
        assert line.portions_to_cook == line.portions + line.portions_spare
