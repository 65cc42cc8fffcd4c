"""A small data folder with visits: the 150-client sample slice, its offices placed on the map,
three workers per office and a care plan, written as an office would write the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers import copy_data, read_rows, write_rows

WEEK = "2026-W51"  # Mon 14 Dec 2026 - Sun 20 Dec 2026
MONDAY = dt.date(2026, 12, 14)
STAFF_HEADER = "worker_id,name,office_id,skills,contract_hours,travel_mode"
CARE_HEADER = "line_id,client_id,service,days,times_per_week,min_gap_days,window_start,window_end,refused_workers"


def write(path: Path, header: str, lines: list[str]) -> None:
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")


VISIT_FILES = ("staff.csv", "staff_absences.csv", "care_plan.csv", "appointments.csv", "services.csv")


def meals_only(small_dir: Path, target: Path) -> Path:
    """The sample slice without its visits' files: a folder from before home visits."""
    data = copy_data(small_dir, target)
    for name in VISIT_FILES:
        (data / name).unlink(missing_ok=True)
    return data


def visits_folder(small_dir: Path, target: Path) -> Path:
    """The sample slice with this file's own staff and care plan (the generated ones removed)."""
    data = meals_only(small_dir, target)
    offices = read_rows(data / "offices.csv")
    clients = read_rows(data / "clients.csv")
    for office in offices:  # each office amid its clients, as a district office is
        mine = [c for c in clients if c["office_id"] == office["office_id"] and c["lat"]]
        office["lat"] = f"{sum(float(c['lat']) for c in mine) / max(1, len(mine)):.5f}" if mine else "42.69"
        office["lon"] = f"{sum(float(c['lon']) for c in mine) / max(1, len(mine)):.5f}" if mine else "23.32"
    write_rows(data / "offices.csv", offices)
    by_office: dict[str, list[str]] = {}
    for client in read_rows(data / "clients.csv"):
        if client["status"] == "active" and client["lat"]:
            by_office.setdefault(client["office_id"], []).append(client["client_id"])
    staff, care = [], []
    for office, ids in sorted(by_office.items()):
        staff += [
            f"{office}-W1,Мария Петрова,{office},home care errands,40,foot",
            f"{office}-W2,Иван Колев,{office},care escort errands,40,transit",
            f"{office}-W3,Петя Димова,{office},home care,20,foot",
        ]
        for k, client_id in enumerate(ids[:6]):
            care.append(f"{office}-C{k},{client_id},cleaning,,1,,08:00,15:00,")
            care.append(f"{office}-S{k},{client_id},shopping,пн чт,,,09:00,12:00,")
        care.append(f"{office}-B,{ids[0]},bathing,ср,,,09:00,14:00,")
        care.append(f"{office}-H,{ids[1]},hygiene,,2,2,08:00,12:00,")
    write(data / "staff.csv", STAFF_HEADER, staff)
    write(data / "care_plan.csv", CARE_HEADER, care)
    return data


def first_client(data: Path, office: str = "S1", k: int = 0) -> dict[str, str]:
    rows = [r for r in read_rows(data / "clients.csv") if r["office_id"] == office and r["status"] == "active"]
    return [r for r in rows if r["lat"]][k]
