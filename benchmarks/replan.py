"""Re-plans of a published night: what stays as it was handed out.

    python benchmarks/replan.py [--data data/sofia] [--date 2026-12-07] [--time-limit 45]
                                [--engines pyvrp,ortools] [--seed 7]

A date is planned and published (its own history, an SQLite file in a temporary folder); then
each of three evening changes is applied to the register and the date planned again, twice:
as ``mealplan plan`` re-plans it (from the date's published plan) and fresh (no history):

- ``one client``: a new client phones in (a copy of a due client's row, 300-600 m away);
- ``van out``: one of the published plan's vans is out of service (its clients must move);
- ``20 edits``: 20 register rows corrected: 8 portions changed, 6 addresses moved 150-400 m,
  6 clients paused for the day.

Reported per change and engine, over the *unaffected* clients (routed in both plans, not the new
client, not on the van that is out, not one of the edited rows): the share that keeps van and
trip, the median and 90th percentile of the shift in planned arrival; then route hours of the
re-plan against the fresh plan of the same changed register, and served counts. The fresh plan's
own keep-rate is shown beside it: what a re-plan that ignored the published plan would do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def placed(plan) -> dict[str, tuple[str, int, int]]:
    """Each routed client's (van, trip, planned arrival in seconds)."""
    return {s.client_id: (r.van_id, r.trip, s.arrival_s) for r in plan.routes for s in r.stops}


def due_clients(dataset, plan) -> list:
    routed = set(placed(plan))
    return [c for c in dataset.clients if c.client_id in routed]


def moved(client, rng: random.Random, low_m: float, high_m: float):
    """The client with their door ``low_m``..``high_m`` metres away in a random direction."""
    import math

    distance_m, bearing = rng.uniform(low_m, high_m), rng.uniform(0, 2 * math.pi)
    lat = client.lat + distance_m * math.cos(bearing) / 111_320
    lon = client.lon + distance_m * math.sin(bearing) / (111_320 * math.cos(math.radians(client.lat)))
    return client.model_copy(update={"lat": lat, "lon": lon})


def one_client(dataset, plan, day, rng):
    """A new client phones in: a due client's row copied under a new id, a few hundred metres away."""
    donor = rng.choice(due_clients(dataset, plan))
    row = max(r.row for r in dataset.register_rows) + 1
    new_id = f"NEW-{donor.client_id}"
    client = moved(donor, rng, 300, 600).model_copy(update={"client_id": new_id, "row": row, "start_date": day})
    register = next(r for r in dataset.register_rows if r.client_id == donor.client_id)
    changed = dataset.model_copy(
        update={
            "clients": (*dataset.clients, client),
            "register_rows": (*dataset.register_rows, register.model_copy(update={"row": row, "client_id": new_id})),
        }
    )
    return changed, {new_id}


def van_out(dataset, plan, day, rng):
    """One of the published plan's vans is out of service tonight."""
    used = sorted({r.van_id for r in plan.routes})
    out = rng.choice(used)
    affected = {s.client_id for r in plan.routes if r.van_id == out for s in r.stops}
    return dataset.model_copy(update={"vans": tuple(v for v in dataset.vans if v.van_id != out)}), affected


def twenty_edits(dataset, plan, day, rng):
    """20 register rows corrected: portions, addresses, a pause for the day."""
    from mealplan.models import Pause

    chosen = rng.sample(due_clients(dataset, plan), 20)
    edited = {}
    for n, client in enumerate(chosen):
        if n < 8:
            edited[client.client_id] = client.model_copy(update={"portions": client.portions % 3 + 1})
        elif n < 14:
            edited[client.client_id] = moved(client, rng, 150, 400)
        else:
            pause = Pause(start=day, end=day, reason="болница")
            edited[client.client_id] = client.model_copy(update={"pauses": (*client.pauses, pause)})
    clients = tuple(edited.get(c.client_id, c) for c in dataset.clients)
    return dataset.model_copy(update={"clients": clients}), set(edited)


