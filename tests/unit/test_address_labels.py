"""The door's address as the driver reads it, labelled in the reader's language."""

from __future__ import annotations

import datetime as dt

from mealplan.io.wording import NBSP, full_address
from mealplan.models import Client


def client(floor: int | None = 2) -> Client:
    return Client(
        client_id="C1", row=2, name="Мария", address="ж.к. Люлин 5", block="512", entrance="B", floor=floor,
        apartment="19", diet_id="general", portions=1, delivery_weekdays=frozenset({0}), window_start_min=600,
        window_end_min=840, start_date=dt.date(2026, 1, 1),
    )  # fmt: skip


def test_bulgarian_labels_are_bound_to_their_numbers():
    assert full_address(client(), "bg") == f"ж.к. Люлин 5, бл.{NBSP}512, вх.{NBSP}B, ет.{NBSP}2, ап.{NBSP}19"


def test_english_sheets_label_block_entrance_floor_and_flat_in_english():
    """The register's own text stays as written; the labels mealplan adds are the reader's."""
    english = full_address(client(), "en")
    assert english == f"ж.к. Люлин 5, block{NBSP}512, entr.{NBSP}B, floor{NBSP}2, flat{NBSP}19"
    assert not any(label in english for label in ("бл.", "вх.", "ет.", "ап."))
    assert full_address(client(floor=0), "en").endswith(f"ground floor, flat{NBSP}19")
