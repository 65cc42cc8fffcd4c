"""Data folder -> ``Dataset``: every file read, every bad cell reported, good rows kept.

A problem names the file, the spreadsheet row, the column, the value and what was expected.
A register row with an error is excluded from planning but still listed in
``Dataset.register_rows`` so the ledger accounts for it as invalid.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import annotated_types

from mealplan.calendar import is_country
from mealplan.errors import InputError
from mealplan.geo import WORLD, BBox, around, in_bbox
from mealplan.io.tabular import REPLACEMENT, Table, read_table
from mealplan.models import (
    REGISTER_COLUMNS,
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
from mealplan.units import DAY_MIN, parse_hhmm

WEEKDAY_CODES = {
    "пн": 0,
    "вт": 1,
    "ср": 2,
    "чт": 3,
    "пт": 4,
    "сб": 5,
    "нд": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
    "понеделник": 0,
    "вторник": 1,
    "сряда": 2,
    "четвъртък": 3,
    "петък": 4,
    "събота": 5,
    "неделя": 6,
    "1": 0,
    "2": 1,
    "3": 2,
    "4": 3,
    "5": 4,
    "6": 5,
    "7": 6,
}
STATUS_CODES = {
    "active": ClientStatus.ACTIVE,
    "активен": ClientStatus.ACTIVE,
    "активна": ClientStatus.ACTIVE,
    "": ClientStatus.ACTIVE,
    "suspended": ClientStatus.SUSPENDED,
    "спрян": ClientStatus.SUSPENDED,
    "спряна": ClientStatus.SUSPENDED,
    "closed": ClientStatus.CLOSED,
    "закрит": ClientStatus.CLOSED,
    "закрита": ClientStatus.CLOSED,
    "прекратен": ClientStatus.CLOSED,
}
TRUE_WORDS = {"да", "yes", "y", "true", "1", "д", "има"}
FALSE_WORDS = {"не", "no", "n", "false", "0", "н", "няма", ""}
COURSE_CODES = {
    "soup": Course.SOUP,
    "супа": Course.SOUP,
    "main": Course.MAIN,
    "основно": Course.MAIN,
    "dessert": Course.DESSERT,
    "десерт": Course.DESSERT,
    "bread": Course.BREAD,
    "хляб": Course.BREAD,
}

_MISSING = object()


# C0 controls other than tab and line breaks (and DEL): Word's manual line break (\x0b) and
# stray \x01 from old systems. XLSX cannot hold them and PDFs print them as boxes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible_controls(value: str) -> str:
    """``value`` with each control character shown as ``\\xNN`` (to report what was removed)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def id_key(value: str) -> str:
    """Ids compare without case and surrounding or doubled spaces: ``C00021`` is ``c00021 ``."""
    return " ".join(value.split()).casefold()


