"""settings.csv and calendar.csv as offices write them, and working Saturdays end to end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mealplan.io.readers.dataset import read_dataset
from mealplan.models import NotDueReason, Severity
from mealplan.planning.demand import daily_demand
from mealplan.planning.production import menu_for
from tests.helpers import copy_data, read_rows, write_rows

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "data"
SATURDAY = dt.date(2026, 11, 28)
FRIDAY = dt.date(2026, 11, 27)


def test_settings_in_bulgarian_excel_dialect_are_read_with_decimal_commas(tmp_path):
    """'ключ;стойност' with ';' and decimal commas in cp1251: 18,5 km/h is 18.5; an unknown key is a warning."""
    data = copy_data(GOLDEN, tmp_path / "data")
    (data / "settings.csv").write_bytes(
        "key;value\r\nspeed_kmh;18,5\r\ncircuity;1,4\r\nspare_pct;5\r\nmenu_cycle_weeks;1\r\nлюбим_цвят;син\r\n".encode(
            "cp1251"
        )
    )
    dataset = read_dataset(data)
    assert (dataset.settings.speed_kmh, dataset.settings.circuity, dataset.settings.spare_pct) == (18.5, 1.4, 5.0)
    assert dataset.settings.service_base_min == 2.0  # a key left out keeps its default
    unknown = [p for p in dataset.problems if p.file == "settings.csv"]
    assert [(p.row, p.value, p.code, p.severity) for p in unknown] == [
        (6, "любим_цвят", "unknown_setting", Severity.WARNING)
    ]


def test_calendar_days_off_and_working_days_in_either_language_and_date_format(tmp_path):
    """'почивен' on 02.12.2026 and 'working' on 2026-11-28 land in the settings."""
    data = copy_data(GOLDEN, tmp_path / "data")
    (data / "calendar.csv").write_text(
        "date,kind,note\n02.12.2026,почивен,ремонт\n2026-11-28,working,отработване\n", encoding="utf-8"
    )
    settings = read_dataset(data).settings
    assert settings.extra_days_off == (dt.date(2026, 12, 2),)
    assert settings.extra_working_days == (SATURDAY,)


def test_a_working_saturday_serves_friday_clients_with_fridays_menu(tmp_path):
    """A Saturday declared working: clients delivered on Fridays are due, others are not; Friday's dishes."""
    data = copy_data(GOLDEN, tmp_path / "data")
    (data / "calendar.csv").write_text(f"date,kind\n{SATURDAY.isoformat()},работен\n", encoding="utf-8")
    clients = read_rows(data / "clients.csv")
    clients[0]["delivery_days"] = "пн,вт"  # G001: no Friday
    write_rows(data / "clients.csv", clients)
    menu = read_rows(data / "menu.csv")
    for row in menu:
        if row["day"] == "пт" and row["diet"] == "general":
            row["main"] = "M01D"  # Friday differs from the Saturday row, which stays M01
    write_rows(data / "menu.csv", menu)
    dataset = read_dataset(data)

    demand = daily_demand(dataset, SATURDAY)
    due = {o.client_id for o in demand.orders}
    assert "G001" not in due and {"G002", "G003", "G004"} <= due
    assert next(n for n in demand.not_due if n.client_id == "G001").reason is NotDueReason.NOT_DELIVERY_DAY
    assert menu_for(dataset, SATURDAY) == menu_for(dataset, FRIDAY)
    assert "M01D" in menu_for(dataset, SATURDAY)["general"]


def test_an_ordinary_saturday_is_nobodys_delivery_day():
    """Without a calendar line, Saturday is off for everyone, with 'weekend' as the reason."""
    dataset = read_dataset(GOLDEN)
    demand = daily_demand(dataset, SATURDAY)
    assert demand.orders == ()
    assert {n.args.get("day") for n in demand.not_due} == {"weekend"}
