import pytest

from sitrep.geo.distance import haversine_km
from sitrep.geo.names import is_latin, name_key, skeleton_key


@pytest.mark.parametrize("a, b", [
    ("Kiev", "Kyiv"), ("Kharkov", "Kharkiv"), ("Elnya", "Yelnya"), ("Lugansk", "Luhansk"),
    ("Osipovichi", "Asipovichy"), ("Evpatoria", "Yevpatoria"), ("Selensky", "Zelensky"),
    ("Odessa", "Odesa"), ("Zaporozhye", "Zaporizhzhia")])
def test_transliteration_variants_share_a_skeleton(a, b):
    assert skeleton_key(a) == skeleton_key(b)


@pytest.mark.parametrize("a, b", [("Kursk", "Kerch"), ("Minsk", "Pinsk"), ("Brest", "Bryansk")])
def test_different_names_keep_different_skeletons(a, b):
    assert skeleton_key(a) != skeleton_key(b)


def test_name_key_folds_case_accents_apostrophes_hyphens_and_the():
    assert name_key("the Donbas") == name_key("DONBAS") == "donbas"
    assert name_key("Kyïv") == "kyiv"
    assert name_key("Yel’nya") == name_key("Yelnya")
    assert name_key("Ivano-Frankivsk") == "ivano frankivsk"


def test_only_latin_names_count():
    assert is_latin("Klińce") and not is_latin("Клинцы") and not is_latin("")


def test_haversine_known_distances():
    assert haversine_km(50.45, 30.52, 50.45, 30.52) == 0
    assert haversine_km(55.756, 37.617, 50.45, 30.523) == pytest.approx(756, abs=5)  # Moscow-Kyiv
