"""The files of ``mealplan geocode``: a review of every answer, and the coordinator's corrections.

``geocode_review.csv`` is rewritten on each run: one row per client looked up, with the
quality of the answer. ``geocode_corrections.csv`` belongs to the coordinator: rows are only
ever added to it (for answers that need a person: street-level or not found), with empty
coordinates and the map's suggestion in the note. The plan applies a row once it has lat and
lon and the register still has that address. The register itself is never written.
"""

from __future__ import annotations

from pathlib import Path

from mealplan.addresses import Quality
from mealplan.i18n import tr
from mealplan.io.readers.dataset import CORRECTION_COLUMNS, CORRECTIONS_STEM, id_key
from mealplan.io.safe import replacing
from mealplan.io.tabular import read_table, write_csv
from mealplan.models import GeocodeResult

REVIEW_FILE = "geocode_review.csv"
REVIEW_COLUMNS = (
    "row",
    "client_id",
    "address",
    "block",
    "entrance",
    "quality",
    "quality_text",
    "matched",
    "lat",
    "lon",
    "moved_m",
)
NEEDS_A_PERSON = (Quality.STREET, Quality.NOT_FOUND)


def write_review(results: list[GeocodeResult], data_dir: Path, lang: str) -> Path:
    """``geocode_review.csv`` in the data folder, written whole or not at all."""
    path = data_dir / REVIEW_FILE
    with replacing(path) as staging:
        _write_review(staging, results, lang)
    return path


def _write_review(staging: Path, results: list[GeocodeResult], lang: str) -> None:
    write_csv(
        staging,
        REVIEW_COLUMNS,
        (
            [
                r.row,
                r.client_id,
                r.address,
                r.block,
                r.entrance,
                str(r.quality),
                tr(f"quality.{r.quality}", lang),
                r.matched,
                "" if r.lat is None else f"{r.lat:.6f}",
                "" if r.lon is None else f"{r.lon:.6f}",
                "" if r.moved_m is None else f"{r.moved_m:.0f}",
            ]
            for r in results
        ),
    )


def add_corrections(results: list[GeocodeResult], data_dir: Path, lang: str) -> tuple[Path | None, int]:
    """Append a row for each answer a person must confirm and the file does not have yet.

    Returns the file and how many rows were added. A corrections file kept as a spreadsheet
    (.xlsx) is the coordinator's own format: it is left alone (None, 0) and the review lists the
    addresses instead.
    """
    existing = sorted(p for p in data_dir.iterdir() if p.stem.lower() == CORRECTIONS_STEM)
    path = data_dir / f"{CORRECTIONS_STEM}.csv"
    columns: tuple[str, ...] = CORRECTION_COLUMNS
    rows: list[list[str]] = []
    if existing:
        if existing[0].suffix.lower() != ".csv":
            return None, 0
        path = existing[0]
        table = read_table(path)
        # Columns the coordinator added (who checked, when) are kept, after ours.
        columns += tuple(c for c in table.columns if c not in CORRECTION_COLUMNS and not c.startswith("__"))
        rows = [[row.get(c, "") for c in columns] for row in table.rows]
    known = {id_key(r[0]) for r in rows}
    added = 0
    for result in results:
        if result.quality not in NEEDS_A_PERSON or id_key(result.client_id) in known:
            continue
        if result.quality == Quality.STREET:
            note = tr("corrections.street", lang, matched=result.matched, lat=result.lat, lon=result.lon)
        else:
            note = tr("corrections.not_found", lang)
        rows.append([result.client_id, result.address, "", "", note] + [""] * (len(columns) - 5))
        added += 1
    if added or not existing:
        with replacing(path) as staging:
            write_csv(staging, columns, rows)
    return path, added
