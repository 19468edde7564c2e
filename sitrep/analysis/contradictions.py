"""The say–do gap: claims against the evidence.

A claim is a statement of kind claim or denial (or a claimed event) in which a party
speaks of its own side: "units had completed their exercises and are returning to
base", "we don't want war". Evidence against it, inside the case's time window:

- an observed event of the claimant's side of a kind that goes against what the
  claim asserts (``contradiction_kinds.tsv``): a build-up after an announced
  withdrawal, or the same kind with the opposite negation; where both name a place,
  the places overlap (``places_overlap``); what the claim presupposes (a cut
  presupposes the deployment before it: the kind's "after" column) counts only when
  dated, by a date of its own, after the claim;
- a statement by another party whose words refute it (its ``refutes``, read at
  extraction from ``contradiction_cues.tsv``): "no signs of a de-escalation", or "we
  didn't find any evidence of it" right after the claim in the same document.

What a statement's words assert, refute, and whether they speak of the speaker's own
side are typed fields extraction stored (``sitrep/extract/annotate.py``): nothing here
reads text.

Observed events of the claimed kind (a withdrawal that others saw) bear the claim out.
A claim keeps, against it and bearing it out, the MAX_EVIDENCE items nearest in time
to its date (ties go to the earlier date, then the reference), so what it keeps does not
depend on the order documents arrive in. The finder is incremental: ``add`` offers a
new document's evidence to the claims held that could still take it, and fills a new
claim from the evidence held.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from sitrep.data import data_lines
from sitrep.errors import LanguagePackError, SitrepError
from sitrep.geo.distance import haversine_km
from sitrep.lang import DEFAULT as DEFAULT_LANGUAGE, LanguagePack
from sitrep.model import DateValue, Event, PlacePoint, Ref, Report, Statement

KINDS_FILE = "contradiction_kinds.tsv"
WORDING_FILE = "contradiction_wording.tsv"  # the language pack's words for the why sentence
WORDING_CODES = ("why", "event", "no_event", "says", "seen", "observed", "unattributed",
                "the_press")
# statement kinds that may claim something of the speaker's own side ("no intention of
# attacking" is a commitment of its own conduct)
CLAIM_KINDS = ("claim", "denial", "rejection", "assessment", "commitment")
REFUTING_KINDS = ("assessment", "claim", "denial", "rejection", "warning", "accusation")
# what a party claims or alleges of another side ("the separatists claimed Kyiv's forces
# fired first") is its word against the other's, not an observation: an event it carries
# weighs as the speaker's words, not as something seen (an assessment of monitors is seen)
ALLEGATION_KINDS = ("accusation", "claim")
# a joint act of these modalities ("both sides agreed to disengage") is a claim of each party
JOINT_MODALITIES = ("claimed", "planned")
ANAPHORA_REACH = 600  # characters after a claim in which "evidence of it" points back to it
ONE_DAY = dt.timedelta(days=1)
MAX_EVIDENCE = 8  # per claim: the nearest in time are kept
# A claim and an observation of places this close are of one place: the reach of a
# front or border sector (Galwan to Pangong, Raska to the Kosovo line), short of the
# next theatre. A country holds every place in it, whatever the distance.
NEAR_KM = 150


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
    place: PlacePoint | None = None  # where it is, where its document resolved a place
    dated: bool = True  # dated by a time of its own, not its document's publication
    negated: bool = False  # an event seen not to happen
    about: str | None = None  # words: the side they speak of, where not the speaker's own
    alleged: str | None = None  # words that allege an event: its kind, read as an observation's

    @property
    def label(self) -> str:
        return f"{self.source} ({self.date.isoformat()})"

    @property
    def source(self) -> str:
        return self.speaker or self.side or _wording()["unattributed"]


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


@dataclass(slots=True, eq=False)
class Nearest:
    """The evidence of one role ("against" or "confirming") nearest in time to a claim,
    at most MAX_EVIDENCE items, nearest first. Claims of one side, assertion and date
    span share one, so that evidence is ranked once for all of them. It is offered only
    evidence that bears on the claim: an event of the claim's side, or the words of
    another side."""

    claim: Claim  # the first claim it was made for: the side, assertion and span of all
    role: str
    first: dt.date  # the window: the first and last day evidence may be dated
    last: dt.date
    after: frozenset[str] = frozenset()  # observations that count only after the claim
    ranks: list[tuple] = field(default_factory=list)  # (days away, date, doc, item), sorted
    evidence: list[Evidence] = field(default_factory=list)  # in the order of ranks
    # the claim's side and span, read for each item offered
    side: str | None = field(init=False)
    start: dt.date = field(init=False)
    end: dt.date = field(init=False)

    def __post_init__(self) -> None:
        item = self.claim.item
        self.side, self.start, self.end = item.side, item.date, item.date_end

    def distance(self, day: dt.date) -> int:
        """Days between the day and the claim's span."""
        if day < self.start:
            return (self.start - day).days
        return (day - self.end).days if day > self.end else 0

    def days(self) -> tuple[dt.date, ...]:
        """The days of the window, nearest first."""
        return _window(self.start, self.end, self.first, self.last)

    def reaches(self, day: dt.date) -> bool:
        """Whether evidence of the day could still enter: there is room, or it is no
        farther away than the farthest held (a tie on days may still win on date)."""
        return len(self.ranks) < MAX_EVIDENCE or self.distance(day) <= self.ranks[-1][0]

    def offer(self, item: Item) -> bool:
        """Keep the item if it is among the nearest; return whether evidence of its day
        may still enter (``reaches``, without working out the distance again)."""
        away = self.distance(item.date)
        if len(self.ranks) == MAX_EVIDENCE and away > self.ranks[-1][0]:
            return False
        rank = (away, item.date, item.ref.doc_id, item.ref.item_id)
        if len(self.ranks) == MAX_EVIDENCE and rank >= self.ranks[-1]:
            return True
        at = bisect.bisect_left(self.ranks, rank)
        if at < len(self.ranks) and self.ranks[at] == rank:
            return True  # held already (a document added again)
        if not self._admits(item):
            return True
        reason = (_reason(self.claim, item) if self.role == "against"
                  else _wording()["observed"].format(source=item.label))
        self.ranks.insert(at, rank)
        self.evidence.insert(at, Evidence(item, reason))
        del self.ranks[MAX_EVIDENCE:], self.evidence[MAX_EVIDENCE:]
        return True

    def _admits(self, item: Item) -> bool:
        """Whether the item bears on the claim's place, and, for what the claim
        presupposes (its kind's ``after``), whether it is dated after the claim."""
        if not places_overlap(self.claim.item.place, item.place):
            return False
        if self.role != "against" or (item.kind != "event" and item.alleged is None):
            return True
        presupposed = observation_token(item.alleged or item.what, item.negated) in self.after
        return not presupposed or (item.dated and item.date > self.end)


