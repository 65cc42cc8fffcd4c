"""Headless Chromium for tests that look at pages as a person would.

Chromium comes from Debian's packages (`.ci/run` installs it). Every page is opened with all
traffic sent to a dead proxy, so a page that needs the internet shows it by not rendering.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--proxy-server=127.0.0.1:9",
    "--virtual-time-budget=8000",
]

PROBE = """<script>
window.addEventListener("load", function () {
  setTimeout(function () {
    var names = performance.getEntriesByType("resource").map(function (e) { return e.name; });
    document.documentElement.setAttribute("data-resources", JSON.stringify(names));
  }, 500);
});
</script>"""


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path to Chromium; in CI its absence is a failure, elsewhere the browser tests are skipped."""
    path = find_chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs it with apt-get")
        pytest.skip("Chromium is not installed (bash .ci/run installs it)")
    return path


class Page:
    def __init__(self, dom: str) -> None:
        self.dom = dom
        match = re.search(r'data-resources="([^"]*)"', dom)
        self.resources: list[str] = json.loads(match.group(1).replace("&quot;", '"')) if match else []

    def count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.dom))


@pytest.fixture(scope="session")
def open_page(chromium, tmp_path_factory):
    """Open an HTML file headless; returns its DOM after scripts ran, and saves a screenshot."""
    work = tmp_path_factory.mktemp("browser")
    shots = Path(os.environ.get("MEALPLAN_SCREENSHOTS", work / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)

    def _open(path: Path, shot_name: str | None = None, size: str = "1200,900") -> Page:
        probe_copy = path.with_name(f".probe-{path.name}")
        text = path.read_text(encoding="utf-8")
        probe_copy.write_text(
            text.replace("</body>", PROBE + "</body>", 1) if "</body>" in text else text + PROBE, encoding="utf-8"
        )
        profile = tmp_path_factory.mktemp("profile")
        dom = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", probe_copy.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        if shot_name:
            subprocess.run(
                [
                    chromium,
                    *FLAGS,
                    f"--user-data-dir={profile}",
                    f"--window-size={size}",
                    f"--screenshot={shots / shot_name}",
                    path.as_uri(),
                ],
                capture_output=True,
                timeout=120,
            )
        probe_copy.unlink()
        return Page(dom)

    _open.screenshots = shots
    return _open
