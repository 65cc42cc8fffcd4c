"""Habits of a kept project, pinned: one version, the licence the package claims, and a history
schema whose migrations and table definitions say the same."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_has_one_source_pyproject_as_the_installed_metadata_says():
    import mealplan

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert mealplan.__version__ == version("mealplan") == declared


def test_the_licence_file_is_the_one_the_package_claims():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]["text"]
    assert declared == "MIT" and (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_changelog_has_a_section_for_what_is_not_released_yet():
    assert "## Unreleased" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_migrations_build_exactly_the_tables_the_code_defines(tmp_path):
    """A new column in history.py without a migration (or the reverse) is found here, not in an
    office whose history was made by the migrations."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from mealplan.io.store.history import History, metadata

    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    History(url).close()  # migrated to the newest schema on opening
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert differences == []


def test_every_settings_bound_is_written_once_and_finite():
    """settings.csv is checked against the Settings model's own bounds (scenario files too), so
    the two can never disagree; and every number a service sets has a finite range."""
    import math

    from mealplan.io.readers.dataset import INTEGER_SETTINGS, NUMERIC_SETTINGS, TIME_SETTINGS
    from mealplan.models import Settings

    numbers = {n for n, f in Settings.model_fields.items() if f.annotation in (int, float)}
    read = set(NUMERIC_SETTINGS) | set(INTEGER_SETTINGS) | set(TIME_SETTINGS)
    assert numbers == read - {k for k in NUMERIC_SETTINGS if "area_l" in k}
    for name, (low, high, _) in NUMERIC_SETTINGS.items():
        assert math.isfinite(low) and math.isfinite(high), name
    for name, (low, high) in INTEGER_SETTINGS.items():
        assert low <= high, name
    # The model refuses what the reader refuses: a speed of 131 km/h.
    import pydantic
    import pytest

    with pytest.raises(pydantic.ValidationError):
        Settings(speed_kmh=131)
