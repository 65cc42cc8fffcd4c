"""A simulated month of the Sofia sample in a history, then `mealplan report` timed on it.

Usage (from the project root):

    python benchmarks/monthly_report.py --repeat 3

The month (December 2026) is written straight into a fresh SQLite history: for each working day
a published run in which every active client of data/sofia due that weekday has a routed
delivery (their register diet and portions, vans and trips dealt in order), and a door outcome
for 95 % of them (delivered mostly, the other kinds now and then, some corrected); a week of
home visits per week from the sample's care plan shape is not needed for the count and is left
out. Printed: deliveries, outcomes, and the whole command's seconds per run and the median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mealplan.io.readers.dataset import read_dataset
from mealplan.io.store.history import History, RunRecord

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["not_home", "refused", "hospital", "other"]


def simulate(data: Path, url: str, month_first: dt.date, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    clients = [c for c in read_dataset(data).clients if c.status.value == "active"]
    history = History(url)
    deliveries = answers = 0
    day = month_first
    while day.month == month_first.month:
        if day.weekday() < 5:
            due = [c for c in clients if day.weekday() in c.delivery_weekdays]
            rows = [
                {
                    "register_row": c.row,
                    "client_id": c.client_id,
                    "status": "routed",
                    "reason": "",
                    "kitchen_id": f"K{1 + k % 5}",
                    "van_id": f"V{1 + k // 45:02d}",
                    "trip": 1 + (k // 15) % 3,
                    "stop": 1 + k % 15,
                    "arrival_s": 11 * 3600 + 60 * (k % 15) * 6,
                    "diet_id": c.diet_id,
                    "portions": c.portions,
                }
                for k, c in enumerate(due)
            ]
            now = dt.datetime.now(dt.UTC)
            record = RunRecord(
                plan_date=day,
                started_at=now,
                register_sha256="0" * 64,
                engine="pyvrp",
                seed=0,
                time_limit_s=50.0,
                stable=True,
                settings={},
                summary={},
                mealplan_version="bench",
                outcomes=rows,
                routes=[],
            )
            history.record(record, publish=True)
            deliveries += len(rows)
            found = []
            for row in rows:
                if rng.random() < 0.95:
                    outcome = "delivered" if rng.random() < 0.93 else rng.choice(KINDS)
                    found.append(
                        {
                            "service": "meal",
                            "plan_date": day,
                            "client_id": row["client_id"],
                            "stop_ref": f"{row['van_id']}/{row['trip']}",
                            "outcome": outcome,
                            "note": "",
                            "minutes_spent": None,
                            "tapped_at": None,
                            "source": "phone",
                            "request_key": f"{day}-{row['client_id']}",
                        }
                    )
            history.record_door_outcomes(found)
            answers += len(found)
        day += dt.timedelta(days=1)
    history.close()
    return deliveries, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sofia")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="report-"))
    data = Path(shutil.copytree(args.data, work / "data", ignore=shutil.ignore_patterns("history.sqlite*")))
    url = f"sqlite:///{work / 'history.sqlite'}"
    deliveries, answers = simulate(data, url, dt.date(2026, 12, 1), seed=0)
    print(f"month 2026-12: {deliveries} deliveries planned, {answers} outcomes recorded")
    took = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mealplan",
                "report",
                "2026-12",
                "--data",
                str(data),
                "--db",
                url,
                "--out",
                str(work / "out"),
                "--lang",
                "en",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        took.append(time.perf_counter() - started)
    print("whole command s: " + " / ".join(f"{t:.2f}" for t in took) + f"; median {statistics.median(took):.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
