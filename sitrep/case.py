"""A case: a directory with ``case.yaml`` (what is watched) and, by default, its store.

The classes below are the schema of ``case.yaml``: each key is a field, its default is
declared there and nowhere else, and each value is checked by the validator its type
names. ``sitrep/data/case_template.yaml`` (what ``sitrep init`` writes) shows every key
with a comment; a test keeps its values equal to these defaults. Only ``name`` is
required.

How an indicator matches: the entries of one list are alternatives ("any of"), and
the keys are combined with "and", except that ``equipment`` and ``terms`` together say
what the sentence is about, so one hit in either is enough. An event trips the
indicator when its kind is one of ``kinds`` (if given) and its PLOVER code one of
``plover`` (if given) and its actor one of ``actors`` (if given) and it involves one of
``equipment`` or its sentence holds one of ``terms`` (if either is given) and its place
is ``within_km`` (if given) and its modality one of ``modalities``. An indicator needs
at least one of kinds, plover, equipment and terms, or it would match everything.

An invalid file raises CaseError naming the file and the key path, positions in
lists counted from 0: ``case.yaml: indicators[3].kinds[0]: 'withdrawl' is not an event
kind; known: deploy, withdraw, ...``; a file with several problems names each on a line.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, TypeAdapter, ValidationError, ValidationInfo
from pydantic import model_validator
from pydantic.dataclasses import dataclass
from pydantic_core import ArgsKwargs, PydanticCustomError

from sitrep.errors import CaseError
from sitrep.knowledge import DEFAULT_PACKS, equipment_categories
from sitrep.registry import vocabulary

CASE_FILE = "case.yaml"
TEMPLATE_FILE = "case_template.yaml"
DATABASE_URL_VARIABLE = "SITREP_DATABASE_URL"

MATCH_TARGETS = ("events", "statements", "contradictions")
WATCH_KINDS = ("feed", "page")

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_INDICATOR_ID = re.compile(r"^[a-z0-9-]+$")
_HYPOTHESIS_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$")
_EVIDENCE_ID = re.compile(r".+#[^#\s]+", re.DOTALL)  # the item id follows the last #
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_QUOTE_HINT = " (quote values YAML reads otherwise, e.g. 'NO', 'yes', '1.0')"
PROBLEM = "case_problem"  # the pydantic error type of this schema's own messages


# -- value checks: each raises a problem in the words shown to the user --------------


def _problem(message: str, *at: str | int) -> PydanticCustomError:
    """An error whose message is shown as is; ``at`` extends the key path it is raised at."""
    return PydanticCustomError(PROBLEM, "{problem}", {"problem": message, "at": at})


def _show(value: object) -> str:
    if value is None:
        return "null"
    return repr(value) if isinstance(value, str) else f"{value!r} ({type(value).__name__})"


def _mapping(value: object) -> dict:
    """A mapping whose keys are texts; None reads as empty."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _problem(f"expected a mapping of keys to values, not {_show(value)}")
    for key in value:
        if not isinstance(key, str):
            raise _problem(f"key {_show(key)} is not a text{_QUOTE_HINT}")
    return value


def _list_of(what: str) -> Callable[[object], list]:
    """A check that the value is a list (None reads as empty; code may give a tuple),
    naming ``what`` is expected."""
    def check(value: object) -> list | tuple:
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            raise _problem(f"expected {what}, not {_show(value)}")
        return value
    return check


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _problem(f"must be a non-empty text, not {_show(value)}{_QUOTE_HINT}"
                       if value is not None else "must be a non-empty text")
    return value.strip()


def _choice(allowed: tuple[str, ...] | Callable[[], tuple[str, ...]], what: str):
    """A check that the value is one of ``allowed`` (or of what it returns, read late)."""
    def check(value: object) -> str:
        known = allowed() if callable(allowed) else allowed
        if not isinstance(value, str) or value.strip() not in known:
            raise _problem(f"{_show(value)} is not {what}; known: {', '.join(known)}")
        return value.strip()
    return check


def _whole(minimum: int):
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            wanted = ("a positive whole number" if minimum == 1
                      else f"a whole number of at least {minimum}")
            raise _problem(f"must be {wanted}, not {_show(value)}")
        return value
    return check


