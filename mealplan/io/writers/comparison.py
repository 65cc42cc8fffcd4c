"""Sweep results out (one JSON per plan) and the scenarios' comparison (CSV, XLSX, HTML).

Results are written one file per plan as they come back, so a killed sweep keeps what it
finished and a rerun skips it. The comparison is built with pandas; its charts are SVG drawn by
matplotlib and embedded in the page, so it works offline.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from mealplan.errors import InputError
from mealplan.i18n import tr
from mealplan.io.safe import real_folder, replacing, safe_filename
from mealplan.io.tabular import spreadsheet_cell

RESULTS = "results"


def result_path(out: Path, variant: str, date: str) -> Path:
    """Where one plan's summary lives: OUT/results/<variant>/<date>.json, the variant's name made
    a safe file name (never ``..``; names that had to be cleaned get a hash, so two never share)."""
    return out / RESULTS / safe_filename(variant) / f"{date}.json"


def save_result(out: Path, variant: str, date: str, summary: dict) -> None:
    path = result_path(out, variant, date)
    real_folder(out, RESULTS, path.parent.name)
    with replacing(path) as staging:
        staging.write_text(json.dumps(summary | {"variant": variant}, ensure_ascii=False, indent=1), encoding="utf-8")


def result_done(path: Path) -> bool:
    """Whether a plan's result is there and whole; a damaged file is planned again, not trusted."""
    try:
        return isinstance(json.loads(path.read_text(encoding="utf-8")), dict)
    except (OSError, ValueError):
        return False


def load_results(out: Path) -> list[dict]:
    """Every plan's summary, the bases first, then the scenarios in name order, dates in order."""
    results = []
    for path in sorted((out / RESULTS).glob("*/*.json")):
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(found, dict) or not {"variant", "date", "served_pct"} <= set(found):
                raise ValueError("not a plan's result")
        except (OSError, ValueError) as error:
            raise InputError("bad_result", file=str(path), detail=str(error).splitlines()[0][:120]) from None
        results.append(found)
    for r in results:  # results written before plans knew their kind and base
        r.setdefault("kind", "base" if _BASE_NAME.fullmatch(r["variant"]) else "compare")
        r.setdefault("group", r["variant"])
        r.setdefault("base_variant", r["variant"] if r["kind"] == "base" else "")
    return sorted(results, key=lambda r: (r["kind"] != "base", r["variant"], r["date"]))


_BASE_NAME = re.compile(r"base \((.*)\)")


def _labelled(results: list[dict], lang: str) -> list[dict]:
    """The results with the bases named in the reader's language ("base (sofia)" is a code)."""

    def label(variant: str) -> str:
        found = _BASE_NAME.fullmatch(variant)
        return tr("scenario.base", lang, folder=found.group(1)) if found else variant

    return [r | {"variant": label(r["variant"]), "base_variant": label(r["base_variant"])} for r in results]


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


TEXT_COLUMNS = ("variant", "date", "group", "kind", "base_variant")


def comparison_table(results: list[dict]):
    """Per plan and per variant: each measure's mean, min and max over the dates, unserved by
    reason, and the difference from the variant's base (pandas)."""
    import pandas as pd

    rows = []
    for r in results:
        row = {key: r.get(key, "") for key in TEXT_COLUMNS}
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
    numeric = [c for c in frame.columns if c not in TEXT_COLUMNS]
    grouped = frame.groupby("variant", sort=False)
    summary = grouped[numeric].agg(["mean", "min", "max"]).round(2)
    summary.columns = [f"{measure}_{stat}" for measure, stat in summary.columns]
    summary.insert(0, "dates", grouped["date"].count())
    for column in ("group", "kind", "base_variant"):
        summary.insert(1, column, grouped[column].first())
    summary = summary.reset_index()
    return frame, _against_base(summary, frame)


# Reasons no scenario of fleet, kitchens, windows or limits can change (a door without coordinates
# stays without them): never named as the "main reason" a scenario serves fewer, unless alone.
FIXED_REASONS = frozenset({"no_coordinates", "off_road", "solver_failed"})


