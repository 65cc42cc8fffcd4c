from mealplan.io.adapters.geocoder import CACHE_FILE, fill_coordinates


def test_missing_coordinates_are_looked_up_once_and_cached(small_dataset, tmp_path):
    """A named geocoder fills lat/lon for clients without them; a second run asks nobody."""
    missing = small_dataset.clients[0].model_copy(update={"lat": None, "lon": None})
    dataset = small_dataset.model_copy(update={"clients": (missing, *small_dataset.clients[1:])})
    asked = []

    def lookup(query):
        asked.append(query)
        return 42.70, 23.32

    filled = fill_coordinates(dataset, "nominatim", tmp_path, lookup=lookup)
    assert (filled.clients[0].lat, filled.clients[0].lon) == (42.70, 23.32)
    assert len(asked) == 1 and "София" in asked[0]
    assert (tmp_path / CACHE_FILE).is_file()

    again = fill_coordinates(dataset, "nominatim", tmp_path, lookup=lambda q: asked.append(q))
    assert again.clients[0].lat == 42.70 and len(asked) == 1


def test_an_address_the_geocoder_cannot_find_stays_without_coordinates_and_is_reported(small_dataset, tmp_path):
    """Not found (or found outside Sofia): the client keeps no coordinates and a warning names the row."""
    missing = small_dataset.clients[0].model_copy(update={"lat": None, "lon": None})
    dataset = small_dataset.model_copy(update={"clients": (missing,)})
    filled = fill_coordinates(dataset, "nominatim", tmp_path, lookup=lambda q: (48.85, 2.35))
    assert filled.clients[0].lat is None
    assert any(p.code == "not_geocoded" and p.row == missing.row for p in filled.problems)
