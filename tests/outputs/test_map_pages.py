"""The map's pieces that answer a view: which events and tracks it shows, and the event
features kept encoded between views."""

import numpy

from sitrep.outputs.views import EncodedFeatures, _all_inside, _inside, _meets


def test_a_view_finds_the_events_the_point_test_finds_across_the_antimeridian_too():
    points = [(179.5, 10.0), (-179.5, 10.0), (0.0, 10.0), (179.5, 30.0), (-180.0, -10.0)]
    lonlat = numpy.array(points, dtype=float)
    for view in ((170, 0, -170, 20), (-1, 0, 1, 20), (-180, -90, 180, 90), (178, -20, 179, 0)):
        assert _all_inside(lonlat, *view).tolist() == [_inside(p, *view) for p in points]
    assert _all_inside(lonlat, 170, 0, -170, 20).tolist() == [True, True, False, False, False]


def test_a_track_shows_where_the_box_of_its_points_meets_the_view():
    bryansk_to_klintsy = (32.3, 52.8, 34.4, 53.3)  # west, south, east, north
    assert _meets(bryansk_to_klintsy, (33.0, 53.0, 33.5, 53.1))  # a view inside its box
    assert not _meets(bryansk_to_klintsy, (35.0, 50.0, 40.0, 55.0))  # east of it
    assert not _meets(bryansk_to_klintsy, (30.0, 54.0, 40.0, 55.0))  # north of it
    assert _meets((179.0, 0.0, 179.9, 1.0), (170.0, -5.0, -170.0, 5.0))  # across 180°
    assert not _meets((0.0, 0.0, 1.0, 1.0), (170.0, -5.0, -170.0, 5.0))


def test_kept_features_are_made_once_and_the_oldest_go_first():
    made = []

    def make(index: int) -> bytes:
        made.append(index)
        return str(index).encode()

    kept = EncodedFeatures(size=2)
    assert [kept.get(i, make) for i in (1, 2, 1, 3, 2)] == [b"1", b"2", b"1", b"3", b"2"]
    assert made == [1, 2, 3, 2]  # 1 asked again was kept; 2 went when 3 came (1 was newer)
