"""Road travel times from an OpenStreetMap extract, on this machine, with OSRM.

OSRM (``osrm-bindings``, BSD-2) was chosen by measurement (docs/benchmarks.md, "Roads"): it
builds a city in seconds and answers a 2,000 x 2,000 table in about a second in process, where
Valhalla's wheel was 100x slower on matrices and graph searches of our own took 14-70 s. Its
wheels exist for Python 3.12+ only; on 3.11 the plan runs on straight lines and ``--roads``
stops with a sentence saying so.

Vans stop on the door's side of the street and drive on (``curb``, the default): every door is
reached with OSRM's ``curb`` approach and left in the heading the van arrived in (a bearing on
the snapped street), so a table's leg is the leg a continuous drive through the stops takes;
without it a table lets the van turn round for free at every door and the trips, driven, came
out 11 % longer on Malta (docs/benchmarks.md, "A drive the van can keep"). Which side is the
curb is the map's own driving side (OSRM's index by country), or forced by ``driving_side``.

The graph is prepared once per extract, engine version and driving side (``osrm extract``
with the car profile, then ``osrm contract``) into a cache folder, atomically: a killed
preparation leaves no half-built graph that a later run would trust. Matrices are asked for in blocks of sources and
kept as float32, so 5,000 points never hold 25 million Python floats at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from mealplan.errors import InputError, OutputError
from mealplan.io.safe import refuse_link

ENGINE = "osrm"
# Rows of a table asked for at once: 500 x 5,000 answers stay well under 100 MB as Python objects.
BLOCK_SOURCES = 500
HASH_CHUNK_BYTES = 1 << 20
SNAP_CHUNK = 5000
# Degrees either side of a door's heading: the heading is read off the snapped street itself,
# so this only has to absorb the street's curve over the last few metres.
HEADING_TOLERANCE_DEG = 20
DRIVING_SIDES = ("auto", "right", "left")


def engine_version() -> str | None:
    """The installed OSRM bindings' version, or None when they are not installed."""
    try:
        return importlib.metadata.version("osrm-bindings")
    except importlib.metadata.PackageNotFoundError:
        return None


def _require_engine() -> str:
    version = engine_version()
    if version is None:
        python = f"{sys.version_info.major}.{sys.version_info.minor}"
        raise InputError("roads_engine_missing", python=python)
    return version


PROFILES = ("car", "foot")
FOOT_KMH = 5.0  # the walking speed of OSRM's foot profile (foot.lua)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks (country extracts are hundreds of MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def prepare_roads(
    extract: Path,
    cache_dir: Path,
    progress: Callable[[str], None] = lambda step: None,
    driving_side: str = "auto",
    profile: str = "car",
) -> Path:
    """The prepared graph of ``extract`` (an .osm.pbf), built into ``cache_dir`` unless already there.

    Returns the ``.osrm`` base path OSRM opens. The cache key is the extract's hash, the
    engine's version and the driving side: prepared files do not carry across OSRM versions, a
    re-downloaded extract under the same name must not reuse an old graph, and a graph built for
    one side of the road routes curbs on that side. ``auto`` leaves the side to the map. A
    folder without its ``ready`` mark (a preparation killed mid-way, a copy gone wrong) is
    rebuilt, and staging folders of killed preparations are removed; a cache folder that cannot
    be written is an environment error.
    """
    version = _require_engine()
    if not extract.is_file():
        raise InputError("roads_missing", file=str(extract))
    if driving_side not in DRIVING_SIDES:
        raise ValueError(f"driving_side must be one of {DRIVING_SIDES}, not {driving_side!r}")
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}, not {profile!r}")
    side = "" if driving_side == "auto" or profile != "car" else f"-{driving_side}"
    # The walkers' graph is a graph of its own; the vans' keeps the key it always had.
    kind = "" if profile == "car" else f"-{profile}"
    key = f"{file_sha256(extract)[:16]}-{ENGINE}-{version}{side}{kind}"
    prepared = cache_dir / key / "roads.osrm"
    if (prepared.parent / "ready").is_file() and not prepared.parent.is_symlink():
        return prepared
    try:
        with _cache_lock(cache_dir):
            # Holding the lock, no other preparation runs: every staging folder here is a leftover.
            for stale in cache_dir.glob(f".*-{ENGINE}-*"):
                _remove_tree(stale)
            if (prepared.parent / "ready").is_file() and not prepared.parent.is_symlink():
                return prepared  # another run finished it while we waited for the lock
            if os.path.lexists(prepared.parent):
                _remove_tree(prepared.parent)
            progress("roads_prepare")
            _build(extract, cache_dir, key, prepared, driving_side, profile)
    except OSError as error:
        raise OutputError("cache_unwritable", folder=str(cache_dir), detail=error.strerror or str(error)) from error
    return prepared