class RowParser:
    """Parses the cells of one row, recording a ``Problem`` for each bad one."""

    def __init__(self, table: Table, index: int, problems: list[Problem]) -> None:
        self.table = table
        self.cells = dict(table.rows[index])
        self.row = table.row_numbers[index]
        self.problems = problems
        self.ok = True
        extra = self.cells.get("__extra__")
        if extra:
            self.report("__extra__", extra, "no_extra_cells", "extra_cells", Severity.WARNING)
        if self.row in table.quote_repairs:
            column = table.quote_repairs[self.row]
            self.report(column, self.cells.get(column, ""), "closed_quote", "unclosed_quote", Severity.WARNING)
        for column, value in list(self.cells.items()):
            if REPLACEMENT in value:
                self.report(column, value, "readable_text", "damaged_bytes", Severity.WARNING)
            if _CONTROL.search(value):
                self.report(
                    column, visible_controls(value), "no_control_characters", "control_characters", Severity.WARNING
                )
                self.cells[column] = " ".join(_CONTROL.sub(" ", value).split(" ")).strip()

    def report(
        self,
        column: str,
        value: str | None,
        expected: str,
        code: str = "invalid",
        severity: Severity = Severity.ERROR,
        /,
        **args: str | float,
    ) -> None:
        if severity is Severity.ERROR:
            self.ok = False
        self.problems.append(
            Problem(
                file=self.table.file,
                row=self.row,
                column=column,
                value=value,
                code=code,
                expected=expected,
                args=args,
                severity=severity,
            )
        )

    def unique(self, column: str, value: str, seen: dict[str, int]) -> None:
        """Report ``value`` as a duplicate if an earlier row had it (ignoring case and spaces)."""
        key = id_key(value)
        if key and key in seen:
            self.report(column, value, "unique_row", "duplicate", first_row=seen[key])
        elif key:
            seen[key] = self.row

    def raw(self, column: str) -> str:
        return self.cells.get(column, "")

    def _get(
        self,
        column: str,
        required: bool,
        parse: Callable[[str], Any],
        expected: str,
        default: Any = None,
        /,
        **args: str | float,
    ) -> Any:
        value = self.raw(column)
        if value == "":
            if required:
                self.report(column, value, "required", "missing")
            return default
        try:
            return parse(value)
        except (ValueError, KeyError):
            self.report(column, value, expected, **args)
            return default

    def text(self, column: str, required: bool = False, max_len: int = 500) -> str:
        value = self.raw(column)
        if required and not value:
            self.report(column, value, "required", "missing")
        if len(value) > max_len:
            # Kept whole (nothing is lost); the office is told the cell is suspiciously long.
            self.report(column, value[:60] + "…", "max_length", "too_long", Severity.WARNING, length=max_len)
        return value

    def integer(
        self, column: str, low: int, high: int, required: bool = True, default: int | None = None
    ) -> int | None:
        def parse(v: str) -> int:
            number = float(v.replace(",", ".").replace(" ", ""))
            if not math.isfinite(number) or not number.is_integer() or not low <= number <= high:
                raise ValueError(v)
            return int(number)

        return self._get(column, required, parse, "integer", default, low=low, high=high)

    def number(
        self,
        column: str,
        required: bool = False,
        default: float | None = None,
        low: float = -math.inf,
        high: float = math.inf,
        above: bool = False,
    ) -> float | None:
        """A finite decimal (point or comma) in ``[low, high]`` (``(low, high]`` when ``above``)."""

        def parse(v: str) -> float:
            number = float(v.replace(",", ".").replace(" ", ""))
            if not math.isfinite(number) or number > high or number < low or (above and number == low):
                raise ValueError(v)
            return number

        if math.isinf(low) and math.isinf(high):
            return self._get(column, required, parse, "number", default)
        return self._get(
            column,
            required,
            parse,
            "number_above" if above else "number_between",
            default,
            low=_plain(low),
            high=_plain(high),
        )

    def date(self, column: str, required: bool = False) -> dt.date | None:
        return self._get(column, required, parse_date, "date")

    def time_min(self, column: str, required: bool = True, default: int | None = None) -> int | None:
        return self._get(column, required, parse_hhmm, "time", default)

    def weekdays(self, column: str) -> frozenset[int] | None:
        return self._get(column, True, parse_weekdays, "weekdays")

    def boolean(self, column: str, default: bool) -> bool:
        def parse(v: str) -> bool:
            word = v.strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise ValueError(v)

        return self._get(column, False, parse, "bool", default)

    def parsed(self, column: str, parse: Callable[[str], Any], expected: str) -> Any:
        """The cell through ``parse``; a ValueError is reported as ``expected``."""
        return self._get(column, False, parse, expected, None)

    def choice(self, column: str, choices: dict[str, Any], required: bool = True, shown: str | None = None) -> Any:
        return self._get(
            column,
            required,
            lambda v: choices[v.strip().lower()],
            "choice",
            _MISSING if required else None,
            choices=shown or ", ".join(sorted(k for k in choices if k)),
        )


def _plain(number: float) -> str:
    """1.0 -> '1', 0.5 -> '0.5': limits as a person writes them."""
    return f"{number:g}"


def parse_speed_by_hour(value: str) -> tuple[float, ...]:
    """``8:0.8 17-19:0.85`` -> 24 speed factors, one per hour of the day (1 where not given).

    ``H-K`` covers hours H to K-1, as a clock reads 17-19. Factors are in (0, 2]; an hour given
    twice is a mistake, not a choice of the later one.
    """
    factors: list[float | None] = [None] * 24
    for part in value.replace(";", " ").split():
        hours, _, factor_text = part.partition(":")
        first_text, dash, end_text = hours.partition("-")
        first = int(first_text)
        end = int(end_text) if dash else first + 1
        factor = float(factor_text.replace(",", "."))
        if not (0 <= first < end <= 24) or not (math.isfinite(factor) and 0 < factor <= 2):
            raise ValueError(part)
        for hour in range(first, end):
            if factors[hour] is not None:
                raise ValueError(part)
            factors[hour] = factor
    return tuple(1.0 if f is None else f for f in factors)