def _fraction(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise _problem(f"must be a number above 0 and at most 1, not {_show(value)}")
    return float(value)


def _kilometres(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
        raise _problem(f"must be a positive number of kilometres, not {_show(value)}")
    return float(value)


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _problem(f"must be a date YYYY-MM-DD, not {value!r}") from None


def _country_code(value: object) -> str:
    if not (isinstance(value, str) and _COUNTRY_CODE.match(value)):
        raise _problem(f"must be an ISO alpha-2 code such as UA, not {_show(value)}")
    return value


def _region_code(code: str) -> str:
    if not _COUNTRY_CODE.match(code):
        raise _problem(f"{code!r} is not an ISO alpha-2 code such as UA")
    return code


def _id(pattern: re.Pattern, rule: str):
    def check(value: str) -> str:
        if not pattern.match(value):
            raise _problem(f"{value!r} {rule}")
        return value
    return check


def _duration(value: object) -> float:
    """Seconds from "30s", "15m", "1h" or "1d"."""
    found = _DURATION.match(value.strip()) if isinstance(value, str) else None
    if not found or float(found[1]) <= 0:
        raise _problem(f"must be a duration such as 30s, 15m, 1h or 1d, not {_show(value)}")
    return float(found[1]) * _SECONDS[found[2]]


def _http_url(url: str) -> str:
    if not re.match(r"^https?://[^\s/]+", url):
        raise _problem(f"{url!r} is not an http:// or https:// URL")
    return url


def _distances(value: object) -> tuple[float, ...]:
    """Positive distances in km, sorted, each once."""
    if not isinstance(value, (list, tuple)) or not value or any(
            isinstance(b, bool) or not isinstance(b, (int, float)) or not 0 < b < math.inf
            for b in value):
        raise _problem("expected a list of positive distances in km such as [50, 100, 200], "
                       f"not {_show(value)}")
    return tuple(sorted({float(b) for b in value}))


def _unique(items: tuple) -> tuple:
    return tuple(dict.fromkeys(items))


def _unique_ids(what: str):
    """A check that no two items of a list share an id."""
    def check(items: tuple) -> tuple:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                raise _problem(f"{item.id!r} is used by another {what}", i, "id")
            seen.add(item.id)
        return items
    return check


def _source_names(levels: dict[str, str]) -> dict[str, str]:
    """Source names, trimmed, none empty and none twice (names ignore case)."""
    seen: dict[str, str] = {}
    for name in levels:
        if not name.strip():
            raise _problem("a source name must not be empty")
        if name.strip().casefold() in seen:
            raise _problem(f"{seen[name.strip().casefold()]!r} and {name!r} name the same "
                           "source (names ignore case)")
        seen[name.strip().casefold()] = name
    return {name.strip(): level for name, level in levels.items()}


def _evidence_ids(overrides: dict) -> dict:
    for evidence in overrides:
        if not evidence.startswith("indicator:") and not _EVIDENCE_ID.fullmatch(evidence):
            raise _problem(f"{evidence!r} is not an evidence id: \"indicator:ID\" or "
                           "\"DOCNAME#ID\"")
    return overrides


def _known_hypotheses(ratings: dict[str, str], hypotheses: tuple[str, ...],
                      *at: str | int) -> None:
    for hypothesis in ratings:
        if hypothesis not in hypotheses:
            raise _problem(f"{hypothesis!r} is not a hypothesis id; known: "
                           f"{', '.join(hypotheses) or '(none: add hypotheses)'}", *at)


# -- the value types -------------------------------------------------------------------

Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(lambda v: None if v is None else _text(v))]
Texts = Annotated[tuple[Text, ...], BeforeValidator(_list_of("a list such as [a, b]")),
                  AfterValidator(_unique)]
# The registry's vocabularies are read when a value is checked, so a registry put in
# force later (sitrep.registry.use_vocabulary) is the one that counts.
Level = Annotated[str, BeforeValidator(_choice(lambda: tuple(vocabulary().levels), "a level"))]
Rating = Annotated[str, BeforeValidator(_choice(lambda: tuple(vocabulary().ratings),
                                                "a consistency rating"))]
Ratings = Annotated[dict[str, Rating], BeforeValidator(_mapping)]
Date = Annotated[dt.date | None, BeforeValidator(_date)]
Duration = Annotated[float, BeforeValidator(_duration)]
HttpUrl = Annotated[str, BeforeValidator(_text), AfterValidator(_http_url)]


def _choices(allowed, what: str):
    """A list type whose entries are each one of ``allowed``."""
    entry = Annotated[str, BeforeValidator(_choice(allowed, what))]
    return Annotated[tuple[entry, ...], BeforeValidator(_list_of("a list such as [a, b]")),
                     AfterValidator(_unique)]


# -- the sections ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    """A mapping of ``case.yaml``: None reads as empty, keys must be known fields."""

    @classmethod
    def file_keys(cls) -> tuple[str, ...]:
        return tuple(cls.__dataclass_fields__)

    @classmethod
    def _read(cls, data: dict, info: ValidationInfo) -> dict:
        """What the section's fields are made of, once the file's keys are checked."""
        return data

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, ArgsKwargs):  # made in code, not read from a file
            return data
        data = _mapping(data)
        known = cls.file_keys()
        unknown = [key for key in data if key not in known]
        if unknown:
            raise _problem(f"unknown key(s) {', '.join(map(repr, unknown))}; "
                           f"known: {', '.join(known)}")
        return cls._read(data, info)


