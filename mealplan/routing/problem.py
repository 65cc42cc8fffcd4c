"""The solver-neutral routing problem of one kitchen: nodes, vans (one vehicle per trip), matrices.

Node 0 is the kitchen; nodes 1..n are orders. All times are integer seconds after midnight,
distances metres. Engines read this and nothing else; the checker judges solutions against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from mealplan.models import Kitchen, Order, Van
from mealplan.routing.travel import TravelTimeSource, clock_leg_s
from mealplan.units import DAY_S, HOUR_S, min_to_s


@dataclass(frozen=True)
class Vehicle:
    """One trip of one van: the solver sees each trip as its own vehicle."""

    van_id: str
    trip: int
    capacity: int
    earliest_start_s: int
    latest_end_s: int
    max_hold_s: int  # what the solver plans to: the van's limit less the safety margin
    fixed_cost: int = 0
    hold_limit_s: int | None = None  # the van's real food-safety limit (None: max_hold_s is it)

    @property
    def food_limit_s(self) -> int:
        """The limit the checker judges: the van's own, not the one planned with a margin."""
        return self.max_hold_s if self.hold_limit_s is None else self.hold_limit_s


@dataclass(frozen=True)
class TripLink:
    """Trip ``after`` of a van leaves no earlier than trip ``before`` returns plus a reload.

    Engines never see links: dispatch waves keep a van's trips apart by construction. The
    timetable and the checker read them for the reload time between two trips.
    """

    before: int  # vehicle index
    after: int
    reload_s: int


@dataclass(frozen=True)
class RoutingProblem:
    name: str
    client_ids: tuple[str, ...]  # index i -> node i+1
    demand: np.ndarray  # per node, node 0 = 0
    service_s: np.ndarray
    window_start_s: np.ndarray
    window_end_s: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    distance_m: np.ndarray  # float, node x node
    travel_s: np.ndarray  # int, node x node
    vehicles: tuple[Vehicle, ...]
    links: tuple[TripLink, ...] = ()
    drop_penalty: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # For benchmark instances: the objective is distance, not time.
    cost_is_distance: bool = False
    # Stable routes: per node, the van that delivered to it last time ("" for none, node 0 ""),
    # its planned arrival then (-1 for none), and what serving it from another van costs in
    # the objective's units (seconds of route time): the allowance a move must save.
    home_van: tuple[str, ...] = ()
    previous_arrival_s: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    move_cost: int = 0
    # The clients' real window ends; window_end_s is what the solver plans to (less the margin).
    window_limit_s: np.ndarray | None = None
    # Speed by the hour of the day, when it changes over the hours the vans drive: travel_s is
    # then the slowest hour's (what the solver plans with: a plan that holds at the slowest
    # hour holds at every faster one), and timetables and the checker drive base_travel_s
    # through the clock (``leg_s``). Empty: travel_s is the drive at every hour.
    speed_by_hour: tuple[float, ...] = ()
    base_travel_s: np.ndarray | None = None

    def leg_s(self, origin: int, destination: int, start_s: int) -> int:
        """Seconds from node ``origin`` to ``destination`` for a van leaving at ``start_s``."""
        if not self.speed_by_hour or self.base_travel_s is None:
            return int(self.travel_s[origin, destination])
        return clock_leg_s(int(self.base_travel_s[origin, destination]), start_s, self.speed_by_hour)

    @property
    def window_limits(self) -> np.ndarray:
        """The window ends the checker judges: the clients' own."""
        return self.window_end_s if self.window_limit_s is None else self.window_limit_s

    @property
    def is_stable(self) -> bool:
        return self.move_cost > 0 and any(self.home_van)

    def cost_matrix(self) -> np.ndarray:
        """What every engine minimises along arcs: travel seconds, or whole metres (tenths in the
        DIMACS benchmarks) when the objective is distance."""
        return np.rint(self.distance_m).astype(np.int64) if self.cost_is_distance else self.travel_s.astype(np.int64)

    @property
    def n_nodes(self) -> int:
        return len(self.demand)

    def node_of(self, client_id: str) -> int:
        return self.client_ids.index(client_id) + 1