def parse_date(value: str) -> dt.date:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(value.rstrip(" г."), pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


parse_time_min = parse_hhmm  # the name tests and callers know


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


# Optional columns a register may add to REGISTER_COLUMNS.
CLIENT_COLUMNS = (*REGISTER_COLUMNS, "emergency_contact", "emergency_phone", "town", "postcode")


def _warn_unknown_columns(table: Table, known: tuple[str, ...], problems: list[Problem]) -> None:
    """Columns we do not know are ignored, and the user is told (a typo in a header loses a column)."""
    for column in table.columns:
        if column and column not in known:
            problems.append(
                Problem(
                    file=table.file,
                    row=1,
                    column=column,
                    value=column,
                    code="unknown_column",
                    expected="columns",
                    args={"columns": ", ".join(known)},
                    severity=Severity.WARNING,
                )
            )
    seen: set[str] = set()
    for column in table.columns:
        if column in seen:
            problems.append(
                Problem(file=table.file, row=1, column=column, value=column, code="duplicate_column", expected="unique")
            )
        seen.add(column)


def require_columns(table: Table, required: tuple[str, ...]) -> None:
    """``InputError`` naming the file and every required column it lacks."""
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise InputError(
            "missing_columns",
            problems=tuple(
                Problem(
                    file=table.file,
                    row=1,
                    column=column,
                    code="missing_column",
                    expected="columns",
                    args={"columns": ", ".join(required)},
                )
                for column in missing
            ),
            file=table.file,
            columns=", ".join(required),
        )


SUFFIXES = (".csv", ".xlsx", ".xlsm")


def _find(folder: Path, stem: str, required: bool = True) -> Path | None:
    """The one file of kind ``stem`` in ``folder``, whatever the case of its name and suffix.

    Two of them (clients.csv and clients.xlsx) is an error: using one silently could plan from
    last month's register.
    """
    found = sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SUFFIXES and p.stem.lower() == stem and not p.name.startswith("~$")
    )
    if len(found) > 1:
        raise InputError("two_files", folder=str(folder), first=found[0].name, second=found[1].name)
    if found:
        return found[0]
    if required:
        raise InputError("file_missing", folder=str(folder), stem=stem)
    return None


def _fail_on_errors(file: str, problems: list[Problem], first: int) -> None:
    """Stop the run when a configuration file has an error.

    Register rows are excluded one by one (one bad client never stops the others), but a bad
    row in kitchens, vans, settings, the calendar, diets, dishes, the menu or recipes changes
    the plan for many clients: planning without it would be silently wrong.
    """
    errors = tuple(p for p in problems[first:] if p.severity is Severity.ERROR and p.file == file)
    if errors:
        raise InputError("bad_config", problems=errors, file=file)


def read_settings(folder: Path) -> Settings:
    """Only the data folder's settings (and calendar): what commands about the history need."""
    if not folder.is_dir():
        raise InputError("folder_not_found", folder=str(folder))
    return _read_settings(folder, [])