@dataclass(frozen=True, slots=True)
class Period(Section):
    """The reports' time span."""

    start: Date = None
    end: Date = None

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        if self.start and self.end and self.end < self.start:
            raise _problem(f"{self.end} is before period.start {self.start}", "end")
        return self


@dataclass(frozen=True, slots=True)
class Credibility(Section):
    """How far a source is believed, by who speaks; ``sources`` names exceptions."""

    own_actions: Level = "low"  # an interested party speaking of its own side's actions
    third_party: Level = "medium"  # any other named speaker
    press: Level = "medium"  # the outlet's own account (no named speaker)
    sources: Annotated[dict[str, Level], BeforeValidator(_mapping),
                       AfterValidator(_source_names)] = field(default_factory=dict)

    def level(self, speaker: str | None, publisher: str | None, own_actions: bool) -> str:
        """The level of a report: a ``sources`` entry for the speaker, else for the
        publisher (names compared case-insensitively); else ``own_actions`` when an
        interested party speaks of its own side's actions, ``third_party`` for any other
        named speaker, ``press`` when no one is named."""
        by_name = {name.strip().casefold(): level for name, level in self.sources.items()}
        for name in (speaker, publisher):
            if name and name.strip().casefold() in by_name:
                return by_name[name.strip().casefold()]
        if own_actions:
            return self.own_actions
        return self.third_party if speaker else self.press


_CLAIM_TOKEN = re.compile(r"^[a-z][a-z_]*[+-]?$")
ClaimTokens = Annotated[tuple[Annotated[str, BeforeValidator(_text), AfterValidator(_id(
    _CLAIM_TOKEN, "is not a stance or an event kind, optionally stated (+) or denied (-), "
                  "such as construct-"))], ...],
    BeforeValidator(_list_of("a list such as [construct-, deploy]")), AfterValidator(_unique)]


@dataclass(frozen=True, slots=True)
class ClaimKindSpec(Section):
    """A case's own kind of claim, a row of ``contradiction_kinds.tsv`` written in YAML:
    the propositions that make it, the observations against it and those bearing it out."""

    kind: Annotated[str, BeforeValidator(_text), AfterValidator(_id(
        re.compile(r"^[a-z][a-z_]*$"), "is not a kind name (lower-case letters and '_')"))]
    made_by: ClaimTokens
    against: ClaimTokens
    confirms: ClaimTokens = ()

    @model_validator(mode="after")
    def _makes_and_meets(self) -> "ClaimKindSpec":
        if not self.made_by or not self.against:
            raise _problem(f"kind of claim {self.kind!r} needs made_by and against")
        return self


@dataclass(frozen=True, slots=True)
class Window(Section):
    """How far apart in time a claim and the evidence against it may be, and the case's
    own kinds of claim (checked before the shipped ones)."""

    before_days: Annotated[int, BeforeValidator(_whole(0))] = 7
    after_days: Annotated[int, BeforeValidator(_whole(0))] = 60
    kinds: Annotated[tuple[ClaimKindSpec, ...], BeforeValidator(
        _list_of("a list of {kind, made_by, against, confirms} mappings"))] = ()


