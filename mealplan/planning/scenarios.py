"""What-if scenarios applied: ``apply_changes`` turns the base dataset into the
scenario's dataset. Nothing here reads files or plans: the sweep does that.
"""

from __future__ import annotations

import random

from mealplan.models import Dataset, Kitchen, Van
from mealplan.scenario import Changes, NewKitchen, NewVans, Scenario
from mealplan.units import parse_hhmm


def variants(scenario: Scenario) -> list[tuple[str, Changes]]:
    """The plans a scenario asks for besides the base: itself, or one per candidate site."""
    if scenario.kind == "compare":
        return [(scenario.name, scenario.changes)]
    result = []
    for candidate in scenario.candidates:
        new_id = "K_" + "".join(c for c in candidate.name if c.isalnum())[:12]
        kitchen = NewKitchen(
            kitchen_id=new_id,
            name=candidate.name,
            lat=candidate.lat,
            lon=candidate.lon,
            capacity_portions=candidate.capacity_portions,
            diets=["*"],
        )
        vans = [NewVans(kitchen_id=new_id, count=candidate.vans, capacity_portions=60)] if candidate.vans else []
        changes = scenario.changes.model_copy(
            update={
                "add_kitchens": [*scenario.changes.add_kitchens, kitchen],
                "add_vans": [*scenario.changes.add_vans, *vans],
            }
        )
        result.append((f"{scenario.name}: {candidate.name}", changes))
    return result


def unknown_references(changes: Changes, dataset: Dataset) -> list[tuple[str, str]]:
    """The kitchens and vans ``changes`` names that ``dataset`` does not have, as (key path,
    value): checked when a scenario file is read, before any plan starts (settings are checked
    by the file's own model)."""
    kitchens = {k.kitchen_id for k in dataset.kitchens}
    vans = {v.van_id for v in dataset.vans}
    added = {k.kitchen_id for k in changes.add_kitchens}
    found = [(f"changes.close_kitchens.{n}", k) for n, k in enumerate(changes.close_kitchens) if k not in kitchens]
    found += [(f"changes.remove_vans.{n}", v) for n, v in enumerate(changes.remove_vans) if v not in vans]
    open_kitchens = (kitchens - set(changes.close_kitchens)) | added
    found += [
        (f"changes.add_vans.{n}.kitchen_id", g.kitchen_id)
        for n, g in enumerate(changes.add_vans)
        if g.kitchen_id not in open_kitchens
    ]
    return found


def apply_changes(dataset: Dataset, changes: Changes, seed: int = 0) -> Dataset:
    """The dataset as the scenario has it. A name the dataset does not have raises ``KeyError``:
    a bug by then, since ``unknown_references`` refused the file when it was read."""
    known_kitchens = {k.kitchen_id for k in dataset.kitchens}
    known_vans = {v.van_id for v in dataset.vans}
    for kitchen_id in changes.close_kitchens:
        if kitchen_id not in known_kitchens:
            raise KeyError(f"close_kitchens: {kitchen_id}")
    for van_id in changes.remove_vans:
        if van_id not in known_vans:
            raise KeyError(f"remove_vans: {van_id}")
    all_diets = frozenset(d.diet_id for d in dataset.diets)
    kitchens = [k for k in dataset.kitchens if k.kitchen_id not in changes.close_kitchens]
    for new in changes.add_kitchens:
        kitchens.append(
            Kitchen(
                kitchen_id=new.kitchen_id,
                name=new.name,
                lat=new.lat,
                lon=new.lon,
                capacity_portions=new.capacity_portions,
                diet_ids=all_diets if new.diets == ["*"] else frozenset(new.diets),
                ready_min=parse_hhmm(new.ready_time),
                reload_min=new.reload_min,
                portions_per_box=new.portions_per_box,
            )
        )
    open_kitchens = {k.kitchen_id for k in kitchens}
    vans = [v for v in dataset.vans if v.van_id not in changes.remove_vans and v.kitchen_id in open_kitchens]
    for group in changes.add_vans:
        if group.kitchen_id not in open_kitchens:
            raise KeyError(f"add_vans: {group.kitchen_id}")
        for k in range(group.count):
            vans.append(
                Van(
                    van_id=f"{group.kitchen_id}-N{k + 1:02d}",
                    kitchen_id=group.kitchen_id,
                    capacity_portions=group.capacity_portions,
                    shift_start_min=parse_hhmm(group.shift_start),
                    shift_end_min=parse_hhmm(group.shift_end),
                    max_hold_min=group.max_hold_min,
                    trips=group.trips,
                )
            )
    if changes.max_hold_min is not None:
        vans = [v.model_copy(update={"max_hold_min": changes.max_hold_min}) for v in vans]
    clients = list(dataset.clients)
    if changes.window is not None:
        start, end = parse_hhmm(changes.window.start), parse_hhmm(changes.window.end)
        clients = [c.model_copy(update={"window_start_min": start, "window_end_min": end}) for c in clients]
    register = list(dataset.register_rows)
    if changes.clients_scale != 1.0:
        clients, register = _scale_clients(clients, register, changes.clients_scale, seed)
    settings = dataset.settings
    if changes.settings:
        unknown = sorted(set(changes.settings) - set(type(settings).model_fields))
        if unknown:
            raise KeyError(f"settings: {', '.join(unknown)}")
        settings = type(settings)(**(settings.model_dump() | dict(changes.settings)))
    return dataset.model_copy(
        update={
            "kitchens": tuple(kitchens),
            "vans": tuple(vans),
            "clients": tuple(clients),
            "register_rows": tuple(register),
            "settings": settings,
        }
    )


def _scale_clients(clients, register, scale: float, seed: int):
    """More clients copied from real active rows (a new id and row, a door a few metres away), or fewer."""
    rng = random.Random(seed)
    target = round(len(clients) * scale)
    if target <= len(clients):
        kept = sorted(rng.sample(range(len(clients)), target))
        ids = {clients[i].client_id for i in kept}
        return [clients[i] for i in kept], [r for r in register if r.client_id in ids]
    donors = [c for c in clients if c.has_coordinates] or clients
    next_row = max((r.row for r in register), default=1) + 1
    extra_clients, extra_rows = [], []
    for n in range(target - len(clients)):
        donor = rng.choice(donors)
        shift = (rng.uniform(-0.0008, 0.0008), rng.uniform(-0.0008, 0.0008))
        copy = donor.model_copy(
            update={
                "client_id": f"{donor.client_id}-S{n + 1}",
                "row": next_row + n,
                "lat": None if donor.lat is None else donor.lat + shift[0],
                "lon": None if donor.lon is None else donor.lon + shift[1],
            }
        )
        extra_clients.append(copy)
        source = next((r for r in register if r.client_id == donor.client_id), None)
        if source is not None:
            extra_rows.append(source.model_copy(update={"row": copy.row, "client_id": copy.client_id}))
    return clients + extra_clients, register + extra_rows