def read_dataset(folder: Path) -> Dataset:
    """Read a data folder. Raises ``InputError`` only when the folder or a required file is unusable,
    or when a whole-plan setting is wrong (a speed of 0 would make every route wrong)."""
    if not folder.is_dir():
        raise InputError("folder_not_found", folder=str(folder))
    problems: list[Problem] = []
    settings = _read_settings(folder, problems)
    diets = _read_diets(read_table(_need(folder, "diets")), problems)
    diet_ids = {d.diet_id for d in diets}
    kitchens = _read_kitchens(read_table(_need(folder, "kitchens")), diet_ids, problems, settings)
    area = service_area(settings, kitchens)
    vans = _read_vans(read_table(_need(folder, "vans")), {k.kitchen_id for k in kitchens}, problems)
    offices_path = _find(folder, "offices", required=False)
    offices = _read_offices(read_table(offices_path), problems, area) if offices_path else ()
    clients_table = read_table(_need(folder, "clients"))
    pauses_path = _find(folder, "pauses", required=False)
    pauses_table = read_table(pauses_path) if pauses_path else None
    clients, register_rows = _read_clients(
        clients_table, pauses_table, diet_ids, {o.office_id for o in offices}, problems, area
    )
    corrections_path = _find(folder, CORRECTIONS_STEM, required=False)
    if corrections_path:
        clients = _apply_corrections(read_table(corrections_path), clients, problems, area)
    dishes_path = _find(folder, "dishes", required=False)
    dishes = _read_dishes(read_table(dishes_path), problems) if dishes_path else ()
    menu_path = _find(folder, "menu", required=False)
    menu = _read_menu(read_table(menu_path), diet_ids, {d.dish_id for d in dishes}, problems) if menu_path else ()
    recipes_path = _find(folder, "recipes", required=False)
    recipes = _read_recipes(read_table(recipes_path), problems) if recipes_path else ()
    return Dataset(
        clients=tuple(clients),
        register_rows=tuple(register_rows),
        kitchens=tuple(kitchens),
        vans=tuple(vans),
        offices=tuple(offices),
        diets=tuple(diets),
        dishes=tuple(dishes),
        menu=tuple(menu),
        recipes=tuple(recipes),
        settings=settings,
        problems=tuple(problems),
        register_file=clients_table.file,
        area=area,
    )


CORRECTIONS_STEM = "geocode_corrections"
CORRECTION_COLUMNS = ("client_id", "address", "lat", "lon", "note")


