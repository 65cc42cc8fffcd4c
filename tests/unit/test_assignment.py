from mealplan.models import Kitchen, Order, UnservedReason, Van
from mealplan.routing.assignment import assign_kitchens, effective_capacity


def kitchen(kid, lat, capacity, diets=("general", "diabetic")):
    return Kitchen(
        kitchen_id=kid,
        name=kid,
        lat=lat,
        lon=23.3,
        capacity_portions=capacity,
        diet_ids=frozenset(diets),
        ready_min=570,
    )


def vans_for(*kids, capacity=100):
    return [
        Van(
            van_id=f"V{k}",
            kitchen_id=k,
            capacity_portions=capacity,
            shift_start_min=540,
            shift_end_min=900,
            max_hold_min=120,
            trips=2,
        )
        for k in kids
    ]


def order(i, lat, diet="general", portions=1):
    return Order(
        client_id=f"C{i}",
        row=i + 2,
        diet_id=diet,
        portions=portions,
        lat=lat,
        lon=23.3,
        window_start_min=600,
        window_end_min=840,
        service_s=120,
    )


def test_orders_go_to_the_nearest_kitchen_while_it_has_room():
    """With room everywhere each order goes to its nearest kitchen."""
    kitchens = [kitchen("A", 42.60, 100), kitchen("B", 42.80, 100)]
    orders = [order(0, 42.61), order(1, 42.79)]
    result = assign_kitchens(orders, kitchens, vans_for("A", "B"))
    assert [o.client_id for o in result.orders_by_kitchen["A"]] == ["C0"]
    assert [o.client_id for o in result.orders_by_kitchen["B"]] == ["C1"]


def test_capacity_overflow_goes_to_the_next_kitchen_not_to_nowhere():
    """A full kitchen sends the order whose detour costs least to the other kitchen."""
    kitchens = [kitchen("A", 42.60, 2), kitchen("B", 42.80, 100)]
    orders = [order(0, 42.60), order(1, 42.61), order(2, 42.70)]
    result = assign_kitchens(orders, kitchens, vans_for("A", "B"))
    assert sum(o.portions for o in result.orders_by_kitchen["A"]) <= 2
    assert {o.client_id for o in result.orders_by_kitchen["B"]} == {"C2"}
    assert result.unserved == ()


def test_a_diet_goes_only_to_kitchens_that_cook_it():
    """The near kitchen does not cook gastro, so the far one does."""
    kitchens = [kitchen("A", 42.60, 100, diets=("general",)), kitchen("B", 42.80, 100, diets=("general", "gastro"))]
    result = assign_kitchens([order(0, 42.60, diet="gastro")], kitchens, vans_for("A", "B"))
    assert [o.client_id for o in result.orders_by_kitchen["B"]] == ["C0"]


def test_no_kitchen_cooks_the_diet_and_no_capacity_left_are_explained():
    """Orders no kitchen can take are unserved with the reason, the rest assigned; portions never split."""
    kitchens = [kitchen("A", 42.60, 3)]
    orders = [order(0, 42.60, diet="low_salt"), order(1, 42.60, portions=2), order(2, 42.60, portions=2)]
    result = assign_kitchens(orders, kitchens, vans_for("A"))
    reasons = {u.client_id: u.reason for u in result.unserved}
    assert reasons["C0"] is UnservedReason.DIET_NOT_COOKED
    assert list(reasons.values()).count(UnservedReason.KITCHEN_CAPACITY) == 1
    assert sum(o.portions for o in result.orders_by_kitchen["A"]) == 2


def test_order_without_coordinates_is_unserved_no_coordinates():
    """No lat/lon: unserved with a hint to add them or name a geocoder."""
    o = order(0, 42.6).model_copy(update={"lat": None, "lon": None})
    result = assign_kitchens([o], [kitchen("A", 42.6, 10)], vans_for("A"))
    assert result.unserved[0].reason is UnservedReason.NO_COORDINATES
    assert result.unserved[0].args == {}


def test_effective_capacity_is_limited_by_what_the_vans_can_carry():
    """A kitchen that can cook 500 but has one 60-portion van with two trips can send out 120."""
    assert effective_capacity(kitchen("A", 42.6, 500), vans_for("A", capacity=60)) == 120


def test_orders_the_vans_cannot_carry_are_unserved_for_the_vans_not_the_kitchen():
    """Vans of one portion (two trips) at a kitchen that cooks 500: what ran out is the fleet."""
    result = assign_kitchens(
        [order(i, 42.70) for i in range(5)], [kitchen("K1", 42.7, 500)], vans_for("K1", capacity=1)
    )
    reasons = [u.reason for u in result.unserved]
    assert reasons == [UnservedReason.FLEET_CAPACITY] * 3
    assert result.unserved[0].args["kitchen"] == "K1" and result.unserved[0].args["vans"] == 2


def test_orders_beyond_what_the_kitchen_cooks_stay_unserved_for_kitchen_capacity():
    result = assign_kitchens([order(i, 42.70) for i in range(5)], [kitchen("K1", 42.7, 3)], vans_for("K1"))
    assert [u.reason for u in result.unserved] == [UnservedReason.KITCHEN_CAPACITY] * 2
