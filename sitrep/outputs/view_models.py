"""The shapes of the views (``views.py``) and the brief's JSON: what the dashboard's API
answers, what the offline report inlines, and what the front end codes against.

The views build plain dicts and lists; these models describe them (the web app
publishes them at ``/openapi.json``) rather than build them, and the tests check
every answer against them. Unknown keys are refused, so a key added to a view must be
added here too.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sitrep import registry
from sitrep.registry import vocabulary

LINKS_PER_ROW = 25  # links to sentences per ACH row; its citations name every one
CLEAR_RATING = "NA"  # sent instead of a rating: the analyst's rating goes, the computed applies
# The enumerations /openapi.json publishes, from the package's registry.
Rating = Literal[(*vocabulary().ratings, CLEAR_RATING)]
IndicatorStatus = Literal[tuple(vocabulary().indicator_statuses)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Link(Model):
    """Where a statement or event was read: its document, the offsets of its sentence, and
    what every output cites it by (publisher, publication date, article)."""

    ref: str = Field(description='"DOCNAME#ID", as the brief cites it')
    doc_id: str
    item_id: str
    start: int
    end: int
    publisher: str | None
    published: str | None = Field(description="YYYY-MM-DD: the document's publication date, "
                                               "the date every output cites the item by")
    reported_for: str | None = Field(description="the date the item gives itself (to its "
                                                  "precision), shown as \"reported for\"")
    document: str = Field(description="the document's name (DOCNAME of the ref)")
    title: str | None = Field(description="the article's headline, where known")
    url: str | None = Field(description="the article's address; none for a local file")
    sentence_url: str | None = Field(description="the address with a text fragment that "
                                                  "opens the article at the sentence")


class Item(Link):
    """A statement or event, ready to show beside its sentence."""

    type: Literal["event", "statement"]
    date: str | None = Field(description="YYYY-MM-DD: the item's own date, else the "
                                          "document's publication date")
    precision: str | None = Field(description='day, month or year; "published" where the '
                                               "publication date stands in")
    kind: str
    modality: str | None = Field(description="events only")
    negated: bool | None = Field(description="events only")
    actor: str | None = Field(description="events only")
    speaker: str | None = Field(description="statements only")
    side: str | None = Field(description="the actor's or speaker's state (ISO code) or alliance")
    source: str | None = Field(description="the publisher (the timeline's filter name)")
    text: str


class Evidence(Item):
    reason: str


class Facets(Model):
    actors: list[str]
    kinds: list[str]
    modalities: list[str]
    sources: list[str]


class Claim(Model):
    """A claim beside the evidence against it and bearing it out."""

    claim: Item
    against: list[Evidence]
    confirming: list[Evidence]
    status: Literal["contradicted", "confirmed", "open"]


class Total(Model):
    items: int
    claims: int


class Timeline(Model):
    items: list[Item] = Field(description="by date, undated last; one page of them")
    total: Total = Field(description="how many items and claims match the filters")
    facets: Facets = Field(description="the filter values found as of the date")
    claims: list[Claim] = Field(description="claims whose own item matches the filters")


class Contradiction(Model):
    why: str
    status: Literal["contradicted", "confirmed", "open"]
    side: str | None
    sources: int = Field(description="independent sources of the evidence against it: "
                                     "copies of one story or one agency's wire count once")
    claim: Item
    against: list[Evidence]
    confirming: list[Evidence]


class SourceRecord(Model):
    source: str
    side: str | None
    contradicted: int
    confirmed: int
    open: int


class Contradictions(Model):
    contradictions: list[Contradiction]
    total: int = Field(description="how many contradicted claims there are in all")
    sources: list[SourceRecord]


class IndicatorHit(Link):
    text: str
    date: str | None
    speaker: str | None
    against: bool = Field(description="a negated match: counts against the indicator")


class Indicator(Model):
    id: str
    name: str
    status: IndicatorStatus
    sources: int
    sources_against: int
    first_seen: str | None
    last_seen: str | None
    evidence: list[str] = Field(description='"DOCNAME#ID" of the first hits (query parameter '
                                            'hits), as in the brief')
    evidence_total: int = Field(description="how many hits there are in all")
    hits: list[IndicatorHit] = Field(description="the first hits (query parameter hits), "
                                                 "each linked to its sentence")


class Indicators(Model):
    indicators: list[Indicator]


class Hypothesis(Model):
    id: str
    name: str
    description: str | None


class AchRow(Model):
    id: str = Field(description='"indicator:ID", or "DOCNAME#ID:truthful|deceptive" for a '
                                "denial; the row to name in PUT /api/ach/ratings")
    label: str
    ratings: dict[str, str] = Field(description="hypothesis id -> rating in force; "
                                                "a hypothesis left out is N")
    overrides: dict[str, str] = Field(description="the analyst's ratings among them "
                                                  "(from case.yaml ach.overrides)")
    credibility: str
    relevance: str
    reading: Literal["truthful", "deceptive"] | None
    citations: list[str] = Field(description='"DOCNAME#ID" of every item it rests on')
    sources: int | None = Field(description="independent sources behind it: copies of "
                                            "one story or one agency's wire count once")
    evidence: list[Link] = Field(description=f"links to the first {LINKS_PER_ROW} of them")


class Score(Model):
    id: str
    name: str
    inconsistency: float
    consistency: float
    share: float
    rank: int


class Diagnostic(Model):
    id: str
    label: str
    diagnosticity: float
    supports_most: list[str]
    undermines_most: list[str]


class Sensitivity(Model):
    name: str
    ranking: list[str]
    leader_changes: bool
    order_changes: bool
    dropped: int


class Ach(Model):
    hypotheses: list[Hypothesis]
    rows: list[AchRow] = Field(description="one page (limit, offset) of evidence_count rows")
    scores: list[Score] = Field(description="in rank order")
    leader: str | None = Field(description="None until some evidence bears on the hypotheses")
    leader_words: str | None = Field(description="words of likelihood, only for a clear "
                                                 "leader: alone ahead, over half the weight")
    tied: list[str] = Field(description="the hypotheses tied for the lead, else empty")
    evidence_count: int
    most_diagnostic: list[Diagnostic]
    sensitivity: list[Sensitivity]
    ratings: list[Rating] = Field(description="what PUT /api/ach/ratings accepts; NA removes "
                                              "the analyst's rating")


class Feature(Model):
    type: Literal["Feature"]
    id: str | None = None
    geometry: dict[str, Any]
    properties: dict[str, Any]


class FeatureCollection(Model):
    type: Literal["FeatureCollection"]
    features: list[Feature]


class MapTotal(Model):
    events: int = Field(description="located events in all")
    tracks: int = Field(description="tracks in all")


class Map(Model):
    countries: FeatureCollection = Field(description="Natural Earth 1:110m outlines; "
                                                     "properties iso2, name, at_risk, "
                                                     "in_region (case.yaml's country at "
                                                     "risk and region_of_interest)")
    events: FeatureCollection = Field(description="as sitrep export --format geojson: a "
                                                  "Point per located event (properties "
                                                  "layer event, ref, doc_id, item_id, kind, "
                                                  "modality, negated, place, place_kind, "
                                                  "time_start; the offline report's carry "
                                                  "the whole link), a LineString per track "
                                                  "(properties.layer track, with points: "
                                                  "ref, doc_id, item_id, place, date); "
                                                  "GET /api/items gives an event's or a "
                                                  "point's link and sentence; "
                                                  "the latest located events and the "
                                                  "longest tracks only (query parameters "
                                                  "events, tracks, bbox)")
    total: MapTotal


class Brief(Model):
    """``sitrep brief --format json`` (see sitrep/outputs/brief.py)."""

    case: str
    as_of: str | None
    documents: int
    published: list[str | None]
    publishers: dict[str, int]
    bottom_line: str
    new: dict[str, Any]
    contradictions: list[dict[str, Any]]
    contradictions_total: int
    tracks: list[dict[str, Any]]
    tracks_total: int
    indicators: list[dict[str, Any]]
    ach: dict[str, Any] | None
    sources: list[dict[str, Any]]
    statements: list[dict[str, Any]]


class Vocabulary(Model):
    """The registry's closed vocabularies, as the front end draws them: labels, map
    shapes and colours of the kinds, modality markers, the rating scale."""

    event_kinds: dict[str, registry.EventKind]
    statement_kinds: dict[str, registry.StatementKind]
    modalities: dict[str, registry.Modality]
    ratings: dict[str, registry.Rating] = Field(description="in order, best fit first")
    default_rating: str = Field(description="the rating of a hypothesis a row leaves out")
    indicator_statuses: dict[str, registry.IndicatorStatus]