def same_address(a: str, b: str) -> bool:
    """Addresses compare without case and doubled spaces: a correction made for one still holds."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _apply_corrections(table: Table, clients: list[Client], problems: list[Problem], area: BBox) -> list[Client]:
    """Coordinates the coordinator confirmed (``geocode_corrections.csv``) replace the register's.

    A row is kept only while the register still has that address: after a move, the old
    correction is reported, not applied. Rows without coordinates are still being checked.
    """
    require_columns(table, ("client_id", "address", "lat", "lon"))
    by_id = {id_key(c.client_id): i for i, c in enumerate(clients)}
    clients = list(clients)
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        client_id = p.text("client_id", required=True)
        p.unique("client_id", client_id, seen)
        if not p.raw("lat") and not p.raw("lon"):
            continue
        lat, lon = _coordinates(p, area, required=True)
        if not p.ok or lat is None:
            continue
        at = by_id.get(id_key(client_id))
        if at is None:
            p.report("client_id", client_id, "known_client", "unknown_reference", Severity.WARNING)
            continue
        if not same_address(p.raw("address"), clients[at].address):
            p.report(
                "address", p.raw("address"), "register_address", "stale_correction", Severity.WARNING,
                register=clients[at].address,
            )  # fmt: skip
            continue
        clients[at] = clients[at].model_copy(update={"lat": lat, "lon": lon})
    return clients


def _need(folder: Path, stem: str) -> Path:
    path = _find(folder, stem)
    assert path is not None  # _find raises for a required file
    return path


def _read_diets(table: Table, problems: list[Problem]) -> list[Diet]:
    require_columns(table, ("diet_id", "name"))
    first = len(problems)
    diets = []
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        diet_id = p.text("diet_id", required=True).lower()
        p.unique("diet_id", diet_id, seen)
        name = p.text("name") or diet_id
        if p.ok:
            diets.append(Diet(diet_id=diet_id, name=name))
    _fail_on_errors(table.file, problems, first)
    if not diets:
        raise InputError("no_diets", file=table.file)
    return diets


def _read_kitchens(table: Table, diet_ids: set[str], problems: list[Problem], settings: Settings) -> list[Kitchen]:
    required = ("kitchen_id", "name", "lat", "lon", "capacity_portions", "diets", "ready_time")
    require_columns(table, required)
    first = len(problems)
    kitchens: list[Kitchen] = []
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        kitchen_id = p.text("kitchen_id", required=True, max_len=64)
        p.unique("kitchen_id", kitchen_id, seen)
        lat, lon = _coordinates(p, settings.area_bbox or WORLD, required=True)
        capacity = p.integer("capacity_portions", 0, 1_000_000)
        diets = []
        for diet in split_list(p.raw("diets").lower()):
            if diet not in diet_ids:
                p.report("diets", diet, "choice", "unknown_reference", choices=", ".join(sorted(diet_ids)))
            diets.append(diet)
        if not diets:
            p.report("diets", p.raw("diets"), "choice", "missing", choices=", ".join(sorted(diet_ids)))
        ready = p.time_min("ready_time")
        reload_min = p.integer("reload_min", 0, 240, required=False, default=Kitchen.model_fields["reload_min"].default)
        per_box = p.integer(
            "portions_per_box", 1, 100, required=False, default=Kitchen.model_fields["portions_per_box"].default
        )
        if p.ok:
            kitchens.append(
                Kitchen(
                    kitchen_id=kitchen_id,
                    name=p.text("name") or kitchen_id,
                    address=p.text("address"),
                    lat=lat,
                    lon=lon,
                    capacity_portions=capacity,
                    diet_ids=frozenset(diets),
                    ready_min=ready,
                    reload_min=reload_min,
                    portions_per_box=per_box,
                )
            )
    _fail_on_errors(table.file, problems, first)
    if not kitchens:
        # Without a kitchen every client would be "unserved: diet not cooked", which sends the
        # coordinator looking at diets instead of at this file.
        raise InputError("no_kitchens", file=table.file)
    return kitchens


def _read_vans(table: Table, kitchen_ids: set[str], problems: list[Problem]) -> list[Van]:
    required = ("van_id", "kitchen_id", "capacity_portions", "shift_start", "shift_end", "max_hold_min")
    require_columns(table, required)
    first = len(problems)
    vans: list[Van] = []
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        van_id = p.text("van_id", required=True, max_len=64)
        p.unique("van_id", van_id, seen)
        kitchen_id = p.text("kitchen_id", required=True)
        if kitchen_id and kitchen_id not in kitchen_ids:
            p.report("kitchen_id", kitchen_id, "choice", "unknown_reference", choices=", ".join(sorted(kitchen_ids)))
        capacity = p.integer("capacity_portions", 1, 10_000)
        start, end = p.time_min("shift_start"), p.time_min("shift_end")
        if start is not None and end is not None and end <= start:
            p.report("shift_end", p.raw("shift_end"), "after_start", start=p.raw("shift_start"))
        hold = p.integer("max_hold_min", 1, DAY_MIN)
        trips = p.integer("trips", 1, 10, required=False, default=Van.model_fields["trips"].default)
        if p.ok:
            vans.append(
                Van(
                    van_id=van_id,
                    kitchen_id=kitchen_id,
                    capacity_portions=capacity,
                    shift_start_min=start,
                    shift_end_min=end,
                    max_hold_min=hold,
                    trips=trips,
                    plate=p.text("plate"),
                    driver=p.text("driver"),
                )
            )
    _fail_on_errors(table.file, problems, first)
    return vans


def _read_offices(table: Table, problems: list[Problem], area: BBox = WORLD) -> list[Office]:
    offices = []
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        office_id = p.text("office_id", required=True)
        p.unique("office_id", office_id, seen)
        lat, lon = _coordinates(p, area)
        if p.ok:
            offices.append(
                Office(
                    office_id=office_id,
                    name=p.text("name") or office_id,
                    districts=split_list(p.raw("districts")),
                    phone=p.text("phone"),
                    lat=lat,
                    lon=lon,
                )
            )
    return offices


def _bounds(name: str) -> tuple[float, float, bool]:
    """A setting's (low, high, strictly above low), from the Settings model: one place for them."""
    low, high, above = -math.inf, math.inf, False
    for rule in Settings.model_fields[name].metadata:
        if isinstance(rule, annotated_types.Gt):
            low, above = float(rule.gt), True  # type: ignore[arg-type]
        elif isinstance(rule, annotated_types.Ge):
            low = float(rule.ge)  # type: ignore[arg-type]
        elif isinstance(rule, annotated_types.Le):
            high = float(rule.le)  # type: ignore[arg-type]
    return low, high, above


