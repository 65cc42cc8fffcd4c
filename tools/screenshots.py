"""Regenerate the screenshots in docs/screenshots/ that the README shows.

    python -m pip install . && apt-get install -y chromium poppler-utils   # once
    python tools/screenshots.py                                           # plans the sample, shoots

Plans the bundled Sofia sample for a fixed Wednesday into a temporary folder, then takes with
headless Chromium (offline: map tiles cannot load, so the notice on the map says so): the
index, a route sheet printed to A4 (its first and a continuation page, via pdftoppm), a
kitchen's map and the overview map; then plans the sample's week of home visits and takes a
worker's day sheet printed to A4, the same day's phone page and the week's page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
DATE = "2026-11-25"
WEEK = "2026-W51"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=8000",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    raise SystemExit("Chromium is needed: apt-get install chromium")


def shoot(browser: str, page: Path, target: Path, size: str, profile: Path) -> None:
    subprocess.run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={size}",
            f"--screenshot={target}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
    )


def main() -> None:
    browser = chromium()
    if not shutil.which("pdftoppm"):
        raise SystemExit("pdftoppm is needed: apt-get install poppler-utils")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run(
            [sys.executable, "-m", "mealplan", "plan", "--data", str(ROOT / "data" / "sofia"), "--out", str(out),
             "--date", DATE, "--time-limit", "20"],
            check=True,
        )  # fmt: skip
        night = out / DATE
        profile = Path(tmp) / "profile"
        shoot(browser, night / "index.html", SHOTS / "index.png", "1300,1900", profile)
        shoot(browser, night / "maps" / "K1.html", SHOTS / "map_kitchen.png", "1300,900", profile)
        shoot(browser, night / "maps" / "overview.html", SHOTS / "map_overview.png", "1300,900", profile)
        printed = Path(tmp) / "V01.pdf"
        subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={printed}",
             (night / "routes" / "V01.html").as_uri()],
            check=True,
            capture_output=True,
        )  # fmt: skip
        for page, name in ((1, "route_sheet_first_page"), (2, "route_sheet_continuation")):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(printed),
                 str(SHOTS / name)],
                check=True,
            )  # fmt: skip
        visits = out / "visits" / WEEK
        subprocess.run(
            [sys.executable, "-m", "mealplan", "visits", "plan", "--data", str(ROOT / "data" / "sofia"), "--out",
             str(out), "--week", WEEK, "--no-history"],
            check=True,
        )  # fmt: skip
        sheet = sorted((visits / "sheets" / "S1").glob("*.html"))[0]
        printed = Path(tmp) / "visits.pdf"
        subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={printed}",
             sheet.as_uri()],
            check=True,
            capture_output=True,
        )  # fmt: skip
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(printed),
             str(SHOTS / "visit_day_sheet")],
            check=True,
        )  # fmt: skip
        phone = sorted((visits / "phone").glob(f"{sheet.stem}_*.html"))[0]
        shoot(browser, phone, SHOTS / "visit_phone.png", "400,860", profile)
        shoot(browser, visits / "index.html", SHOTS / "visits_index.png", "1300,1100", profile)
    for shot in sorted(SHOTS.glob("*.png")):
        print(shot.relative_to(ROOT), shot.stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    main()
