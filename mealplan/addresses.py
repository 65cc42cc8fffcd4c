"""Offline geocoding: register addresses matched against an OpenStreetMap extract's address data.

Nothing leaves the machine. The index holds what the extract knows: objects with
``addr:housenumber`` (on ``addr:street`` or, in estates, ``addr:place``), buildings named
"бл. 512", named streets, and named places (estates, quarters). A query is normalised first
(Bulgarian: ул./бул./ж.к./кв./бл./вх./ет./ап., „“ quotes, №, Cyrillic and Latin spellings of
one name), then matched in this order, each answer carrying its quality:

- ``exact``: the street and number, or the estate and block, are in the extract;
- ``interpolated``: the street is there with numbers on both sides of the one asked for;
- ``street``: only the street (or estate) is known: a point on it, never a city centroid;
- ``not_found``: nothing that matches well enough; the client keeps no coordinates.

Street and estate names match fuzzily (rapidfuzz), but a name's numbers must agree: "Люлин 5"
is never "Люлин 6".
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from rapidfuzz import fuzz, process

from mealplan.geo import haversine_m


class Quality(StrEnum):
    EXACT = "exact"
    INTERPOLATED = "interpolated"
    STREET = "street"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class OsmAddress:
    """One object of the extract with an address: a node, or a building's centre."""

    osm_id: int
    street: str  # addr:street
    place: str  # addr:place (an estate, in Bulgaria)
    housenumber: str  # addr:housenumber, or the block of a building named "бл. 512"
    lat: float
    lon: float
    city: str = ""  # addr:city: the town or village the address is in
    postcode: str = ""  # addr:postcode


@dataclass(frozen=True)
class OsmStreet:
    name: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class OsmPlace:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class AddressData:
    """What an extract knows about addresses (``mealplan.io.readers.osm_addresses.read_addresses``)."""

    addresses: tuple[OsmAddress, ...] = ()
    streets: tuple[OsmStreet, ...] = ()
    places: tuple[OsmPlace, ...] = ()


@dataclass(frozen=True)
class ParsedAddress:
    street: str = ""
    number: str = ""
    estate: str = ""
    block: str = ""
    entrance: str = ""
    floor: str = ""
    apartment: str = ""


@dataclass(frozen=True)
class Locality:
    """Where the register says an address is: its town and postcode (either may be empty)."""

    town: str = ""
    postcode: str = ""

    def __bool__(self) -> bool:
        return bool(self.town or self.postcode)

    def allows(self, address: OsmAddress) -> bool:
        """False only when the map names another postcode or town for the object."""
        if self.postcode and address.postcode:
            return _postcode_key(self.postcode) == _postcode_key(address.postcode)
        if self.town and address.city:
            return _same_town(self.town, address.city)
        return True

    def confirms(self, address: OsmAddress) -> bool:
        """True when the map names this postcode or town for the object."""
        if self.postcode and address.postcode and _postcode_key(self.postcode) == _postcode_key(address.postcode):
            return True
        return bool(self.town and address.city and _same_town(self.town, address.city))


def _postcode_key(code: str) -> str:
    return re.sub(r"[^0-9a-z]", "", latin_key(code))


def _same_town(a: str, b: str) -> bool:
    """One town under either spelling ("с. Мърчаево", "Marchaevo"): the key, or a close one."""
    key_a, key_b = _town_key(a), _town_key(b)
    return key_a == key_b or fuzz.ratio(key_a, key_b) >= TOWN_SCORE


def _town_key(text: str) -> str:
    words = [w for w in latin_key(text).split() if w not in _TOWN_WORDS]
    return " ".join(words)


# Words that say what kind of place a town is: "гр. София", "с. Мърчаево", "city of Mdina".
_TOWN_WORDS = {"gr", "grad", "s", "selo", "city", "town", "village", "of"}
TOWN_SCORE = 90.0


@dataclass(frozen=True)
class Match:
    quality: Quality
    lat: float | None = None
    lon: float | None = None
    matched: str = ""  # what in the extract the answer stands on, for the review file


# Bulgarian streamlined transliteration (2009 law), with the Russian and Belarusian letters a
# register of a neighbouring service may hold; one Latin key for both spellings of a name.
CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a",
        "ь": "y", "ю": "yu", "я": "ya", "ы": "y", "э": "e", "ё": "yo", "і": "i", "ў": "u", "є": "ye",
        "ї": "yi", "ґ": "g",
    }
)  # fmt: skip

