"""Shared fixtures. Each names the instance it builds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mealplan.io.readers.dataset import read_dataset
from mealplan.io.writers.sample_data import write_sample
from mealplan.sample import generate_sofia

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sofia"
WEDNESDAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The bundled full Sofia sample (2,000 clients, 5 kitchens)."""
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def sample_dataset(sample_dir):
    """The bundled sample, read once."""
    return read_dataset(sample_dir)


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory) -> Path:
    """A 150-client slice of Sofia made by the same generator, with kitchens and fleet scaled down."""
    folder = tmp_path_factory.mktemp("small")
    write_sample(generate_sofia(seed=7, n_clients=150), folder)
    return folder


@pytest.fixture(scope="session")
def small_dataset(small_dir):
    return read_dataset(small_dir)


# The suite's dates are fixed (a Wednesday in November 2026); "today" is pinned near them so the
# far-date guard and the next working day mean the same in every year the suite is run.
SUITE_TODAY = "2026-11-24"


@pytest.fixture(scope="session", autouse=True)
def _session_environment(tmp_path_factory):
    """The same for plans made by session- and module-scoped fixtures, before any test runs."""
    patch = pytest.MonkeyPatch()
    patch.setenv("MEALPLAN_DB", f"sqlite:///{tmp_path_factory.mktemp('session-history') / 'history.sqlite'}")
    patch.setenv("MEALPLAN_TODAY", SUITE_TODAY)
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _history_in_tmp(tmp_path_factory, monkeypatch):
    """Every test's plans record into a history of their own, never into a data folder of the repo."""
    monkeypatch.setenv("MEALPLAN_DB", f"sqlite:///{tmp_path_factory.mktemp('history') / 'history.sqlite'}")
    monkeypatch.setenv("MEALPLAN_TODAY", SUITE_TODAY)
