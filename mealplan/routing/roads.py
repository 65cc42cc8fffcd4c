"""Planning on roads: put every door on the network, then compute the night's matrices once.

``locate_on_roads`` snaps kitchens and doors to drivable roads and finds which kitchens can
reach each door and get back (tiny extracts cut one-way streets at their edge; islands of the
extract have no road to the mainland). A door too far from any road, or with no way there and
back from any kitchen that cooks its diet, is unserved with that reason, never routed with a
made-up time. ``road_travel`` then computes one matrix block per routing problem (a kitchen, or
a sector of a big one), in the parent process, so workers only slice it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mealplan.errors import InputError
from mealplan.models import Kitchen, Order, Route, Unserved, UnservedReason, Van, Violation
from mealplan.routing.check import shift_broken, street_promises_broken
from mealplan.routing.travel import MatrixBlock, MatrixTravel, RoadNetwork, TravelTimeSource, clock_leg_s, point_key
from mealplan.units import min_to_s

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
    # Which kitchens reach a door, and how far, is asked without the curb: a curb approach needs
    # the heading a van from that kitchen arrives in, one street route per door and kitchen
    # (10 s of a 20,000-door night on Malta for the first kitchen alone). The curb legs are the
    # matrices' (``road_travel``), which name a door its own kitchen cannot reach at the curb.
    _, out_s = network.table(lats, lons, k_idx, o_idx)  # kitchens x orders
    _, back_s = network.table(lats, lons, o_idx, k_idx)  # orders x kitchens
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


def kitchens_cut_off(orders: list[Order], kitchens: list[Kitchen], costs: KitchenCosts) -> list[str]:
    """Kitchens that cook for some door on the roads but that no such door reaches both ways:
    cut off by the extract's edge or a one-way street, they would get no orders, silently."""
    reached = {kitchen_id for _, kitchen_id in costs}
    located = [o for o in orders if o.lat is not None and o.lon is not None]
    return [
        k.kitchen_id
        for k in sorted(kitchens, key=lambda k: k.kitchen_id)
        if k.kitchen_id not in reached and any(o.diet_id in k.diet_ids for o in located)
    ]


@dataclass(frozen=True)
class RoadMatrices:
    """The night's road matrices, and the doors whose own kitchen's van cannot reach them at the
    curb or get back from there (``locate_on_roads`` judged reach without the curb)."""

    travel: MatrixTravel
    no_curb_link: tuple[tuple[str, Order], ...]  # (kitchen_id, order)


def road_travel(
    groups: Sequence[tuple[Kitchen, Sequence[Order]]], network: RoadNetwork, speed_factor: float
) -> RoadMatrices:
    """Road matrices for the night: one block per routing problem, over its kitchen and its doors.

    ``groups`` are the night's problems (``routing.lanes.plan_parts``: a kitchen, or a sector of
    a big one). A solver only ever sees its own problem's pairs, so a kitchen cut into sectors
    needs their blocks on the diagonal, not its full square. Screening needs only the kitchen's
    row and column, which every block has.
    """
    blocks: list[MatrixBlock] = []
    cut_off: list[tuple[str, Order]] = []
    for kitchen, orders in groups:
        points: dict[tuple[float, float], int] = {point_key(kitchen.lat, kitchen.lon): 0}
        for order in orders:
            if order.lat is not None and order.lon is not None:
                points.setdefault(point_key(order.lat, order.lon), len(points))
        lats = np.array([p[0] for p in points], dtype=float)
        lons = np.array([p[1] for p in points], dtype=float)
        every = np.arange(len(points))
        distance_m, travel_s = network.table(lats, lons, every, every, every > 0)
        travel_s = travel_s / np.float32(speed_factor)
        # A door with no curb leg from or to its kitchen cannot be served; its pairs are never asked for.
        stranded = ~(np.isfinite(travel_s[0, :]) & np.isfinite(travel_s[:, 0]))
        stranded[0] = False
        for order in orders:
            if order.lat is not None and order.lon is not None and stranded[points[point_key(order.lat, order.lon)]]:
                cut_off.append((kitchen.kitchen_id, order))
        # Doors that reach the kitchen both ways reach each other through it; a NaN left between
        # two of them would be an engine's quirk, bounded by that detour.
        if not np.isfinite(travel_s).all():
            via_s = travel_s[:, :1] + travel_s[:1, :]
            via_m = distance_m[:, :1] + distance_m[:1, :]
            holes = ~np.isfinite(travel_s)
            travel_s[holes] = via_s[holes]
            distance_m[holes] = via_m[holes]
        blocks.append(MatrixBlock(points, distance_m, travel_s))
    return RoadMatrices(MatrixTravel(tuple(blocks)), tuple(cut_off))


