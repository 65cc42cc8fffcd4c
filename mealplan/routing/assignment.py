"""Which kitchen cooks for whom: a min-cost flow over portions.

It lives with the solvers because it is one: orders send their portions to kitchens that
cook their diet, at a cost of the distance, through each kitchen's capacity (the smaller of
what it can cook and what its vans can carry in their trips). A dummy "nowhere" kitchen with a
prohibitive cost takes what no kitchen can, which then is unserved for kitchen capacity.
The flow can split a 2-portion order between two kitchens at a capacity boundary; such an
order goes whole to the kitchen with room for it, nearest first.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from ortools.graph.python import min_cost_flow

from mealplan.geo import haversine_m
from mealplan.models import Kitchen, KitchenAssignment, Order, Unserved, UnservedReason, Van

NOWHERE_COST = 10**9


def fleet_capacity(kitchen: Kitchen, vans: list[Van]) -> int:
    """Portions a kitchen's vans can carry in one day, every trip full."""
    return sum(v.capacity_portions * v.trips for v in vans if v.kitchen_id == kitchen.kitchen_id)


def effective_capacity(kitchen: Kitchen, vans: list[Van]) -> int:
    """Portions a kitchen can both cook and send out in one day."""
    return min(kitchen.capacity_portions, fleet_capacity(kitchen, vans))


