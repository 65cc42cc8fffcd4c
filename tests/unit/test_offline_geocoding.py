"""Offline geocoding: the Bulgarian normaliser, the matcher's qualities, and its files."""

from __future__ import annotations

import pytest

from mealplan.addresses import AddressIndex, Locality, Quality, latin_key, name_key, number_key, parse_address
from mealplan.geo import haversine_m
from mealplan.io.readers.osm_addresses import read_addresses
from tests.bulgarian_map import write_bulgarian_map


@pytest.fixture(scope="module")
def bulgarian(tmp_path_factory):
    """The synthetic Bulgarian extract, read and indexed, with the true position of each address."""
    path = tmp_path_factory.mktemp("map") / "bg.osm.pbf"
    truth = write_bulgarian_map(path)
    return AddressIndex.build(read_addresses(path)), truth


@pytest.mark.parametrize(
    ("address", "block", "expected"),
    [
        ("ж.к. Люлин 5, бл. 512, вх. Б", "", {"estate": "Люлин 5", "block": "512", "entrance": "Б"}),
        ("жк Люлин 5", "512", {"estate": "Люлин 5", "block": "512"}),
        ("zh.k. Lyulin 5 bl. 512 vh. B", "", {"estate": "Lyulin 5", "block": "512", "entrance": "B"}),
        ("ж.к. Младост 1, 15", "", {"estate": "Младост 1", "block": "15"}),
        ("ул. „Граф Игнатиев“ № 12А", "", {"street": "Граф Игнатиев", "number": "12a"}),
        ("бул. Витоша 15, ет. 3, ап. 7", "", {"street": "Витоша", "number": "15", "floor": "3", "apartment": "7"}),
        ("ул. 6-ти септември 14", "", {"street": "6-ти септември", "number": "14"}),
        ("кв. Лозенец, ул. Кричим 24", "", {"estate": "Лозенец", "street": "Кричим", "number": "24"}),
        ("Paasivuorenkatu 4-6", "", {"street": "Paasivuorenkatu", "number": "4-6"}),
    ],
)
def test_addresses_split_into_street_number_estate_block_entrance_floor_flat(address, block, expected):
    """ул./бул./ж.к./кв./бл./вх./ет./ап., „“ quotes and № in Cyrillic or Latin; the register's block column wins."""
    parsed = parse_address(address, block)
    for field, value in expected.items():
        assert getattr(parsed, field) == value, (field, parsed)


def test_one_key_for_every_spelling_of_a_name():
    """Cyrillic and its transliteration, with or without the street type and quotes, meet."""
    assert name_key("улица „Граф Игнатиев“") == name_key("ул. Граф Игнатиев") == name_key("Graf Ignatiev")
    assert name_key("ж.к. Люлин 5") == name_key("zh.k. Lyulin 5") == "lyulin 5"
    assert latin_key("Щастие Юг") == "shtastie yug"
    assert number_key("12 А") == number_key("12a") == "12a"
    assert number_key("бл. 512") == "512"


def test_street_and_number_in_the_map_are_exact(bulgarian):
    index, truth = bulgarian
    found = index.match("ул. „Граф Игнатиев“ 14")
    assert found.quality == Quality.EXACT
    assert haversine_m(found.lat, found.lon, *truth["Граф Игнатиев 14"]) < 1


def test_a_letter_suffix_is_its_own_house(bulgarian):
    index, truth = bulgarian
    found = index.match("ул. Граф Игнатиев № 7А")
    assert found.quality == Quality.EXACT
    assert haversine_m(found.lat, found.lon, *truth["Граф Игнатиев 7А"]) < 1


def test_a_missing_number_is_interpolated_between_its_neighbours_on_the_same_side(bulgarian):
    """12 is not mapped; 10 and 14 (same side) are: the answer lies between them."""
    index, truth = bulgarian
    found = index.match("ул. Граф Игнатиев 12")
    assert found.quality == Quality.INTERPOLATED
    assert haversine_m(found.lat, found.lon, *truth["Граф Игнатиев 12"]) < 5


def test_a_typo_in_the_street_still_matches(bulgarian):
    index, truth = bulgarian
    found = index.match("ул. Граф Игнатие 14")
    assert found.quality == Quality.EXACT
    assert haversine_m(found.lat, found.lon, *truth["Граф Игнатиев 14"]) < 1


def test_latin_spelling_finds_the_cyrillic_street(bulgarian):
    index, _truth = bulgarian
    found = index.match("ul. Graf Ignatiev 14")
    assert found.quality == Quality.EXACT


