"""What the history adds to a night: reading the past and recording a run, on a full history.

    python benchmarks/history_io.py [--clients 2000] [--nights 60] [--repeat 5] [--db URL]

Fills a fresh history (an SQLite file, or the PostgreSQL database given with --db, which must
be empty) with --nights published nights of --clients register rows each (as many as the
lookback of stable routes reads), then times, --repeat times each: ``History.past`` for the
next night (every client's deliveries of the lookback, the last plan's vans) and
``History.record`` of one more night. Reports medians.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path


def night(day: dt.date, clients: int, vans: int = 36):
    from mealplan.io.store.history import RunRecord

    return RunRecord(
        plan_date=day,
        started_at=dt.datetime.now(dt.UTC),
        register_sha256="0" * 64,
        engine="pyvrp",
        seed=0,
        time_limit_s=50.0,
        stable=True,
        settings={},
        summary={"served": clients, "due": clients},
        mealplan_version="bench",
        outcomes=[
            {
                "register_row": i + 2,
                "client_id": f"C{i:05d}",
                "status": "routed",
                "reason": "",
                "kitchen_id": f"K{i % 5 + 1}",
                "van_id": f"V{i % vans + 1:02d}",
                "trip": 1 + i % 3,
                "stop": 1 + i % 20,
                "arrival_s": 36_000 + 60 * (i % 200),
            }
            for i in range(clients)
        ],
        routes=[
            {
                "van_id": f"V{v + 1:02d}",
                "trip": t,
                "kitchen_id": "K1",
                "departure_s": 36_000,
                "return_s": 45_000,
                "distance_m": 30_000.0,
                "stops": 20,
                "portions": 25,
            }
            for v in range(vans)
            for t in (1, 2, 3)
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--nights", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()

    from mealplan.io.store.history import History

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'history.sqlite'}"
        history = History(url)
        first = dt.date(2026, 9, 1)
        started = time.perf_counter()
        for k in range(args.nights):
            history.record(night(first + dt.timedelta(days=k), args.clients))
        fill_s = time.perf_counter() - started
        tonight = first + dt.timedelta(days=args.nights)
        past_s, record_s = [], []
        for k in range(args.repeat):
            t0 = time.perf_counter()
            past = history.past(tonight)
            past_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            history.record(night(tonight + dt.timedelta(days=k), args.clients), publish=False)
            record_s.append(time.perf_counter() - t0)
        print(f"{url.split(':')[0]}: {args.nights} nights x {args.clients} rows filled in {fill_s:.1f} s")
        deliveries = sum(len(v) for v in past.previous.values())
        print(f"past() for the next night: median {statistics.median(past_s):.2f} s ({deliveries} deliveries)")
        print(f"record() of one night: median {statistics.median(record_s):.2f} s")
        history.close()


if __name__ == "__main__":
    main()
