"""Structures a side sets up, moves and removes, read from text and followed on a track:
"jetties", "camps" and "huts" are subjects, a structure never acts, "east of" places."""

from __future__ import annotations

import datetime as dt

from sitrep.analysis.reports import report_of
from sitrep.analysis.tracks import TrackBuilder
from tests.conftest import sample_document

FJORD = ("Norway clears the fjord\n"
         "Norwegian soldiers dismantled their camps near Kirkenes on Monday.\n"
         "They also removed the floating jetties, which they had set up at Vardø.\n"
         "Previously, the jetties were stationed at Vadsø.\n")


def test_jetties_removed_and_stationed_earlier_make_a_track_in_time_order(pipeline):
    extraction = pipeline.extract(sample_document(FJORD, published=dt.date(2024, 3, 5)))
    jetties = [e for e in extraction.events if e.subject == "jetties"]
    removed, stationed = jetties
    # "They" removed them: Norway, the party last acting, not the jetties
    assert (removed.actor, removed.actor_side, removed.location) == ("Norway", "NO", "Vardø")
    assert (stationed.kind, stationed.location) == ("deploy", "Vadsø")  # "east of Vadsø"
    builder = TrackBuilder()
    builder.add(report_of(extraction))
    [track] = builder.tracks()
    assert (track.subject, track.places) == ("jetties", ["Vadsø", "Vardø"])