def group_travel(
    groups: Sequence[Sequence[tuple[float, float]]],
    network: RoadNetwork,
    speed_factor: float,
    fallback: TravelTimeSource,
) -> MatrixTravel:
    """Road matrices among each group of points, one block a group (an office of home visits:
    its workers' start and end points and its clients' doors, the first a worker's start).
    ``speed_factor`` scales the engine's times (the settings' walking speed against the
    profile's); a pair the roads do not join (a door off the walkable map) takes ``fallback``'s
    straight-line time rather than none."""
    blocks: list[MatrixBlock] = []
    for group in groups:
        index: dict[tuple[float, float], int] = {}
        for lat, lon in group:
            index.setdefault(point_key(lat, lon), len(index))
        lats = np.array([p[0] for p in index], dtype=float)
        lons = np.array([p[1] for p in index], dtype=float)
        every = np.arange(len(index))
        distance_m, travel_s = network.table(lats, lons, every, every, None)
        travel_s = travel_s / np.float32(speed_factor)
        holes = ~(np.isfinite(travel_s) & np.isfinite(distance_m))
        if holes.any():
            line_m, line_s = fallback.matrices(lats, lons)
            travel_s[holes] = line_s[holes]
            distance_m[holes] = line_m[holes]
        blocks.append(MatrixBlock(index, distance_m.astype(np.float32), travel_s.astype(np.float32)))
    return MatrixTravel(tuple(blocks))


def drive_routes(
    routes: list[Route],
    kitchens: list[Kitchen],
    vans: list[Van],
    network: RoadNetwork,
    speed_factor: float,
    speed_by_hour: tuple[float, ...] = (),
) -> tuple[list[Route], list[Violation]]:
    """Each trip as the van drives it: one continuous drive from the kitchen through every stop
    and back, re-timed from its legs, with the street path and kilometres of that drive.

    The solver's table legs let a van leave a door in whichever direction is shorter; a van
    driving on from the curb cannot, and on Malta 2 legs of 1,550 were a minute longer driven
    (docs/benchmarks.md, "A drive the van can keep"). So the printed times, the sheet's km and
    the map are this drive's, and the returned violations judge it against the real limits: the
    van's food-safety limit, each client's window, the shift's end. A trip whose van is back
    later than planned leaves later (after the kitchen's reload), never overlapping.
    """
    kitchen_of = {k.kitchen_id: k for k in kitchens}
    shift_end_s = {v.van_id: min_to_s(v.shift_end_min) for v in vans}
    by_van: dict[str, list[Route]] = {}
    for route in routes:
        by_van.setdefault(route.van_id, []).append(route)
    driven: list[Route] = []
    violations: list[Violation] = []
    for van_id in sorted(by_van):
        ready_s: int | None = None
        for route in sorted(by_van[van_id], key=lambda r: r.departure_s):
            kitchen = kitchen_of[route.kitchen_id]
            lats = np.array([kitchen.lat, *[s.lat for s in route.stops], kitchen.lat])
            lons = np.array([kitchen.lon, *[s.lon for s in route.stops], kitchen.lon])
            doors = np.ones(len(lats), dtype=bool)
            doors[[0, -1]] = False
            line, metres, legs_s = network.path(lats, lons, doors)
            departure_s = route.departure_s if ready_s is None else max(route.departure_s, ready_s)
            clock_s = departure_s
            stops = []
            for stop, leg_s in zip(route.stops, legs_s, strict=False):
                # Rounded, not rounded up: a trip of 40 legs would run 20 s ahead of its drive.
                drive_s = clock_leg_s(round(leg_s / speed_factor), clock_s, speed_by_hour)
                arrival_s = max(clock_s + drive_s, stop.window_start_s or 0)
                service_s = stop.departure_s - stop.arrival_s
                stops.append(
                    stop.model_copy(
                        update={
                            "arrival_s": arrival_s,
                            "departure_s": arrival_s + service_s,
                            "hold_s": arrival_s - departure_s,
                            "drive_s": drive_s,
                        }
                    )
                )
                clock_s = arrival_s + service_s
            return_s = clock_s + clock_leg_s(round(legs_s[-1] / speed_factor), clock_s, speed_by_hour)
            trip = route.model_copy(
                update={
                    "departure_s": departure_s,
                    "return_s": return_s,
                    "stops": tuple(stops),
                    "distance_m": metres,
                    "path": tuple(line),
                }
            )
            violations.extend(_judge_drive(trip, shift_end_s.get(van_id)))
            driven.append(trip)
            ready_s = return_s + min_to_s(kitchen.reload_min)
    return driven, violations


def _judge_drive(route: Route, shift_end_s: int | None) -> list[Violation]:
    """The real limits a driven trip breaks: food-safety hold, windows, the shift's end."""
    limit_s = min_to_s(route.max_hold_min)
    found = [
        violation
        for stop in route.stops
        for violation in street_promises_broken(route, stop, stop.hold_s, limit_s, stop.window_end_s)
    ]
    return found + shift_broken(route, shift_end_s)


def _metres(value: float) -> int | str:
    return round(float(value)) if math.isfinite(value) else "∞"


def _unserved(order: Order, reason: UnservedReason, **args: int | str) -> Unserved:
    return Unserved.of(order, reason, args)
