"""Address data of an OpenStreetMap extract, read with pyosmium (BSD-2) in one pass.

Kept: objects with ``addr:housenumber`` (nodes, and buildings at the mean of their outline's
nodes), buildings without a number but named like a block ("бл. 512", "Блок 12"), named
streets a car can use (for street-level answers), and named places (estates, quarters).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from mealplan.addresses import AddressData, OsmAddress, OsmPlace, OsmStreet
from mealplan.errors import InputError

# Streets a door can be on; footways and tracks would put a van on a path.
STREET_KINDS = {
    "residential", "living_street", "service", "unclassified", "tertiary", "secondary", "primary",
    "trunk", "pedestrian", "road", "tertiary_link", "secondary_link", "primary_link",
}  # fmt: skip
PLACE_KINDS = {"suburb", "quarter", "neighbourhood", "city_block", "village", "hamlet", "isolated_dwelling", "locality"}
_BLOCK_NAME = re.compile(r"^\s*(?:бл\.?|блок|bl\.?|block)\s*(\d+\s?[a-zа-я]?)\s*$", re.IGNORECASE)


def read_addresses(extract: Path) -> AddressData:
    """Every address, street and place of ``extract`` that offline geocoding can use."""
    import osmium

    if not extract.is_file():
        raise InputError("roads_missing", file=str(extract))
    addresses: list[OsmAddress] = []
    street_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    places: list[OsmPlace] = []
    try:
        for obj in osmium.FileProcessor(str(extract)).with_locations():
            if not isinstance(obj, osmium.osm.Node | osmium.osm.Way):
                continue  # relations (multipolygon buildings) are rare for doors; left out
            tags = obj.tags
            housenumber = tags.get("addr:housenumber") or ""
            named_block = _BLOCK_NAME.match(tags.get("name") or "") if "building" in tags else None
            place_kind = tags.get("place") or ""
            highway = (tags.get("highway") or "") if isinstance(obj, osmium.osm.Way) else ""
            wanted = housenumber or named_block or (place_kind in PLACE_KINDS and "name" in tags)
            wanted = wanted or (highway in STREET_KINDS and "name" in tags)
            if not wanted:
                continue
            point = _where(obj)
            if point is None:
                continue
            if housenumber or named_block:
                addresses.append(
                    OsmAddress(
                        osm_id=int(obj.id),
                        street=tags.get("addr:street") or "",
                        place=tags.get("addr:place") or "",
                        housenumber=housenumber or (named_block.group(1) if named_block else ""),
                        city=tags.get("addr:city") or "",
                        postcode=tags.get("addr:postcode") or "",
                        lat=point[0],
                        lon=point[1],
                    )
                )
            if place_kind in PLACE_KINDS and "name" in tags:
                places.append(OsmPlace(tags["name"], point[0], point[1]))
            if highway in STREET_KINDS and "name" in tags:
                street_points[tags["name"]].extend(_outline(obj))
    except RuntimeError as error:  # pyosmium's words for a file that is no OSM data
        raise InputError("roads_unreadable", file=str(extract), detail=str(error)) from error
    streets = tuple(OsmStreet(name, tuple(points)) for name, points in sorted(street_points.items()) if points)
    return AddressData(tuple(addresses), streets, tuple(places))


def _outline(obj) -> list[tuple[float, float]]:
    points = []
    for node in obj.nodes:
        if node.location.valid():
            points.append((float(node.location.lat), float(node.location.lon)))
    return points


def _where(obj) -> tuple[float, float] | None:
    if obj.is_node():
        return (float(obj.location.lat), float(obj.location.lon)) if obj.location.valid() else None
    points = _outline(obj)
    if not points:
        return None
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]  # a closed outline repeats its first node
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
