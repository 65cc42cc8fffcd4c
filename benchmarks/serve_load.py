"""Forty drivers posting a night's outcomes at once to `mealplan serve`, with retries, double taps
and corrections; then the history is read back: every stop's outcome must be there exactly as
often as it was meant to be (lost 0, doubled 0).

Usage (from the project root):

    python benchmarks/serve_load.py                                   # SQLite in a temporary folder
    python benchmarks/serve_load.py --db postgresql://postgres@127.0.0.1:5432/postgres

The night is the bundled Sofia sample's (data/sofia), planned first with a short search into the
given history; the server is the real command (`python -m mealplan serve`) in its own process on
the loopback address. Each driver takes their trips' stops in order and posts one outcome each:
a fifth of the posts lose their answer and are sent again with the same key (a retry), one in
twenty is tapped twice (a new key, the same outcome), one in ten is corrected afterwards (a new
outcome: a second version). Printed: requests, requests/s, latency p50/p95/max, lost, doubled.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx
import sqlalchemy as sa

from mealplan.door_models import link_expiry
from mealplan.io.store.history import History, door_outcomes

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def driver(client, base, trips, rng, latencies, expected):
    for token, stops in trips:
        for client_id in stops:
            outcome = "delivered" if rng.random() < 0.85 else rng.choice(["not_home", "refused", "other"])
            body = {
                "id": client_id,
                "outcome": outcome,
                "key": f"k{rng.getrandbits(64):016x}",
                "note": "",
                "tapped_at": "2026-11-25T11:00:00+02:00",
            }
            sends = 2 if rng.random() < 0.2 else 1  # the first answer lost: the phone sends again
            for _ in range(sends):
                await post(client, base, token, body, latencies)
            if rng.random() < 0.05:  # a double tap: a second key, the same outcome
                await post(client, base, token, body | {"key": f"k{rng.getrandbits(64):016x}"}, latencies)
            versions = [outcome]
            if rng.random() < 0.1:  # corrected later: a second version
                fixed = "not_home" if outcome == "delivered" else "delivered"
                await post(
                    client, base, token, body | {"outcome": fixed, "key": f"k{rng.getrandbits(64):016x}"}, latencies
                )
                versions.append(fixed)
            expected[client_id] = versions


RETRIES = {"transport": 0, "server": 0}


async def post(client, base, token, body, latencies):
    for attempt in range(20):  # a busy server: the phone keeps its queue and tries again
        started = time.perf_counter()
        try:
            response = await client.post(f"{base}/api/t/{token}/outcomes", json=body)
        except httpx.TransportError:
            RETRIES["transport"] += 1
            await asyncio.sleep(0.2 * (attempt + 1))
            continue
        latencies.append(time.perf_counter() - started)
        if response.status_code < 500:
            assert response.status_code == 200, response.text
            return
        RETRIES["server"] += 1
        await asyncio.sleep(0.2 * (attempt + 1))
    raise RuntimeError("the server never answered")


async def load(base, per_driver, seed):
    rng = random.Random(seed)
    latencies: list[float] = []
    expected: dict[str, list[str]] = {}
    limits = httpx.Limits(max_connections=len(per_driver))
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(
            *(driver(client, base, trips, random.Random(rng.random()), latencies, expected) for trips in per_driver)
        )
        wall = time.perf_counter() - started
    return latencies, expected, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="history URL (default: SQLite in a temporary folder)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sofia")
    parser.add_argument("--date", default="2026-11-25")
    parser.add_argument("--drivers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (the server's log)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="serve-load-"))
    data = Path(shutil.copytree(args.data, work / "data", ignore=shutil.ignore_patterns("history.sqlite*")))
    url = args.db or f"sqlite:///{work / 'history.sqlite'}"
    if url.startswith("postgresql"):  # a clean history each run
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mealplan",
            "plan",
            "--data",
            str(data),
            "--date",
            args.date,
            "--out",
            str(work / "out"),
            "--db",
            url,
            "--time-limit",
            "10",
            "--lang",
            "en",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    day = dt.date.fromisoformat(args.date)
    history = History(url)
    trips: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for row in history.deliveries(day):
        if row["status"] == "routed":
            trips.setdefault((row["van_id"], row["trip"]), []).append((row["stop"], row["client_id"]))
    links = [
        (history.trip_link(day, "meal", van, trip, link_expiry(day, 24 * 365)), [c for _, c in sorted(stops)])
        for (van, trip), stops in sorted(trips.items())
    ]
    history.close()
    per_driver = [links[k :: args.drivers] for k in range(args.drivers)]
    port = free_port()
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mealplan",
            "serve",
            "--data",
            str(data),
            "--db",
            url,
            "--port",
            str(port),
            "--lang",
            "en",
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        latencies, expected, wall = asyncio.run(load(base, per_driver, args.seed))
    finally:
        server.terminate()
        server.wait(timeout=30)
    history = History(url)
    with history.engine.connect() as conn:
        rows = conn.execute(
            sa.select(door_outcomes.c.client_id, door_outcomes.c.version, door_outcomes.c.outcome).where(
                door_outcomes.c.plan_date == day
            )
        ).all()
    history.close()
    got: dict[str, list[tuple[int, str]]] = {}
    for client_id, version, outcome in rows:
        got.setdefault(client_id, []).append((version, outcome))
    lost = doubled = wrong = 0
    for client_id, versions in expected.items():
        kept = [outcome for _, outcome in sorted(got.get(client_id, []))]
        if kept == versions:
            continue
        if len(kept) < len(versions):
            lost += 1
        elif len(kept) > len(versions):
            doubled += 1
        else:
            wrong += 1
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"history: {'PostgreSQL' if url.startswith('postgresql') else 'SQLite'}; drivers {args.drivers}; "
        f"trips {len(links)}; stops {len(expected)}; outcome versions meant {sum(map(len, expected.values()))}"
    )
    print(
        f"requests {len(latencies)} in {wall:.1f} s: {len(latencies) / wall:.0f} requests/s; latency p50 "
        f"{1000 * statistics.median(ordered):.0f} ms, p95 {1000 * p95:.0f} ms, max {1000 * ordered[-1]:.0f} ms"
    )
    print(
        f"lost {lost}, doubled {doubled}, other differences {wrong}; sent again after no answer "
        f"{RETRIES['transport']}, after a server error {RETRIES['server']}"
    )
    log.close()
    errors = [line for line in (work / "serve.log").read_text(encoding="utf-8").splitlines()
              if re.search(r"mealplan\.serve \S+ \S+ 5\d\d ", line)]  # fmt: skip
    print(f"server errors logged: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept: {work}")
    if lost or doubled or wrong:
        sys.exit(1)


if __name__ == "__main__":
    main()