def _over_capacity(order: Order, cooking: list[Kitchen], vans: list[Van], short: int) -> Unserved:
    """What ran out for an order no kitchen could take: the vans, when every kitchen that cooks
    its diet could cook more than its vans carry (vans of one portion are not a kitchen's limit),
    else the kitchens."""
    fleet_bound = [k for k in cooking if fleet_capacity(k, vans) < k.capacity_portions]
    if fleet_bound and len(fleet_bound) == len(cooking):
        per_van = max(
            (v.capacity_portions * v.trips for v in vans if v.kitchen_id in {k.kitchen_id for k in cooking}),
            default=1,
        )
        vans_short = max(1, -(-short // max(per_van, 1)))
        kitchens = ", ".join(k.kitchen_id for k in cooking)
        return Unserved.of(order, UnservedReason.FLEET_CAPACITY, {"vans": vans_short, "kitchen": kitchens})
    return Unserved.of(order, UnservedReason.KITCHEN_CAPACITY, {"portions": short})


def assign_kitchens(
    orders: list[Order],
    kitchens: list[Kitchen],
    vans: list[Van],
    road_costs: dict[tuple[str, str], float] | None = None,
    homes: Mapping[str, str] | None = None,
    move_cost: float = 0.0,
) -> KitchenAssignment:
    """Assign every located order to a kitchen, or report why none can cook it.

    The cost of a kitchen is its straight-line distance to the door, or with ``road_costs``
    ((client_id, kitchen_id) -> road seconds out) the road time; a pair missing from
    ``road_costs`` has no road there and back and is never chosen. ``homes`` (client -> kitchen,
    a re-plan's published plan) adds ``move_cost`` (the cost's unit) to every other kitchen:
    at a full kitchen one more portion then moves the one client it must, not a chain of them.
    """
    unserved: list[Unserved] = []
    located: list[Order] = []
    for order in orders:
        if order.lat is None or order.lon is None:
            unserved.append(Unserved.of(order, UnservedReason.NO_COORDINATES))
        elif not any(order.diet_id in k.diet_ids for k in kitchens):
            unserved.append(Unserved.of(order, UnservedReason.DIET_NOT_COOKED, {"diet": order.diet_id}))
        else:
            located.append(order)
    kitchens = sorted(kitchens, key=lambda k: k.kitchen_id)
    result: dict[str, list[Order]] = {k.kitchen_id: [] for k in kitchens}
    if not located:
        return KitchenAssignment(orders_by_kitchen={k: tuple(v) for k, v in result.items()}, unserved=tuple(unserved))

    lat = np.array([o.lat for o in located])
    lon = np.array([o.lon for o in located])
    k_lat = np.array([k.lat for k in kitchens])
    k_lon = np.array([k.lon for k in kitchens])
    cost_of = haversine_m(lat[:, None], lon[:, None], k_lat[None, :], k_lon[None, :])
    if road_costs is not None:
        cost_of = np.array(
            [[road_costs.get((o.client_id, k.kitchen_id), np.inf) for k in kitchens] for o in located], dtype=float
        ).reshape(len(located), len(kitchens))
    if homes:
        column = {k.kitchen_id: j for j, k in enumerate(kitchens)}
        for i, order in enumerate(located):
            home = column.get(homes.get(order.client_id, ""))
            if home is not None:
                cost_of[i, :] += move_cost
                cost_of[i, home] -= move_cost
    capacity = [effective_capacity(k, vans) for k in kitchens]

    n_orders, n_kitchens = len(located), len(kitchens)
    nowhere = n_orders + n_kitchens
    sink = nowhere + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    tails, heads, caps, costs = [], [], [], []
    for i, order in enumerate(located):
        for j, kitchen in enumerate(kitchens):
            if order.diet_id in kitchen.diet_ids and capacity[j] > 0 and np.isfinite(cost_of[i, j]):
                tails.append(i)
                heads.append(n_orders + j)
                caps.append(order.portions)
                costs.append(int(cost_of[i, j]))
        tails.append(i)
        heads.append(nowhere)
        caps.append(order.portions)
        costs.append(NOWHERE_COST)
    for j in range(n_kitchens):
        tails.append(n_orders + j)
        heads.append(sink)
        caps.append(capacity[j])
        costs.append(0)
    total = sum(o.portions for o in located)
    tails.append(nowhere)
    heads.append(sink)
    caps.append(total)
    costs.append(0)
    flow.add_arcs_with_capacity_and_unit_cost(np.array(tails), np.array(heads), np.array(caps), np.array(costs))
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_orders] = [o.portions for o in located]
    supplies[sink] = -total
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:  # cannot happen with the nowhere arc; keep the promise anyway
        raise RuntimeError(f"kitchen assignment flow failed with status {status}")

    flows = flow.flows(np.arange(flow.num_arcs()))
    shares: list[dict[int, int]] = [{} for _ in located]
    for arc, amount in enumerate(flows):
        if amount and tails[arc] < n_orders:
            head = heads[arc]
            shares[tails[arc]][head - n_orders if head != nowhere else -1] = int(amount)

    remaining = list(capacity)
    split: list[int] = []
    chosen: list[int | None] = [None] * n_orders
    for i, order in enumerate(located):
        share = shares[i]
        if len(share) == 1:
            j = next(iter(share))
            chosen[i] = j
            if j >= 0:
                remaining[j] -= order.portions
        else:
            split.append(i)
    for i in split:
        order = located[i]
        options = sorted(
            (cost_of[i, j], j)
            for j in range(n_kitchens)
            if order.diet_id in kitchens[j].diet_ids and remaining[j] >= order.portions and np.isfinite(cost_of[i, j])
        )
        chosen[i] = options[0][1] if options else -1
        if options:
            remaining[options[0][1]] -= order.portions

    short = sum(located[i].portions for i in range(n_orders) if chosen[i] == -1)
    has_vans = {v.kitchen_id for v in vans}
    for i, order in enumerate(located):
        choice = chosen[i]
        if choice is None or choice < 0:
            cooking = [k.kitchen_id for k in kitchens if order.diet_id in k.diet_ids]
            if not any(k in has_vans for k in cooking):
                # The kitchens that cook the diet have no van: capacity is not what is missing.
                unserved.append(Unserved.of(order, UnservedReason.NO_VANS, {"kitchen": ", ".join(cooking)}))
            else:
                unserved.append(_over_capacity(order, [k for k in kitchens if k.kitchen_id in cooking], vans, short))
        else:
            result[kitchens[choice].kitchen_id].append(order)
    return KitchenAssignment(
        orders_by_kitchen={k: tuple(v) for k, v in result.items()},
        unserved=tuple(unserved),
    )
