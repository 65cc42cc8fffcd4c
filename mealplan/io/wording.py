"""Codes and numbers from the stages -> the words a person reads, in their language.

Stages return reason codes with structured fields; only writers and the terminal call these.
"""

from __future__ import annotations

from collections.abc import Mapping

from mealplan.errors import MealplanError
from mealplan.i18n import MESSAGES, tr
from mealplan.models import (
    Args,
    Client,
    LedgerEntry,
    LedgerStatus,
    MarginsSummary,
    Measure,
    NotDueReason,
    Plan,
    Problem,
    Severity,
    StopMargin,
    Violation,
)
from mealplan.units import MINUTE_S, hhmm, hhmmss


def measure_text(measure: Measure, value: int | None, lang: str) -> str:
    """A limit or an actual value in the reader's units: 12:05, 61.5 мин, 42 порц."""
    if value is None:
        return ""
    if measure is Measure.TIME_OF_DAY_S:
        return hhmm(value) if value % MINUTE_S == 0 else hhmmss(value)
    if measure is Measure.DURATION_S:
        minutes = value / MINUTE_S
        return (
            f"{minutes:.0f} {tr('unit.min', lang)}"
            if value % MINUTE_S == 0
            else f"{minutes:.1f} {tr('unit.min', lang)}"
        )
    if measure is Measure.PORTIONS:
        return f"{value} {tr('unit.portions', lang)}"
    if measure is Measure.COUNT:
        return f"{value} {tr('unit.times', lang)}"
    return str(value)


def violation_rule(violation: Violation, lang: str) -> str:
    """The rule a violation breaks, in words."""
    return tr(f"violation.{violation.cause.value}", lang)


def violation_text(violation: Violation, lang: str) -> str:
    """One line: the rule, the stop, the limit and what the plan does."""
    where = tr("violations.at_stop", lang, stop=violation.stop) if violation.stop else ""
    return tr(
        "violations.item",
        lang,
        rule=violation_rule(violation, lang),
        where=where,
        limit=measure_text(violation.measure, violation.limit, lang),
        actual=measure_text(violation.measure, violation.actual, lang),
    )


def problem_message(problem: Problem, lang: str) -> str:
    """What is wrong with a cell, in words."""
    args = problem.args
    if "check" in args:
        args = args | {"detail": check_text(args, lang)}
    return tr(f"problem.{problem.code}", lang, **args)


def check_text(args: Mapping[str, object], lang: str) -> str:
    """A validation check that failed (pydantic's type code and its limits) in words; the
    library's own English message when the check is not one we word."""
    code = str(args.get("check", ""))
    if code == "setting_value":
        inner = check_text(dict(args) | {"check": args.get("inner", "")}, lang)
        return tr("check.setting_value", lang, where=args.get("where", ""), detail=inner, given=args.get("given", ""))
    if f"check.{code}" in MESSAGES:
        return tr(f"check.{code}", lang, **{k: v for k, v in args.items() if k != "check"})
    return str(args.get("detail", ""))


def problem_expected(problem: Problem, lang: str) -> str:
    """What the cell should hold, in words ('' when there is nothing to say)."""
    return tr(f"expected.{problem.expected}", lang, **problem.args) if problem.expected else ""


def problem_line(problem: Problem, lang: str) -> str:
    """One line for the terminal: severity, file:row [column] 'value' – message; expected: …"""
    where = f"{problem.file}:{problem.row}" if problem.row else problem.file
    return tr(
        "validate.problem",
        lang,
        severity=tr(f"severity.{problem.severity.value}", lang),
        where=where,
        column=problem.column or "",
        value=shown_value(problem.value, lang),
        message=problem_message(problem, lang),
        expected=problem_expected(problem, lang),
    )


# A terminal line shows this much of a value; problems.csv keeps it whole.
SHOWN_VALUE_CHARS = 120


def shown_value(value: str | None, lang: str) -> str:
    """A value as a line shows it: whole when short, else its start and how long it was."""
    text = "" if value is None else value
    if len(text) <= SHOWN_VALUE_CHARS:
        return text
    return f"{text[:SHOWN_VALUE_CHARS]}… ({len(text)} {tr('unit.chars', lang)})"


