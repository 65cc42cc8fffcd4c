"""Turn visiting orders into a driver's timetable with as little waiting and food age as possible.

Engines return feasible sequences but often leave the van waiting at a door for a window to
open while the food cools. For each trip we start from the earliest departure, then push the
departure later by the largest amount that keeps every window (the forward time slack of
Savelsbergh, 1992), never beyond the total waiting and never past the time the engine had the
van back, so the van's next trip is unaffected.
"""

from __future__ import annotations

from dataclasses import dataclass

from mealplan.routing.problem import RoutingProblem


@dataclass(frozen=True)
class Timetable:
    departure_s: int
    arrival_s: tuple[int, ...]  # service start at each node
    return_s: int
    drive_s: tuple[int, ...] = ()  # the drive into each node, as the clock times it


def _forward(
    problem: RoutingProblem, nodes: tuple[int, ...], departure_s: int, drives: list[int] | None = None
) -> tuple[list[int], list[int], int]:
    arrivals, waits = [], []
    clock = departure_s
    previous = 0
    for node in nodes:
        drive = problem.leg_s(previous, node, clock)
        if drives is not None:
            drives.append(drive)
        reach = clock + drive
        start = max(reach, int(problem.window_start_s[node]))
        arrivals.append(start)
        waits.append(start - reach)
        clock = start + int(problem.service_s[node])
        previous = node
    return arrivals, waits, clock + problem.leg_s(previous, 0, clock)


def timetable(
    problem: RoutingProblem, nodes: tuple[int, ...], earliest_departure_s: int, latest_return_s: int
) -> Timetable:
    """Timetable for a trip visiting ``nodes`` that leaves at or after ``earliest_departure_s``.

    ``latest_return_s`` caps how late the push may bring the van back.
    """
    arrivals, waits, back = _forward(problem, nodes, earliest_departure_s)
    cumulative_wait = 0
    slack = None
    for node, arrival, wait in zip(nodes, arrivals, waits, strict=True):
        cumulative_wait += wait
        room = cumulative_wait + int(problem.window_end_s[node]) - arrival
        slack = room if slack is None else min(slack, room)
    total_wait = cumulative_wait
    push = min(slack if slack is not None else 0, total_wait, total_wait + max(0, latest_return_s - back))
    push = max(0, push)
    if push and problem.speed_by_hour:
        push = _clock_push(problem, nodes, earliest_departure_s, push, arrivals, max(back, latest_return_s))
    drives: list[int] = []
    arrivals, _, back = _forward(problem, nodes, earliest_departure_s + push, drives)
    return Timetable(
        departure_s=earliest_departure_s + push, arrival_s=tuple(arrivals), return_s=back, drive_s=tuple(drives)
    )


def _clock_push(
    problem: RoutingProblem,
    nodes: tuple[int, ...],
    earliest_departure_s: int,
    push: int,
    unpushed: list[int],
    latest_return_s: int,
) -> int:
    """The largest push up to ``push`` that still keeps every window, the longest hold and the return.

    With speeds by the hour a later start may meet slower traffic, so the push computed for
    constant speeds is tried and, where it fails, halved down to what holds (arrivals only
    grow with the departure, so what holds for a push holds for every smaller one).
    """
    longest_hold = max(a - earliest_departure_s for a in unpushed)

    def keeps(candidate: int) -> bool:
        departure = earliest_departure_s + candidate
        arrivals, _, back = _forward(problem, nodes, departure)
        return (
            back <= latest_return_s
            and all(a <= int(problem.window_end_s[n]) for a, n in zip(arrivals, nodes, strict=True))
            and max(a - departure for a in arrivals) <= longest_hold
        )

    if keeps(push):
        return push
    low, high = 0, push  # keeps(low) holds: the unpushed timetable is the engine's
    while high - low > 1:
        middle = (low + high) // 2
        if keeps(middle):
            low = middle
        else:
            high = middle
    return low
