"""Four weeks of nights on the Sofia sample: stable routes against independent nightly plans.

    python benchmarks/stable_routes.py [--start 2026-11-02] [--days 20] [--time-limit 20]
                                       [--allowance 10] [--seed 7] [--data data/sofia]

Both modes plan the same working days from the same register with the same churn, each with
its own history (an SQLite file): stable mode reads it (``move_allowance_min``), independent
mode records but ignores it (allowance 0). The churn, drawn once from ``--seed``:
- new clients each week (copies of real rows with a door a few metres away, from their start
  date) and as many services ending (an end date);
- pauses of a few days (hospital, relatives);
- one van off sick for one day; one kitchen closed for one day (its clients go elsewhere).

Reported per mode: the share of client-days served by the same van as the client's previous
delivery, the median and 90th percentile of the shift in planned arrival (same client, previous
delivery), total km and route hours, served %, food-safety violations, and the wall time of a
night with the history (read, plan, record).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def working_days(start: dt.date, count: int, country: str) -> list[dt.date]:
    from mealplan.calendar import is_working_day

    days, day = [], start
    while len(days) < count:
        if is_working_day(day, country=country):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def with_churn(dataset, days: list[dt.date], seed: int):
    """The register with four weeks of comings and goings written into it as dates."""
    from mealplan.models import ClientStatus, Pause

    rng = random.Random(seed)
    clients = list(dataset.clients)
    register = list(dataset.register_rows)
    active = [c for c in clients if c.status is ClientStatus.ACTIVE and c.has_coordinates and c.end_date is None]
    mondays = [d for d in days if d.weekday() == 0] or days[:1]
    next_row = max(r.row for r in register) + 1
    by_id = {c.client_id: i for i, c in enumerate(clients)}
    rows_by_id = {r.client_id: r for r in register}
    events = []
    for week, monday in enumerate(mondays):
        for n in range(8):  # a few new clients a week, starting on some day of it
            start = monday + dt.timedelta(days=rng.randrange(5))
            donor = rng.choice(active)
            new_id = f"N{week + 1}{n + 1:02d}-{donor.client_id}"
            copy = donor.model_copy(
                update={
                    "client_id": new_id,
                    "row": next_row,
                    "lat": donor.lat + rng.uniform(-0.002, 0.002),
                    "lon": donor.lon + rng.uniform(-0.002, 0.002),
                    "start_date": start,
                    "pauses": (),
                }
            )
            clients.append(copy)
            register.append(rows_by_id[donor.client_id].model_copy(update={"row": next_row, "client_id": new_id}))
            next_row += 1
            events.append(("new", new_id, start))
        for _ in range(8):  # as many services ending
            leaving = rng.choice(active)
            end = monday + dt.timedelta(days=rng.randrange(5))
            clients[by_id[leaving.client_id]] = clients[by_id[leaving.client_id]].model_copy(update={"end_date": end})
            events.append(("end", leaving.client_id, end))
        for _ in range(6):  # pauses of two to five days
            paused = rng.choice(active)
            start = monday + dt.timedelta(days=rng.randrange(5))
            pause = Pause(start=start, end=start + dt.timedelta(days=rng.randrange(2, 6)), reason="болница")
            index = by_id[paused.client_id]
            clients[index] = clients[index].model_copy(update={"pauses": (*clients[index].pauses, pause)})
            events.append(("pause", paused.client_id, start))
    sick_day, closed_day = days[len(days) // 3], days[2 * len(days) // 3]
    sick_van = rng.choice(dataset.vans).van_id
    closed_kitchen = rng.choice(dataset.kitchens).kitchen_id
    churned = dataset.model_copy(update={"clients": tuple(clients), "register_rows": tuple(register)})
    return churned, (sick_day, sick_van), (closed_day, closed_kitchen), events


def night(dataset, day: dt.date, sick, closed):
    """The dataset as it is on ``day``: the sick van and the closed kitchen taken out on theirs."""
    vans = [v for v in dataset.vans if not (day == sick[0] and v.van_id == sick[1])]
    kitchens = [k for k in dataset.kitchens if not (day == closed[0] and k.kitchen_id == closed[1])]
    open_ids = {k.kitchen_id for k in kitchens}
    vans = [v for v in vans if v.kitchen_id in open_ids]
    return dataset.model_copy(update={"vans": tuple(vans), "kitchens": tuple(kitchens)})


def simulate(dataset, days, sick, closed, allowance_min: float, time_limit_s: float, seed: int, folder: Path):
    from mealplan.io.store.history import History
    from mealplan.pipeline import RunConfig, run_day, run_record, summarize

    history = History(f"sqlite:///{folder / 'history.sqlite'}")
    settings = dataset.settings.model_copy(update={"move_allowance_min": allowance_min})
    dataset = dataset.model_copy(update={"settings": settings})
    nights = []
    for day in days:
        started = time.perf_counter()
        config = RunConfig(data_dir=ROOT / "data" / "sofia", date=day, time_limit_s=time_limit_s, seed=seed)
        past = history.past(day)
        plan, used = run_day(config, dataset=night(dataset, day, sick, closed), past=past)
        night_summary = summarize(plan, dataset.settings)
        history.record(run_record(plan, used, config, night_summary, dt.datetime.now(dt.UTC)))
        summary = night_summary.as_json()
        wall_s = time.perf_counter() - started
        nights.append((day, plan, summary, wall_s))
        print(
            f"  {day} served {summary['served_pct']} % hours {summary['route_hours']} km {summary['total_km']} "
            f"violations {summary['violations']} wall {wall_s:.1f} s",
            flush=True,
        )
    history.close()
    return nights


def stability(nights) -> dict:
    """Same van as the previous delivery, and the arrival shift, over client-days with one."""
    last: dict[str, tuple[str, int]] = {}
    same = total = 0
    shifts: list[float] = []
    for _, plan, _, _ in nights:
        for route in plan.routes:
            for stop in route.stops:
                before = last.get(stop.client_id)
                if before is not None:
                    total += 1
                    same += before[0] == route.van_id
                    shifts.append(abs(stop.arrival_s - before[1]) / 60)
                last[stop.client_id] = (route.van_id, stop.arrival_s)
    shifts.sort()
    return {
        "same_van_pct": 100 * same / total if total else 0.0,
        "client_days": total,
        "shift_median_min": statistics.median(shifts) if shifts else 0.0,
        "shift_p90_min": shifts[int(0.9 * (len(shifts) - 1))] if shifts else 0.0,
        "km": sum(s["total_km"] for _, _, s, _ in nights),
        "route_hours": sum(s["route_hours"] for _, _, s, _ in nights),
        "served_pct": 100 * sum(s["served"] for _, _, s, _ in nights) / max(1, sum(s["due"] for _, _, s, _ in nights)),
        "violations": sum(s["violations"] for _, _, s, _ in nights),
        "wall_median_s": statistics.median(w for _, _, _, w in nights),
        "wall_max_s": max(w for _, _, _, w in nights),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sofia")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2026, 11, 2))
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--allowance", type=float, default=10.0, help="move_allowance_min of the stable mode")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--modes", default="independent,stable", help="which modes to run, comma-separated")
    args = parser.parse_args()

    from mealplan.io.readers.dataset import read_dataset

    base = read_dataset(args.data)
    days = working_days(args.start, args.days, base.settings.country)
    dataset, sick, closed, events = with_churn(base, days, args.seed)
    counts = {kind: sum(1 for e in events if e[0] == kind) for kind in ("new", "end", "pause")}
    print(f"{len(days)} working days {days[0]}..{days[-1]}; churn {counts}; van {sick[1]} off on {sick[0]}; "
          f"kitchen {closed[1]} closed on {closed[0]}")  # fmt: skip
    results = {}
    modes = [m for m in (("independent", 0.0), ("stable", args.allowance)) if m[0] in args.modes.split(",")]
    for mode, allowance in modes:
        print(f"{mode} (move_allowance_min {allowance}):", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            nights = simulate(dataset, days, sick, closed, allowance, args.time_limit, args.seed, Path(tmp))
        results[mode] = stability(nights)
    if len(results) < 2:
        for key, value in next(iter(results.values())).items():
            print(f"{key:22}{value:14.2f}")
        return
    print()
    print(f"{'':22}{'independent':>14}{'stable':>14}")
    for key, label in (
        ("same_van_pct", "same van, %"),
        ("shift_median_min", "shift median, min"),
        ("shift_p90_min", "shift p90, min"),
        ("km", "km"),
        ("route_hours", "route hours"),
        ("served_pct", "served, %"),
        ("violations", "violations"),
        ("wall_median_s", "night wall median, s"),
        ("wall_max_s", "night wall max, s"),
    ):
        print(f"{label:22}{results['independent'][key]:14.2f}{results['stable'][key]:14.2f}")
    extra = 100 * (results["stable"]["route_hours"] / results["independent"]["route_hours"] - 1)
    compared = results["stable"]["client_days"]
    print(f"route hours, stable vs independent: {extra:+.2f} %; client-days compared: {compared}")


if __name__ == "__main__":
    main()
