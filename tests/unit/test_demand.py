import datetime as dt

from mealplan.models import ClientStatus, NotDueReason, Pause
from mealplan.planning.demand import daily_demand, service_time_s


def with_client(dataset, **update):
    client = dataset.clients[0].model_copy(update=update)
    return dataset.model_copy(update={"clients": (client,)}), client


def test_every_valid_client_is_either_due_or_not_due_with_a_reason(sample_dataset):
    """Demand partitions the valid clients: no one disappears."""
    demand = daily_demand(sample_dataset, dt.date(2026, 11, 25))
    ids = [o.client_id for o in demand.orders] + [n.client_id for n in demand.not_due]
    assert sorted(ids) == sorted(c.client_id for c in sample_dataset.clients)
    assert 1500 < len(demand.orders) < 2000


def test_nobody_is_due_on_a_public_holiday(sample_dataset):
    """On Easter Monday every client is not due, with the holiday named."""
    demand = daily_demand(sample_dataset, dt.date(2026, 4, 13))
    assert demand.orders == ()
    assert {n.reason for n in demand.not_due} == {NotDueReason.NOT_WORKING_DAY}


def test_monday_wednesday_friday_client_is_not_due_on_tuesday(sample_dataset):
    """Delivery days are honoured."""
    dataset, _ = with_client(
        sample_dataset,
        delivery_weekdays=frozenset({0, 2, 4}),
        status=ClientStatus.ACTIVE,
        start_date=dt.date(2020, 1, 1),
        end_date=None,
        pauses=(),
    )
    assert daily_demand(dataset, dt.date(2026, 11, 24)).not_due[0].reason is NotDueReason.NOT_DELIVERY_DAY
    assert len(daily_demand(dataset, dt.date(2026, 11, 25)).orders) == 1


def test_pauses_start_end_and_status_stop_delivery(sample_dataset):
    """A pause covering the day, a later start, an earlier end, suspension: each is its own reason."""
    day = dt.date(2026, 11, 25)
    base = {
        "delivery_weekdays": frozenset(range(5)),
        "status": ClientStatus.ACTIVE,
        "start_date": dt.date(2020, 1, 1),
        "end_date": None,
        "pauses": (),
    }
    cases = [
        ({"pauses": (Pause(start=day, end=day, reason="болница"),)}, NotDueReason.PAUSED),
        ({"start_date": day + dt.timedelta(days=1)}, NotDueReason.BEFORE_START),
        ({"end_date": day - dt.timedelta(days=1)}, NotDueReason.AFTER_END),
        ({"status": ClientStatus.SUSPENDED}, NotDueReason.SUSPENDED),
    ]
    for update, reason in cases:
        dataset, _ = with_client(sample_dataset, **(base | update))
        assert daily_demand(dataset, day).not_due[0].reason is reason


def test_service_time_grows_with_stairs_and_portions(sample_dataset):
    """No lift on the 5th floor and two portions take longer than a ground-floor single portion."""
    settings = sample_dataset.settings
    client = sample_dataset.clients[0]
    ground = client.model_copy(update={"floor": 0, "has_lift": False, "portions": 1})
    stairs = client.model_copy(update={"floor": 5, "has_lift": False, "portions": 2})
    assert service_time_s(ground, settings) == 120
    assert service_time_s(stairs, settings) == 120 + 5 * 24 + 30