@dataclass(frozen=True, slots=True)
class Corroboration(Section):
    """When a report counts as corroborated, and when two documents are one story."""

    sources: Annotated[int, BeforeValidator(_whole(1))] = 2  # independent sources
    near_duplicate: Annotated[float, BeforeValidator(_fraction)] = 0.6  # shingle Jaccard


@dataclass(frozen=True, slots=True)
class Hypothesis(Section):
    id: Annotated[str, BeforeValidator(_text), AfterValidator(_id(
        _HYPOTHESIS_ID, "is not a short id (letters, digits, '-', '_' or '.', at most 16, "
                        "such as H1)"))]
    name: Text
    description: OptionalText = None


@dataclass(frozen=True, slots=True)
class Indicator(Section):
    """A warning indicator: what it is matched against and how it bears on the hypotheses.

    Each non-empty tuple is an "any of"; the tuples are combined with "and".
    """

    id: Annotated[str, BeforeValidator(_text),
                  AfterValidator(_id(_INDICATOR_ID, "may hold only a-z, 0-9 and '-'"))]
    name: Text
    match: Annotated[str, BeforeValidator(_choice(MATCH_TARGETS, "a match target"))] = "events"
    kinds: Texts = ()  # event kinds, or statement kinds with match: statements
    plover: _choices(lambda: tuple(vocabulary().plover_types), "a PLOVER code") = ()
    actors: Texts = ()  # ISO alpha-2 codes or organisation names; empty: any
    equipment: _choices(equipment_categories, "an equipment category") = ()
    terms: Texts = ()  # their words in a row, in any case
    within_km: Annotated[float | None, BeforeValidator(_kilometres)] = None
    # only what was seen to happen is evidence, unless the case asks for more
    modalities: _choices(lambda: tuple(vocabulary().modalities), "a modality") = ("observed",)
    sources: Annotated[int | None, BeforeValidator(
        lambda v: None if v is None else _whole(1)(v))] = None  # None: the case's
    relevance: Level = "medium"
    consistency: Ratings = field(default_factory=dict)

    @model_validator(mode="after")
    def _a_rule_that_fits_the_match(self) -> Indicator:
        known, what = ((vocabulary().statement_kind_names, "a statement kind")
                       if self.match == "statements"
                       else (vocabulary().event_kind_names, "an event kind"))
        for i, kind in enumerate(self.kinds):
            if kind not in known:
                raise _problem(f"{kind!r} is not {what}; known: {', '.join(known)}", "kinds", i)
        if self.within_km is not None and self.match == "statements":
            raise _problem("statements have no place; use it with match: events or "
                           "contradictions", "within_km")
        if not (self.kinds or self.plover or self.terms or self.equipment):
            raise _problem(f"indicator {self.id!r} needs at least one of kinds, plover, terms "
                           "or equipment; without them it would match everything")
        if not self.modalities:
            raise _problem("must name at least one modality", "modalities")
        return self


@dataclass(frozen=True, slots=True)
class Denials(Section):
    """How a denial bears on each hypothesis, read as the truth and as deception."""

    truthful: Ratings = field(default_factory=dict)
    deceptive: Ratings = field(default_factory=dict)
    # whose denials these readings are about (ISO alpha-2 codes or organisation names);
    # empty: anyone's. A denial by a side unknown is never one of them.
    actors: Texts = ()


@dataclass(frozen=True, slots=True)
class AchSettings(Section):
    """How denials bear on the hypotheses, and the analyst's own ratings, by evidence id
    ("indicator:ID" or "DOCNAME#ID"), that win over computed ones."""

    denials: Denials = field(default_factory=Denials)
    overrides: Annotated[dict[str, Ratings], BeforeValidator(_mapping),
                         AfterValidator(_evidence_ids)] = field(default_factory=dict)


DEFAULT_EVERY = "30m"


@dataclass(frozen=True, slots=True)
class WatchSource(Section):
    """A feed or page ``sitrep watch`` polls, every ``every`` seconds."""

    url: HttpUrl
    kind: Annotated[str, BeforeValidator(_choice(WATCH_KINDS, "a source kind"))] = "feed"
    every: Duration = _duration(DEFAULT_EVERY)  # the section's default_every when it has one