def unserved_reason(code: str, args: Args, lang: str) -> str:
    """Why a client gets no meal today, in words."""
    return tr(f"unserved.{code}", lang, **args)


def unserved_hint(code: str, args: Args, lang: str) -> str:
    """What would get the client served, in words."""
    return tr(f"hint.{code}", lang, **args)


def not_due_reason(code: str, args: Args, lang: str) -> str:
    """Why a client is not due today, in words."""
    if code == NotDueReason.NOT_WORKING_DAY:
        holiday = str(args.get("holiday", ""))
        detail = holiday or tr(f"not_due.{args.get('day', 'declared_off')}", lang)
        return tr("not_due.not_working_day", lang, detail=detail)
    if code == NotDueReason.PAUSED:
        detail = f"{args.get('reason', '')} {args.get('start', '')}–{args.get('end', '')}".strip()
        return tr("not_due.paused", lang, detail=detail)
    return tr(f"not_due.{code}", lang, detail=args.get("date", ""))


def ledger_reason(entry: LedgerEntry, problems_by_row: dict[int, list[Problem]], lang: str) -> str:
    """The ledger's reason column: the register row's fate in words."""
    if entry.status is LedgerStatus.UNSERVED:
        return unserved_reason(entry.reason_code, entry.args, lang)
    if entry.status is LedgerStatus.NOT_DUE:
        return not_due_reason(entry.reason_code, entry.args, lang)
    if entry.status is LedgerStatus.INVALID:
        cells = [
            tr(
                "ledger.invalid_cell",
                lang,
                column=p.column or "",
                message=problem_message(p, lang),
                value=p.value or "",
                expected=problem_expected(p, lang),
            )
            for p in problems_by_row.get(entry.row, [])
        ]
        return "; ".join(cells) or tr("invalid", lang)
    return ""


def ledger_hint(entry: LedgerEntry, lang: str) -> str:
    """What would fix an unserved row; '' for the others."""
    return unserved_hint(entry.reason_code, entry.args, lang) if entry.status is LedgerStatus.UNSERVED else ""


def register_errors_by_row(problems: tuple[Problem, ...], register_file: str) -> dict[int, list[Problem]]:
    """The error problems of each register row (what made it invalid)."""
    by_row: dict[int, list[Problem]] = {}
    for problem in problems:
        if problem.file == register_file and problem.row and problem.severity is Severity.ERROR:
            by_row.setdefault(problem.row, []).append(problem)
    return by_row


def error_text(error: MealplanError, lang: str) -> str:
    """An error that stops the run, in words, with the row problems behind it on following lines."""
    lines = [tr(f"error.{error.code}", lang, **error.args_)]
    lines += ["  " + problem_line(problem, lang) for problem in error.problems]
    return "\n".join(lines)


def day_off_text(plan: Plan, lang: str) -> str:
    """ "2026-12-25 is not a working day (Рождество Христово): nobody is due. Next working day:
    2026-12-28." Empty on a working day."""
    if not plan.day_off:
        return ""
    args = plan.day_off
    reason = str(args.get("holiday", "")) or tr(f"not_due.{args.get('day', 'declared_off')}", lang)
    following = plan.next_working_day.isoformat() if plan.next_working_day else ""
    return tr("day_off.text", lang, date=plan.date.isoformat(), reason=reason, next=following)


NBSP = "\u00a0"
# From this floor up, stairs without a lift are worth a mark on the driver's sheet.
STAIRS_MARK_FLOOR = 4


def full_address(client: Client, lang: str = "bg") -> str:
    """The address as a driver reads it: street, block, entrance, floor (ground floor in words),
    flat; each label bound to its number so a line never breaks between "ап." and "12"."""
    parts = [client.address]
    if client.block:
        parts.append(f"{tr('address.block', lang)}{NBSP}{client.block}")
    if client.entrance:
        parts.append(f"{tr('address.entrance', lang)}{NBSP}{client.entrance}")
    if client.floor is not None:
        floor = f"{tr('address.floor', lang)}{NBSP}{client.floor}"
        parts.append(tr("address.ground_floor", lang) if client.floor == 0 else floor)
    if client.apartment:
        parts.append(f"{tr('address.apartment', lang)}{NBSP}{client.apartment}")
    return ", ".join(parts)


