"""The say–do gap: claims against the evidence.

A claim is a statement of kind claim or denial (or a claimed event) in which a party
speaks of its own side: "units had completed their exercises and are returning to
base", "we don't want war". Evidence against it, inside the case's time window:

- an observed event of the claimant's side of a kind that goes against what the
  claim asserts (``contradiction_kinds.tsv``): a build-up after an announced
  withdrawal, or the same kind with the opposite negation;
- a statement by another party whose words refute it (``contradiction_cues.tsv``):
  "no signs of a de-escalation", or "we didn't find any evidence of it" right after
  the claim in the same document.

Observed events of the claimed kind (a withdrawal that others saw) bear the claim out.
The finder is incremental: ``add`` pairs a new document's claims with the evidence
already held and its evidence with the claims already held.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sitrep.data import data_lines
from sitrep.model import DateValue, Event, Ref, Report, Statement

CLAIM_KINDS = ("claim", "denial")
REFUTING_KINDS = ("assessment", "claim", "denial", "rejection", "warning", "accusation")
ANAPHORA_REACH = 600  # characters after a claim in which "evidence of it" points back to it
YEAR = dt.timedelta(days=366)
MAX_EVIDENCE = 8  # per claim: the nearest in time are kept


@dataclass(frozen=True, slots=True)
class Item:
    """A statement or event as a claim or as evidence."""

    ref: Ref
    kind: str  # "statement" or "event"
    what: str  # the statement's or the event's kind
    text: str
    start: int
    end: int
    side: str | None
    speaker: str | None
    date: dt.date
    date_end: dt.date  # the last day the date's precision allows

    @property
    def label(self) -> str:
        return f"{self.speaker or self.side or 'unattributed'} ({self.date.isoformat()})"


@dataclass(frozen=True, slots=True)
class Claim:
    item: Item
    assertion: str  # "withdraw", "no_attack", or a claimed event's kind
    negated: bool = False
    events: tuple[Ref, ...] = ()  # claimed events the claim carries


@dataclass(frozen=True, slots=True)
class Evidence:
    item: Item
    reason: str


@dataclass(slots=True)
class ClaimRecord:
    """A claim and how it held up."""

    claim: Claim
    against: list[Evidence] = field(default_factory=list)
    confirming: list[Evidence] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.against:
            return "contradicted"
        return "confirmed" if self.confirming else "open"

    @property
    def why(self) -> str:
        """The contradiction in one sentence."""
        claim = self.claim
        said = _ASSERTION_WORDS.get(claim.assertion, f"{'no ' if claim.negated else ''}"
                                    f"{claim.assertion.replace('_', '-')}")
        reasons = "; ".join(dict.fromkeys(e.reason for e in self.against))
        return f"{claim.item.speaker or claim.item.side} claimed {said} ({claim.item.date}): {reasons}"


_ASSERTION_WORDS = {"withdraw": "a withdrawal or de-escalation",
                    "no_attack": "no intention to attack"}


def _rules():
    cues: dict[tuple[str, str], list[re.Pattern]] = {}
    for line in data_lines("contradiction_cues.tsv"):
        role, assertion, pattern = line.split("\t")
        cues.setdefault((role, assertion), []).append(re.compile(pattern, re.IGNORECASE))
    against, confirms = {}, {}
    for line in data_lines("contradiction_kinds.tsv"):
        assertion, kinds_against, kinds_confirming = line.split("\t")
        against[assertion] = set(kinds_against.split("|"))
        confirms[assertion] = set() if kinds_confirming == "-" else set(kinds_confirming.split("|"))
    return cues, against, confirms


CUES, AGAINST, CONFIRMS = _rules()
CLAIM_ASSERTIONS = [a for role, a in CUES if role == "claim"]
REFUTED = [a for role, a in CUES if role == "refute"]


class ContradictionFinder:
    """Claims and evidence of the documents added so far, paired as they arrive.

    ``towards`` tells whether a movement heads towards the country at risk (it is
    given the event and its report); without it no movement counts as evidence.
    """

    def __init__(self, *, before_days: int = 7, after_days: int = 60,
                 towards: Callable[[Event, Report], bool] | None = None):
        self.before = dt.timedelta(days=before_days)
        self.after = dt.timedelta(days=after_days)
        self.towards = towards or (lambda event, report: False)
        self.records: dict[Ref, ClaimRecord] = {}
        # claims by side, sorted by date: (date, order, Claim)
        self.claims_by_side: dict[str, list[tuple]] = {}
        # evidence by side: (date, order, Item, what it can count against, confirms)
        self.evidence_by_side: dict[str | None, list[tuple]] = {}
        self._order = 0

    # -- adding -----------------------------------------------------------------

    def add(self, report: Report) -> None:
        """Read a document's claims and evidence and pair them with what is held."""
        claims = self._claims(report)
        evidence = self._evidence(report, claims)
        for entry in evidence:
            bisect.insort(self.evidence_by_side.setdefault(entry[2].side, []), entry)
        for claim in claims:
            self.records[claim.item.ref] = ClaimRecord(claim)
            self._order += 1
            bisect.insort(self.claims_by_side.setdefault(claim.item.side, []),
                          (claim.item.date, self._order, claim))
            self._pair_claim(claim)
        new_claims = {c.item.ref for c in claims}
        for entry in evidence:  # an event bears on its own side; words on the other sides
            item = entry[2]
            sides = ([item.side] if item.kind == "event" else
                     [side for side in self.claims_by_side if side != item.side])
            for side in sides:
                for claim in self._claims_near(side, item.date):
                    if claim.item.ref not in new_claims:
                        self._pair(claim, entry)
        for claim in claims:  # anaphoric refutations point back within a document
            for entry in self._anaphoric(report, claim):
                self._pair(claim, entry, anaphoric=True)

    def _claims_near(self, side: str | None, day: dt.date) -> list[Claim]:
        """Claims whose window may hold evidence of this day (a year-precise claim's
        window reaches a year past its start)."""
        claims = self.claims_by_side.get(side, [])
        low = bisect.bisect_left(claims, (day - self.after - YEAR,))
        high = bisect.bisect_right(claims, (day + self.before, float("inf")))
        return [entry[2] for entry in claims[low:high]]

    def contradictions(self) -> list[ClaimRecord]:
        """Claims with evidence against them, in the order of their dates."""
        return sorted((r for r in self.records.values() if r.against),
                      key=lambda r: (r.claim.item.date, r.claim.item.ref.doc_id,
                                     r.claim.item.start))

    # -- reading claims and evidence ------------------------------------------------

    def _claims(self, report: Report) -> list[Claim]:
        claimed = {}
        for event in report.events:
            if event.modality == "claimed":
                claimed.setdefault(event.statement_id, []).append(event)
        claims = []
        for statement in report.statements:
            events = [e for e in claimed.pop(statement.id, [])
                      if e.actor_side in (None, statement.speaker_side)]
            if not statement.speaker_side or (statement.kind not in CLAIM_KINDS and not events):
                continue  # a promise or an announcement counts through its own-side events
            item = _statement_item(statement, report)
            refs = tuple(Ref(report.doc_id, e.id) for e in events)
            # words that refute an assertion ("had not verified the withdrawal") never make it
            # (not for denials: "we have no plans to invade" holds the words of a refutation)
            refuted = {a for a in REFUTED if a != "no_attack"
                       and _matches(CUES[("refute", a)], statement.text)}
            assertions = []
            if events or statement.kind == "denial" or _first_person(statement.quote or statement.text):
                # words alone assert something of the speaker's own side only when it
                # denies, speaks of itself ("we"), or through an event marked claimed
                assertions = [a for a in CLAIM_ASSERTIONS
                              if _matches(CUES[("claim", a)], statement.text)]
            assertions += [e.kind for e in events if e.kind in AGAINST]
            assertions = [a for a in dict.fromkeys(assertions) if a not in refuted]
            if assertions:
                claims += [Claim(item, a, False, refs) for a in assertions]
            elif events and events[0].kind not in refuted:
                claims.append(Claim(item, events[0].kind, events[0].negated, refs))
        for event in claimed.get(None, []):  # claimed events outside any statement
            item = _event_item(event, report, None)
            if item.side:
                claims.append(Claim(item, event.kind, event.negated, (item.ref,)))
        return claims

    def _evidence(self, report: Report, claims: list[Claim]) -> list[tuple]:
        statements = {s.id: s for s in report.statements}
        claim_refs = {c.item.ref for c in claims} | {r for c in claims for r in c.events}
        entries = []
        for event in report.events:
            if event.modality != "observed" or Ref(report.doc_id, event.id) in claim_refs:
                continue
            item = _event_item(event, report, statements.get(event.statement_id))
            against = {a for a, kinds in AGAINST.items() if event.kind in kinds
                       and not event.negated and (event.kind != "move" or self.towards(event, report))}
            if not event.negated:  # "we have not moved troops" against troops seen moving
                against.add((event.kind, True))
            confirms = {a for a, kinds in CONFIRMS.items() if event.kind in kinds and not event.negated}
            confirms |= {(event.kind, event.negated)}
            entries.append(self._entry(item, against, confirms))
        for statement in report.statements:
            if statement.kind not in REFUTING_KINDS or Ref(report.doc_id, statement.id) in claim_refs:
                continue
            refuted = {a for a in REFUTED if a != "it" and _matches(CUES[("refute", a)], statement.text)}
            if refuted:
                entries.append(self._entry(_statement_item(statement, report), refuted, set()))
        return entries

    def _entry(self, item: Item, against: set, confirms: set) -> tuple:
        self._order += 1
        return (item.date, self._order, item, frozenset(against), frozenset(confirms))

    def _anaphoric(self, report: Report, claim: Claim) -> list[tuple]:
        """Statements just after a claim that refute "it"."""
        end = claim.item.end
        entries = []
        for statement in report.statements:
            if (end <= statement.start <= end + ANAPHORA_REACH
                    and statement.speaker_side != claim.item.side
                    and statement.kind in REFUTING_KINDS
                    and _matches(CUES[("refute", "it")], statement.text)):
                entries.append(self._entry(_statement_item(statement, report), {claim.assertion}, set()))
        return entries

    # -- pairing --------------------------------------------------------------------

    def _pair_claim(self, claim: Claim) -> None:
        for entry in self._evidence_near(claim.item.side, claim):
            self._pair(claim, entry)
        if claim.assertion in REFUTED:  # refutations come from the other sides
            for side in self.evidence_by_side:
                if side != claim.item.side:
                    for entry in self._evidence_near(side, claim):
                        if entry[2].kind == "statement":
                            self._pair(claim, entry)

    def _evidence_near(self, side: str | None, claim: Claim) -> list[tuple]:
        """A side's evidence dated inside the claim's window."""
        entries = self.evidence_by_side.get(side, [])
        low = bisect.bisect_left(entries, (claim.item.date - self.before,))
        high = bisect.bisect_right(entries, (claim.item.date_end + self.after, float("inf")))
        return entries[low:high]

    def _pair(self, claim: Claim, entry: tuple, *, anaphoric: bool = False) -> None:
        _, _, item, against, confirms = entry
        record = self.records[claim.item.ref]
        if len(record.against) >= MAX_EVIDENCE and len(record.confirming) >= MAX_EVIDENCE:
            return  # a claim's evidence is capped: further pairing changes nothing
        if item.ref == claim.item.ref or item.ref in claim.events:
            return
        in_window = claim.item.date - self.before <= item.date <= claim.item.date_end + self.after
        if not (anaphoric or in_window):
            return
        if item.kind == "event" and item.side != claim.item.side:
            return
        if item.kind == "statement" and (item.side == claim.item.side and item.side is not None):
            return
        key = (claim.assertion, claim.negated) if claim.assertion not in AGAINST else claim.assertion
        if key in against or (claim.assertion in against and item.kind == "statement"):
            if self._room(record.against, item):
                record.against.append(Evidence(item, _reason(claim, item)))
        elif key in confirms and self._room(record.confirming, item):
            record.confirming.append(Evidence(item, f"observed by {item.label}"))

    @staticmethod
    def _room(found: list[Evidence], item: Item) -> bool:
        """Whether the item is new to the list and the list has room for it."""
        return len(found) < MAX_EVIDENCE and all(e.item.ref != item.ref for e in found)