CHANGES = {"one client": one_client, "van out": van_out, "20 edits": twenty_edits}


def kept(before, after, affected: set[str]) -> dict:
    """Over clients routed in both and not affected: same van and trip, and the arrival shift."""
    old, new = placed(before), placed(after)
    common = [c for c in old if c in new and c not in affected]
    same = sum(old[c][:2] == new[c][:2] for c in common)
    shifts = sorted(abs(new[c][2] - old[c][2]) / 60 for c in common)
    return {
        "unaffected": len(common),
        "keep_pct": 100 * same / len(common) if common else 100.0,
        "shift_median_min": statistics.median(shifts) if shifts else 0.0,
        "shift_p90_min": shifts[int(0.9 * (len(shifts) - 1))] if shifts else 0.0,
    }


def run(engine: str, args) -> list[dict]:
    from mealplan.io.readers.dataset import read_dataset
    from mealplan.io.store.history import History
    from mealplan.pipeline import RunConfig, run_day, run_record, summarize

    base = read_dataset(args.data)
    config = RunConfig(data_dir=args.data, date=args.date, time_limit_s=args.time_limit, seed=args.seed, engine=engine)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        history = History(f"sqlite:///{Path(tmp) / 'history.sqlite'}")
        published, used = run_day(config, dataset=base, past=history.past(args.date))
        summary = summarize(published, used.settings)
        history.record(run_record(published, used, config, summary, dt.datetime.now(dt.UTC)))
        print(f"{engine}: published {summary.served} served, {summary.route_hours} route hours", flush=True)
        for name, change in CHANGES.items():
            rng = random.Random(f"{args.seed}-{name}")
            changed, affected = change(base, published, args.date, rng)
            past = history.past(args.date)
            assert past.replan
            replan, _ = run_day(config, dataset=changed, past=past)
            fresh, _ = run_day(config, dataset=changed, past=None)
            hours_re, hours_fresh = (summarize(p, used.settings).route_hours for p in (replan, fresh))
            row = {
                "engine": engine,
                "change": name,
                "affected": len(affected),
                **kept(published, replan, affected),
                "fresh_keep_pct": kept(published, fresh, affected)["keep_pct"],
                "hours_replan": hours_re,
                "hours_fresh": hours_fresh,
                "hours_extra_pct": 100 * (hours_re / hours_fresh - 1),
                "served_replan": len({s.client_id for r in replan.routes for s in r.stops}),
                "served_fresh": len({s.client_id for r in fresh.routes for s in r.stops}),
                "violations": len(replan.violations),
            }
            rows.append(row)
            print(
                f"  {name:10} affected {row['affected']:3}  keep {row['keep_pct']:5.1f} % "
                f"(fresh {row['fresh_keep_pct']:5.1f} %)  shift median {row['shift_median_min']:.1f} "
                f"p90 {row['shift_p90_min']:.1f} min  hours {hours_re} vs fresh {hours_fresh} "
                f"({row['hours_extra_pct']:+.2f} %)  served {row['served_replan']}/{row['served_fresh']}  "
                f"violations {row['violations']}",
                flush=True,
            )
        history.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sofia")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2026, 12, 7))
    parser.add_argument("--time-limit", type=float, default=45.0, help="routing seconds per plan")
    parser.add_argument("--engines", default="pyvrp,ortools")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rows = [row for engine in args.engines.split(",") for row in run(engine, args)]
    print()
    print("| engine | change | affected | unaffected keep van+trip | fresh plan would keep | shift median / p90 | "
          "route hours vs fresh | violations |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['engine']} | {r['change']} | {r['affected']} | {r['keep_pct']:.1f} % | {r['fresh_keep_pct']:.1f} % "
            f"| {r['shift_median_min']:.1f} / {r['shift_p90_min']:.1f} min | {r['hours_extra_pct']:+.2f} % "
            f"| {r['violations']} |"
        )


if __name__ == "__main__":
    main()