def _build(extract: Path, cache_dir: Path, key: str, prepared: Path, driving_side: str, profile: str) -> None:
    staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=cache_dir))
    try:
        shutil.copyfile(extract, staging / "roads.osm.pbf")
        if profile == "foot":
            script = Path(_osrm_package_dir()) / "share" / "profiles" / "foot.lua"
        else:
            script = _car_profile(staging, driving_side)
        _run_osrm(["extract", "-p", str(script), "roads.osm.pbf"], staging, extract)
        _run_osrm(["contract", "roads.osrm"], staging, extract)
        (staging / "roads.osm.pbf").unlink()
        (staging / "ready").write_text(f"{extract.name}\n", encoding="utf-8")
        staging.rename(prepared.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _car_profile(staging: Path, driving_side: str) -> Path:
    """OSRM's car profile, or a wrapper of it that states the driving side for every road."""
    profiles = Path(_osrm_package_dir()) / "share" / "profiles"
    if driving_side == "auto":
        return profiles / "car.lua"
    wrapper = staging / "car-side.lua"
    left = "true" if driving_side == "left" else "false"
    wrapper.write_text(
        f"package.path = {str(profiles) + '/?.lua;'!r} .. package.path\n"
        f"local car = dofile({str(profiles / 'car.lua')!r})\n"
        "local setup = car.setup\n"
        "car.setup = function()\n"
        "  local profile = setup()\n"
        f"  profile.properties.left_hand_driving = {left}\n"
        "  return profile\n"
        "end\n"
        "return car\n",
        encoding="utf-8",
    )
    return wrapper


@contextlib.contextmanager
def _cache_lock(cache_dir: Path) -> Iterator[None]:
    """One preparation at a time per cache (an ``flock``, released however the run ends)."""
    refuse_link(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    refuse_link(cache_dir)
    descriptor = os.open(cache_dir / ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path)


def _osrm_package_dir() -> str:
    import osrm

    return os.path.dirname(osrm.__file__)


def _run_osrm(args: list[str], cwd: Path, extract: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "osrm", *args], cwd=cwd, capture_output=True, text=True, errors="replace", check=False
    )
    if done.returncode != 0:
        last = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()][-3:]
        raise InputError("roads_unreadable", file=str(extract), detail=" / ".join(last) or f"exit {done.returncode}")