def test_estate_and_block_find_the_panel_block(bulgarian):
    """In Sofia "бл. 512" in "ж.к. Люлин 5" is how people find a door."""
    index, truth = bulgarian
    found = index.match("ж.к. Люлин 5, бл. 512, вх. Б")
    assert found.quality == Quality.EXACT
    assert haversine_m(found.lat, found.lon, *truth["Люлин 5 бл. 512"]) < 1


def test_the_estates_number_is_never_mixed_up(bulgarian):
    """Люлин 6 has a block 512 too; Люлин 5's is asked for, and "Люлин 7" is no estate of the map."""
    index, truth = bulgarian
    found = index.match("жк Люлин 6", block="512")
    assert haversine_m(found.lat, found.lon, *truth["Люлин 6 бл. 512"]) < 1
    assert index.match("ж.к. Люлин 7, бл. 512").quality == Quality.NOT_FOUND


def test_a_block_mapped_only_by_its_name_is_found(bulgarian):
    index, truth = bulgarian
    found = index.match("ж.к. Люлин 5, бл. 513")
    assert found.quality == Quality.EXACT
    assert haversine_m(found.lat, found.lon, *truth["Люлин 5 бл. 513"]) < 1


def test_a_street_without_numbers_is_street_level_on_the_street_itself(bulgarian):
    """A point of the street's own line, not the middle of the city."""
    index, _ = bulgarian
    found = index.match("бул. Витоша 15")
    assert found.quality == Quality.STREET
    assert abs(found.lon - 23.322) < 1e-6 and 42.682 <= found.lat <= 42.686


def test_an_estate_without_the_block_is_street_level_at_the_estate(bulgarian):
    index, truth = bulgarian
    found = index.match("ж.к. Младост 1, бл. 999")
    assert found.quality == Quality.STREET
    assert haversine_m(found.lat, found.lon, *truth["Младост 1"]) < 1


def test_an_unknown_address_is_not_found_and_has_no_point(bulgarian):
    index, _ = bulgarian
    found = index.match("ул. Несъществуваща 5")
    assert found.quality == Quality.NOT_FOUND and found.lat is None and found.lon is None


def test_the_same_street_and_number_in_two_villages_is_not_found_rather_than_guessed(bulgarian):
    """Two "ул. Васил Левски 5" 5 km apart: picking one could send the van to the wrong village."""
    index, _ = bulgarian
    found = index.match("ул. Васил Левски 5")
    assert found.quality == Quality.NOT_FOUND and found.lat is None and "ambiguous" in found.matched
    assert index.match("ул. Васил Левски 99").quality == Quality.NOT_FOUND


@pytest.mark.parametrize(
    ("town", "postcode", "village"),
    [
        ("с. Мърчаево", "", "Мърчаево"),
        ("Kokalyane", "", "Кокаляне"),  # the register in Latin, the map in Cyrillic
        ("", "1138", "Кокаляне"),
        ("Мърчаево", "1138", "Кокаляне"),  # the postcode is the sharper of the two
    ],
)
def test_the_registers_town_or_postcode_tells_two_villages_streets_apart(bulgarian, town, postcode, village):
    """The same "ул. Васил Левски 5" in two villages: the register's town or postcode picks one."""
    index, truth = bulgarian
    found = index.match("ул. Васил Левски 5", where=Locality(town, postcode))
    assert found.quality == Quality.EXACT
    assert haversine_m(found.lat, found.lon, *truth[f"{village} Васил Левски 5"]) < 1


def test_a_town_the_map_does_not_put_the_address_in_is_still_refused(bulgarian):
    """Бистрица has no Васил Левски 5 in the map: neither village's is taken for it."""
    index, _ = bulgarian
    found = index.match("ул. Васил Левски 5", where=Locality("Бистрица"))
    assert found.quality == Quality.NOT_FOUND and found.lat is None


def test_a_number_the_map_lacks_is_placed_on_the_street_in_the_registers_town(bulgarian):
    """No 99 anywhere: without a town the street is two villages' and no answer; with one, the
    van is sent to that village's street (a street-level answer, reported as such)."""
    index, truth = bulgarian
    assert index.match("ул. Васил Левски 99").quality == Quality.NOT_FOUND
    found = index.match("ул. Васил Левски 99", where=Locality("Мърчаево"))
    assert found.quality == Quality.STREET
    assert haversine_m(found.lat, found.lon, *truth["Мърчаево Васил Левски 5"]) < 100
