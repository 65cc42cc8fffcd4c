"""How often a kitchen-site ranking changes between identical sweeps (the search stops on the clock).

    python benchmarks/site_flips.py [--scenario scenarios/sixth-kitchen.yaml] [--runs 5]
                                    [--time-limit S]

Runs ``mealplan scenario run`` on the same scenario ``--runs`` times, each into a fresh folder,
with the scenario's own budget (or ``--time-limit`` written into a copy), and reports each run's
ranking with what the comparison says of each place (clear on every date, or within the spread
over the dates), then the flip rate: the share of runs whose order differs from the most common
one, and whether every flip fell on a place the comparison called within the spread.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def ranking(folder: Path) -> list[tuple[str, bool | None]]:
    from mealplan.io.writers.comparison import comparison_table, load_results, site_ranking

    results = [r for r in load_results(folder) if not r.get("day_off")]
    frame, summary = comparison_table(results)
    ranked = site_ranking(summary, frame)
    return [(str(v).split(": ", 1)[-1], c) for v, c in zip(ranked["variant"], ranked["clear"], strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "sixth-kitchen.yaml")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per plan (default: the scenario's)")
    args = parser.parse_args()
    orders = []
    with tempfile.TemporaryDirectory() as tmp:
        scenario = yaml.safe_load(args.scenario.read_text(encoding="utf-8"))
        scenario["base"] = str((args.scenario.parent / scenario["base"]).resolve())
        if args.time_limit:
            scenario["time_limit_s"] = args.time_limit
        copy = Path(tmp) / args.scenario.name
        copy.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
        for run in range(args.runs):
            out = Path(tmp) / f"run{run}"
            subprocess.run(
                [sys.executable, "-m", "mealplan", "scenario", "run", str(copy), "--out", str(out), "--lang", "en"],
                check=True,
                capture_output=True,
            )
            ranked = ranking(out)
            orders.append(tuple(name for name, _ in ranked))
            said = ", ".join(
                f"{name}" + ("" if clear is None else " (clear)" if clear else " (within spread)")
                for name, clear in ranked
            )
            print(f"run {run + 1}: {said}", flush=True)
    common, count = Counter(orders).most_common(1)[0]
    print(f"budget per plan: {scenario.get('time_limit_s')} s; most common order {' > '.join(common)} "
          f"in {count} of {len(orders)} runs; flip rate {100 * (len(orders) - count) / len(orders):.0f} %")  # fmt: skip


if __name__ == "__main__":
    main()