class OsrmRoads:
    """A prepared road graph opened in this process: tables, snapping and street geometry.

    Points are (lat, lon) arrays in and out, as everywhere in mealplan; OSRM's (lon, lat) order
    stays inside this class. ``doors`` marks the points a van serves at the curb (arrives with
    the door on its side, leaves ahead); the others (kitchens' yards) are entered and left any way.
    """

    def __init__(self, prepared: Path, curb: bool = True) -> None:
        import osrm

        self._osrm = osrm
        self._engine = osrm.OSRM(storage_config=str(prepared), algorithm="CH", use_shared_memory=False)
        self.curb = curb
        # One heading per door and kitchen for the whole run, whichever call asked first: a door
        # at a street corner is reached along one street from one kitchen and along the other
        # from another (6 % of Malta's doors), and the table, the map's path and a re-plan must
        # all have a van from that kitchen pull up the same way.
        self._headings: dict[tuple[tuple[float, float], tuple[float, float]], int | None] = {}

    def _approach(
        self, coordinates: list[tuple[float, float]], doors: np.ndarray | None
    ) -> tuple[list[str | None], list[tuple[int, int] | None]]:
        """OSRM's approaches and bearings for ``coordinates`` (lon, lat): curb and heading at doors."""
        if not self.curb or doors is None or not doors.any():
            return [], []
        yards = [c for c, door in zip(coordinates, doors, strict=True) if not door]
        origin = yards[0] if yards else coordinates[0]
        approaches: list[str | None] = []
        bearings: list[tuple[int, int] | None] = []
        for coordinate, door in zip(coordinates, doors, strict=True):
            if not door:
                approaches.append(None)
                bearings.append(None)
                continue
            key = (origin, coordinate)
            if key not in self._headings:
                self._headings[key] = self._arrival_heading(origin, coordinate)
            heading = self._headings[key]
            approaches.append("curb")
            bearings.append(None if heading is None else (heading, HEADING_TOLERANCE_DEG))
        return approaches, bearings

    def _arrival_heading(self, origin: tuple[float, float], door: tuple[float, float]) -> int | None:
        """The compass heading of a van pulling up at ``door``'s curb: its street's direction there.

        None when no road leads there from ``origin`` (the table then says so with NaN).
        """
        if origin == door:
            return None
        try:
            answer = self._engine.Route(
                self._osrm.RouteParameters(
                    coordinates=[origin, door],
                    approaches=[None, "curb"],
                    geometries="geojson",
                    overview="full",
                    generate_hints=False,
                )
            )
        except RuntimeError:  # NoRoute
            return None
        # Only the line's last points matter: copying a long route to Python was a quarter of the
        # call. The bindings' arrays take no negative index, hence the count from the front.
        line = answer["routes"][0]["geometry"]["coordinates"]
        last = len(line) - 1
        end = (float(line[last][0]), float(line[last][1]))
        for i in range(last - 1, -1, -1):
            start = (float(line[i][0]), float(line[i][1]))
            if start != end:
                return compass_heading(start, end)
        return None

    def table(
        self,
        lats: np.ndarray,
        lons: np.ndarray,
        sources: np.ndarray,
        destinations: np.ndarray,
        doors: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Road metres and seconds from each source to each destination (indices into the points).

        float32, NaN where no road leads from one to the other.
        """
        coordinates = [(float(lon), float(lat)) for lat, lon in zip(lats, lons, strict=True)]
        n_sources, n_destinations = len(sources), len(destinations)
        distance_m = np.empty((n_sources, n_destinations), dtype=np.float32)
        travel_s = np.empty((n_sources, n_destinations), dtype=np.float32)
        if len(coordinates) < 2:  # OSRM wants two points; one point is nowhere from itself
            distance_m.fill(0.0)
            travel_s.fill(0.0)
            return distance_m, travel_s
        approaches, bearings = self._approach(coordinates, doors)
        targets = [int(j) for j in destinations]
        for first in range(0, n_sources, BLOCK_SOURCES):
            block = [int(i) for i in sources[first : first + BLOCK_SOURCES]]
            # Only this block's points and the destinations go to OSRM: each call snaps every
            # point it is given, and 20,000 doors x 40 blocks took half a minute.
            picked = block + targets
            answer = self._engine.Table(
                self._osrm.TableParameters(
                    coordinates=[coordinates[i] for i in picked],
                    sources=list(range(len(block))),
                    destinations=list(range(len(block), len(picked))),
                    annotations=["duration", "distance"],
                    approaches=[approaches[i] for i in picked] if approaches else [],
                    bearings=[bearings[i] for i in picked] if bearings else [],
                    generate_hints=False,
                )
            )
            rows = slice(first, first + len(block))
            # None (no route) becomes NaN in a float array.
            travel_s[rows] = np.array(answer["durations"], dtype=np.float32).reshape(len(block), n_destinations)
            distance_m[rows] = np.array(answer["distances"], dtype=np.float32).reshape(len(block), n_destinations)
        return distance_m, travel_s

    def snap_m(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Metres from each point to the nearest road a van may drive on.

        Read from a one-row table's waypoints, a few thousand points per call: one Nearest
        query per point took 35 s for 20,000 doors, the tables take about a second.
        """
        distances = np.empty(len(lats), dtype=np.float64)
        for first in range(0, len(lats), SNAP_CHUNK):
            chunk = slice(first, first + SNAP_CHUNK)
            coordinates = [(float(lon), float(lat)) for lat, lon in zip(lats[chunk], lons[chunk], strict=True)]
            single = len(coordinates) == 1
            if single:  # a table needs two points: the one, twice
                coordinates *= 2
            answer = self._engine.Table(
                self._osrm.TableParameters(
                    coordinates=coordinates,
                    sources=[0],
                    destinations=list(range(len(coordinates))),
                    annotations=["duration"],
                    generate_hints=False,
                )
            )
            snapped = [float(w["distance"]) for w in answer["destinations"]]
            distances[chunk] = snapped[:1] if single else snapped
        return distances

    def path(
        self, lats: np.ndarray, lons: np.ndarray, doors: np.ndarray | None = None
    ) -> tuple[list[tuple[float, float]], float, list[float]]:
        """One continuous drive through the points in order: the streets as (lat, lon), their
        metres, and the engine's seconds of each leg.

        Curbs and headings at the doors as the tables have them and no turning round at a stop
        (OSRM's continue_straight; with ``curb`` off, turning round as the tables allow), so
        this is the drive a van makes: the timetable, the sheet's
        km and the map all come from it. A leg with no way ahead from a door (the matrices then
        go through the first point, the kitchen) is driven so.
        """
        coordinates = [(float(lon), float(lat)) for lat, lon in zip(lats, lons, strict=True)]
        approaches, bearings = self._approach(coordinates, doors)
        try:
            return self._route(coordinates, approaches, bearings)
        except RuntimeError:  # NoRoute somewhere along: leg by leg, as the matrices have it
            pass
        line: list[tuple[float, float]] = []
        metres = 0.0
        legs_s: list[float] = []
        for a in range(len(coordinates) - 1):
            b = a + 1
            try:
                leg, leg_m, leg_s = self._route(
                    [coordinates[a], coordinates[b]], approaches[a : b + 1], bearings[a : b + 1]
                )
            except RuntimeError:
                via = [a, 0, b]
                leg, leg_m, leg_s = self._route(
                    [coordinates[i] for i in via],
                    [approaches[i] for i in via] if approaches else [],
                    [bearings[i] for i in via] if bearings else [],
                )
            line.extend(leg if not line else leg[1:])
            metres += leg_m
            legs_s.append(sum(leg_s))
        return line, metres, legs_s

    def _route(
        self,
        coordinates: list[tuple[float, float]],
        approaches: list[str | None],
        bearings: list[tuple[int, int] | None],
    ) -> tuple[list[tuple[float, float]], float, list[float]]:
        answer = self._engine.Route(
            self._osrm.RouteParameters(
                coordinates=coordinates,
                geometries="geojson",
                overview="full",
                # Without curbs the tables let a van turn round at a door; so does its drive.
                continue_straight=self.curb,
                approaches=approaches,
                bearings=bearings,
                generate_hints=False,
            )
        )
        route = answer["routes"][0]
        line = [(float(point[1]), float(point[0])) for point in route["geometry"]["coordinates"]]
        return line, float(route["distance"]), [float(leg["duration"]) for leg in route["legs"]]


def compass_heading(start: tuple[float, float], end: tuple[float, float]) -> int:
    """Whole degrees clockwise from north of the short (lon, lat) segment ``start`` -> ``end``."""
    east = math.radians(end[0] - start[0]) * math.cos(math.radians(end[1]))
    north = math.radians(end[1] - start[1])
    return round(math.degrees(math.atan2(east, north))) % 360


def open_roads(
    extract: Path,
    cache_dir: Path,
    progress: Callable[[str], None] = lambda step: None,
    curb: bool = True,
    driving_side: str = "auto",
    profile: str = "car",
) -> OsrmRoads:
    """Prepare ``extract`` if it is not cached yet, and open it: ``car`` for vans (and the
    workers who drive), ``foot`` for the social workers who walk (OSRM's own profiles)."""
    return OsrmRoads(prepare_roads(extract, cache_dir, progress, driving_side, profile), curb=curb)