@dataclass(slots=True, eq=False)
class ClaimRecord:
    """A claim and how it held up; its lists of evidence may be shared with claims alike."""

    claim: Claim
    nearest_against: Nearest
    nearest_confirming: Nearest

    @property
    def against(self) -> list[Evidence]:
        return list(self.nearest_against.evidence)

    @property
    def confirming(self) -> list[Evidence]:
        return list(self.nearest_confirming.evidence)

    @property
    def status(self) -> str:
        if self.nearest_against.evidence:
            return "contradicted"
        return "confirmed" if self.nearest_confirming.evidence else "open"

    @property
    def why(self) -> str:
        """The contradiction in one sentence, worded by the language pack."""
        claim, wording = self.claim, _wording()
        code = claim.assertion.replace("_", "-")
        said = wording.get(f"claim:{claim.assertion}") or wording[
            "no_event" if claim.negated else "event"].format(kind=code)
        reasons = "; ".join(dict.fromkeys(e.reason for e in self.against))
        return wording["why"].format(claimant=claim.item.source, said=said,
                                     date=claim.item.date, reasons=reasons)


@dataclass(frozen=True, slots=True)
class ClaimKind:
    """A kind of claim of the registry (``contradiction_kinds.tsv``): the propositions
    that make it ("withdraw", "deploy-") and the observations ("build_up",
    "withdraw-") that go against it and that bear it out."""

    kind: str
    made_by: tuple[str, ...]
    against: frozenset[str]
    confirms: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()  # of "against": only when dated after the claim

    @classmethod
    def from_line(cls, line: str, where: str) -> "ClaimKind":
        fields = line.split("\t")
        if len(fields) not in (4, 5) or not all(f.strip() for f in fields):
            raise SitrepError(f"{where}: a kind of claim needs four or five tab-separated "
                              f"fields (kind, made by, against, confirms, after), got {line!r}")
        kind, made_by, against, confirms, after = [f.strip() for f in fields] + ["-"] * (
            5 - len(fields))
        return cls(kind, tuple(made_by.split("|")), frozenset(against.split("|")),
                   _tokens(confirms), _tokens(after))


