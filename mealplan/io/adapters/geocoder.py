"""Coordinates for clients without them, from an online geocoder the user named, cached on disk.

Personal data stays home unless asked: this module is used only when the run names a
geocoder (``--geocoder nominatim``). Answers are cached in ``geocode_cache.csv`` in the data
folder, keyed by the normalised address, so each address is asked for once, ever.
"""

from __future__ import annotations

import csv
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from geopy.exc import GeopyError

from mealplan.errors import GeocoderError
from mealplan.geo import in_bbox
from mealplan.io.safe import replacing
from mealplan.models import Client, Dataset, Problem, Severity

CACHE_FILE = "geocode_cache.csv"
GEOCODERS = ("nominatim",)

Lookup = Callable[[str], tuple[float, float] | None]


def address_query(client: Client, city: str = "") -> str:
    """What the geocoder is asked: the address, block, district and the service's city (from
    settings.csv; no city is written into the code). The country goes as the geocoder's filter."""
    parts = [client.address]
    if client.block:
        parts.append(f"бл. {client.block}")
    parts += [client.district, city]
    return ", ".join(p for p in parts if p)


def cache_key(query: str) -> str:
    normal = " ".join(query.lower().replace("„", "").replace("“", "").split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:24]


def _nominatim(country: str) -> Lookup:
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    # geopy logs every retry with a traceback; the user gets one sentence from us instead.
    logging.getLogger("geopy").setLevel(logging.CRITICAL)
    geocoder = Nominatim(user_agent="mealplan (social-patronage delivery planner)", timeout=10)
    # swallow_exceptions=False: a network failure must not come back as "not found" and be cached.
    rate_limited = RateLimiter(
        geocoder.geocode, min_delay_seconds=1.0, max_retries=2, error_wait_seconds=2.0, swallow_exceptions=False
    )

    def lookup(query: str) -> tuple[float, float] | None:
        location = rate_limited(query, country_codes=country.lower())
        return (location.latitude, location.longitude) if location else None

    return lookup


def fill_coordinates(dataset: Dataset, geocoder: str, data_dir: Path, lookup: Lookup | None = None) -> Dataset:
    """Dataset with coordinates filled in where the geocoder (or the cache) knows the address."""
    if geocoder not in GEOCODERS and lookup is None:
        raise ValueError(f"unknown geocoder {geocoder!r}; known: {', '.join(GEOCODERS)}")
    cache_path = data_dir / CACHE_FILE
    cache: dict[str, tuple[str, str]] = {}
    if cache_path.exists():
        with cache_path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                cache[row["key"]] = (row["lat"], row["lon"])
    settings = dataset.settings
    lookup = lookup or _nominatim(settings.country)
    clients = []
    problems = list(dataset.problems)
    added = False
    for client in dataset.clients:
        if client.has_coordinates:
            clients.append(client)
            continue
        query = address_query(client, settings.city)
        key = cache_key(query)
        if key not in cache:
            try:
                found = lookup(query)
            except (GeopyError, OSError) as error:
                if added:
                    _save_cache(cache_path, cache)
                raise GeocoderError("geocoder_unreachable", geocoder=geocoder, detail=type(error).__name__) from error
            cache[key] = (f"{found[0]:.6f}", f"{found[1]:.6f}") if found else ("", "")
            added = True
        lat_text, lon_text = cache[key]
        if lat_text and in_bbox(float(lat_text), float(lon_text), dataset.area):
            clients.append(client.model_copy(update={"lat": float(lat_text), "lon": float(lon_text)}))
        else:
            problems.append(
                Problem(
                    file=dataset.register_file,
                    row=client.row,
                    column="address",
                    value=client.address,
                    code="not_geocoded",
                    expected="geocodable",
                    severity=Severity.WARNING,
                )
            )
            clients.append(client)
    if added:
        _save_cache(cache_path, cache)
    return dataset.model_copy(update={"clients": tuple(clients), "problems": tuple(problems)})


def _save_cache(cache_path: Path, cache: dict[str, tuple[str, str]]) -> None:
    """Answers so far, so a run that stops halfway does not ask the same addresses again."""
    with replacing(cache_path) as staging, staging.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "lat", "lon"])
        writer.writerows([k, *v] for k, v in sorted(cache.items()))