def stairs_warning(client: Client, lang: str) -> str:
    """ "Floor 5, no lift" for a high floor without a lift, else empty."""
    if client.floor is not None and client.floor >= STAIRS_MARK_FLOOR and not client.has_lift:
        return tr("sheet.stairs", lang, floor=client.floor)
    return ""


def tel_href(phone: str) -> str:
    """A ``tel:`` link target: digits and a leading +, as phones dial them."""
    digits = "".join(c for c in phone if c.isdigit())
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}" if digits else ""


def history_tables(
    runs: list[dict], deliveries: list[dict], lang: str, by_client: bool = False, visits: list[dict] | None = None
) -> list[str]:
    """``mealplan history`` as text: the runs (newest first), the deliveries asked for, then the
    client's home visits."""
    lines: list[str] = []
    if runs:
        head = ["run", "date", "published", "finished", "served", "engine"]
        rows = [
            [
                str(r["run_id"]),
                r["plan_date"].isoformat(),
                tr("word.yes" if r["published"] else "word.no", lang),
                r["finished_at"].astimezone().strftime("%Y-%m-%d %H:%M"),
                f"{r['summary'].get('served', '')}/{r['summary'].get('due', '')}",
                r["engine"],
            ]
            for r in runs
        ]
        lines += [tr("history.runs_title", lang), *_text_table(head, rows, lang), ""]
    if deliveries:
        head = ["client", "status", "kitchen", "van", "trip", "stop", "arrival", "reason"]
        head = ["date", *head] if by_client else head
        rows = []
        for d in deliveries:
            row = [
                d["client_id"],
                tr(f"ledger_status.{d['status']}", lang),
                d["kitchen_id"],
                d["van_id"],
                "" if d["trip"] is None else str(d["trip"]),
                "" if d["stop"] is None else str(d["stop"]),
                hhmm(d["arrival_s"]),
                d["reason"] if d["status"] != "routed" else "",
            ]
            rows.append([d["plan_date"].isoformat(), *row] if by_client else row)
        lines += [tr("history.deliveries_title", lang), *_text_table(head, rows, lang)]
    if visits:
        head = ["date", "time", "worker", "service", "office"]
        rows = [
            [
                v["visit_date"].isoformat(),
                f"{hhmm(v['start_min'] * 60)}–{hhmm(v['end_min'] * 60)}",
                v["worker_id"],
                v["service_code"],
                v["office_id"],
            ]
            for v in visits
        ]
        lines += ([""] if lines else []) + [tr("history.visits_title", lang), *_text_table(head, rows, lang)]
    return lines


def _text_table(head: list[str], rows: list[list[str]], lang: str) -> list[str]:
    titles = [tr(f"history.col.{h}", lang) for h in head]
    widths = [max(len(t), *(len(r[i]) for r in rows)) for i, t in enumerate(titles)]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [titles, *rows]]


def margins_text(margins: MarginsSummary, lang: str) -> str:
    """'food 9.5 min (V07/2 #14), window 1.0 min (V03/1 #31); under 10 / 5 min: 4 / 12 stops'."""
    if margins.tightest_hold is None:
        return "-"

    def where(found: StopMargin | None) -> str:
        if found is None:
            return "-"
        where = tr("margins.where", lang, van=found.van_id, trip=found.trip, stop=found.stop)
        return f"{found.minutes} {tr('unit.min', lang)} ({where})"

    hold, window = margins.hold_under_min, margins.window_under_min
    return tr(
        "summary.margins_value",
        lang,
        hold=where(margins.tightest_hold),
        window=where(margins.tightest_window),
        hold_min=f"{hold.minutes:g}",
        window_min=f"{window.minutes:g}",
        hold_stops=hold.stops,
        window_stops=window.stops,
    )


def since_text(history: dict, lang: str) -> str:
    """Which published plan the change report compares with, in words ("" when none)."""
    if not history.get("previous_date"):
        return ""
    if history.get("replan"):
        return tr("since.replan", lang, run=history.get("since_run", ""), at=history.get("since_published_at", ""))
    return tr("since.date", lang, date=history["previous_date"], run=history.get("since_run", ""))