def home_vehicles(problem: RoutingProblem) -> np.ndarray:
    """Per node, the vehicle (van and dispatch wave) that matches last time: the client's van, in
    the wave nearest their previous arrival; -1 for new clients and vans not in this problem."""
    by_van: dict[str, list[int]] = {}
    for index, vehicle in enumerate(problem.vehicles):
        by_van.setdefault(vehicle.van_id, []).append(index)
    home = np.full(problem.n_nodes, -1, dtype=np.int64)
    for node in range(1, problem.n_nodes):
        van = problem.home_van[node] if problem.home_van else ""
        if van in by_van:
            arrival = int(problem.previous_arrival_s[node])
            home[node] = min(by_van[van], key=lambda index: (_outside_wave_s(problem.vehicles[index], arrival), index))
    return home


def move_penalties(problem: RoutingProblem) -> list[np.ndarray]:
    """Per vehicle: what serving each node costs on top of travel. ``move_cost`` where the node's
    home vehicle is another one (another van, or the same van in another wave, i.e. hours away
    from last time's arrival); 0 on its home vehicle and for clients without one."""
    home = home_vehicles(problem)
    return [
        np.where((home >= 0) & (home != v), problem.move_cost, 0).astype(np.int64) for v in range(len(problem.vehicles))
    ]


def moved_cost(problem: RoutingProblem, routes) -> int:
    """The stability part of a solution's objective: ``move_cost`` per client off its home vehicle."""
    if not problem.is_stable:
        return 0
    penalties = move_penalties(problem)
    return int(sum(penalties[r.vehicle][list(r.nodes)].sum() for r in routes))


def home_routes(problem: RoutingProblem) -> dict[int, tuple[int, ...]]:
    """A warm start from the last plan: each home vehicle gets its clients in the order of their
    previous arrivals. New clients are left for the search to insert."""
    home = home_vehicles(problem)
    routes: dict[int, list[int]] = {}
    for node in range(1, problem.n_nodes):
        if home[node] >= 0:
            routes.setdefault(int(home[node]), []).append(node)
    return {
        vehicle: tuple(sorted(nodes, key=lambda node: (int(problem.previous_arrival_s[node]), node)))
        for vehicle, nodes in sorted(routes.items())
    }


def _outside_wave_s(vehicle: Vehicle, moment_s: int) -> int:
    return max(0, vehicle.earliest_start_s - moment_s, moment_s - vehicle.latest_end_s)


def dispatch_waves(kitchen: Kitchen, van: Van) -> list[tuple[int, int]]:
    """The part of the shift each trip of ``van`` may use, in seconds: [leave >=, back <=].

    Trips get equal consecutive slices of the time from the meals being ready to the end of
    the shift, with the kitchen's reload time between them. Fixed waves keep a van's trips
    apart by construction; linking trips with side constraints instead (trip k+1 leaves after
    trip k is back) made OR-Tools' local search drop 16-17 of ~400 orders that waves serve.
    They are also how a kitchen dispatches: first wave, second wave.
    """
    start = min_to_s(max(van.shift_start_min, kitchen.ready_min))
    end = min_to_s(van.shift_end_min)
    reload_s = min_to_s(kitchen.reload_min)
    length = (end - start - reload_s * (van.trips - 1)) / van.trips
    if van.trips == 1 or length <= 0:
        return [(start, end)]
    return [
        (int(start + k * (length + reload_s)), int(start + k * (length + reload_s) + length)) for k in range(van.trips)
    ]


def tour_length(matrix: np.ndarray, nodes: tuple[int, ...] | list[int]) -> float:
    """Sum of ``matrix`` along kitchen -> ``nodes`` -> kitchen: a trip's metres, seconds or tenths."""
    path = [0, *nodes, 0]
    return float(matrix[path[:-1], path[1:]].sum())


DROP_PENALTY_PER_PORTION = 10_000_000  # seconds-equivalent: serving a client beats any detour


