"""Every text a user reads, in one catalogue: Bulgarian by default, English on request.

Codes (reason codes, column names) stay English and stable in files; what a person reads is
looked up here. ``tr(key, lang, **fields)`` formats the entry with ``str.format``.
"""

from __future__ import annotations

DEFAULT_LANG = "bg"

MESSAGES: dict[str, dict[str, str]] = {
    # ---- input problems: what was expected
    "expected.required": {"bg": "задължително поле", "en": "a value is required"},
    "expected.integer": {"bg": "цяло число от {low} до {high}", "en": "a whole number from {low} to {high}"},
    "expected.number": {"bg": "число (десетична точка или запетая)", "en": "a number (decimal point or comma)"},
    "expected.date": {"bg": "дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ", "en": "a date YYYY-MM-DD or DD.MM.YYYY"},
    "expected.time": {"bg": "час ЧЧ:ММ", "en": "a time HH:MM"},
    "expected.bool": {"bg": "да / не", "en": "yes / no"},
    "expected.choice": {"bg": "едно от: {choices}", "en": "one of: {choices}"},
    "expected.weekdays": {"bg": "дни като пн,ср,пт или пн-пт", "en": "days such as Mon,Wed,Fri or Mon-Fri"},
    "expected.unique": {"bg": "уникален номер", "en": "a unique id"},
    "expected.lat_sofia": {"bg": "ширина в района на София (42.45–42.90)", "en": "a latitude around Sofia (42.45–42.90)"},
    "expected.lon_sofia": {"bg": "дължина в района на София (22.95–23.70)", "en": "a longitude around Sofia (22.95–23.70)"},
    "expected.after_start": {"bg": "след началото ({start})", "en": "after the start ({start})"},
    "expected.known_client": {"bg": "номер на клиент от регистъра", "en": "a client id from the register"},
    "expected.both_coordinates": {"bg": "и ширина, и дължина (или нито една)", "en": "both lat and lon (or neither)"},
    "expected.columns": {"bg": "колони: {columns}", "en": "columns: {columns}"},
    "expected.no_extra_cells": {"bg": "толкова клетки, колкото колони има заглавният ред",
                                "en": "as many cells as the header has columns"},
    "expected.readable_text": {"bg": "четим текст (UTF-8 или Windows-1251)", "en": "readable text (UTF-8 or Windows-1251)"},
    "expected.max_length": {"bg": "до {length} знака", "en": "at most {length} characters"},
    "problem.damaged_bytes": {"bg": "Повредени байтове в текста", "en": "Damaged bytes in the text"},
    "problem.too_long": {"bg": "Необичайно дълга стойност (запазена)", "en": "Unusually long value (kept)"},
    "problem.unknown_column": {"bg": "Непозната колона – пропусната", "en": "Unknown column – ignored"},
    "problem.duplicate_column": {"bg": "Повторена колона", "en": "Duplicate column"},
    "problem.invalid": {"bg": "Невалидна стойност", "en": "Invalid value"},
    "problem.missing": {"bg": "Липсва стойност", "en": "Missing value"},
    "problem.duplicate": {"bg": "Повторен номер – редът е изключен", "en": "Duplicate id – the row is excluded"},
    "problem.swapped": {"bg": "Ширината и дължината изглеждат разменени", "en": "Latitude and longitude look swapped"},
    "problem.missing_column": {"bg": "Липсва колона", "en": "Missing column"},
    "problem.extra_cells": {"bg": "Повече клетки от колоните", "en": "More cells than columns"},
    "problem.unknown_reference": {"bg": "Непознат код", "en": "Unknown code"},
    # ---- not due
    "not_due.not_working_day": {"bg": "неработен ден ({detail})", "en": "not a working day ({detail})"},
    "not_due.not_delivery_day": {"bg": "няма доставка в този ден от седмицата",
                                 "en": "no delivery on this weekday"},
    "not_due.before_start": {"bg": "услугата започва на {detail}", "en": "service starts on {detail}"},
    "not_due.after_end": {"bg": "услугата е приключила на {detail}", "en": "service ended on {detail}"},
    "not_due.suspended": {"bg": "услугата е спряна", "en": "service suspended"},
    "not_due.closed": {"bg": "досието е закрито", "en": "case closed"},
    "not_due.paused": {"bg": "временно прекъсване: {detail}", "en": "paused: {detail}"},
    # ---- unserved
    "unserved.no_coordinates": {"bg": "няма координати", "en": "no coordinates"},
    "unserved.diet_not_cooked": {"bg": "нито една кухня не готви диета „{diet}“",
                                 "en": "no kitchen cooks diet '{diet}'"},
    "unserved.kitchen_capacity": {"bg": "кухните нямат капацитет", "en": "kitchen capacity exhausted"},
    "unserved.no_vans": {"bg": "кухнята няма бусове", "en": "the kitchen has no vans"},
    "unserved.order_exceeds_van": {"bg": "поръчката е по-голяма от най-големия бус",
                                   "en": "order larger than the largest van"},
    "unserved.too_far_for_hold_limit": {"bg": "твърде далеч за срока за безопасност на храната",
                                        "en": "too far for the food-safety limit"},
    "unserved.window_unreachable": {"bg": "часовият прозорец е недостижим",
                                    "en": "time window cannot be reached"},
    "unserved.shift_too_short": {"bg": "смяната на буса е твърде кратка", "en": "van shift too short"},
    "unserved.fleet_capacity": {"bg": "няма свободен бус (капацитет или време)",
                                "en": "no van free (capacity or time)"},
    "unserved.solver_time_limit": {"bg": "не е намерен маршрут в зададеното време",
                                   "en": "no route found within the time limit"},
    "unserved.solver_failed": {"bg": "грешка при маршрутизацията на кухнята",
                               "en": "routing failed for the kitchen"},
    "invalid": {"bg": "невалиден ред", "en": "invalid row"},
    # ---- hints
    "hint.no_coordinates": {"bg": "добавете lat/lon в регистъра или пуснете с --geocoder nominatim",
                            "en": "add lat/lon to the register or run with --geocoder nominatim"},
    "hint.diet_not_cooked": {"bg": "добавете диетата към колоната diets на някоя кухня",
                             "en": "add the diet to some kitchen's diets column"},
    "hint.kitchen_capacity": {"bg": "нужни са още {portions} порции капацитет",
                              "en": "needs {portions} more portions of kitchen capacity"},
    "hint.no_vans": {"bg": "добавете бус към кухня {kitchen}", "en": "add a van to kitchen {kitchen}"},
    "hint.order_exceeds_van": {"bg": "{portions} порции, най-големият бус побира {capacity}",
                               "en": "{portions} portions, the largest van holds {capacity}"},
    "hint.too_far_for_hold_limit": {"bg": "пътят е {ride} мин, а лимитът е {limit} мин",
                                    "en": "the drive takes {ride} min, the limit is {limit} min"},
    "hint.window_unreachable": {"bg": "най-ранно пристигане {earliest}, прозорецът свършва {window_end}",
                                "en": "earliest possible arrival {earliest}, window ends {window_end}"},
    "hint.shift_too_short": {"bg": "връщане най-рано в {back}, смяната свършва {shift_end}",
                             "en": "back at the earliest at {back}, the shift ends {shift_end}"},
    "hint.fleet_capacity": {"bg": "нужни са около {vans} буса повече в кухня {kitchen}",
                            "en": "needs about {vans} more vans at kitchen {kitchen}"},
    "hint.solver_time_limit": {"bg": "увеличете --time-limit", "en": "raise --time-limit"},
    "hint.solver_failed": {"bg": "вижте съобщението за грешка в summary.json",
                           "en": "see the error message in summary.json"},
}


def tr(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """The text for ``key`` in ``lang`` (falling back to Bulgarian), formatted with ``fields``."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry[DEFAULT_LANG]
    return template.format(**fields) if fields else template