@dataclass(frozen=True, slots=True)
class ClaimKinds:
    """The registry in order: the first kind that a proposition makes is its kind."""

    kinds: tuple[ClaimKind, ...]

    def kind_of(self, what: str, negated: bool) -> str | None:
        """The kind of the first row made by the proposition: a stance or an event kind
        stated ("withdraw", "withdraw+"), or an event kind denied ("withdraw-")."""
        tokens = (f"{what}-",) if negated else (what, f"{what}+")
        return next((k.kind for k in self.kinds if any(t in k.made_by for t in tokens)), None)

    def registered(self, assertion) -> bool:
        return any(k.kind == assertion for k in self.kinds)

    def after(self, assertion) -> frozenset[str]:
        """The observations a claim of the kind presupposes: they count against it only
        when dated after it."""
        return next((k.after for k in self.kinds if k.kind == assertion), frozenset())

    def with_kinds(self, added: tuple[ClaimKind, ...]) -> "ClaimKinds":
        """The registry with a case's own kinds first: they win over the shipped ones."""
        return ClaimKinds(added + self.kinds)


def _tokens(field: str) -> frozenset[str]:
    return frozenset() if field == "-" else frozenset(field.split("|"))


def places_overlap(one: PlacePoint | None, other: PlacePoint | None) -> bool:
    """Whether two places may be one: either is unknown, they lie within NEAR_KM of
    each other, or they are of one country and either is that country."""
    if one is None or other is None:
        return True
    if "country" in (one.kind, other.kind) and one.country and one.country == other.country:
        return True
    return haversine_km(one.lat, one.lon, other.lat, other.lon) <= NEAR_KM


def observation_token(kind: str, negated: bool) -> str:
    """How the registry writes an observation: its event kind ("deploy"), or the kind
    denied ("deploy-": seen not to deploy)."""
    return f"{kind}-" if negated else kind


@cache
def shipped_kinds() -> ClaimKinds:
    return ClaimKinds(tuple(ClaimKind.from_line(line, KINDS_FILE)
                            for line in data_lines(KINDS_FILE)))