@dataclass(frozen=True)
class StreetRules:
    """What a plan allows for the street. Time held back from the limits when planning: the
    solver plans to the food-safety limit less ``hold_s`` and to each window's end less
    ``window_s``; the checker judges the real limits. A margin never makes a client unreachable:
    where a client alone could not be served within the planned limit, that limit gives way.
    ``speed_by_hour``: 24 shares of the model's speed, one per hour of the day (empty: 1).
    ``margin_floor``: the share of each margin kept where it gives way to serve a client the
    margin plan left out (1: never gives way; mealplan.routing.give_way)."""

    hold_s: int = 0
    window_s: int = 0
    speed_by_hour: tuple[float, ...] = ()
    margin_floor: float = 1.0


AS_MODELLED = StreetRules()


def build_problem(
    kitchen: Kitchen,
    vans: list[Van],
    orders: list[Order],
    travel: TravelTimeSource,
    vehicle_fixed_cost_s: int = 600,
    homes: Mapping[str, tuple[str, int]] | None = None,
    move_cost_s: int = 0,
    street: StreetRules = AS_MODELLED,
    speed_by_hour: tuple[float, ...] = (),
) -> RoutingProblem:
    """Routing problem for ``orders`` cooked at ``kitchen`` and carried by its ``vans``.

    Each van contributes one vehicle per allowed trip, each in its own dispatch wave, so trip
    k+1 cannot leave before trip k is back and reloaded. No van leaves before the meals are ready.
    ``homes`` (client id -> (van id, previous arrival s)) and ``move_cost_s`` make routes stable:
    serving a client from another van than last time costs ``move_cost_s`` more.
    ``street`` holds margins back from the limits and times drives by the hour they happen in.
    """
    lats = np.array([kitchen.lat] + [o.lat for o in orders], dtype=float)
    lons = np.array([kitchen.lon] + [o.lon for o in orders], dtype=float)
    distance_m, travel_s = travel.matrices(lats, lons)
    vehicles: list[Vehicle] = []
    links: list[TripLink] = []
    for van in sorted(vans, key=lambda v: v.van_id):
        first = len(vehicles)
        for trip, (start_s, end_s) in enumerate(dispatch_waves(kitchen, van), 1):
            vehicles.append(
                Vehicle(
                    van_id=van.van_id,
                    trip=trip,
                    capacity=van.capacity_portions,
                    earliest_start_s=start_s,
                    latest_end_s=end_s,
                    max_hold_s=min_to_s(van.max_hold_min),
                    # Second and later trips cost a little more so a van's first trip fills first.
                    fixed_cost=vehicle_fixed_cost_s * trip,
                )
            )
            if trip > 1:
                links.append(
                    TripLink(before=first + trip - 2, after=first + trip - 1, reload_s=min_to_s(kitchen.reload_min))
                )
    travel_s, base_travel_s, hourly = _by_the_hour(travel_s, vehicles, street.speed_by_hour)
    demand = np.array([0] + [o.portions for o in orders], dtype=np.int64)
    known = homes or {}
    window_limit_s = np.array([DAY_S] + [min_to_s(o.window_end_min) for o in orders], dtype=np.int64)
    window_end_s, vehicles = _with_slack(vehicles, travel_s, window_limit_s, street)
    return RoutingProblem(
        name=kitchen.kitchen_id,
        client_ids=tuple(o.client_id for o in orders),
        demand=demand,
        service_s=np.array([0] + [o.service_s for o in orders], dtype=np.int64),
        window_start_s=np.array([0] + [min_to_s(o.window_start_min) for o in orders], dtype=np.int64),
        window_end_s=window_end_s,
        window_limit_s=window_limit_s if street.window_s else None,
        lat=lats,
        lon=lons,
        distance_m=distance_m,
        travel_s=travel_s,
        vehicles=tuple(vehicles),
        links=tuple(links),
        drop_penalty=demand * DROP_PENALTY_PER_PORTION,
        home_van=("", *(known.get(o.client_id, ("", -1))[0] for o in orders)),
        previous_arrival_s=np.array([-1] + [known.get(o.client_id, ("", -1))[1] for o in orders], dtype=np.int64),
        move_cost=move_cost_s if homes else 0,
        speed_by_hour=hourly,
        base_travel_s=base_travel_s,
    )