@dataclass(frozen=True, slots=True)
class Backoff(Section):
    """After an error a source waits ``first`` seconds, doubling, at most ``max``."""

    first: Duration = _duration("1m")
    max: Duration = _duration("1h")

    @model_validator(mode="after")
    def _in_order(self) -> Backoff:
        if self.max < self.first:
            raise _problem(f"{self.max:g} s is shorter than watch.backoff.first "
                           f"({self.first:g} s)", "max")
        return self


@dataclass(frozen=True, slots=True)
class WatchSettings(Section):
    """What ``sitrep watch`` polls and where its alerts go; durations in seconds, ``log``
    relative to the case directory."""

    default_every: Duration = _duration(DEFAULT_EVERY)
    sources: Annotated[tuple[WatchSource, ...], BeforeValidator(
        _list_of("a list of {url, kind, every} mappings"))] = ()
    log: Text = "alerts.jsonl"
    webhook: Annotated[str | None, BeforeValidator(
        lambda v: None if v is None else _http_url(_text(v)))] = None
    backoff: Backoff = field(default_factory=Backoff)
    border_bands_km: Annotated[tuple[float, ...], BeforeValidator(_distances)] = (
        25.0, 50.0, 100.0, 200.0, 300.0, 500.0)  # a track alerts on entering a band

    @model_validator(mode="before")
    @classmethod
    def _sources_every_default_every(cls, data: Any) -> Any:
        """A source without ``every`` is polled every ``default_every``."""
        if not isinstance(data, dict) or data.get("default_every") is None:
            return data
        sources = data.get("sources")
        if isinstance(sources, list):
            sources = [{**item, "every": data["default_every"]}
                       if isinstance(item, dict) and item.get("every") is None else item
                       for item in sources]
        return {**data, "sources": sources}

    @model_validator(mode="after")
    def _each_url_once(self) -> WatchSettings:
        urls: set[str] = set()
        for i, source in enumerate(self.sources):
            if source.url in urls:
                raise _problem(f"{source.url!r} is listed twice", "sources", i, "url")
            urls.add(source.url)
        return self


@dataclass(frozen=True, slots=True)
class Case(Section):
    """A case's settings, as ``case.yaml`` gives them, and its directory."""

    directory: Path
    name: Text
    description: OptionalText = None  # one sentence
    period: Period = field(default_factory=Period)
    country_at_risk: Annotated[str | None, BeforeValidator(
        lambda v: None if v is None else _country_code(v))] = None
    capital: OptionalText = None
    region_of_interest: Annotated[
        tuple[Annotated[str, BeforeValidator(_text), AfterValidator(_region_code)], ...],
        BeforeValidator(_list_of("a list such as [a, b]")), AfterValidator(_unique)] = ()
    actors: Texts = ()
    credibility: Credibility = field(default_factory=Credibility)
    contradictions: Window = field(default_factory=Window)
    corroboration: Corroboration = field(default_factory=Corroboration)
    hypotheses: Annotated[tuple[Hypothesis, ...], BeforeValidator(
        _list_of("a list of {id, name, description} mappings")),
        AfterValidator(_unique_ids("hypothesis"))] = ()
    indicators: Annotated[tuple[Indicator, ...], BeforeValidator(
        _list_of("a list of indicator mappings")),
        AfterValidator(_unique_ids("indicator"))] = ()
    ach: AchSettings = field(default_factory=AchSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)
    # The knowledge packs it names (docs/knowledge-packs.md): shipped names or paths;
    # general and the case's pack/ are always loaded.
    packs: Texts = DEFAULT_PACKS

    @classmethod
    def file_keys(cls) -> tuple[str, ...]:
        return tuple(key for key in cls.__dataclass_fields__ if key != "directory")

    @classmethod
    def _read(cls, data: dict, info: ValidationInfo) -> dict:
        """The directory comes with the file (in the context), not in it."""
        return {**data, "directory": info.context["directory"]} if info.context else data

    @model_validator(mode="after")
    def _known_references(self) -> Case:
        hypotheses = tuple(h.id for h in self.hypotheses)
        for i, indicator in enumerate(self.indicators):
            _known_hypotheses(indicator.consistency, hypotheses, "indicators", i, "consistency")
        for reading in ("truthful", "deceptive"):
            _known_hypotheses(getattr(self.ach.denials, reading), hypotheses,
                              "ach", "denials", reading)
        indicators = [i.id for i in self.indicators]
        for evidence, ratings in self.ach.overrides.items():
            if evidence.startswith("indicator:") and \
                    evidence.removeprefix("indicator:") not in indicators:
                raise _problem(f"{evidence!r} names no indicator; known: "
                               f"{', '.join(indicators) or '(none)'}", "ach", "overrides")
            _known_hypotheses(ratings, hypotheses, "ach", "overrides", evidence)
        return self

    def watched_countries(self) -> tuple[str, ...]:
        """The countries the case watches: they settle ambiguous place names."""
        at_risk = (self.country_at_risk,) if self.country_at_risk else ()
        return tuple(dict.fromkeys(at_risk + self.region_of_interest))

    def sources_needed(self, indicator: Indicator) -> int:
        """Independent sources that corroborate this indicator (its own or the case's)."""
        return indicator.sources or self.corroboration.sources

    def database_url(self) -> str:
        """``SITREP_DATABASE_URL`` if set, else ``sitrep.db`` in the case directory."""
        from sitrep.store.location import sqlite_url

        return os.environ.get(DATABASE_URL_VARIABLE) or sqlite_url(self.directory)


