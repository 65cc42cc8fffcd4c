"""Turn benchmark result CSVs (from `mealplan bench` or benchmarks/peers.py) into markdown tables.

Usage:

    python benchmarks/report.py docs/results/solomon_peers_10s.csv

Prints, per engine: instances, feasible, mean gap per instance class and overall (feasible
instances only), mean vehicles, mean wall time, and the ratio of our mean gap to each peer's,
computed on the instances every engine solved feasibly (so no engine is flattered by skipping
hard ones).
"""

from __future__ import annotations

import argparse
import csv
import statistics
from collections import defaultdict
from pathlib import Path


def instance_class(name: str) -> str:
    base = name.split("_")[0]
    prefix = "RC" if base.startswith("RC") else base[:1]
    digit = base[len(prefix)]
    return f"{prefix}{digit}"


def load(paths: list[Path]) -> list[dict[str, str]]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def report(rows: list[dict[str, str]]) -> str:
    engines = sorted({r["engine"] for r in rows}, key=lambda e: (e != "ours", e))
    classes = sorted({instance_class(r["instance"]) for r in rows})
    by_engine: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_engine[row["engine"]].append(row)
    instances = {r["instance"] for r in rows}
    everyone = {
        i
        for i in instances
        if all(any(r["instance"] == i and r["feasible"] == "true" for r in by_engine[e]) for e in engines)
    }

    def mean(values: list[float]) -> str:
        return f"{statistics.mean(values):.2f}" if values else "–"

    lines = [
        "| engine | instances | feasible | "
        + " | ".join(f"gap {c} %" for c in classes)
        + " | gap all % | gap on common % | vehicles | wall s |",
        "|---" * (7 + len(classes)) + "|",
    ]
    common_gap: dict[str, float] = {}
    for engine in engines:
        ok = [r for r in by_engine[engine] if r["feasible"] == "true" and r["gap_pct"]]
        per_class = [mean([float(r["gap_pct"]) for r in ok if instance_class(r["instance"]) == c]) for c in classes]
        common = [float(r["gap_pct"]) for r in ok if r["instance"] in everyone]
        if common:
            common_gap[engine] = statistics.mean(common)
        lines.append(
            f"| {engine} | {len(by_engine[engine])} | {len(ok)} | "
            + " | ".join(per_class)
            + f" | {mean([float(r['gap_pct']) for r in ok])} | {mean(common)} | "
            + f"{mean([float(r['vehicles']) for r in ok])} | "
            + f"{mean([float(r['wall_s']) for r in by_engine[engine]])} |"
        )
    if "ours" in common_gap:
        lines.append("")
        lines.append(f"Ratio of our mean gap to each peer's, on the {len(everyone)} instances all solved feasibly:")
        for engine, gap in common_gap.items():
            if engine != "ours":
                ours = common_gap["ours"]
                # Both at the best known is a tie, not a division by zero.
                ratio = "1.00 (both at best known)" if ours == gap == 0 else (f"{ours / gap:.2f}" if gap else "inf")
                lines.append(f"- ours / {engine}: {ours:.2f} % / {gap:.2f} % = {ratio}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="+", type=Path)
    args = parser.parse_args()
    print(report(load(args.results)))


if __name__ == "__main__":
    main()