def _by_the_hour(
    travel_s: np.ndarray, vehicles: list[Vehicle], speed_by_hour: tuple[float, ...]
) -> tuple[np.ndarray, np.ndarray | None, tuple[float, ...]]:
    """The solver's matrix, the base matrix for the clock, and the factors the clock needs.

    Over the hours the vans may drive (first departure to last return) a single speed makes a
    plain matrix; several make the slowest hour's matrix for the solver and a clock for the rest.
    """
    if not speed_by_hour or not vehicles:
        return travel_s, None, ()
    first_hour = min(v.earliest_start_s for v in vehicles) // HOUR_S
    last_hour = max(v.latest_end_s for v in vehicles) // HOUR_S
    factors = {speed_by_hour[hour % 24] for hour in range(first_hour, last_hour + 1)}
    slowest = min(factors)
    planned = travel_s if slowest == 1 else np.ceil(travel_s / slowest).astype(np.int64)
    if len(factors) == 1:
        return planned, None, ()
    return planned, travel_s.astype(np.int64), tuple(speed_by_hour)


def _with_slack(
    vehicles: list[Vehicle], travel_s: np.ndarray, window_limit_s: np.ndarray, street: StreetRules
) -> tuple[np.ndarray, list[Vehicle]]:
    """The window ends and vehicles the solver plans to, ``slack`` held back from each limit.

    The margin gives way only where it would cost a client: a window keeps at least until the
    earliest moment any van can be at the door, and the hold limit at least the longest drive
    from the kitchen to a door the real limit allows.
    """
    if not vehicles or not (street.hold_s or street.window_s):
        return window_limit_s.copy(), vehicles
    out_s = travel_s[0, :].astype(np.int64)
    window_end_s = window_limit_s.copy()
    if street.window_s:
        first_start = min(v.earliest_start_s for v in vehicles)
        earliest = first_start + out_s
        window_end_s[1:] = np.maximum(window_limit_s - street.window_s, np.minimum(window_limit_s, earliest))[1:]
    if street.hold_s:
        planned = []
        for v in vehicles:
            reachable = out_s[1:][out_s[1:] <= v.max_hold_s]
            farthest = int(reachable.max()) if len(reachable) else 0
            hold = min(v.max_hold_s, max(v.max_hold_s - street.hold_s, farthest))
            planned.append(replace(v, max_hold_s=hold, hold_limit_s=v.max_hold_s))
        vehicles = planned
    return window_end_s, vehicles


def subproblem(problem: RoutingProblem, keep: list[int], vehicles: list[int] | None = None) -> RoutingProblem:
    """The same problem restricted to order nodes ``keep`` (node 0 always kept).

    ``vehicles``, if given, keeps only those vehicle indices (in that order); trip links are
    then dropped, so pass whole vans or problems whose waves keep trips apart.
    """
    idx = np.array([0, *list(keep)], dtype=np.int64)
    return replace(
        problem,
        client_ids=tuple(problem.client_ids[i - 1] for i in keep),
        demand=problem.demand[idx],
        service_s=problem.service_s[idx],
        window_start_s=problem.window_start_s[idx],
        window_end_s=problem.window_end_s[idx],
        window_limit_s=None if problem.window_limit_s is None else problem.window_limit_s[idx],
        lat=problem.lat[idx],
        lon=problem.lon[idx],
        distance_m=problem.distance_m[np.ix_(idx, idx)],
        travel_s=problem.travel_s[np.ix_(idx, idx)],
        base_travel_s=None if problem.base_travel_s is None else problem.base_travel_s[np.ix_(idx, idx)],
        drop_penalty=problem.drop_penalty[idx] if len(problem.drop_penalty) else problem.drop_penalty,
        home_van=tuple(problem.home_van[i] for i in idx) if problem.home_van else (),
        previous_arrival_s=problem.previous_arrival_s[idx]
        if len(problem.previous_arrival_s)
        else problem.previous_arrival_s,
        vehicles=problem.vehicles if vehicles is None else tuple(problem.vehicles[v] for v in vehicles),
        links=problem.links if vehicles is None else (),
    )