class ContradictionFinder:
    """Claims and evidence of the documents added so far, paired as they arrive.

    ``towards`` tells whether a movement heads towards the country at risk (it is
    given the event and its report); without it no movement counts as evidence.

    Evidence is held by what it bears on, ``(role, assertion key)``, by its kind and side,
    and by day. A claim's ``Nearest`` list waits on each day of its window, under the
    claim's side, and leaves a day once it is full with evidence nearer than that day: a
    new item is offered only to the lists that could take it. Sides count because an
    event bears on its own side's claims and words on the other sides', or on the one
    side they speak of (``_bears``): a
    list looks at those alone.
    """

    def __init__(self, *, before_days: int = 7, after_days: int = 60,
                 towards: Callable[[Event, Report], bool] | None = None,
                 kinds: ClaimKinds | None = None):
        self.kinds = kinds or shipped_kinds()
        self.before = dt.timedelta(days=before_days)
        self.after = dt.timedelta(days=after_days)
        self.towards = towards or (lambda event, report: False)
        # by the claim's reference and side: a joint act is a claim of each of its parties
        self.records: dict[tuple[Ref, str | None], ClaimRecord] = {}
        # (role, assertion key) -> (kind, side, about) -> day -> the evidence held (Items)
        self._evidence: defaultdict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        # (role, assertion key) -> side of the claims -> day -> the lists evidence may enter
        self._waiting: defaultdict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        self._shared: dict[tuple, Nearest] = {}  # (role, side, assertion, negated, span)

    # -- adding -----------------------------------------------------------------

    def add(self, report: Report) -> None:
        """Read a document's claims and evidence and pair them with what is held."""
        claims = self._claims(report)
        for item, buckets in self._evidence_of(report, claims):
            for bucket in buckets:
                self._evidence[bucket][item.kind, item.side, item.about][item.date].append(item)
                by_side = self._waiting.get(bucket, {})
                sides = [side for side in by_side
                         if _bears(item.kind, item.side, item.about, side)]
                for side in sides:
                    days = by_side.get(side)
                    waiting = days.get(item.date) if days else None
                    if waiting:  # lists that can no longer take the day's evidence leave it
                        waiting[:] = [nearest for nearest in waiting if nearest.offer(item)]
        for claim in claims:
            self.records[claim.item.ref, claim.item.side] = ClaimRecord(
                claim, self._nearest(claim, "against", self._anaphoric(report, claim)),
                self._nearest(claim, "confirming", []))

    def _nearest(self, claim: Claim, role: str, anaphoric: list[Item]) -> Nearest:
        """The claim's evidence list of the role: the one its like share, or a new one
        filled from the evidence held (its own where words in its document refute it)."""
        item = claim.item
        shared = (role, item.side, claim.assertion, claim.negated, item.date, item.date_end,
                  item.place)
        if not anaphoric and shared in self._shared:
            return self._shared[shared]
        # an undated claim of an undated document is dated date.min: its window starts there
        first = item.date - min(self.before, item.date - dt.date.min)
        nearest = Nearest(claim, role, first, item.date_end + self.after,
                          self.kinds.after(claim.assertion))
        for refutation in anaphoric:  # "evidence of it" counts whatever its date
            nearest.offer(refutation)
        bucket = (role, _key(claim, self.kinds))
        shelves = [days for (kind, side, about), days in self._evidence[bucket].items()
                   if _bears(kind, side, about, item.side)]
        waiting = self._waiting[bucket][item.side]
        for day in nearest.days():
            if not nearest.reaches(day):
                break  # the days come nearest first: no later one reaches either
            for days in shelves:
                for evidence in days.get(day, ()):
                    nearest.offer(evidence)
            waiting[day].append(nearest)  # left once it no longer reaches
        if not anaphoric:
            self._shared[shared] = nearest
        return nearest

    def contradictions(self) -> list[ClaimRecord]:
        """Claims with evidence against them, in the order of their dates."""
        return sorted((r for r in self.records.values() if r.nearest_against.evidence),
                      key=claim_order)

    # -- reading claims and evidence ------------------------------------------------

    def _claims(self, report: Report) -> list[Claim]:
        claimed, joint = {}, []
        for event in report.events:
            if len(event.parties) > 1 and event.modality in JOINT_MODALITIES:
                joint.append(event)
            elif event.modality == "claimed":
                claimed.setdefault(event.statement_id, []).append(event)
        claims = [self._claim(item, event.kind, event.negated, (item.ref,))
                  for event in joint for item in _party_items(event, report)]
        for statement in report.statements:
            events = [e for e in claimed.pop(statement.id, [])
                      if e.actor_side in (None, statement.speaker_side)]
            claim = self._claim_of(statement, events, report)
            if claim is not None:
                claims.append(claim)
        for event in claimed.get(None, []):  # claimed events outside any statement
            item = _event_item(event, report, None)
            if item.side:
                claims.append(self._claim(item, event.kind, event.negated, (item.ref,)))
        return claims

    def _claim_of(self, statement: Statement, events: list[Event],
                  report: Report) -> Claim | None:
        """The claim a statement makes: its proposition, where it speaks of the speaker's
        own side (a stance is of the side of the event its sentence carries, if any). Words
        alone (a stance) claim something only of a speaker who denies, speaks of itself
        ("we") or whose sentence carries an event; words that refute the proposition ("had not verified the withdrawal") never claim it (not
        for denials: "we have no plans to invade" holds the words of a refutation)."""
        said = statement.proposition
        if (said is None or not statement.speaker_side or said.side != statement.speaker_side
                or (statement.kind not in CLAIM_KINDS and not events)):
            return None
        if said.what in statement.asserts and not (
                statement.kind == "denial" or statement.first_person
                or any(_carries(statement, e) for e in report.events)):
            return None
        if said.what in statement.refutes and said.what != "no_attack":
            return None
        refs = tuple(Ref(report.doc_id, e.id) for e in events)
        return self._claim(_statement_item(statement, report, claimed=True), said.what,
                           said.negated, refs)

    def _claim(self, item: Item, what: str, negated: bool, refs: tuple[Ref, ...]) -> Claim:
        """A claim of the registry's kind the proposition makes, else of its own kind."""
        kind = self.kinds.kind_of(what, negated)
        return Claim(item, kind, False, refs) if kind else Claim(item, what, negated, refs)

    def _evidence_of(self, report: Report, claims: list[Claim]) -> list[tuple[Item, tuple]]:
        """The document's evidence, each item with the ``(role, assertion key)`` it bears on."""
        statements = {s.id: s for s in report.statements}
        # the claims' statements and events, all of this document: their ids will do
        claimed = {c.item.ref.item_id for c in claims} | {r.item_id for c in claims for r in c.events}
        found = []
        for event in report.events:
            said = statements.get(event.statement_id)
            if event.modality != "observed" or event.id in claimed:
                continue
            item = _event_item(event, report, said)
            # "we have not moved troops" against troops seen moving
            counts = event.negated or event.kind != "move" or self.towards(event, report)
            bears = _bears_on(self.kinds, event.kind, event.negated, counts)
            if said is not None and _alleged(event, said):  # its speaker's word, not a sighting
                item = _allegation(said, item, report)
                bears = tuple(bucket for bucket in bears if bucket[0] == "against")
            found.append((item, bears))
        for statement in report.statements:
            if statement.kind not in REFUTING_KINDS or statement.id in claimed:
                continue
            refuted = [a for a in statement.refutes if a != "it"]
            if refuted:
                found.append((_statement_item(statement, report),
                              tuple(("against", key) for key in refuted)))
        return found

    def _anaphoric(self, report: Report, claim: Claim) -> list[Item]:
        """Statements just after a claim that refute "it"."""
        end = claim.item.end
        return [_statement_item(statement, report) for statement in report.statements
                if end <= statement.start <= end + ANAPHORA_REACH
                and statement.speaker_side != claim.item.side
                and statement.kind in REFUTING_KINDS
                and "it" in statement.refutes]