KNOWN_KEYS = Case.file_keys()
_CASE = TypeAdapter(Case)


# -- reading and writing case.yaml -------------------------------------------------------


def load_case(directory: Path) -> Case:
    """The case in a directory; a directory without ``case.yaml`` is a case named after it."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise CaseError(f"{directory}: not a directory")
    path = directory / CASE_FILE
    if not path.exists():
        return Case(directory=directory, name=directory.resolve().name or "sitrep")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CaseError(f"{path}: cannot read: {error.strerror or error}") from None
    return parse_case(read_yaml(text, path), directory=directory, path=path)


def read_yaml(text: str, path: Path) -> object:
    """The YAML in ``text``; CaseError naming ``path`` when it is not YAML."""
    import yaml

    try:
        return yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:  # ValueError: impossible dates
        raise CaseError(f"{path}: cannot read YAML: {error}") from None


def parse_case(data: object, *, directory: Path, path: Path) -> Case:
    """A Case from the parsed YAML; CaseError names the file and each bad key."""
    try:
        return _CASE.validate_python(data, context={"directory": Path(directory)})
    except ValidationError as error:
        raise CaseError("\n".join(f"{path}: {problem}" for problem in _problems(error))) from None


def _problems(error: ValidationError) -> list[str]:
    """Each problem as "key.path[0].key: what is wrong"."""
    problems = []
    for found in error.errors(include_url=False):
        location = found["loc"] + tuple(found.get("ctx", {}).get("at", ()))
        if found["type"] == PROBLEM:
            problem = found["msg"]
        elif found["type"] == "missing":
            problem = "is required"
        else:  # pydantic's own words: a check above should have caught it first
            problem = f"{found['msg']}, not {_show(found['input'])}"
        key = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location)
        problems.append(f"{key.removeprefix('.')}: {problem}" if key else problem)
    return problems


def case_template(name: str) -> str:
    """The starter ``case.yaml`` with ``name`` filled in as a quoted YAML scalar."""
    import yaml

    from sitrep.data import data_text

    if not name.strip():
        raise CaseError("a case name must not be empty")
    scalar = yaml.safe_dump(name.strip(), default_style='"', allow_unicode=True,
                            width=math.inf).strip()
    text, count = re.subn(r"^name: .*$", lambda _: f"name: {scalar}", data_text(TEMPLATE_FILE),
                          count=1, flags=re.MULTILINE)
    if count != 1:
        raise CaseError(f"{TEMPLATE_FILE}: the template has no 'name:' line")
    return text


def init_case(directory: Path, name: str | None = None, *, force: bool = False) -> Path:
    """Write a starter ``case.yaml`` into ``directory`` (made if missing); its path.

    An existing ``case.yaml`` is kept (CaseError) unless ``force``.
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise CaseError(f"{directory}: not a directory")
    path = directory / CASE_FILE
    if path.exists() and not force:
        raise CaseError(f"{path}: already exists; use --force to overwrite it")
    text = case_template(name or directory.resolve().name or "sitrep")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CaseError(f"{path}: cannot write: {error.strerror or error}") from None
    return path
