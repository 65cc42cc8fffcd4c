"""Scenario files in (YAML), sweep results out (one JSON per plan), and the comparison (CSV, XLSX, HTML).

A scenario file with a mistake stops with a message naming the file, the key and what was
expected. Results are written one file per plan as they come back, so a killed sweep keeps what
it finished and a rerun skips it. The comparison is built with pandas; its charts are SVG drawn
by matplotlib and embedded in the page, so it works offline.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from mealplan.errors import InputError
from mealplan.i18n import tr
from mealplan.models import Problem
from mealplan.scenario import Scenario

RESULTS = "results"


def load_scenario(path: Path) -> Scenario:
    """The scenario in ``path``; every mistake in it is listed with its key."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError("file_unreadable", file=str(path), detail=error.strerror or str(error)) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "?"
        raise InputError("scenario_yaml", file=str(path), where=where, detail=str(error).splitlines()[0]) from error
    if not isinstance(raw, dict):
        raise InputError("scenario_yaml", file=str(path), where="1", detail="not a mapping of keys")
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        problems = tuple(
            Problem(
                file=path.name,
                column=".".join(str(part) for part in e["loc"]) or "-",
                value=_shown(e.get("input")),
                code="scenario_key",
                expected="scenario_value",
                args={"detail": e["msg"]},
            )
            for e in error.errors()
        )
        raise InputError("bad_scenario", problems=problems, file=str(path)) from error


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:79] + "…"


def result_path(out: Path, variant: str, date: str) -> Path:
    """Where one plan's summary lives: OUT/results/<variant>/<date>.json."""
    safe = re.sub(r"[^\w.-]+", "_", variant).strip("_") or "scenario"
    return out / RESULTS / safe / f"{date}.json"


def save_result(out: Path, variant: str, date: str, summary: dict) -> None:
    path = result_path(out, variant, date)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_suffix(".tmp")
    staging.write_text(json.dumps(summary | {"variant": variant}, ensure_ascii=False, indent=1), encoding="utf-8")
    staging.replace(path)


def load_results(out: Path) -> list[dict]:
    """Every plan's summary, the bases first, then the scenarios in name order, dates in order."""
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / RESULTS).glob("*/*.json"))]
    return sorted(results, key=lambda r: (not r["variant"].startswith("base"), r["variant"], r["date"]))


MEASURES = (
    "served_pct",
    "unserved",
    "vans_used",
    "trips",
    "total_km",
    "route_hours",
    "longest_food_ride_min",
    "vans_missing",
)


def comparison_table(results: list[dict]):
    """Per variant: each measure's mean, min and max over its dates, and unserved by reason (pandas)."""
    import pandas as pd

    rows = []
    for r in results:
        row = {"variant": r["variant"], "date": r["date"]}
        row["served_pct"] = r["served_pct"] if r["served_pct"] is not None else float("nan")
        row["unserved"] = sum(r["unserved_by_reason"].values())
        for key in ("vans_used", "trips", "total_km", "route_hours", "longest_food_ride_min"):
            row[key] = r[key]
        row["vans_missing"] = r.get("vans_missing", 0)
        for reason, count in r["unserved_by_reason"].items():
            row[f"unserved_{reason}"] = count
        for kitchen in r["kitchens"]:
            row[f"portions_{kitchen['kitchen_id']}"] = kitchen.get("portions", 0)
            row[f"utilisation_{kitchen['kitchen_id']}"] = kitchen.get("utilisation_pct", 0)
        rows.append(row)
    frame = pd.DataFrame(rows).fillna(0)
    numeric = [c for c in frame.columns if c not in ("variant", "date")]
    summary = frame.groupby("variant", sort=False)[numeric].agg(["mean", "min", "max"]).round(2)
    summary.columns = [f"{measure}_{stat}" for measure, stat in summary.columns]
    summary.insert(0, "dates", frame.groupby("variant", sort=False)["date"].count())
    return frame, summary.reset_index()


