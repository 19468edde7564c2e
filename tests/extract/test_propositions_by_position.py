"""A statement's proposition comes from the events it carries, found by position and by
statement in time linear in their number."""

from __future__ import annotations

import time

from sitrep.extract.propositions import read_propositions
from sitrep.model import Event, Statement


def _statement(i: int, start: int, end: int, side: str | None = None) -> Statement:
    return Statement(id=f"s{i}", doc_id="d", start=start, end=end, text="...",
                     speaker="Arlen Vosk", speaker_side=side)


def _event(i: int, start: int, end: int, kind: str, **fields) -> Event:
    return Event(id=f"e{i}", doc_id="d", start=start, end=end, text="...", kind=kind, **fields)


def test_a_statement_takes_its_own_event_first_then_one_inside_it_of_its_side():
    statements = [_statement(1, 100, 200, side="VL"), _statement(2, 300, 400),
                  _statement(3, 500, 600)]
    events = [
        _event(1, 120, 140, "deploy", actor_side="OS"),  # inside s1, another side
        _event(2, 150, 170, "attack", actor_side="VL"),  # inside s1, its side
        _event(3, 250, 260, "withdraw", statement_id="s1"),  # s1's own, outside its span
        _event(4, 310, 320, "deploy", modality="hypothetical"),  # states nothing
        _event(5, 390, 420, "attack"),  # runs past s2's end
        _event(6, 510, 520, "deploy"), _event(7, 530, 540, "attack"),  # s3: in text order
    ]
    read_propositions(statements, events)
    assert [s.proposition.what if s.proposition else None for s in statements] == [
        "withdraw", None, "deploy"]
    events[2].statement_id = None  # without its own event, its side's comes first
    read_propositions(statements, events)
    assert statements[0].proposition.what == "attack"


def _seconds_per_statement(count: int) -> float:
    statements = [_statement(i, 100 * i, 100 * i + 90) for i in range(count)]
    events = [_event(i, 100 * i + 10, 100 * i + 20, "deploy") for i in range(count)]
    started = time.process_time()
    read_propositions(statements, events)
    assert all(s.proposition is not None for s in statements)
    return (time.process_time() - started) / count


def test_time_per_statement_stays_flat_from_500_to_8000_statements():
    _seconds_per_statement(500)  # warm up
    small = min(_seconds_per_statement(500) for _ in range(3))
    large = _seconds_per_statement(8_000)
    # scanning every event for each statement would make the ratio 16; the bound leaves
    # room for a busy machine
    assert large < 3 * small, (small, large)