def _against_base(summary, frame):
    """Each variant beside its base on the same dates (a question of 3 dates is compared with its
    base's plans of those 3 dates, not with all the base planned): served in percentage points,
    unserved, van hours in %, and the reason that grew most, reasons a scenario can change first
    (the "why" a reader looks for when a scenario serves fewer)."""
    reasons = [c for c in frame.columns if c.startswith("unserved_")]
    by_plan = frame.set_index(["variant", "date"])
    served: list[float | None] = []
    unserved: list[float | None] = []
    hours: list[float | None] = []
    main: list[str] = []
    for _, row in summary.iterrows():
        dates = list(frame.loc[frame["variant"] == row["variant"], "date"])
        pairs = [(d, (row["base_variant"], d)) for d in dates if (row["base_variant"], d) in by_plan.index]
        if row["variant"] == row["base_variant"] or not pairs:
            for column in (served, unserved, hours):
                column.append(None)
            main.append("")
            continue
        mine = by_plan.loc[[(row["variant"], d) for d, _ in pairs]].mean(numeric_only=True)
        base = by_plan.loc[[key for _, key in pairs]].mean(numeric_only=True)
        served.append(round(float(mine["served_pct"] - base["served_pct"]), 2))
        unserved.append(round(float(mine["unserved"] - base["unserved"]), 2))
        base_hours = float(base["route_hours"])
        hours.append(round(100 * (float(mine["route_hours"]) - base_hours) / base_hours, 1) if base_hours else None)
        growth = {r.removeprefix("unserved_"): float(mine[r] - base[r]) for r in reasons}
        grew = sorted((r for r in growth if growth[r] > 0), key=lambda r: (r in FIXED_REASONS, -growth[r], r))
        main.append(grew[0] if grew else "")
    summary["served_pct_vs_base"] = served
    summary["unserved_vs_base"] = unserved
    summary["route_hours_vs_base_pct"] = hours
    summary["main_unserved_reason"] = main
    return summary


def site_ranking(summary, frame=None):
    """Each site question's candidates, best first: most clients served, then fewest van hours,
    then the shortest longest ride. With the per-date ``frame``, each candidate after the first
    says whether it is behind the one above it on every date (``clear``) or only on some: then
    the order is within the spread over the dates, and another run (or one more date) may swap them.
    """
    sites = summary[summary["kind"] == "kitchen_site"]
    ranked = sites.sort_values(
        ["group", "served_pct_mean", "route_hours_mean", "longest_food_ride_min_mean"],
        ascending=[True, False, True, True],
    )
    ranked = ranked.assign(rank=ranked.groupby("group").cumcount() + 1)
    clear: list[bool | None] = []
    above = None
    for _, row in ranked.iterrows():
        if above is None or above["group"] != row["group"] or frame is None:
            clear.append(None)
        else:
            clear.append(_behind_on_every_date(frame, above["variant"], row["variant"]))
        above = row
    return ranked.assign(clear=clear)


def _behind_on_every_date(frame, better: str, worse: str) -> bool:
    """Whether ``worse`` is behind ``better`` on every date both planned: fewer served, or as many
    served and more van hours."""
    a = frame[frame["variant"] == better].set_index("date")
    b = frame[frame["variant"] == worse].set_index("date")
    dates = a.index.intersection(b.index)
    if len(dates) == 0:
        return False
    served = b.loc[dates, "served_pct"] - a.loc[dates, "served_pct"]
    hours = b.loc[dates, "route_hours"] - a.loc[dates, "route_hours"]
    return bool(((served < 0) | ((served == 0) & (hours > 0))).all())


def days_off(results: list[dict], lang: str) -> list[str]:
    """The dates among the results that were days off, each once with its reason: they are left out
    of every figure (a day nobody is due is not a day with 0 % served)."""
    seen: dict[str, str] = {}
    for r in results:
        if r.get("day_off"):
            args = r["day_off"]
            seen[r["date"]] = str(args.get("holiday", "")) or tr(f"not_due.{args.get('day', 'declared_off')}", lang)
    return [tr("scenario.day_off", lang, date=date, reason=reason) for date, reason in sorted(seen.items())]


def write_comparison(out: Path, lang: str = "bg") -> tuple[list[Path], list[str]]:
    """comparison.csv, comparison.xlsx and comparison.html in ``out``; returns them and the days
    off that were left out of the figures."""
    every = load_results(out)
    results = [r for r in every if not r.get("day_off")]
    left_out = days_off(every, lang)
    if not results:
        raise InputError("no_results", folder=str(out))
    frame, summary = comparison_table(_labelled(results, lang))
    written = [out / "comparison.csv", out / "comparison.xlsx", out / "comparison.html"]
    with replacing(written[0]) as staging:
        summary.to_csv(staging, index=False, encoding="utf-8-sig")
    with replacing(written[1]) as staging, _excel(staging) as writer:
        for table, sheet in ((summary, "scenario.sheet_summary"), (frame, "scenario.sheet_plans")):
            table.map(spreadsheet_cell).to_excel(writer, sheet_name=tr(sheet, lang)[:31], index=False)
    with replacing(written[2]) as staging:
        staging.write_text(_page(frame, summary, lang, left_out), encoding="utf-8")
    return written, left_out


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