# Markers that start a part of an address, Cyrillic and Latin, with or without dots.
_MARKERS = {
    "estate": r"ж\.?\s?к\.?|жк|комплекс|кв\.|кв(?=\s)|квартал|zh\.?\s?k\.?|jk|kv\.|kvartal",
    "block": r"бл\.|бл(?=\s|\d)|блок|bl\.|bl(?=\s|\d)|block",
    "entrance": r"вх\.|вх(?=\s)|вход|vh\.|vh(?=\s)|entrance",
    "floor": r"ет\.|ет(?=\s|\d)|етаж|et\.|floor",
    "apartment": r"ап\.|ап(?=\s|\d)|апартамент|ap\.|apt\.?",
    "street": r"ул\.|ул(?=\s)|улица|бул\.|бул(?=\s)|булевард|пл\.|площад|ul\.|ul(?=\s)|bul\.|blvd\.?|str\.",
}
_MARKER_RE = re.compile(
    "|".join(f"(?P<{kind}>(?<![\\w.])(?:{pattern}))" for kind, pattern in _MARKERS.items()), re.IGNORECASE
)
# Words that only say what kind of street a name is; dropped from keys so "улица Витоша",
# "ул. Витоша" and "Vitosha" meet.
_TYPE_WORDS = {
    "ulitsa", "ul", "bulevard", "bul", "blvd", "ploshtad", "pl", "str", "street", "zhk", "zh", "k", "jk",
    "kompleks", "kv", "kvartal", "g", "gr", "grad",
}  # fmt: skip
_QUOTES = re.compile("[„“”\"«»‘’'`]")
# The house number: the first number after a word of the street's name ("6-ти септември 14" ->
# 14), with a range ("4-6") or a letter ("12 А") but not what follows ("11 B 9": staircase B, flat 9).
_HOUSE_NUMBER = re.compile(
    r"(?<=[^\W\d_])[\s,.]+(?P<number>\d+(?:\s?[-–/]\s?\d+)?(?:\s?[a-zа-я](?![a-zа-я]))?)", re.IGNORECASE
)


def latin_key(text: str) -> str:
    """Lowercase Latin letters, digits and single spaces: one key for every spelling of a name."""
    # № before NFKC, which would spell it "No".
    text = unicodedata.normalize("NFKC", text.replace("№", " ")).lower()
    text = _QUOTES.sub(" ", text).translate(CYRILLIC_TO_LATIN)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def name_key(text: str) -> str:
    """``latin_key`` without street-type words: "ул. „Граф Игнатиев“" -> "graf ignatiev"."""
    words = latin_key(text).split()
    kept = [w for w in words if w not in _TYPE_WORDS]
    return " ".join(kept or words)


def number_key(text: str) -> str:
    """House or block number as a key: "12 А", "12a", "бл. 512" -> "12a", "12a", "512"."""
    text = re.sub(r"\s*[-–/]\s*", "-", _MARKER_RE.sub(" ", text))
    return "-".join(latin_key(part).replace(" ", "") for part in text.split("-"))


def parse_address(address: str, block: str = "", entrance: str = "") -> ParsedAddress:
    """Split a register address into street, number, estate, block, entrance, floor, apartment.

    Separate register columns (block, entrance) win over what the address text says.
    """
    text = _QUOTES.sub(" ", unicodedata.normalize("NFKC", address.replace("№", " ")))
    parts: dict[str, str] = {}
    leading_end = len(text)
    matches = list(_MARKER_RE.finditer(text))
    if matches:
        leading_end = matches[0].start()
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end() : end].strip(" ,.;")
        kind = m.lastgroup or ""
        parts.setdefault(kind, value)
    leading = text[:leading_end].strip(" ,.;")
    street_text = parts.get("street") or leading
    if "street" not in parts and leading and "estate" in parts and not re.search(r"\d", leading):
        street_text = leading
    street, number = street_text, ""
    found = _HOUSE_NUMBER.search(street_text) if street_text else None
    if found:
        street, number = street_text[: found.start()].strip(), found.group("number")
    estate = parts.get("estate", "")
    if estate and "block" not in parts and not block:
        # "ж.к. Младост 1, 15": a number after the estate's own name is its block.
        pieces = [p.strip() for p in estate.split(",") if p.strip()]
        if len(pieces) > 1 and re.fullmatch(r"\d+\s?[a-zа-я]?", pieces[-1], re.IGNORECASE):
            estate, parts["block"] = ", ".join(pieces[:-1]), pieces[-1]
    estate = estate.split(",")[0].strip()
    return ParsedAddress(
        street=street.strip(" ,") if (street_text and street_text != estate) else "",
        number=number_key(number) if number else "",
        estate=estate,
        block=number_key(block or parts.get("block", "")),
        entrance=(entrance or parts.get("entrance", "")).strip(),
        floor=parts.get("floor", "").strip(),
        apartment=parts.get("apartment", "").strip(),
    )