# key -> (low, high, strictly above low): every setting is finite and in a range a service can
# really have (the model's bounds); the area's box is the one setting read as four numbers.
NUMERIC_SETTINGS: dict[str, tuple[float, float, bool]] = {
    name: _bounds(name) for name, field in Settings.model_fields.items() if field.annotation is float
} | {
    "area_lat_min": (-90, 90, False),
    "area_lat_max": (-90, 90, False),
    "area_lon_min": (-180, 180, False),
    "area_lon_max": (-180, 180, False),
}
TEXT_SETTINGS = ("country", "city", "roads", "serve_url")
DRIVING_SIDES = {"auto": "auto", "right": "right", "left": "left", "дясно": "right", "ляво": "left"}
OTHER_SETTINGS = ("curb_approach", "driving_side", "speed_by_hour")
AREA_KEYS = ("area_lat_min", "area_lon_min", "area_lat_max", "area_lon_max")
TIME_SETTINGS = ("lunch_from", "lunch_until")  # HH:MM in the file, minutes in the model
INTEGER_SETTINGS: dict[str, tuple[int, int]] = {
    name: (int(_bounds(name)[0]), int(_bounds(name)[1]))
    for name, f in Settings.model_fields.items()
    if f.annotation is int and name not in TIME_SETTINGS
}


def _read_settings(folder: Path, problems: list[Problem]) -> Settings:
    values: dict[str, Any] = {}
    path = _find(folder, "settings", required=False)
    if path:
        table = read_table(path)
        require_columns(table, ("key", "value"))
        first = len(problems)
        seen: dict[str, int] = {}
        for i in range(len(table.rows)):
            p = RowParser(table, i, problems)
            key = p.raw("key").strip()
            p.unique("key", key, seen)
            if key in NUMERIC_SETTINGS:
                low, high, above = NUMERIC_SETTINGS[key]
                values[key] = p.number("value", required=True, low=low, high=high, above=above)
            elif key in INTEGER_SETTINGS:
                values[key] = p.integer("value", *INTEGER_SETTINGS[key])
            elif key in TIME_SETTINGS:
                values[key] = p.time_min("value")
            elif key == "country":
                country = p.text("value", required=True).upper()
                if country and not is_country(country):
                    p.report("value", country, "country_code")
                values[key] = country
            elif key == "serve_url":
                url = p.text("value").rstrip("/")
                if url and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
                    p.report("value", url, "serve_url")
                values[key] = url
            elif key in TEXT_SETTINGS:
                values[key] = p.text("value")
            elif key == "curb_approach":
                values[key] = p.boolean("value", default=True)
            elif key == "driving_side":
                values[key] = p.choice("value", DRIVING_SIDES, shown="auto, right, left")
            elif key == "speed_by_hour":
                values[key] = p.parsed("value", parse_speed_by_hour, "speed_by_hour")
            elif key:
                p.report(
                    "key",
                    key,
                    "choice",
                    "unknown_setting",
                    Severity.WARNING,
                    choices=", ".join(
                        sorted([*NUMERIC_SETTINGS, *INTEGER_SETTINGS, *TIME_SETTINGS, *TEXT_SETTINGS, *OTHER_SETTINGS])
                    ),
                )
        _fail_on_errors(table.file, problems, first)
        values = {k: v for k, v in values.items() if v is not None}
        given = [k for k in AREA_KEYS if k in values]
        if given:
            box = tuple(values.pop(k, None) for k in AREA_KEYS)
            if len(given) < len(AREA_KEYS) or box[0] >= box[2] or box[1] >= box[3]:
                raise InputError(
                    "bad_config",
                    file=table.file,
                    problems=(
                        Problem(
                            file=table.file, column="key", value=", ".join(given), code="invalid", expected="area_box"
                        ),
                    ),
                )
            values["area_bbox"] = box
    calendar_path = _find(folder, "calendar", required=False)
    if calendar_path:
        table = read_table(calendar_path)
        require_columns(table, ("date", "kind"))
        first = len(problems)
        off: list[dt.date] = []
        working: list[dt.date] = []
        kinds = {"holiday": off, "почивен": off, "off": off, "working": working, "работен": working}
        for i in range(len(table.rows)):
            p = RowParser(table, i, problems)
            day = p.date("date", required=True)
            kind = p.choice("kind", kinds, shown="holiday, working")
            if p.ok:
                kind.append(day)
        _fail_on_errors(table.file, problems, first)
        values["extra_days_off"] = tuple(off)
        values["extra_working_days"] = tuple(working)
    return Settings(**values)