def write_comparison(out: Path, lang: str = "bg") -> list[Path]:
    """comparison.csv, comparison.xlsx and comparison.html in ``out``; returns them."""
    results = load_results(out)
    if not results:
        raise InputError("no_results", folder=str(out))
    frame, summary = comparison_table(results)
    written = [out / "comparison.csv", out / "comparison.xlsx", out / "comparison.html"]
    summary.to_csv(written[0], index=False, encoding="utf-8-sig")
    with _excel(written[1]) as writer:
        summary.to_excel(writer, sheet_name=tr("scenario.sheet_summary", lang)[:31], index=False)
        frame.to_excel(writer, sheet_name=tr("scenario.sheet_plans", lang)[:31], index=False)
    written[2].write_text(_page(frame, summary, lang), encoding="utf-8")
    return written


def _excel(path: Path):
    import pandas as pd

    return pd.ExcelWriter(path, engine="openpyxl")


def _chart(frame, column: str, title: str) -> str:
    """One measure per variant: the mean as a bar, the spread over the dates as a whisker (SVG)."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    grouped = frame.groupby("variant", sort=False)[column]
    means, lows, highs = grouped.mean(), grouped.min(), grouped.max()
    figure, axis = plt.subplots(figsize=(7, 0.5 + 0.45 * len(means)))
    positions = range(len(means))
    axis.barh(list(positions), means.values, color="#4363d8")
    axis.errorbar(
        means.values,
        list(positions),
        xerr=[means.values - lows.values, highs.values - means.values],
        fmt="none",
        ecolor="#111",
        capsize=3,
    )
    axis.set_yticks(list(positions), [str(v) for v in means.index])
    axis.invert_yaxis()
    axis.set_title(title, fontsize=10)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _page(frame, summary, lang: str) -> str:
    charts = "".join(
        f"<div class='chart'>{_chart(frame, column, tr(f'scenario.measure.{column}', lang))}</div>"
        for column in ("served_pct", "unserved", "vans_used", "route_hours", "longest_food_ride_min", "vans_missing")
    )
    reasons = [c for c in frame.columns if c.startswith("unserved_")]
    by_reason = frame.groupby("variant", sort=False)[reasons].mean().round(1) if reasons else None
    if by_reason is not None:
        by_reason.columns = [tr(f"unserved.{c.removeprefix('unserved_')}", lang, diet="…") for c in reasons]
        by_reason.index.name = tr("scenario.variant", lang)
    headline = [
        f"<th>{tr(f'scenario.measure.{m}', lang)}</th>" for m in ("served_pct", "unserved", "vans_used", "route_hours")
    ]
    rows = "".join(
        "<tr><td>{}</td><td>{}</td>{}</tr>".format(
            _html(row["variant"]),
            int(row["dates"]),
            "".join(
                f"<td>{row[f'{m}_mean']} <small>({row[f'{m}_min']}–{row[f'{m}_max']})</small></td>"
                for m in ("served_pct", "unserved", "vans_used", "route_hours")
            ),
        )
        for _, row in summary.iterrows()
    )
    reason_table = by_reason.to_html(classes="reasons", border=0) if by_reason is not None else ""
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{tr('scenario.title', lang)}</title>"
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:20px}table{border-collapse:collapse;"
        "margin-bottom:16px}th,td{border:1px solid #999;padding:3px 8px}th{background:#eee}"
        ".chart{display:inline-block;margin:6px;vertical-align:top}</style></head><body>"
        f"<h1>{tr('scenario.title', lang)}</h1><p>{tr('scenario.explain', lang)}</p>"
        f"<table><tr><th>{tr('scenario.variant', lang)}</th><th>{tr('scenario.dates', lang)}</th>"
        f"{''.join(headline)}</tr>{rows}</table>"
        f"<h2>{tr('scenario.by_reason', lang)}</h2>{reason_table}{charts}"
        "<p><a href='comparison.csv'>comparison.csv</a> · <a href='comparison.xlsx'>comparison.xlsx</a></p>"
        "</body></html>"
    )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
