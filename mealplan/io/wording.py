"""Codes and numbers from the stages -> the words a person reads, in their language.

Stages return reason codes with structured fields; only writers and the terminal call these.
"""

from __future__ import annotations

from mealplan.i18n import tr
from mealplan.models import Measure, Violation
from mealplan.units import hhmm, hhmmss


def measure_text(measure: Measure, value: int | None, lang: str) -> str:
    """A limit or an actual value in the reader's units: 12:05, 61.5 мин, 42 порц."""
    if value is None:
        return ""
    if measure is Measure.TIME_OF_DAY_S:
        return hhmm(value) if value % 60 == 0 else hhmmss(value)
    if measure is Measure.DURATION_S:
        minutes = value / 60
        return f"{minutes:.0f} {tr('unit.min', lang)}" if value % 60 == 0 else f"{minutes:.1f} {tr('unit.min', lang)}"
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
    return tr("violations.item", lang, rule=violation_rule(violation, lang), where=where,
              limit=measure_text(violation.measure, violation.limit, lang),
              actual=measure_text(violation.measure, violation.actual, lang))
