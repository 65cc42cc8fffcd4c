from urllib.parse import parse_qs, urlparse

from mealplan.io.writers.navigation import navigation_urls, qr_svg

KITCHEN = (42.70, 23.30)


def stops(n):
    return [(42.70 + i / 1000, 23.30 + i / 1000) for i in range(1, n + 1)]


def test_a_trip_becomes_legs_of_at_most_nine_waypoints_that_chain():
    """25 stops: three links; each leg starts where the previous ended; every stop appears in order."""
    urls = navigation_urls(KITCHEN, stops(25))
    assert len(urls) == 3
    visited = []
    origin = "42.700000,23.300000"
    for url in urls:
        query = parse_qs(urlparse(url).query)
        assert query["origin"] == [origin]
        waypoints = query.get("waypoints", [""])[0].split("|") if "waypoints" in query else []
        assert len(waypoints) <= 9
        visited += waypoints + query["destination"]
        origin = query["destination"][0]
    assert visited == [f"{lat:.6f},{lon:.6f}" for lat, lon in stops(25)]


def test_links_carry_coordinates_only_and_qr_is_inline_svg():
    """No names in the link; the QR code is an SVG that needs no image file."""
    url = navigation_urls(KITCHEN, stops(2))[0]
    assert url.startswith("https://www.google.com/maps/dir/?api=1")
    assert qr_svg(url).startswith("<svg")


def test_legs_are_as_few_as_the_limit_allows_and_of_equal_length():
    """41 stops: 5 legs of 8-9 stops, none of a single stop ("41-41")."""
    from mealplan.io.writers.navigation import navigation_legs

    legs = navigation_legs(KITCHEN, stops(41))
    sizes = [last - first + 1 for _, first, last in legs]
    assert len(legs) == 5 and min(sizes) >= 8 and sum(sizes) == 41
    assert legs[0][1] == 1 and legs[-1][2] == 41


def test_a_stops_own_link_opens_the_phones_map_with_coordinates_only():
    from mealplan.io.writers.navigation import geo_url

    assert geo_url(42.7, 23.3) == "geo:42.700000,23.300000?q=42.700000,23.300000"