def _read_clients(
    table: Table,
    pauses_table: Table | None,
    diet_ids: set[str],
    office_ids: set[str],
    problems: list[Problem],
    area: BBox,
) -> tuple[list[Client], list[RegisterRow]]:
    required = (
        "client_id",
        "name",
        "address",
        "diet",
        "portions",
        "delivery_days",
        "window_start",
        "window_end",
        "start_date",
    )
    require_columns(table, required)
    _warn_unknown_columns(table, CLIENT_COLUMNS, problems)
    pauses = _read_pauses(pauses_table, problems) if pauses_table else {}
    clients: list[Client] = []
    register_rows: list[RegisterRow] = []
    seen: dict[str, int] = {}
    diet_choices = {d: d for d in diet_ids}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        client_id = p.text("client_id", required=True, max_len=64)
        name = p.text("name", required=True, max_len=200)
        register_rows.append(RegisterRow(row=p.row, client_id=client_id, name=name))
        p.unique("client_id", client_id, seen)
        office_id = p.text("office_id")
        if office_ids and office_id and office_id not in office_ids:
            p.report(
                "office_id",
                office_id,
                "choice",
                "unknown_reference",
                Severity.WARNING,
                choices=", ".join(sorted(office_ids)),
            )
        lat, lon = _coordinates(p, area)
        diet = p.choice("diet", diet_choices)
        portions = p.integer("portions", 1, 10)
        weekdays = p.weekdays("delivery_days")
        w_start, w_end = p.time_min("window_start"), p.time_min("window_end")
        if w_start is not None and w_end is not None and w_end <= w_start:
            p.report("window_end", p.raw("window_end"), "after_start", start=p.raw("window_start"))
        start = p.date("start_date", required=True)
        end = p.date("end_date")
        if start and end and end < start:
            p.report("end_date", p.raw("end_date"), "after_start", start=p.raw("start_date"))
        status = (
            p.choice("status", STATUS_CODES, required=False, shown="active, suspended, closed") or ClientStatus.ACTIVE
        )
        floor = p.integer("floor", -2, 40, required=False)
        has_lift = p.boolean("has_lift", default=Client.model_fields["has_lift"].default)
        address = p.text("address", required=True)
        if p.ok:
            clients.append(
                Client(
                    client_id=client_id,
                    row=p.row,
                    name=name,
                    office_id=office_id,
                    district=p.text("district"),
                    address=address,
                    town=p.text("town", max_len=100),
                    postcode=p.text("postcode", max_len=20),
                    block=p.text("block"),
                    entrance=p.text("entrance"),
                    floor=floor,
                    apartment=p.text("apartment"),
                    has_lift=has_lift,
                    lat=lat,
                    lon=lon,
                    phone=p.text("phone"),
                    diet_id=diet,
                    portions=portions,
                    delivery_weekdays=weekdays,
                    window_start_min=w_start,
                    window_end_min=w_end,
                    access_notes=p.text("access_notes"),
                    emergency_contact=p.text("emergency_contact"),
                    emergency_phone=p.text("emergency_phone"),
                    start_date=start,
                    end_date=end,
                    status=status,
                    pauses=tuple(pauses.get(id_key(client_id), ())),
                )
            )
    known = {id_key(r.client_id) for r in register_rows}
    if pauses_table:
        for client_id, rows in _pause_owner_rows(pauses_table).items():
            if id_key(client_id) not in known:
                for row in rows:
                    problems.append(
                        Problem(
                            file=pauses_table.file,
                            row=row,
                            column="client_id",
                            value=client_id,
                            code="unknown_reference",
                            expected="known_client",
                        )
                    )
    return clients, register_rows


def service_area(settings: Settings, kitchens: list[Kitchen]) -> BBox:
    """The box every client must lie in: the settings' box, or the kitchens' with the radius to spare."""
    if settings.area_bbox is not None:
        return settings.area_bbox
    return around([(k.lat, k.lon) for k in kitchens], settings.area_radius_km)


