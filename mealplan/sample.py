"""Deterministic generator of the synthetic Sofia sample: synthetic people, real geography.

The facts it draws from (district weights, residential anchors, kitchens, offices, names, the
menu) are ``mealplan.sample_facts``; nothing here describes a real person. The generator returns
plain tables (column order + rows of strings), so its output is byte-stable for a seed and the
writing is left to ``mealplan.io``. ``scale`` multiplies the number of clients, kitchens'
capacities and the fleet together, for benchmarks at 2x, 5x and 10x the city.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from mealplan.models import REGISTER_COLUMNS
from mealplan.sample_facts import (
    ACCESS_NOTES,
    BREAD,
    DESSERT_INGREDIENTS,
    DESSERTS,
    DIABETIC_DESSERT,
    DIET_WEIGHTS,
    DIETS,
    DISTRICTS,
    ENTRANCES,
    FEMALE_FIRST,
    KITCHENS,
    MAIN_INGREDIENTS,
    MAINS,
    MALE_FIRST,
    OFFICES,
    PAUSE_REASONS,
    SOUP_BASE,
    SOUP_MAIN_INGREDIENT,
    SOUPS,
    STREETS,
    SURNAMES,
    WEEKDAYS_BG,
)
from mealplan.sample_visits import visit_tables

Table = tuple[list[str], list[list[str]]]


@dataclass(frozen=True)
class SampleTables:
    """All files of a data folder, each as (columns, rows of strings)."""

    tables: dict[str, Table]


def _fmt_date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _largest_remainder(weights: Sequence[float], total: int) -> list[int]:
    s = sum(weights)
    raw = [w * total / s for w in weights]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _point_in_disc(rng: random.Random, lat: float, lon: float, radius_m: float) -> tuple[float, float]:
    # Uniform in a disc: sqrt of a uniform radius fraction.
    r = radius_m * math.sqrt(rng.random())
    theta = rng.random() * 2 * math.pi
    dlat = r * math.cos(theta) / 111_320.0
    dlon = r * math.sin(theta) / (111_320.0 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def _name(rng: random.Random) -> str:
    female = rng.random() < 0.62  # most patronage clients are older women
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    father = rng.choice(SURNAMES)
    family = rng.choice(SURNAMES)
    suffix = "а" if female else ""
    return f"{first} {father}{suffix} {family}{suffix}"


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.2:  # landline
        return f"02 {rng.randint(800, 999)} {rng.randint(1000, 9999)}"
    return f"08{rng.choice('789')}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _window(rng: random.Random) -> tuple[str, str]:
    x = rng.random()
    if x < 0.75:
        return "10:00", "14:00"
    return rng.choice(
        [("10:00", "12:00"), ("10:30", "12:30"), ("11:00", "13:00"), ("11:30", "13:30"), ("12:00", "14:00")]
    )


ENTRANCE_SPACING_M = 12.0


def _clients(rng: random.Random, n_clients: int) -> tuple[Table, Table]:
    columns = list(REGISTER_COLUMNS)
    pause_columns = ["client_id", "start_date", "end_date", "reason"]
    district_keys = list(DISTRICTS)
    quotas = _largest_remainder([DISTRICTS[d][2] for d in district_keys], n_clients)
    rows: list[list[str]] = []
    pauses: list[list[str]] = []
    office_of = {d: DISTRICTS[d][1] for d in district_keys}
    buildings: dict[tuple[str, str, str], tuple[float, float]] = {}
    serial = 0
    for district, quota in zip(district_keys, quotas, strict=True):
        name_bg, _office, _alloc, anchors = DISTRICTS[district]
        weights = [a[3] ** 2 for a in anchors]
        per_anchor = _largest_remainder(weights, quota)
        for (anchor, a_lat, a_lon, radius, kind), count in zip(anchors, per_anchor, strict=True):
            last_point: tuple[float, float, str, str] | None = None
            for _ in range(count):
                serial += 1
                client_id = f"C{serial:05d}"
                # 15-20 % share a block with the previous client (other floor or entrance).
                if last_point is not None and rng.random() < 0.18:
                    lat, lon, address, block = last_point
                    rng.random(), rng.random()  # once a jitter: drawn still, so every other value stays as it was
                else:
                    lat, lon = _point_in_disc(rng, a_lat, a_lon, radius)
                    if kind == "estate":
                        address, block = anchor, str(rng.randint(1, 330))
                    elif kind == "centre":
                        address, block = f"ул. „{rng.choice(STREETS)}“ {rng.randint(1, 120)}", ""
                    else:
                        address, block = f"{anchor}, ул. „{rng.choice(STREETS)}“ {rng.randint(1, 80)}", ""
                # One building, one place: a block or house drawn twice (by chance, or shared with
                # the previous client) stands where it stood the first time.
                lat, lon = buildings.setdefault((district, address, block), (lat, lon))
                last_point = (lat, lon, address, block)
                if kind == "estate":
                    floor = rng.randint(1, 14)
                    has_lift = (floor > 4 and rng.random() < 0.85) or rng.random() < 0.3
                    entrance = rng.choice(ENTRANCES)
                    apartment = str(rng.randint(1, 90))
                    # Entrances stand along the block, one every 12 m: one entrance, one door.
                    lon += ENTRANCE_SPACING_M * ENTRANCES.index(entrance) / (111_320.0 * math.cos(math.radians(lat)))
                elif kind == "centre":
                    floor = rng.randint(0, 6)
                    has_lift = rng.random() < 0.5
                    entrance, apartment = "", str(rng.randint(1, 30))
                else:
                    floor = rng.choice([0, 0, 1, 1, 2])
                    has_lift, entrance, apartment = False, "", ""
                diet = rng.choices([d for d, _ in DIETS], weights=DIET_WEIGHTS)[0]
                portions = 2 if rng.random() < 0.10 else 1
                days = "пн,ср,пт" if rng.random() < 0.15 else "пн,вт,ср,чт,пт"
                w_start, w_end = _window(rng)
                notes = rng.choice(ACCESS_NOTES) if rng.random() < 0.15 else ""
                # Most clients joined years ago; some join or leave during 2026-2027.
                x = rng.random()
                start = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 2900))
                end: dt.date | None = None
                status = "active"
                if x < 0.06:
                    start = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 700))
                elif x < 0.12:
                    end = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(30, 700))
                elif x < 0.135:
                    status = "suspended"
                elif x < 0.155:
                    status = "closed"
                    end = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
                    start = min(start, end - dt.timedelta(days=rng.randint(30, 900)))
                has_coords = rng.random() >= 0.003  # a few new clients are not geocoded yet
                rows.append(
                    [
                        client_id,
                        _name(rng),
                        office_of[district],
                        name_bg,
                        address,
                        block,
                        entrance,
                        str(floor),
                        apartment,
                        "да" if has_lift else "не",
                        f"{lat:.6f}" if has_coords else "",
                        f"{lon:.6f}" if has_coords else "",
                        _phone(rng),
                        diet,
                        str(portions),
                        days,
                        w_start,
                        w_end,
                        notes,
                        _fmt_date(start),
                        _fmt_date(end),
                        status,
                    ]
                )
                if rng.random() < 0.04:
                    p_start = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 690))
                    p_end = p_start + dt.timedelta(days=rng.randint(3, 30))
                    pauses.append([client_id, _fmt_date(p_start), _fmt_date(p_end), rng.choice(PAUSE_REASONS)])
    return (columns, rows), (pause_columns, pauses)


def _menu_tables(rng: random.Random) -> tuple[Table, Table, Table]:
    dishes: dict[str, tuple[str, str, list[tuple[str, float]]]] = {}

    def add(dish_id: str, name: str, course: str, ingredients: Sequence[tuple[str, float]]) -> str:
        dishes[dish_id] = (name, course, list(ingredients))
        return dish_id

    for i, soup in enumerate(SOUPS, 1):
        base = SOUP_MAIN_INGREDIENT[soup] + SOUP_BASE
        add(f"S{i:02d}", soup, "soup", base)
        add(
            f"S{i:02d}G",
            f"Крем {soup[0].lower()}{soup[1:]} (щадяща)",
            "soup",
            [(ing, g) for ing, g in base if ing not in ("чубрица", "чесън", "доматено пюре")],
        )
        add(f"S{i:02d}L", f"{soup} (безсолна)", "soup", [(ing, 0 if ing == "сол" else g) for ing, g in base])
    for i, main in enumerate(MAINS, 1):
        base = MAIN_INGREDIENTS[main] + [("сол", 3)]
        add(f"M{i:02d}", main, "main", base)
        add(
            f"M{i:02d}D",
            f"{main} (диабетична)",
            "main",
            [(ing, round(g * 0.7) if ing in ("ориз", "картофи", "спагети", "булгур") else g) for ing, g in base],
        )
        add(
            f"M{i:02d}G",
            f"{main} на пара (щадяща)",
            "main",
            [(ing, round(g * 0.5) if ing in ("олио", "масло") else g) for ing, g in base],
        )
        add(f"M{i:02d}L", f"{main} (безсолна)", "main", [(ing, 0 if ing == "сол" else g) for ing, g in base])
    for i, dessert in enumerate(DESSERTS, 1):
        add(f"D{i:02d}", dessert, "dessert", DESSERT_INGREDIENTS[dessert])
    add("D99", DIABETIC_DESSERT[0], "dessert", DIABETIC_DESSERT[1])
    add("B01", BREAD["white"][0], "bread", BREAD["white"][1])
    add("B02", BREAD["wholemeal"][0], "bread", BREAD["wholemeal"][1])

    menu_rows: list[list[str]] = []
    soup_order = list(range(1, len(SOUPS) + 1))
    main_order = list(range(1, len(MAINS) + 1))
    rng.shuffle(soup_order)
    rng.shuffle(main_order)
    day = 0
    for week in range(1, 5):
        for weekday in range(5):
            soup_index = soup_order[day % len(soup_order)]
            main_index = main_order[day % len(main_order)]
            # Dessert every Friday and on Tuesdays of even weeks: "at least once a week".
            dessert_index: int | None = None
            if weekday == 4 or (weekday == 1 and week % 2 == 0):
                dessert_index = (day // 3) % len(DESSERTS) + 1
            day += 1
            for diet, _ in DIETS:
                suffix_soup = {"gastro": "G", "low_salt": "L"}.get(diet, "")
                suffix_main = {"diabetic": "D", "gastro": "G", "low_salt": "L"}.get(diet, "")
                dessert_id = ""
                if dessert_index is not None:
                    dessert_id = "D99" if diet == "diabetic" else f"D{dessert_index:02d}"
                bread = "B02" if diet in ("diabetic", "low_salt") else "B01"
                menu_rows.append(
                    [
                        str(week),
                        WEEKDAYS_BG[weekday],
                        diet,
                        f"S{soup_index:02d}{suffix_soup}",
                        f"M{main_index:02d}{suffix_main}",
                        dessert_id,
                        bread,
                    ]
                )
    dish_rows = [[dish_id, name, course] for dish_id, (name, course, _) in sorted(dishes.items())]
    recipe_rows = [[dish_id, ing, f"{g:g}"] for dish_id, (_, _, ings) in sorted(dishes.items()) for ing, g in ings]
    return (
        (["week", "day", "diet", "soup", "main", "dessert", "bread"], menu_rows),
        (["dish_id", "name", "course"], dish_rows),
        (["dish_id", "ingredient", "grams_per_portion"], recipe_rows),
    )


def _office_point(districts: Sequence[str]) -> list[str]:
    """An office amid its districts: the centre of their neighbourhoods, weighted by clients."""
    points = [(lat, lon, DISTRICTS[d][2]) for d in districts for _, lat, lon, _, _ in DISTRICTS[d][3]]
    total = sum(w for _, _, w in points)
    return [f"{sum(a * w for a, _, w in points) / total:.6f}", f"{sum(b * w for _, b, w in points) / total:.6f}"]


def generate_sofia(seed: int = 2026, n_clients: int = 2000) -> SampleTables:
    """The Sofia sample for ``n_clients`` clients; kitchens and fleet grow with the clients."""
    rng = random.Random(seed)
    scale = n_clients / 2000
    clients, pauses = _clients(rng, n_clients)
    menu, dishes, recipes = _menu_tables(rng)

    kitchen_rows = []
    van_rows = []
    van_serial = 0
    for kid, name, address, lat, lon, capacity, diets, ready, vans in KITCHENS:
        kitchen_rows.append(
            [
                kid,
                name,
                address,
                f"{lat:.6f}",
                f"{lon:.6f}",
                str(math.ceil(capacity * scale)),
                " ".join(diets),
                ready,
                "15",
                "6",
            ]
        )
        for _ in range(max(1, round(vans * scale))):
            van_serial += 1
            capacity_portions = rng.choice([60, 70, 80])
            van_rows.append(
                [
                    f"V{van_serial:02d}" if van_serial < 100 else f"V{van_serial}",
                    kid,
                    str(capacity_portions),
                    "09:00",
                    "15:00",
                    "120",
                    "2",
                    f"СА {rng.randint(1000, 9999)} {rng.choice(['ВК', 'ХМ', 'ТР', 'КР'])}",
                    " ".join(_name(rng).split()[::2]),
                ]
            )
    office_rows = [
        [oid, name, " ".join(DISTRICTS[d][0] for d in districts), phone, *_office_point(districts)]
        for oid, name, districts, phone in OFFICES
    ]
    settings_rows = [
        ["speed_kmh", "24"],
        ["circuity", "1.35"],
        ["service_base_min", "2"],
        ["service_per_floor_no_lift_min", "0.4"],
        ["service_per_extra_portion_min", "0.5"],
        ["menu_cycle_weeks", "4"],
        ["country", "BG"],
        ["city", "София"],
        # The generous envelope of Stolichna municipality with its villages: the service area.
        ["area_lat_min", "42.45"],
        ["area_lon_min", "22.95"],
        ["area_lat_max", "42.90"],
        ["area_lon_max", "23.70"],
    ]
    return SampleTables(
        tables={
            "clients.csv": clients,
            "pauses.csv": pauses,
            "kitchens.csv": (
                [
                    "kitchen_id",
                    "name",
                    "address",
                    "lat",
                    "lon",
                    "capacity_portions",
                    "diets",
                    "ready_time",
                    "reload_min",
                    "portions_per_box",
                ],
                kitchen_rows,
            ),
            "vans.csv": (
                [
                    "van_id",
                    "kitchen_id",
                    "capacity_portions",
                    "shift_start",
                    "shift_end",
                    "max_hold_min",
                    "trips",
                    "plate",
                    "driver",
                ],
                van_rows,
            ),
            "offices.csv": (["office_id", "name", "districts", "phone", "lat", "lon"], office_rows),
            "diets.csv": (["diet_id", "name"], [list(d) for d in DIETS]),
            "dishes.csv": dishes,
            "menu.csv": menu,
            "recipes.csv": recipes,
            "settings.csv": (["key", "value"], settings_rows),
            "calendar.csv": (["date", "kind", "note"], []),
        }
        | visit_tables(seed, clients)
    )
