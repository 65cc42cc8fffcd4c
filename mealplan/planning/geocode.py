"""Coordinates for clients without them, from the OpenStreetMap extract, on this machine.

Every answer carries its quality. Exact and interpolated answers are used as they are; a
street-level answer is used with a warning naming the row (the van reaches the street, the
driver looks for the door); an address that is not found keeps no coordinates and is unserved
for that reason. Nothing is put at a city centre, and an answer outside the service area is
treated as not found.
"""

from __future__ import annotations

from mealplan.addresses import AddressIndex, Locality, Quality
from mealplan.geo import haversine_m, in_bbox
from mealplan.models import Client, Dataset, GeocodeResult, Problem, Severity


def geocode_client(client: Client, index: AddressIndex, area: tuple[float, float, float, float]) -> GeocodeResult:
    """The extract's best point for one client's address, inside the service area or not found."""
    found = index.match(client.address, client.block, client.entrance, where=Locality(client.town, client.postcode))
    if found.lat is None or found.lon is None or not in_bbox(found.lat, found.lon, area):
        return GeocodeResult(
            client_id=client.client_id,
            row=client.row,
            address=client.address,
            block=client.block,
            entrance=client.entrance,
            quality=Quality.NOT_FOUND,
        )
    moved = None
    if client.lat is not None and client.lon is not None:
        moved = round(float(haversine_m(client.lat, client.lon, found.lat, found.lon)), 1)
    return GeocodeResult(
        client_id=client.client_id,
        row=client.row,
        address=client.address,
        block=client.block,
        entrance=client.entrance,
        quality=found.quality,
        matched=found.matched,
        lat=round(found.lat, 6),
        lon=round(found.lon, 6),
        moved_m=moved,
    )


def geocode_dataset(dataset: Dataset, index: AddressIndex) -> tuple[Dataset, list[GeocodeResult]]:
    """The dataset with coordinates filled in for clients that had none, and every answer given."""
    clients: list[Client] = []
    problems = list(dataset.problems)
    results: list[GeocodeResult] = []
    for client in dataset.clients:
        if client.has_coordinates:
            clients.append(client)
            continue
        result = geocode_client(client, index, dataset.area)
        results.append(result)
        if result.quality == Quality.NOT_FOUND:
            problems.append(_problem(dataset, client, "address_not_found", "address_in_map"))
            clients.append(client)
            continue
        if result.quality == Quality.STREET:
            problems.append(_problem(dataset, client, "street_level_match", "address_in_map", matched=result.matched))
        clients.append(client.model_copy(update={"lat": result.lat, "lon": result.lon}))
    return dataset.model_copy(update={"clients": tuple(clients), "problems": tuple(problems)}), results


def _problem(dataset: Dataset, client: Client, code: str, expected: str, **args: str) -> Problem:
    return Problem(
        file=dataset.register_file,
        row=client.row,
        column="address",
        value=client.address,
        code=code,
        expected=expected,
        args=args,
        severity=Severity.WARNING,
    )
