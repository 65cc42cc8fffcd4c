"""Planning on roads: put every door on the network, then compute the night's matrices once.

``locate_on_roads`` snaps kitchens and doors to drivable roads and finds which kitchens can
reach each door and get back (tiny extracts cut one-way streets at their edge; islands of the
extract have no road to the mainland). A door too far from any road, or with no way there and
back from any kitchen that cooks its diet, is unserved with that reason, never routed with a
made-up time. ``road_travel`` then computes one matrix block per kitchen over the orders it was
given, in the parent process, so sectors and workers only slice it.
"""

from __future__ import annotations

import math

import numpy as np

from mealplan.errors import InputError
from mealplan.models import Kitchen, Order, Route, Unserved, UnservedReason
from mealplan.routing.travel import MatrixBlock, MatrixTravel, RoadNetwork, point_key

# Road answers are float; the router works in whole seconds and the checker re-times with the
# same matrices, so the rounding happens once, here and in MatrixTravel.matrices.
KitchenCosts = dict[tuple[str, str], float]  # (client_id, kitchen_id) -> seconds kitchen -> door


def locate_on_roads(
    orders: list[Order], kitchens: list[Kitchen], network: RoadNetwork, max_snap_m: float, speed_factor: float
) -> tuple[list[Order], list[Unserved], KitchenCosts]:
    """Orders a van can reach, the others with why, and the road seconds from each kitchen to each door.

    Orders without coordinates pass through untouched (the assignment explains them). A kitchen
    off the road network stops the run: every one of its clients would be wrong.
    """
    kitchens = sorted(kitchens, key=lambda k: k.kitchen_id)
    k_lat = np.array([k.lat for k in kitchens], dtype=float)
    k_lon = np.array([k.lon for k in kitchens], dtype=float)
    for kitchen, snap in zip(kitchens, network.snap_m(k_lat, k_lon), strict=True):
        if not snap <= max_snap_m:
            raise InputError(
                "kitchen_off_road", kitchen=kitchen.kitchen_id, distance=_metres(snap), limit=_metres(max_snap_m)
            )
    located = [o for o in orders if o.lat is not None and o.lon is not None]
    kept: list[Order] = [o for o in orders if o.lat is None or o.lon is None]
    lost: list[Unserved] = []
    costs: KitchenCosts = {}
    if not located:
        return kept, lost, costs
    o_lat = np.array([o.lat for o in located], dtype=float)
    o_lon = np.array([o.lon for o in located], dtype=float)
    snaps = network.snap_m(o_lat, o_lon)
    lats = np.concatenate([k_lat, o_lat])
    lons = np.concatenate([k_lon, o_lon])
    k_idx = np.arange(len(kitchens))
    o_idx = np.arange(len(kitchens), len(lats))
    doors = np.arange(len(lats)) >= len(kitchens)
    _, out_s = network.table(lats, lons, k_idx, o_idx, doors)  # kitchens x orders
    _, back_s = network.table(lats, lons, o_idx, k_idx, doors)  # orders x kitchens
    for i, order in enumerate(located):
        if not snaps[i] <= max_snap_m:
            far = {"distance": _metres(snaps[i]), "limit": _metres(max_snap_m)}
            lost.append(_unserved(order, UnservedReason.OFF_ROAD, **far))
            continue
        reachable = False
        for j, kitchen in enumerate(kitchens):
            if order.diet_id not in kitchen.diet_ids:
                continue
            if np.isfinite(out_s[j, i]) and np.isfinite(back_s[i, j]):
                costs[(order.client_id, kitchen.kitchen_id)] = float(out_s[j, i]) / speed_factor
                reachable = True
        if reachable or not any(order.diet_id in k.diet_ids for k in kitchens):
            kept.append(order)  # a diet nobody cooks is the assignment's to explain
        else:
            lost.append(_unserved(order, UnservedReason.NO_ROAD_LINK))
    return sorted(kept, key=lambda o: o.row), lost, costs


def road_travel(
    orders_by_kitchen: dict[str, tuple[Order, ...]], kitchens: list[Kitchen], network: RoadNetwork, speed_factor: float
) -> MatrixTravel:
    """Road matrices for the night: one block per kitchen over the kitchen and its orders' doors."""
    blocks: list[MatrixBlock] = []
    for kitchen in sorted(kitchens, key=lambda k: k.kitchen_id):
        points: dict[tuple[float, float], int] = {point_key(kitchen.lat, kitchen.lon): 0}
        for order in orders_by_kitchen.get(kitchen.kitchen_id, ()):
            if order.lat is not None and order.lon is not None:
                points.setdefault(point_key(order.lat, order.lon), len(points))
        lats = np.array([p[0] for p in points], dtype=float)
        lons = np.array([p[1] for p in points], dtype=float)
        every = np.arange(len(points))
        distance_m, travel_s = network.table(lats, lons, every, every, every > 0)
        travel_s = travel_s / np.float32(speed_factor)
        # Doors that passed locate_on_roads reach the kitchen both ways, so they reach each other
        # through it; a NaN left here would be an engine's quirk, bounded by that detour.
        if not np.isfinite(travel_s).all():
            via_s = travel_s[:, :1] + travel_s[:1, :]
            via_m = distance_m[:, :1] + distance_m[:1, :]
            holes = ~np.isfinite(travel_s)
            travel_s[holes] = via_s[holes]
            distance_m[holes] = via_m[holes]
        blocks.append(MatrixBlock(points, distance_m, travel_s))
    return MatrixTravel(tuple(blocks))


def trace_routes(routes: list[Route], kitchens: list[Kitchen], network: RoadNetwork) -> list[Route]:
    """Routes with their street geometry, for maps: kitchen, every stop, kitchen.

    The path is driven as the matrices' legs are (curbs, headings, no turning at a door), so a
    trip's drawn streets measure the kilometres its sheet prints.
    """
    where = {k.kitchen_id: (k.lat, k.lon) for k in kitchens}
    traced = []
    for route in routes:
        lat0, lon0 = where[route.kitchen_id]
        lats = np.array([lat0, *[s.lat for s in route.stops], lat0])
        lons = np.array([lon0, *[s.lon for s in route.stops], lon0])
        doors = np.ones(len(lats), dtype=bool)
        doors[[0, -1]] = False
        line, _ = network.path(lats, lons, doors)
        traced.append(route.model_copy(update={"path": tuple(line)}))
    return traced


def _metres(value: float) -> int | str:
    return round(float(value)) if math.isfinite(value) else "∞"


def _unserved(order: Order, reason: UnservedReason, **args: int | str) -> Unserved:
    return Unserved(
        client_id=order.client_id,
        row=order.row,
        reason=reason,
        args=dict(args),
        portions=order.portions,
        diet_id=order.diet_id,
    )