@lru_cache(maxsize=1024)
def _bears_on(kinds: ClaimKinds, kind: str, negated: bool, counts: bool) -> tuple[tuple, ...]:
    """The ``(role, assertion key)`` an observed event of the kind bears on; ``counts``:
    whether a movement heads towards the country at risk (other kinds always count).
    A claim of no registered kind is met by its own kind: the opposite polarity goes
    against it, the same bears it out."""
    token = observation_token(kind, negated)
    against = {k.kind for k in kinds.kinds if token in k.against and counts}
    against.add((kind, not negated))
    confirms = {k.kind for k in kinds.kinds if token in k.confirms}
    confirms.add((kind, negated))
    return tuple([("against", key) for key in against]
                 + [("confirming", key) for key in confirms - against])


@lru_cache(maxsize=1024)
def _window(start: dt.date, end: dt.date, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """The days from first to last, those of the span start..end first, then the others
    nearest first. Cached: claims of one day share a window."""
    days = [start + away * ONE_DAY for away in range((end - start).days + 1)]
    before, after = (start - first).days, (last - end).days
    for away in range(1, max(before, after) + 1):
        if away <= before:
            days.append(start - away * ONE_DAY)
        if away <= after:
            days.append(end + away * ONE_DAY)
    return tuple(days)


def _alleged(event: Event, statement: Statement) -> bool:
    """Whether the event is only a party's allegation about another side: carried by its
    claim or accusation, the speaker not of the event's side (or of no known side)."""
    return statement.kind in ALLEGATION_KINDS and statement.speaker_side != event.actor_side


def _carries(statement: Statement, event: Event) -> bool:
    return event.statement_id == statement.id or (
        statement.start <= event.start and event.end <= statement.end)


def _bears(kind: str, side: str | None, about: str | None, claim_side: str | None) -> bool:
    """Whether evidence of the kind ("event" or "statement") and side bears on the claims
    of a side: an event on its own side's, words on the other sides', and only on the
    side they speak of where they name one ("every indication that Russia plans an
    attack" refutes no denial of Ukraine's)."""
    if kind == "event":
        return side == claim_side
    return side != claim_side and about in (None, claim_side)


def claim_order(record: ClaimRecord) -> tuple:
    """Claims listed by date, then document and place in it: not by arrival."""
    item = record.claim.item
    return item.date, item.ref.doc_id, item.start


def _key(claim: Claim, kinds: ClaimKinds):
    """What evidence must bear on to count for the claim: its kind of the registry (a
    proposition of no registered kind: its event kind and polarity)."""
    registered = not claim.negated and kinds.registered(claim.assertion)
    return claim.assertion if registered else (claim.assertion, claim.negated)


def _reason(claim: Claim, item: Item) -> str:
    wording = _wording()
    if item.kind == "statement":
        return wording["says"].format(source=item.label)
    seen = item.what.replace("_", "-")
    if claim.assertion == item.what and not claim.negated:  # seen not to do what it claimed
        seen = wording["no_event"].format(kind=seen)
    return wording["seen"].format(seen=seen, side=item.side, date=item.date,
                                  source=item.speaker or wording["the_press"])


@cache
def _wording() -> dict[str, str]:
    """The templates of ``contradiction_wording.tsv``; a missing one is an error naming it."""
    pack = LanguagePack.load(DEFAULT_LANGUAGE)
    wording = pack.pairs(WORDING_FILE)
    missing = sorted(set(WORDING_CODES) - set(wording))
    if missing:
        raise LanguagePackError(f"{pack.directory / WORDING_FILE}: missing {', '.join(missing)}")
    return wording


def _statement_item(statement: Statement, report: Report, *, claimed: bool = False) -> Item:
    """A statement as an item; as a claim, placed where its proposition is."""
    date, end = _span(statement.date, report)
    said = statement.proposition if claimed else None
    about = statement.proposition.side if statement.proposition else None
    return Item(Ref(report.doc_id, statement.id), "statement", statement.kind, statement.text,
                statement.start, statement.end, statement.speaker_side, statement.speaker,
                date, end, place=report.places.get(said.place or "") if said else None,
                about=None if about == statement.speaker_side else about)


def _allegation(statement: Statement, event: Item, report: Report) -> Item:
    """An event a party alleges of another side, as the party's words about that side:
    dated and placed as the event, counted against a claim as words are."""
    words = _statement_item(statement, report)
    return replace(words, about=event.side, place=event.place, date=event.date,
                   date_end=event.date_end, dated=event.dated, negated=event.negated,
                   alleged=event.what)


def _party_items(event: Event, report: Report) -> list[Item]:
    """A joint act as the act of each of its parties: "both sides agreed to disengage"
    binds each side, whoever reports it."""
    item = _event_item(event, report, None)
    return [replace(item, side=party, speaker=None) for party in event.parties]


def _event_item(event: Event, report: Report, statement: Statement | None) -> Item:
    when = event.time.start or (statement.date if statement else None)
    date, end = _span(when, report)
    speaker = statement.speaker if statement else report.publisher
    where = event.location or event.destination or event.origin
    return Item(Ref(report.doc_id, event.id), "event", event.kind, event.text, event.start,
                event.end, event.actor_side, speaker, date, end,
                place=report.places.get(where or ""), dated=event.time.start is not None,
                negated=event.negated)


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
