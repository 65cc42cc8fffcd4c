"""The sample's home visits: staff, a care plan, appointments and leave for the Sofia sample.

Drawn from their own random stream (the seed + 24), so the meals' tables stay exactly as they
were. Assumptions, documented in data/sofia/README.md: about three clients in four have visits
(1-5 a week), one worker per ten such clients, four in five full time (40 h), each with two to
four skills so that every office covers every skill; most walk, some ride public transport.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from mealplan.sample_facts import FEMALE_FIRST, MALE_FIRST, SURNAMES

Table = tuple[list[str], list[list[str]]]

# (service code, share of care-plan lines, visits a week: fixed days or times with a gap)
CARE_MIX: tuple[tuple[str, float], ...] = (
    ("cleaning", 0.22),
    ("shopping", 0.22),
    ("hygiene", 0.16),
    ("medicines", 0.12),
    ("bills", 0.08),
    ("social_rehab", 0.07),
    ("psych", 0.05),
    ("medical_rehab", 0.05),
    ("bathing", 0.03),
)
# Every office covers these; the rarer skills go to a few workers each.
COMMON_SKILLS = ("home", "errands", "care")
RARE_SKILLS = ("escort", "rehab", "psych", "physio")
WEEKDAY_NAMES = ("пн", "вт", "ср", "чт", "пт")
FIRST_APPOINTMENT = dt.date(2026, 11, 30)  # appointments over the eight weeks from here
APPOINTMENT_WEEKS = 8
HORIZON = (FIRST_APPOINTMENT, FIRST_APPOINTMENT + dt.timedelta(weeks=APPOINTMENT_WEEKS))


def _worker_name(rng: random.Random) -> str:
    female = rng.random() < 0.85  # the patronage's social workers are mostly women
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    family = rng.choice(SURNAMES) + ("а" if female else "")
    return f"{first} {family}"


def visit_tables(seed: int, clients: Table) -> dict[str, Table]:
    """staff.csv, staff_absences.csv, care_plan.csv and appointments.csv for the register ``clients``."""
    rng = random.Random(seed + 24)
    columns, rows = clients
    at = {name: i for i, name in enumerate(columns)}
    by_office: dict[str, list[list[str]]] = {}
    for row in rows:
        # A care plan is for a client of the sample's weeks: active, begun, not yet ended.
        begun = row[at["start_date"]] <= HORIZON[1].isoformat()
        ended = bool(row[at["end_date"]]) and row[at["end_date"]] < HORIZON[0].isoformat()
        if row[at["status"]] == "active" and row[at["lat"]] and begun and not ended:
            by_office.setdefault(row[at["office_id"]], []).append(row)
    staff: list[list[str]] = []
    absences: list[list[str]] = []
    care: list[list[str]] = []
    appointments: list[list[str]] = []
    for office in sorted(by_office):
        visited = [r for r in by_office[office] if rng.random() < 0.75]
        workers = _workers(rng, office, max(3, round(len(visited) / 10)))
        staff += workers
        for worker in workers:
            if rng.random() < 0.08:  # a week of leave or sickness somewhere in December
                start = dt.date(2026, 12, 1) + dt.timedelta(days=rng.randint(0, 27))
                end = start + dt.timedelta(days=rng.randint(0, 6))
                reason = rng.choice(["платен отпуск", "болничен", "обучение"])
                absences.append([worker[0], start.isoformat(), end.isoformat(), reason])
        for row in visited:
            care += _care_lines(rng, row[at["client_id"]], [w[0] for w in workers])
            if rng.random() < 0.04:
                appointments.append(_appointment(rng, row[at["client_id"]]))
    return {
        "staff.csv": (
            [
                "worker_id",
                "name",
                "office_id",
                "skills",
                "contract_hours",
                "workdays",
                "shift_start",
                "shift_end",
                "travel_mode",
                "phone",
            ],
            staff,
        ),
        "staff_absences.csv": (["worker_id", "start_date", "end_date", "reason"], absences),
        "care_plan.csv": (
            [
                "line_id",
                "client_id",
                "service",
                "days",
                "times_per_week",
                "min_gap_days",
                "window_start",
                "window_end",
                "preferred_worker",
                "refused_workers",
                "priority",
                "follows",
                "gap_min",
                "gap_max",
                "note",
            ],
            care,
        ),
        "appointments.csv": (
            ["appointment_id", "client_id", "service", "date", "time", "duration_min", "note"],
            appointments,
        ),
    }


def _workers(rng: random.Random, office: str, count: int) -> list[list[str]]:
    workers = []
    for k in range(1, count + 1):
        # The first three of an office carry the common skills between them; everyone has one.
        skills = {COMMON_SKILLS[(k - 1) % len(COMMON_SKILLS)]}
        skills |= set(rng.sample(COMMON_SKILLS, rng.randint(1, 2)))
        if k <= len(RARE_SKILLS) or rng.random() < 0.3:
            skills.add(RARE_SKILLS[(k - 1) % len(RARE_SKILLS)] if k <= len(RARE_SKILLS) else rng.choice(RARE_SKILLS))
        full_time = rng.random() < 0.8
        mode = rng.choices(["foot", "transit", "car"], weights=[70, 25, 5])[0]
        workers.append(
            [
                f"{office}-W{k:02d}",
                _worker_name(rng),
                office,
                " ".join(sorted(skills)),
                "40" if full_time else "20",
                "пн-пт" if full_time else rng.choice(["пн-ср", "вт-чт", "ср-пт"]),
                "08:00",
                "16:30" if full_time else "15:30",
                mode,
                f"0889 {rng.randint(100, 999)} {rng.randint(100, 999)}",
            ]
        )
    return workers


def _care_lines(rng: random.Random, client_id: str, workers: Sequence[str]) -> list[list[str]]:
    """One to three services for a client, 1-5 visits a week between them."""
    services = [code for code, _ in CARE_MIX]
    weights = [share for _, share in CARE_MIX]
    chosen: list[str] = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        code = rng.choices(services, weights=weights)[0]
        if code not in chosen:
            chosen.append(code)
    lines = []
    budget = rng.choices([1, 2, 3, 4, 5], weights=[35, 30, 20, 10, 5])[0]
    for n, code in enumerate(chosen, 1):
        times = 1 if n < len(chosen) else max(1, budget - (len(chosen) - 1))
        times = min(times, 3)
        # Most clients are home all day; some want the morning, a few the afternoon.
        start, end = rng.choices(
            [("08:00", "15:30"), ("08:00", "12:00"), ("09:00", "13:00"), ("12:00", "15:30")], weights=[55, 20, 15, 10]
        )[0]
        fixed = code in ("shopping", "medicines") and rng.random() < 0.5
        days = " ".join(sorted(rng.sample(WEEKDAY_NAMES, times), key=WEEKDAY_NAMES.index)) if fixed else ""
        refused = rng.choice(workers) if rng.random() < 0.03 else ""
        lines.append(
            [
                f"{client_id}-{code}",
                client_id,
                code,
                days,
                "" if fixed else str(times),
                "" if fixed or times == 1 else "1",
                start,
                end,
                "",
                refused,
                "1" if code in ("hygiene", "bathing", "medicines") else "2",
                "",
                "",
                "",
                "",
            ]
        )
    return lines


def _appointment(rng: random.Random, client_id: str) -> list[str]:
    day = FIRST_APPOINTMENT + dt.timedelta(days=7 * rng.randrange(APPOINTMENT_WEEKS) + rng.randrange(5))
    code = rng.choice(["doctor", "doctor", "telk"])
    time = rng.choice(["08:30", "09:00", "09:30", "10:30", "13:30", "14:00"])
    note = "личен лекар" if code == "doctor" else "ТЕЛК, ет. 2"
    return [f"A-{client_id}-{day.isoformat()}", client_id, code, day.isoformat(), time, "", note]