def _reason(claim: Claim, item: Item) -> str:
    if item.kind == "statement":
        return f"{item.label} says otherwise"
    seen = item.what.replace("_", "-")
    if claim.assertion == item.what:
        seen = f"no {seen}" if claim.negated is False else seen
    return f"{seen} by {item.side} seen on {item.date} (reported by {item.speaker or 'the press'})"


def _first_person(text: str) -> bool:
    return re.search(r"\b(?:we|our|us)\b", text, re.IGNORECASE) is not None


def _matches(patterns: list[re.Pattern], text: str) -> bool:
    text = text.replace("\u2019", "'")  # "don’t" is "don't"
    return any(p.search(text) for p in patterns)


def _statement_item(statement: Statement, report: Report) -> Item:
    date, end = _span(statement.date, report)
    return Item(Ref(report.doc_id, statement.id), "statement", statement.kind, statement.text,
                statement.start,
                statement.end, statement.speaker_side, statement.speaker, date, end)


def _event_item(event: Event, report: Report, statement: Statement | None) -> Item:
    when = event.time.start or (statement.date if statement else None)
    date, end = _span(when, report)
    speaker = statement.speaker if statement else report.publisher
    return Item(Ref(report.doc_id, event.id), "event", event.kind, event.text, event.start,
                event.end,
                event.actor_side, speaker, date, end)


def _span(value: DateValue | None, report: Report) -> tuple[dt.date, dt.date]:
    """The first and last day a date may mean; undated items take the publication date."""
    if value is None:
        day = report.published or dt.date.min
        return day, day
    start = value.date
    if value.precision == "year":
        return start.replace(month=1, day=1), start.replace(month=12, day=31)
    if value.precision == "month":
        last = calendar.monthrange(start.year, start.month)[1]
        return start.replace(day=1), start.replace(day=last)
    return start, start
