"""Land borders from the 1:110m countryinfo outlines: distances are checked against the
real frontier with tolerances of 15-25 km, about what that resolution allows."""

import pytest

from sitrep.geo.borders import bearing, capital, compass, distance_to_border, outline
from sitrep.geo.distance import haversine_km

KLINTSY = (52.75, 32.24)
KYIV = (50.45, 30.52)
YELNYA = (54.58, 33.18)
ODESA = (46.48, 30.73)
SEVASTOPOL = (44.60, 33.52)
REYKJAVIK = (64.15, -21.94)


def test_a_town_across_the_border_is_outside_and_faces_russia():
    result = distance_to_border("UA", *KLINTSY)
    assert not result.inside
    assert result.neighbour == "RU"  # the stretch of Ukraine's border it faces is Russia's
    assert 40 <= result.km <= 70


def test_kyiv_is_inside_and_nearest_to_belarus_in_the_north():
    result = distance_to_border("UA", *KYIV)
    assert result.inside
    assert result.neighbour == "BY"
    assert 85 <= result.km <= 110
    assert result.nearest[0] > KYIV[0] + 0.5


def test_distances_hold_hundreds_of_km_out():
    result = distance_to_border("UA", *YELNYA)
    assert not result.inside and result.neighbour == "RU"
    assert result.km == pytest.approx(250, abs=25)


@pytest.mark.parametrize("place, neighbour, low, high", [
    (ODESA, "MD", 35, 65),  # on the coast, yet some 45 km from Moldova
    (SEVASTOPOL, "RO", 250, 350),  # the Black Sea coast is a few km away but is no land border
])
def test_the_coast_is_not_a_land_border(place, neighbour, low, high):
    result = distance_to_border("UA", *place)
    assert result.neighbour == neighbour
    assert low <= result.km <= high


def test_the_distance_is_the_one_to_the_nearest_point_reported():
    for place in (KLINTSY, KYIV, YELNYA, ODESA):
        result = distance_to_border("UA", *place)
        assert result.km == pytest.approx(haversine_km(*place, *result.nearest), abs=1e-6)


def test_an_island_measures_to_its_whole_coast():
    result = distance_to_border("IS", *REYKJAVIK)
    assert result.inside and result.neighbour is None
    assert result.km < 30


def test_codes_are_case_insensitive_and_unknown_ones_are_refused():
    assert distance_to_border("ua", *KYIV) == distance_to_border("UA", *KYIV)
    with pytest.raises(ValueError, match="XX"):
        distance_to_border("XX", *KYIV)
    with pytest.raises(ValueError, match="XX"):
        outline("XX")


def test_outline_is_a_geojson_geometry_the_caller_may_keep():
    geometry = outline("UA")
    assert geometry["type"] in ("Polygon", "MultiPolygon") and geometry["coordinates"]
    geometry["coordinates"].clear()
    assert outline("UA")["coordinates"]


def test_bearings():
    assert bearing(0, 0, 1, 0) == pytest.approx(0)
    assert bearing(0, 0, 0, 1) == pytest.approx(90)
    assert bearing(0, 0, -1, 0) == pytest.approx(180)
    assert bearing(0, 0, 0, -1) == pytest.approx(270)
    # Kyiv lies about 255 km south and 120 km west of Klintsy: south-south-west, not south-west.
    assert bearing(*KLINTSY, *KYIV) == pytest.approx(205.6, abs=1)
    assert compass(bearing(*KLINTSY, *KYIV)) == "SSW"
    assert compass(bearing(*KYIV, 55.756, 37.617)) == "NE"  # Moscow


@pytest.mark.parametrize("degrees, name", [
    (0, "N"), (359, "N"), (11.24, "N"), (11.26, "NNE"), (45, "NE"), (90, "E"), (180, "S"),
    (225, "SW"), (348.74, "NNW"), (348.76, "N"), (360, "N"), (-90, "W")])
def test_compass_points(degrees, name):
    assert compass(degrees) == name


def test_capital_of_the_country_at_risk_comes_with_coordinates():
    name, lat, lon = capital("ua")
    assert name == "Kyiv" and abs(lat - 50.45) < 0.1 and abs(lon - 30.52) < 0.1
    assert capital("XX") is None
