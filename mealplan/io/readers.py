"""Data folder -> ``Dataset``: every file read, every bad cell reported, good rows kept.

A problem names the file, the spreadsheet row, the column, the value and what was expected.
A register row with an error is excluded from planning but still listed in
``Dataset.register_rows`` so the ledger accounts for it as invalid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mealplan.errors import InputError
from mealplan.geo import SOFIA_BBOX
from mealplan.i18n import tr
from mealplan.io.tabular import REPLACEMENT, Table, read_table
from mealplan.models import (
    Client,
    ClientStatus,
    Course,
    Dataset,
    Diet,
    Dish,
    Kitchen,
    MenuEntry,
    Office,
    Pause,
    Problem,
    RecipeLine,
    RegisterRow,
    Settings,
    Severity,
    Van,
)
from mealplan.units import parse_hhmm

WEEKDAY_CODES = {
    "пн": 0, "вт": 1, "ср": 2, "чт": 3, "пт": 4, "сб": 5, "нд": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "понеделник": 0, "вторник": 1, "сряда": 2, "четвъртък": 3, "петък": 4, "събота": 5, "неделя": 6,
    "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6,
}
STATUS_CODES = {
    "active": ClientStatus.ACTIVE, "активен": ClientStatus.ACTIVE, "активна": ClientStatus.ACTIVE, "": ClientStatus.ACTIVE,
    "suspended": ClientStatus.SUSPENDED, "спрян": ClientStatus.SUSPENDED, "спряна": ClientStatus.SUSPENDED,
    "closed": ClientStatus.CLOSED, "закрит": ClientStatus.CLOSED, "закрита": ClientStatus.CLOSED,
    "прекратен": ClientStatus.CLOSED,
}
TRUE_WORDS = {"да", "yes", "y", "true", "1", "д", "има"}
FALSE_WORDS = {"не", "no", "n", "false", "0", "н", "няма", ""}
COURSE_CODES = {"soup": Course.SOUP, "супа": Course.SOUP, "main": Course.MAIN, "основно": Course.MAIN,
                "dessert": Course.DESSERT, "десерт": Course.DESSERT, "bread": Course.BREAD, "хляб": Course.BREAD}

_MISSING = object()


class RowParser:
    """Parses the cells of one row, recording a ``Problem`` for each bad one."""

    def __init__(self, table: Table, index: int, problems: list[Problem], lang: str = "bg") -> None:
        self.table = table
        self.cells = table.rows[index]
        self.row = table.row_numbers[index]
        self.problems = problems
        self.lang = lang
        self.ok = True
        extra = self.cells.get("__extra__")
        if extra:
            self.report("__extra__", extra, tr("expected.no_extra_cells", lang), "problem.extra_cells",
                        severity=Severity.WARNING)
        if self.row in table.quote_repairs:
            column = table.quote_repairs[self.row]
            self.report(column, self.cells.get(column, ""), tr("expected.closed_quote", lang), "problem.unclosed_quote",
                        severity=Severity.WARNING, code="unclosed_quote")
        for column, value in self.cells.items():
            if REPLACEMENT in value:
                self.report(column, value, tr("expected.readable_text", lang), "problem.damaged_bytes",
                            severity=Severity.WARNING, code="damaged_bytes")

    def report(self, column: str, value: str | None, expected: str, message_key: str = "problem.invalid",
               severity: Severity = Severity.ERROR, code: str = "invalid") -> None:
        if severity is Severity.ERROR:
            self.ok = False
        self.problems.append(Problem(
            file=self.table.file, row=self.row, column=column, value=value, expected=expected,
            message=tr(message_key, self.lang), severity=severity, code=code))

    def unique(self, column: str, value: str, seen: set[str]) -> None:
        """Report ``value`` as a duplicate if an earlier row had it; remember it otherwise."""
        if value and value in seen:
            self.report(column, value, tr("expected.unique", self.lang), "problem.duplicate", code="duplicate")
        seen.add(value)

    def raw(self, column: str) -> str:
        return self.cells.get(column, "")

    def _get(self, column: str, required: bool, parse: Callable[[str], Any], expected: str,
             default: Any = None) -> Any:
        value = self.raw(column)
        if value == "":
            if required:
                self.report(column, value, tr("expected.required", self.lang), "problem.missing", code="missing")
            return default
        try:
            return parse(value)
        except (ValueError, KeyError):
            self.report(column, value, expected)
            return default

    def text(self, column: str, required: bool = False, max_len: int = 500) -> str:
        value = self.raw(column)
        if required and not value:
            self.report(column, value, tr("expected.required", self.lang), "problem.missing", code="missing")
        if len(value) > max_len:
            # Kept whole (nothing is lost); the office is told the cell is suspiciously long.
            self.report(column, value[:60] + "…", tr("expected.max_length", self.lang, length=max_len),
                        "problem.too_long", severity=Severity.WARNING, code="too_long")
        return value

    def integer(self, column: str, low: int, high: int, required: bool = True, default: int | None = None) -> int | None:
        def parse(v: str) -> int:
            number = float(v.replace(",", "."))
            if not number.is_integer() or not low <= number <= high:
                raise ValueError(v)
            return int(number)

        return self._get(column, required, parse, tr("expected.integer", self.lang, low=low, high=high), default)

    def number(self, column: str, required: bool = False, default: float | None = None) -> float | None:
        return self._get(column, required, lambda v: float(v.replace(",", ".").replace(" ", "")),
                         tr("expected.number", self.lang), default)

    def date(self, column: str, required: bool = False) -> dt.date | None:
        return self._get(column, required, parse_date, tr("expected.date", self.lang))

    def time_min(self, column: str, required: bool = True, default: int | None = None) -> int | None:
        return self._get(column, required, parse_time_min, tr("expected.time", self.lang), default)

    def weekdays(self, column: str) -> frozenset[int] | None:
        return self._get(column, True, parse_weekdays, tr("expected.weekdays", self.lang))

    def boolean(self, column: str, default: bool) -> bool:
        def parse(v: str) -> bool:
            word = v.strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise ValueError(v)

        return self._get(column, False, parse, tr("expected.bool", self.lang), default)

    def choice(self, column: str, choices: dict[str, Any], required: bool = True, shown: str | None = None) -> Any:
        return self._get(column, required, lambda v: choices[v.strip().lower()],
                         tr("expected.choice", self.lang, choices=shown or ", ".join(sorted(k for k in choices if k))),
                         _MISSING if required else None)


def parse_date(value: str) -> dt.date:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(value.rstrip(" г."), pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


parse_time_min = parse_hhmm


def parse_weekdays(value: str) -> frozenset[int]:
    days: set[int] = set()
    for part in re.split(r"[,\s;/|]+", value.strip().lower()):
        if not part:
            continue
        if "-" in part or "–" in part:
            first, last = re.split(r"[-–]", part, maxsplit=1)
            a, b = WEEKDAY_CODES[first.strip(". ")], WEEKDAY_CODES[last.strip(". ")]
            if a > b:
                raise ValueError(value)
            days.update(range(a, b + 1))
        else:
            days.add(WEEKDAY_CODES[part.strip(". ")])
    if not days:
        raise ValueError(value)
    return frozenset(days)


def split_list(value: str) -> tuple[str, ...]:
    return tuple(p for p in re.split(r"[,;|\s]+", value.strip()) if p)


CLIENT_COLUMNS = ("client_id", "name", "office_id", "district", "address", "block", "entrance", "floor", "apartment",
                  "has_lift", "lat", "lon", "phone", "diet", "portions", "delivery_days", "window_start", "window_end",
                  "access_notes", "start_date", "end_date", "status")


def _warn_unknown_columns(table: Table, known: tuple[str, ...], problems: list[Problem], lang: str) -> None:
    """Columns we do not know are ignored, and the user is told (a typo in a header loses a column)."""
    for column in table.columns:
        if column and column not in known:
            problems.append(Problem(file=table.file, row=1, column=column, value=column,
                                    expected=tr("expected.columns", lang, columns=", ".join(known)),
                                    message=tr("problem.unknown_column", lang), severity=Severity.WARNING,
                                    code="unknown_column"))
    seen: set[str] = set()
    for column in table.columns:
        if column in seen:
            problems.append(Problem(file=table.file, row=1, column=column, value=column,
                                    expected=tr("expected.unique", lang), message=tr("problem.duplicate_column", lang),
                                    code="duplicate_column"))
        seen.add(column)


def _require_columns(table: Table, required: tuple[str, ...], problems: list[Problem], lang: str) -> bool:
    missing = [c for c in required if c not in table.columns]
    for column in missing:
        problems.append(Problem(file=table.file, row=1, column=column, value=None,
                                expected=tr("expected.columns", lang, columns=", ".join(required)),
                                message=tr("problem.missing_column", lang), code="missing_column"))
    return not missing


def _find(folder: Path, stem: str, required: bool = True) -> Path | None:
    for suffix in (".csv", ".xlsx", ".CSV", ".XLSX"):
        path = folder / f"{stem}{suffix}"
        if path.exists():
            return path
    if required:
        raise InputError(f"{folder}: missing {stem}.csv (or {stem}.xlsx); see docs/formats.md")
    return None


def read_dataset(folder: Path, lang: str = "bg") -> Dataset:
    """Read a data folder. Raises ``InputError`` only when the folder or a required file is unusable."""
    if not folder.is_dir():
        raise InputError(f"{folder}: data folder not found")
    problems: list[Problem] = []
    diets = _read_diets(read_table(_find(folder, "diets")), problems, lang)
    diet_ids = {d.diet_id for d in diets}
    kitchens = _read_kitchens(read_table(_find(folder, "kitchens")), diet_ids, problems, lang)
    vans = _read_vans(read_table(_find(folder, "vans")), {k.kitchen_id for k in kitchens}, problems, lang)
    offices_path = _find(folder, "offices", required=False)
    offices = _read_offices(read_table(offices_path), problems, lang) if offices_path else ()
    settings = _read_settings(folder, problems, lang)
    clients_table = read_table(_find(folder, "clients"))
    pauses_path = _find(folder, "pauses", required=False)
    pauses_table = read_table(pauses_path) if pauses_path else None
    clients, register_rows = _read_clients(clients_table, pauses_table, diet_ids,
                                           {o.office_id for o in offices}, problems, lang)
    dishes_path = _find(folder, "dishes", required=False)
    dishes = _read_dishes(read_table(dishes_path), problems, lang) if dishes_path else ()
    menu_path = _find(folder, "menu", required=False)
    menu = _read_menu(read_table(menu_path), diet_ids, {d.dish_id for d in dishes}, problems, lang) if menu_path else ()
    recipes_path = _find(folder, "recipes", required=False)
    recipes = _read_recipes(read_table(recipes_path), problems, lang) if recipes_path else ()
    return Dataset(clients=tuple(clients), register_rows=tuple(register_rows), kitchens=tuple(kitchens),
                   vans=tuple(vans), offices=tuple(offices), diets=tuple(diets), dishes=tuple(dishes),
                   menu=tuple(menu), recipes=tuple(recipes), settings=settings, problems=tuple(problems),
                   register_file=clients_table.file)


def _read_diets(table: Table, problems: list[Problem], lang: str) -> list[Diet]:
    if not _require_columns(table, ("diet_id", "name"), problems, lang):
        raise InputError(f"{table.file}: needs the columns diet_id, name")
    diets = []
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems, lang)
        diet_id = p.text("diet_id", required=True).lower()
        name = p.text("name") or diet_id
        if p.ok:
            diets.append(Diet(diet_id=diet_id, name=name))
    return diets


def _read_kitchens(table: Table, diet_ids: set[str], problems: list[Problem], lang: str) -> list[Kitchen]:
    required = ("kitchen_id", "name", "lat", "lon", "capacity_portions", "diets", "ready_time")
    if not _require_columns(table, required, problems, lang):
        raise InputError(f"{table.file}: needs the columns {', '.join(required)}")
    kitchens: list[Kitchen] = []
    seen: set[str] = set()
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems, lang)
        kitchen_id = p.text("kitchen_id", required=True)
        p.unique("kitchen_id", kitchen_id, seen)
        lat, lon = p.number("lat", required=True), p.number("lon", required=True)
        capacity = p.integer("capacity_portions", 0, 1_000_000)
        diets = []
        for diet in split_list(p.raw("diets").lower()):
            if diet not in diet_ids:
                p.report("diets", diet, tr("expected.choice", lang, choices=", ".join(sorted(diet_ids))),
                         "problem.unknown_reference", code="unknown_reference")
            diets.append(diet)
        ready = p.time_min("ready_time")
        reload_min = p.integer("reload_min", 0, 240, required=False, default=15)
        per_box = p.integer("portions_per_box", 1, 100, required=False, default=6)
        if p.ok:
            kitchens.append(Kitchen(kitchen_id=kitchen_id, name=p.text("name") or kitchen_id,
                                    address=p.text("address"), lat=lat, lon=lon, capacity_portions=capacity,
                                    diet_ids=frozenset(diets), ready_min=ready, reload_min=reload_min,
                                    portions_per_box=per_box))
    return kitchens


def _read_vans(table: Table, kitchen_ids: set[str], problems: list[Problem], lang: str) -> list[Van]:
    required = ("van_id", "kitchen_id", "capacity_portions", "shift_start", "shift_end", "max_hold_min")
    if not _require_columns(table, required, problems, lang):
        raise InputError(f"{table.file}: needs the columns {', '.join(required)}")
    vans: list[Van] = []
    seen: set[str] = set()
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems, lang)
        van_id = p.text("van_id", required=True)
        p.unique("van_id", van_id, seen)
        kitchen_id = p.text("kitchen_id", required=True)
        if kitchen_id and kitchen_id not in kitchen_ids:
            p.report("kitchen_id", kitchen_id, tr("expected.choice", lang, choices=", ".join(sorted(kitchen_ids))),
                     "problem.unknown_reference", code="unknown_reference")
        capacity = p.integer("capacity_portions", 1, 10_000)
        start, end = p.time_min("shift_start"), p.time_min("shift_end")
        if start is not None and end is not None and end <= start:
            p.report("shift_end", p.raw("shift_end"), tr("expected.after_start", lang, start=p.raw("shift_start")))
        hold = p.integer("max_hold_min", 1, 24 * 60)
        trips = p.integer("trips", 1, 10, required=False, default=1)
        if p.ok:
            vans.append(Van(van_id=van_id, kitchen_id=kitchen_id, capacity_portions=capacity,
                            shift_start_min=start, shift_end_min=end, max_hold_min=hold, trips=trips,
                            plate=p.text("plate"), driver=p.text("driver")))
    return vans


def _read_offices(table: Table, problems: list[Problem], lang: str) -> list[Office]:
    offices = []
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems, lang)
        office_id = p.text("office_id", required=True)
        if p.ok:
            offices.append(Office(office_id=office_id, name=p.text("name") or office_id,
                                  districts=split_list(p.raw("districts")), phone=p.text("phone")))
    return offices


def _read_settings(folder: Path, problems: list[Problem], lang: str) -> Settings:
    values: dict[str, Any] = {}
    path = _find(folder, "settings", required=False)
    if path:
        table = read_table(path)
        numeric = {"speed_kmh", "circuity", "service_base_min", "service_per_floor_no_lift_min",
                   "service_per_extra_portion_min", "spare_pct"}
        for i in range(len(table.rows)):
            p = RowParser(table, i, problems, lang)
            key = p.raw("key").strip()
            if key in numeric:
                values[key] = p.number("value", required=True)
            elif key == "menu_cycle_weeks":
                values[key] = p.integer("value", 1, 12)
            elif key == "spare_min_portions":
                values[key] = p.integer("value", 0, 1000)
            elif key:
                p.report("key", key, tr("expected.choice", lang, choices=", ".join(sorted(numeric | {"menu_cycle_weeks", "spare_min_portions"}))),
                         severity=Severity.WARNING)
        values = {k: v for k, v in values.items() if v is not None}
    calendar_path = _find(folder, "calendar", required=False)
    if calendar_path:
        table = read_table(calendar_path)
        off: list[dt.date] = []
        working: list[dt.date] = []
        kinds = {"holiday": off, "почивен": off, "off": off, "working": working, "работен": working}
        for i in range(len(table.rows)):
            p = RowParser(table, i, problems, lang)
            day = p.date("date", required=True)
            kind = p.choice("kind", kinds, shown="holiday, working")
            if p.ok:
                kind.append(day)
        values["extra_days_off"] = tuple(off)
        values["extra_working_days"] = tuple(working)
    return Settings(**values)


def _read_clients(table: Table, pauses_table: Table | None, diet_ids: set[str], office_ids: set[str],
                  problems: list[Problem], lang: str) -> tuple[list[Client], list[RegisterRow]]:
    required = ("client_id", "name", "address", "diet", "portions", "delivery_days", "window_start",
                "window_end", "start_date")
    if not _require_columns(table, required, problems, lang):
        raise InputError(f"{table.file}: needs the columns {', '.join(required)}; see docs/formats.md")
    _warn_unknown_columns(table, CLIENT_COLUMNS, problems, lang)
    pauses = _read_pauses(pauses_table, problems, lang) if pauses_table else {}
    clients: list[Client] = []
    register_rows: list[RegisterRow] = []
    seen: set[str] = set()
    diet_choices = {d: d for d in diet_ids}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems, lang)
        client_id = p.text("client_id", required=True, max_len=64)
        name = p.text("name", required=True, max_len=200)
        register_rows.append(RegisterRow(row=p.row, client_id=client_id, name=name))
        p.unique("client_id", client_id, seen)
        office_id = p.text("office_id")
        if office_ids and office_id and office_id not in office_ids:
            p.report("office_id", office_id, tr("expected.choice", lang, choices=", ".join(sorted(office_ids))),
                     "problem.unknown_reference", severity=Severity.WARNING, code="unknown_reference")
        lat, lon = _coordinates(p)
        diet = p.choice("diet", diet_choices)
        portions = p.integer("portions", 1, 10)
        weekdays = p.weekdays("delivery_days")
        w_start, w_end = p.time_min("window_start"), p.time_min("window_end")
        if w_start is not None and w_end is not None and w_end <= w_start:
            p.report("window_end", p.raw("window_end"), tr("expected.after_start", lang, start=p.raw("window_start")))
        start = p.date("start_date", required=True)
        end = p.date("end_date")
        if start and end and end < start:
            p.report("end_date", p.raw("end_date"), tr("expected.after_start", lang, start=p.raw("start_date")))
        status = p.choice("status", STATUS_CODES, required=False, shown="active, suspended, closed") or ClientStatus.ACTIVE
        floor = p.integer("floor", -2, 40, required=False)
        has_lift = p.boolean("has_lift", default=False)
        address = p.text("address", required=True)
        if p.ok:
            clients.append(Client(
                client_id=client_id, row=p.row, name=name, office_id=office_id, district=p.text("district"),
                address=address, block=p.text("block"), entrance=p.text("entrance"), floor=floor,
                apartment=p.text("apartment"), has_lift=has_lift, lat=lat, lon=lon, phone=p.text("phone"),
                diet_id=diet, portions=portions, delivery_weekdays=weekdays, window_start_min=w_start,
                window_end_min=w_end, access_notes=p.text("access_notes"), start_date=start, end_date=end,
                status=status, pauses=tuple(pauses.get(client_id, ()))))
    known = {r.client_id for r in register_rows}
    if pauses_table:
        for client_id, rows in _pause_owner_rows(pauses_table).items():
            if client_id not in known:
                for row in rows:
                    problems.append(Problem(file=pauses_table.file, row=row, column="client_id", value=client_id,
                                            expected=tr("expected.known_client", lang),
                                            message=tr("problem.unknown_reference", lang), code="unknown_reference"))
    return clients, register_rows


def _coordinates(p: RowParser) -> tuple[float | None, float | None]:
    lat, lon = p.number("lat"), p.number("lon")
    if (lat is None) != (lon is None):
        column = "lon" if lon is None else "lat"
        p.report(column, p.raw(column), tr("expected.both_coordinates", p.lang), "problem.missing",
                 severity=Severity.WARNING)
        return None, None
    if lat is None or lon is None:
        return None, None
    lat_min, lon_min, lat_max, lon_max = SOFIA_BBOX
    if lat_min <= lon <= lat_max and lon_min <= lat <= lon_max:
        p.report("lat", p.raw("lat"), tr("expected.lat_sofia", p.lang), "problem.swapped", code="swapped")
        return None, None
    if not lat_min <= lat <= lat_max:
        p.report("lat", p.raw("lat"), tr("expected.lat_sofia", p.lang))
    if not lon_min <= lon <= lon_max:
        p.report("lon", p.raw("lon"), tr("expected.lon_sofia", p.lang))
    return lat, lon


def _pause_owner_rows(table: Table) -> dict[str, list[int]]:
    owners: dict[str, list[int]] = {}
    for cells, row in zip(table.rows, table.row_numbers):
        owners.setdefault(cells.get("client_id", ""), []).append(row)
    return owners


def _read_pauses(table: Table, problems: list[Problem], lang: str) -> dict[str, list[Pause]]:
    pauses: dict[str, list[Pause]] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems, lang)
        client_id = p.text("client_id", required=True)
        start, end = p.date("start_date", required=True), p.date("end_date", required=True)
        if start and end and end < start:
            p.report("end_date", p.raw("end_date"), tr("expected.after_start", lang, start=p.raw("start_date")))
        if p.ok:
            pauses.setdefault(client_id, []).append(Pause(start=start, end=end, reason=p.text("reason")))
    return pauses


def _read_dishes(table: Table, problems: list[Problem], lang: str) -> list[Dish]:
    dishes = []
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems, lang)
        dish_id = p.text("dish_id", required=True)
        course = p.choice("course", COURSE_CODES, shown="soup, main, dessert, bread")
        if p.ok:
            dishes.append(Dish(dish_id=dish_id, name=p.text("name") or dish_id, course=course))
    return dishes


def _read_menu(table: Table, diet_ids: set[str], dish_ids: set[str], problems: list[Problem],
               lang: str) -> list[MenuEntry]:
    entries = []
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems, lang)
        week = p.integer("week", 1, 12)
        weekday = p.choice("day", WEEKDAY_CODES, shown="пн, вт, ср, чт, пт, сб")
        diet = p.choice("diet", {d: d for d in diet_ids})
        dishes = []
        for course in ("soup", "main", "dessert", "bread"):
            dish_id = p.raw(course)
            if not dish_id:
                continue
            if dish_ids and dish_id not in dish_ids:
                p.report(course, dish_id, tr("expected.choice", lang, choices="dish_id от dishes.csv"),
                         "problem.unknown_reference", code="unknown_reference")
            dishes.append(dish_id)
        if p.ok:
            entries.append(MenuEntry(week=week, weekday=weekday, diet_id=diet, dish_ids=tuple(dishes)))
    return entries


def _read_recipes(table: Table, problems: list[Problem], lang: str) -> list[RecipeLine]:
    lines = []
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems, lang)
        dish_id = p.text("dish_id", required=True)
        ingredient = p.text("ingredient", required=True)
        grams = p.number("grams_per_portion", required=True)
        if grams is not None and grams < 0:
            p.report("grams_per_portion", p.raw("grams_per_portion"), tr("expected.number", lang))
        if p.ok:
            lines.append(RecipeLine(dish_id=dish_id, ingredient=ingredient, grams_per_portion=grams))
    return lines
