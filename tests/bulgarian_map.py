"""A small synthetic OpenStreetMap extract with Bulgarian addresses, written with pyosmium.

No package ships Bulgarian OSM data, so the tests make one the way Sofia is mapped: Cyrillic
streets as "улица ..."/"булевард ...", houses with addr:street + addr:housenumber, panel
blocks in estates as buildings with addr:place + the block as addr:housenumber, a block known
only by its name ("бл. 513"), and two estates whose names differ only in their number.
"""

from __future__ import annotations

from pathlib import Path

# Around Sofia's centre; coordinates are invented, the layout is what matters.
BASE_LAT, BASE_LON = 42.690, 23.320
STEP = 0.0005  # about 55 m north-south


def _square(lat: float, lon: float, half: float = 0.00008) -> list[tuple[float, float]]:
    return [(lat - half, lon - half), (lat - half, lon + half), (lat + half, lon + half), (lat + half, lon - half)]


def write_bulgarian_map(path: Path) -> dict[str, tuple[float, float]]:
    """Write the extract to ``path``; returns the true position of each address, by a readable label."""
    import osmium
    from osmium.osm.mutable import Node, Way

    truth: dict[str, tuple[float, float]] = {}
    node_id = 1
    way_id = 1
    nodes: list = []
    ways: list = []

    def node(lat: float, lon: float, tags: dict | None = None) -> int:
        nonlocal node_id
        nodes.append(Node(id=node_id, location=(lon, lat), tags=tags or {}))
        node_id += 1
        return node_id - 1

    def way(points: list[tuple[float, float]], tags: dict, closed: bool = False) -> None:
        nonlocal way_id
        refs = [node(lat, lon) for lat, lon in points]
        if closed:
            refs.append(refs[0])
        ways.append(Way(id=way_id, nodes=refs, tags=tags))
        way_id += 1

    # улица Граф Игнатиев: houses 2..20 (even) on one side, 1..19 (odd) on the other; 12 is missing.
    street_lat = BASE_LAT
    way(
        [(street_lat, BASE_LON), (street_lat, BASE_LON + 0.006)],
        {"highway": "residential", "name": "улица Граф Игнатиев"},
    )
    for number in range(1, 21):
        if number == 12:
            continue
        lon = BASE_LON + 0.0003 * number
        lat = street_lat + (0.0001 if number % 2 == 0 else -0.0001)
        node(lat, lon, {"addr:street": "улица Граф Игнатиев", "addr:housenumber": str(number)})
        truth[f"Граф Игнатиев {number}"] = (lat, lon)
    truth["Граф Игнатиев 12"] = (street_lat + 0.0001, BASE_LON + 0.0003 * 12)
    node(street_lat + 0.0001, BASE_LON + 0.0003 * 7, {"addr:street": "улица Граф Игнатиев", "addr:housenumber": "7А"})
    truth["Граф Игнатиев 7А"] = (street_lat + 0.0001, BASE_LON + 0.0003 * 7)

    # булевард Витоша: a named street without any house numbers.
    way(
        [(BASE_LAT - 0.004, BASE_LON + 0.002), (BASE_LAT - 0.008, BASE_LON + 0.002)],
        {"highway": "primary", "name": "булевард Витоша"},
    )

    # Estates: ж.к. Люлин 5 and ж.к. Люлин 6, both with a block 512 (numbers must not be mixed up).
    for estate, lat0 in (("Люлин 5", BASE_LAT + 0.010), ("Люлин 6", BASE_LAT + 0.020)):
        node(lat0, BASE_LON - 0.010, {"place": "suburb", "name": estate})
        for k, block in enumerate(("510", "511", "512")):
            lat, lon = lat0 + STEP * k, BASE_LON - 0.010 + STEP * k
            way(
                _square(lat, lon),
                {"building": "apartments", "addr:place": estate, "addr:housenumber": block},
                closed=True,
            )
            truth[f"{estate} бл. {block}"] = (lat, lon)
    # A block mapped only by its name, in Люлин 5.
    lat, lon = BASE_LAT + 0.010 + STEP * 4, BASE_LON - 0.010
    way(_square(lat, lon), {"building": "apartments", "name": "бл. 513", "addr:place": "Люлин 5"}, closed=True)
    truth["Люлин 5 бл. 513"] = (lat, lon)
    # улица Васил Левски in two villages of the extract, 5 km apart, each with a number 5; the map
    # names the village and postcode of each (addr:city, addr:postcode), and Мърчаево has a 7 too.
    for village, code, lon0 in (("Мърчаево", "1149", BASE_LON + 0.05), ("Кокаляне", "1138", BASE_LON + 0.11)):
        way([(BASE_LAT, lon0), (BASE_LAT, lon0 + 0.002)], {"highway": "residential", "name": "улица Васил Левски"})
        tags = {"addr:street": "улица Васил Левски", "addr:housenumber": "5", "addr:city": village}
        node(BASE_LAT + 0.0001, lon0 + 0.001, {**tags, "addr:postcode": code})
        truth[f"{village} Васил Левски 5"] = (BASE_LAT + 0.0001, lon0 + 0.001)
        if village == "Мърчаево":
            node(BASE_LAT + 0.0001, lon0 + 0.0014, {**tags, "addr:housenumber": "7"})
    # ж.к. Младост 1 is known only as a place.
    node(BASE_LAT - 0.020, BASE_LON + 0.020, {"place": "quarter", "name": "Младост 1"})
    truth["Младост 1"] = (BASE_LAT - 0.020, BASE_LON + 0.020)

    if path.exists():
        path.unlink()
    writer = osmium.SimpleWriter(str(path))
    try:
        for item in nodes:
            writer.add_node(item)
        for item in ways:
            writer.add_way(item)
    finally:
        writer.close()
    return truth