def _coordinates(
    p: RowParser, area: BBox = WORLD, required: bool = False, lat_column: str = "lat", lon_column: str = "lon"
) -> tuple[Any, Any]:
    """lat and lon of a row: both or neither, finite, inside ``area``, not swapped, not (0, 0)."""
    lat, lon = p.number(lat_column, required=required), p.number(lon_column, required=required)
    if (lat is None) != (lon is None):
        column = lon_column if lon is None else lat_column
        p.report(column, p.raw(column), "both_coordinates", "missing", Severity.WARNING)
        return None, None
    if lat is None or lon is None:
        return None, None
    if lat == 0 and lon == 0:  # "null island": an empty cell exported as 0
        p.report(lat_column, p.raw(lat_column), "real_coordinates")
        return None, None
    lat_min, lon_min, lat_max, lon_max = area
    limits = {
        "lat_min": _plain(lat_min),
        "lat_max": _plain(lat_max),
        "lon_min": _plain(lon_min),
        "lon_max": _plain(lon_max),
    }
    if not in_bbox(lat, lon, area) and in_bbox(lon, lat, area):
        p.report(lat_column, p.raw(lat_column), "lat_in_area", "swapped", **limits)
        return None, None
    if not lat_min <= lat <= lat_max:
        p.report(lat_column, p.raw(lat_column), "lat_in_area", **limits)
    if not lon_min <= lon <= lon_max:
        p.report(lon_column, p.raw(lon_column), "lon_in_area", **limits)
    return lat, lon


def _pause_owner_rows(table: Table) -> dict[str, list[int]]:
    owners: dict[str, list[int]] = {}
    for cells, row in zip(table.rows, table.row_numbers, strict=True):
        owners.setdefault(cells.get("client_id", ""), []).append(row)
    return owners


def _read_pauses(table: Table, problems: list[Problem]) -> dict[str, list[Pause]]:
    """Pauses keyed by ``id_key`` of the client id."""
    pauses: dict[str, list[Pause]] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        client_id = p.text("client_id", required=True)
        start, end = p.date("start_date", required=True), p.date("end_date", required=True)
        if start and end and end < start:
            p.report("end_date", p.raw("end_date"), "after_start", start=p.raw("start_date"))
        if p.ok:
            pauses.setdefault(id_key(client_id), []).append(Pause(start=start, end=end, reason=p.text("reason")))
    return pauses


def _read_dishes(table: Table, problems: list[Problem]) -> list[Dish]:
    first = len(problems)
    dishes = []
    seen: dict[str, int] = {}
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        dish_id = p.text("dish_id", required=True)
        p.unique("dish_id", dish_id, seen)
        course = p.choice("course", COURSE_CODES, shown="soup, main, dessert, bread")
        if p.ok:
            dishes.append(Dish(dish_id=dish_id, name=p.text("name") or dish_id, course=course))
    _fail_on_errors(table.file, problems, first)
    return dishes


def _read_menu(table: Table, diet_ids: set[str], dish_ids: set[str], problems: list[Problem]) -> list[MenuEntry]:
    first = len(problems)
    entries = []
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        week = p.integer("week", 1, 12)
        weekday = p.choice("day", WEEKDAY_CODES, shown="пн, вт, ср, чт, пт, сб")
        diet = p.choice("diet", {d: d for d in diet_ids})
        dishes = []
        for course in ("soup", "main", "dessert", "bread"):
            dish_id = p.raw(course)
            if not dish_id:
                continue
            if dish_ids and dish_id not in dish_ids:
                p.report(course, dish_id, "known_dish", "unknown_reference")
            dishes.append(dish_id)
        if p.ok:
            entries.append(MenuEntry(week=week, weekday=weekday, diet_id=diet, dish_ids=tuple(dishes)))
    _fail_on_errors(table.file, problems, first)
    return entries


def _read_recipes(table: Table, problems: list[Problem]) -> list[RecipeLine]:
    first = len(problems)
    lines = []
    for i in range(len(table.rows)):
        p = RowParser(table, i, problems)
        dish_id = p.text("dish_id", required=True)
        ingredient = p.text("ingredient", required=True)
        grams = p.number("grams_per_portion", required=True, low=0, high=5000)
        if p.ok:
            lines.append(RecipeLine(dish_id=dish_id, ingredient=ingredient, grams_per_portion=grams))
    _fail_on_errors(table.file, problems, first)
    return lines