def _digits(key: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+", key))


def _leading_int(number: str) -> int | None:
    found = re.match(r"\d+", number)
    return int(found.group()) if found else None


@dataclass
class AddressIndex:
    """Lookups over an extract's address data; build once per run, query per client."""

    data: AddressData
    by_street: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_place: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    street_points: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    place_points: dict[str, tuple[float, float]] = field(default_factory=dict)
    score_cutoff: float = 85.0

    @classmethod
    def build(cls, data: AddressData) -> AddressIndex:
        """Index every address by its street's and place's key, and every named street and place."""
        index = cls(data)
        for i, address in enumerate(data.addresses):
            if address.street:
                index.by_street[name_key(address.street)].append(i)
            if address.place:
                index.by_place[name_key(address.place)].append(i)
        for street in data.streets:
            index.street_points[name_key(street.name)].extend(street.points)
        for place in data.places:
            index.place_points.setdefault(name_key(place.name), (place.lat, place.lon))
        return index

    def _name(self, key: str, choices: dict) -> str | None:
        """The known key equal to ``key``, else the closest one whose numbers agree."""
        if not key:
            return None
        if key in choices:
            return key
        digits = _digits(key)
        pool = [c for c in choices if _digits(c) == digits]
        best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=self.score_cutoff)
        return best[0] if best else None

    def match(
        self,
        address: str,
        block: str = "",
        entrance: str = "",
        exclude: int | None = None,
        where: Locality = Locality(),
    ) -> Match:
        """The best point for one register address; ``exclude`` leaves one indexed object out (tests).

        ``where`` (the register's town and postcode) keeps the objects the map puts in that town
        (or at least not in another): a street and number of two villages becomes one answer.
        """
        parsed = parse_address(address, block, entrance)
        why = Match(Quality.NOT_FOUND)  # the most telling "not found" (an ambiguous name says so)
        if parsed.estate or parsed.block:
            found = self._match_block(parsed, exclude, where)
            if found.quality != Quality.NOT_FOUND:
                return found
            why = found if found.matched else why
        if parsed.street:
            found = self._match_street(parsed, exclude, where)
            if found.quality != Quality.NOT_FOUND:
                return found
            why = found if found.matched else why
        if parsed.estate:
            key = self._name(name_key(parsed.estate), self.place_points) or self._name(
                name_key(parsed.estate), self.by_place
            )
            if key and key in self.place_points:
                lat, lon = self.place_points[key]
                return Match(Quality.STREET, lat, lon, key)
            if key:
                return self._centre_of(self.by_place[key], key, exclude)
        return why

    def _match_block(self, parsed: ParsedAddress, exclude: int | None, where: Locality) -> Match:
        if not parsed.block:
            return Match(Quality.NOT_FOUND)
        estate = name_key(parsed.estate or parsed.street)
        for table in (self.by_place, self.by_street):
            key = self._name(estate, table)
            if key is None:
                continue
            numbered = [i for i in table[key] if number_key(self.data.addresses[i].housenumber) == parsed.block]
            found = self._narrow([i for i in numbered if i != exclude], where)
            if found:
                return self._one_place(found, Quality.EXACT, f"{key} {parsed.block}")
        return Match(Quality.NOT_FOUND)

    def _match_street(self, parsed: ParsedAddress, exclude: int | None, where: Locality) -> Match:
        key = self._name(name_key(parsed.street), self.by_street)
        if key is not None and parsed.number:
            members = self._narrow([i for i in self.by_street[key] if i != exclude], where)
            same = [i for i in members if number_key(self.data.addresses[i].housenumber) == parsed.number]
            if same:
                return self._one_place(same, Quality.EXACT, f"{key} {parsed.number}")
            # "11b" or "4-6" not mapped, but "11" or "4" is: the same building or its neighbour.
            base = re.match(r"\d+", parsed.number)
            if base and base.group() != parsed.number:
                near = [i for i in members if number_key(self.data.addresses[i].housenumber) == base.group()]
                if near:
                    return self._one_place(near, Quality.INTERPOLATED, f"{key} {base.group()}")
            between = self._interpolate(members, parsed.number)
            if between is not None:
                return Match(Quality.INTERPOLATED, between[0], between[1], f"{key} ~{parsed.number}")
        if key is not None and where:
            # The register names the town: the street's addresses there locate it better than
            # the points of every street of that name in the extract.
            there = [i for i in self.by_street[key] if where.confirms(self.data.addresses[i])]
            if there:
                return self._centre_of(there, key, exclude)
            if not all(where.allows(self.data.addresses[i]) for i in self.by_street[key]):
                # The map puts this street in another town and nowhere in the register's: a
                # point on it could be in the wrong village (a person decides, in the corrections).
                return Match(Quality.NOT_FOUND, matched=f"{key} ({OTHER_TOWN})")
        street_key = self._name(name_key(parsed.street), self.street_points)
        if street_key is not None:
            middle = _middle_point(self.street_points[street_key])
            if middle is None:
                return Match(Quality.NOT_FOUND, matched=f"{street_key} ({AMBIGUOUS})")
            return Match(Quality.STREET, middle[0], middle[1], street_key)
        if key is not None:
            return self._centre_of(self.by_street[key], key, exclude)
        return Match(Quality.NOT_FOUND)

    def _narrow(self, found: list[int], where: Locality) -> list[int]:
        """Of ``found``, those the register's town allows, the confirmed ones when there are any."""
        if not where:
            return found
        allowed = [i for i in found if where.allows(self.data.addresses[i])]
        confirmed = [i for i in allowed if where.confirms(self.data.addresses[i])]
        return confirmed or allowed

    def _interpolate(self, members: list[int], number: str) -> tuple[float, float] | None:
        """Between the nearest lower and higher numbers of the street, same side (parity) first."""
        wanted = _leading_int(number)
        if wanted is None:
            return None
        numbered = [
            (n, self.data.addresses[i]) for i in members if (n := _leading_int(self.data.addresses[i].housenumber))
        ]
        for same_side in (True, False):
            pool = [(n, a) for n, a in numbered if not same_side or n % 2 == wanted % 2]
            lower = max((p for p in pool if p[0] < wanted), default=None, key=lambda p: p[0])
            higher = min((p for p in pool if p[0] > wanted), default=None, key=lambda p: p[0])
            if (
                lower
                and higher
                and haversine_m(lower[1].lat, lower[1].lon, higher[1].lat, higher[1].lon) <= SAME_PLACE_M
            ):
                share = (wanted - lower[0]) / (higher[0] - lower[0])
                return (
                    lower[1].lat + share * (higher[1].lat - lower[1].lat),
                    lower[1].lon + share * (higher[1].lon - lower[1].lon),
                )
        return None

    def _centre_of(self, members: list[int], key: str, exclude: int | None) -> Match:
        """A street or estate known only from its addresses: the address nearest their middle."""
        points = [(self.data.addresses[i].lat, self.data.addresses[i].lon) for i in members if i != exclude]
        if not points:
            return Match(Quality.NOT_FOUND)
        middle = _middle_point(points)
        if middle is None:
            return Match(Quality.NOT_FOUND, matched=f"{key} ({AMBIGUOUS})")
        return Match(Quality.STREET, middle[0], middle[1], key)

    def _one_place(self, found: list[int], quality: Quality, label: str) -> Match:
        """The answer when every object found stands in one place; two towns' "Main Street 5" is no answer."""
        first = self.data.addresses[found[0]]
        for i in found[1:]:
            other = self.data.addresses[i]
            if haversine_m(first.lat, first.lon, other.lat, other.lon) > SAME_PLACE_M:
                return Match(Quality.NOT_FOUND, matched=f"{label} ({AMBIGUOUS})")
        return Match(quality, first.lat, first.lon, label)


# Objects found for one address farther apart than this are different places (the same street
# name in two villages of the extract): the matcher says "not found", never picks one.
SAME_PLACE_M = 500.0
# A street whose points lie farther than this from its middle is too long, or several streets of
# one name, for a street-level answer to bring a van near the door.
STREET_SPREAD_M = 2000.0
AMBIGUOUS = "ambiguous"
OTHER_TOWN = "other town"


def _middle_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The point of ``points`` nearest their mean (on the street itself, not in a courtyard beside
    it), or None when they spread too far for one point to stand for them."""
    array = np.array(points, dtype=float)
    mean = array.mean(axis=0)
    distances = haversine_m(array[:, 0], array[:, 1], mean[0], mean[1])
    nearest = int(np.argmin(distances))
    spread = haversine_m(array[:, 0], array[:, 1], array[nearest, 0], array[nearest, 1])
    if float(spread.max()) > STREET_SPREAD_M:
        return None
    return float(array[nearest, 0]), float(array[nearest, 1])
