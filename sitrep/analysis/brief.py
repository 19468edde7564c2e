"""The brief: what the store holds and what was said and seen most recently."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sitrep.case import Case
from sitrep.model import Event, Statement
from sitrep.store import Store, StoredDocument


@dataclass(slots=True, frozen=True)
class Brief:
    case: Case
    counts: dict[str, int]
    first_published: dt.date | None
    last_published: dt.date | None
    publishers: list[tuple[str, int]]
    statements: list[tuple[Statement, StoredDocument]]
    events: list[tuple[Event, StoredDocument]]


def build_brief(store: Store, case: Case, *, limit: int = 10) -> Brief:
    """The picture as the store holds it now."""
    documents = store.documents()
    dates = [d.published for d in documents if d.published]
    publishers = Counter(d.publisher or "(unknown publisher)" for d in documents)
    return Brief(
        case=case,
        counts=store.counts(),
        first_published=min(dates, default=None),
        last_published=max(dates, default=None),
        publishers=publishers.most_common(),
        statements=store.latest_statements(limit),
        events=store.latest_events(limit),
    )