def _page(frame, summary, lang: str, left_out: list[str]) -> str:
    charts = "".join(
        f"<div class='chart'>{_chart(frame, column, tr(f'scenario.measure.{column}', lang))}</div>"
        for column in ("served_pct", "unserved", "vans_used", "route_hours", "longest_food_ride_min", "vans_missing")
    )
    reasons = [c for c in frame.columns if c.startswith("unserved_")]
    by_reason = frame.groupby("variant", sort=False)[reasons].mean().round(1) if reasons else None
    if by_reason is not None:
        by_reason.columns = [_reason(c.removeprefix("unserved_"), lang) for c in reasons]
        by_reason.index.name = tr("scenario.variant", lang)
    reason_table = by_reason.to_html(classes="reasons", border=0) if by_reason is not None else ""
    notices = "".join(f"<p class='off'>{_html(line)}</p>" for line in left_out)
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{tr('scenario.title', lang)}</title>"
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:20px}table{border-collapse:collapse;"
        "margin-bottom:16px}th,td{border:1px solid #999;padding:3px 8px}th{background:#eee}td.n{text-align:right}"
        ".off{background:#fff4d6;padding:4px 8px}tr.worse td{background:#fde2e2}tr.better td{background:#e3f4e1}"
        "tr.base td{font-weight:bold}"
        ".delta{color:#555;font-size:90%}.chart{display:inline-block;margin:6px;vertical-align:top}"
        "</style></head><body>"
        f"<h1>{tr('scenario.title', lang)}</h1><p>{tr('scenario.explain', lang)}</p>{notices}"
        f"{_main_table(summary, lang)}{_site_tables(summary, frame, lang)}"
        f"<h2>{tr('scenario.by_reason', lang)}</h2>{reason_table}{charts}"
        "<p><a href='comparison.csv'>comparison.csv</a> · <a href='comparison.xlsx'>comparison.xlsx</a></p>"
        "</body></html>"
    )


# Served this many percentage points below (above) the base marks a row red (green).
NOTABLE_SERVED_PP = 0.5


def _main_table(summary, lang: str) -> str:
    """One row per variant, its base first: the headline measures with their spread and the
    difference from the base, the rows that serve fewer tinted and their main reason named."""
    head = [
        "scenario.variant",
        "scenario.dates",
        "scenario.measure.served_pct",
        "scenario.measure.unserved",
        "scenario.why",
        "scenario.measure.vans_used",
        "scenario.measure.route_hours",
        "scenario.measure.longest_food_ride_min",
        "scenario.measure.vans_missing",
    ]
    rows = []
    for _, row in summary.iterrows():
        delta = row["served_pct_vs_base"]
        is_base = row["variant"] == row["base_variant"]
        tint = "base" if is_base else ""
        if not is_base and delta is not None and abs(delta) >= NOTABLE_SERVED_PP:
            tint = "worse" if delta < 0 else "better"
        why = _reason(row["main_unserved_reason"], lang) if row["main_unserved_reason"] else ""
        cells = [
            _html(row["variant"]),
            str(int(row["dates"])),
            _measure(row, "served_pct") + _delta(delta, " pp"),
            _measure(row, "unserved") + _delta(row["unserved_vs_base"], ""),
            _html(why),
            _measure(row, "vans_used"),
            _measure(row, "route_hours") + _delta(row["route_hours_vs_base_pct"], " %"),
            _measure(row, "longest_food_ride_min"),
            _measure(row, "vans_missing"),
        ]
        rows.append(f"<tr class='{tint}'>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = "".join(f"<th>{tr(key, lang)}</th>" for key in head)
    return f"<table class='main'><tr>{header}</tr>{''.join(rows)}</table>"


def _site_tables(summary, frame, lang: str) -> str:
    """A ranking of the candidate sites of each site question, best first, each place saying
    whether it is clear on every date or within the spread over the dates."""
    ranked = site_ranking(summary, frame)
    parts = []
    for group, sites in ranked.groupby("group", sort=False):
        head = ["scenario.rank", "scenario.site", "scenario.measure.served_pct", "scenario.measure.unserved"]
        head += ["scenario.measure.route_hours", "scenario.measure.longest_food_ride_min", "scenario.measure.total_km"]
        head += ["scenario.against_above"]
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{c}</td>"
                for c in (
                    str(int(row["rank"])),
                    _html(str(row["variant"]).removeprefix(f"{group}: ")),
                    _measure(row, "served_pct"),
                    _measure(row, "unserved"),
                    _measure(row, "route_hours"),
                    _measure(row, "longest_food_ride_min"),
                    _measure(row, "total_km"),
                    _against_above(row["clear"], lang),
                )
            )
            + "</tr>"
            for _, row in sites.iterrows()
        )
        header = "".join(f"<th>{tr(key, lang)}</th>" for key in head)
        title = tr("scenario.site_ranking", lang, name=_html(str(group)))
        parts.append(f"<h2>{title}</h2><p>{tr('scenario.site_rule', lang)}</p><table>{header}{rows}</table>")
    return "".join(parts)


def _against_above(clear, lang: str) -> str:
    if clear is None or clear != clear:  # the first of its question: nothing above it
        return ""
    return tr("scenario.clear" if clear else "scenario.within_spread", lang)


def _measure(row, measure: str) -> str:
    return f"{row[f'{measure}_mean']} <small>({row[f'{measure}_min']}–{row[f'{measure}_max']})</small>"


def _delta(value, unit: str) -> str:
    if value is None or value != value:  # NaN: no base to compare with
        return ""
    return f"<br><span class='delta'>{value:+g}{unit}</span>"


def _reason(code: str, lang: str) -> str:
    return tr(f"unserved.{code}", lang, diet="…")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
