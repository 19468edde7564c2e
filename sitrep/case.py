"""A case: a directory with ``case.yaml`` (what is watched) and, by default, its store.

``case.yaml`` keys; only ``name`` is required, every other key has the default shown
(``sitrep init`` writes a commented starter, ``sitrep/data/case_template.yaml``)::

    name: Ukraine 2022
    description: one sentence
    period: {start: 2021-11-01, end: 2022-02-24}
    country_at_risk: UA            # ISO 3166-1 alpha-2
    capital: Kyiv
    region_of_interest: [UA, RU, BY]
    actors: [Russia, Ukraine, NATO]
    credibility:                   # low | medium | high; ACH weights 1/√2, 1, √2
      own_actions: low             # an interested party speaking of its own side's actions
      third_party: medium          # any other named speaker
      press: medium                # the outlet's own account (no named speaker)
      sources: {}                  # speaker or publisher -> level, e.g. {TASS: low}
    contradictions: {before_days: 7, after_days: 60}   # evidence this far before/after a claim
    corroboration: {sources: 2, near_duplicate: 0.6}   # independent sources; Jaccard of shingles
    hypotheses:                    # ACH; ids short and unique
      - {id: H1, name: Coercive diplomacy without war, description: ...}
    indicators:                    # indicators and warnings
      - id: heavy-equipment-to-border                  # [a-z0-9-]+, unique
        name: Heavy equipment moved towards the border
        match: events              # events | statements | contradictions
        kinds: [move, deploy]      # event kinds (statement kinds for match: statements)
        plover: []                 # PLOVER codes
        actors: []                 # ISO alpha-2 codes or organisation names; empty = any
        equipment: []              # equipment categories (armour, artillery, ...)
        terms: []                  # key terms: their words in a row, in any case
        within_km: null            # distance from the border of the country at risk
        modalities: [observed, claimed, planned]
        sources: null              # sources to corroborate; null = corroboration.sources
        relevance: medium          # low | medium | high
        consistency: {H1: I}       # hypothesis id -> CC | C | N | I | II
    ach:
      denials: {truthful: {H1: C}, deceptive: {H1: I}}   # a denial read both ways
      overrides: {}                # "indicator:ID" or "DOCNAME#ID" -> {hypothesis id: rating}
    watch:                         # `sitrep watch` (docs/watch.md)
      sources:                     # polled on a schedule; kind: feed | page
        - {url: https://example.org/feed.xml, kind: feed, every: 15m}
      default_every: 30m           # durations: 30s, 15m, 1h, 1d
      log: alerts.jsonl            # append-only alert log, relative to the case directory
      webhook: null                # http(s) URL each alert is POSTed to as JSON
      backoff: {first: 1m, max: 1h}   # after an error: first, doubling, at most max
      border_bands_km: [25, 50, 100, 200, 300, 500]   # a track alerts on entering a band
    packs: [europe-security]       # knowledge packs (docs/knowledge-packs.md); general and
                                   # the case's pack/ are always loaded; no key: europe-security

How an indicator matches: the entries of one list are alternatives ("any of"), and
the keys are combined with "and", except that ``equipment`` and ``terms`` together say
what the sentence is about, so one hit in either is enough. An event trips the
indicator when its kind is one of ``kinds`` (if given) and its PLOVER code one of
``plover`` (if given) and its actor one of ``actors`` (if given) and it involves one of
``equipment`` or its sentence holds one of ``terms`` (if either is given) and its place
is ``within_km`` (if given) and its modality one of ``modalities``. An indicator needs
at least one of kinds, plover, equipment and terms, or it would match everything.

An invalid file raises CaseError naming the file and the key path, positions in
lists counted from 0: ``case.yaml: indicators[3].kinds: 'withdrawl' is not an event
kind; known: deploy, withdraw, ...``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from sitrep.errors import CaseError
from sitrep.registry import vocabulary

CASE_FILE = "case.yaml"
TEMPLATE_FILE = "case_template.yaml"
DATABASE_URL_VARIABLE = "SITREP_DATABASE_URL"
KNOWN_KEYS = ("name", "description", "period", "country_at_risk", "capital",
              "region_of_interest", "actors", "credibility", "contradictions",
              "corroboration", "hypotheses", "indicators", "ach", "watch", "packs")

MATCH_TARGETS = ("events", "statements", "contradictions")
DEFAULT_MODALITIES = ("observed", "claimed", "planned")

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_INDICATOR_ID = re.compile(r"^[a-z0-9-]+$")
_HYPOTHESIS_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
WATCH_KINDS = ("feed", "page")
_QUOTE_HINT = " (quote values YAML reads otherwise, e.g. 'NO', 'yes', '1.0')"


@dataclass(frozen=True, slots=True)
class Credibility:
    """How far a source is believed, by who speaks; ``sources`` names exceptions."""

    own_actions: str = "low"
    third_party: str = "medium"
    press: str = "medium"
    sources: dict[str, str] = field(default_factory=dict)

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


@dataclass(frozen=True, slots=True)
class Window:
    """How far apart in time a claim and the evidence against it may be."""

    before_days: int = 7
    after_days: int = 60


@dataclass(frozen=True, slots=True)
class Hypothesis:
    id: str
    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A warning indicator: what it is matched against and how it bears on the hypotheses.

    Each non-empty tuple is an "any of"; the tuples are combined with "and".
    """

    id: str
    name: str
    match: str = "events"
    kinds: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    within_km: float | None = None
    modalities: tuple[str, ...] = DEFAULT_MODALITIES
    sources: int | None = None
    relevance: str = "medium"
    consistency: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AchSettings:
    """How denials bear on each hypothesis (read as truthful and as deceptive), and the
    analyst's own ratings, by evidence id, that win over computed ones."""

    denials_truthful: dict[str, str] = field(default_factory=dict)
    denials_deceptive: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WatchSource:
    """A feed or page ``sitrep watch`` polls, every ``every`` seconds."""

    url: str
    kind: str = "feed"
    every: float = 1800.0


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """What ``sitrep watch`` polls and where its alerts go; durations in seconds, ``log``
    relative to the case directory."""

    sources: tuple[WatchSource, ...] = ()
    default_every: float = 1800.0
    log: str = "alerts.jsonl"
    webhook: str | None = None
    backoff_first: float = 60.0
    backoff_max: float = 3600.0
    border_bands_km: tuple[float, ...] = (25.0, 50.0, 100.0, 200.0, 300.0, 500.0)


@dataclass(slots=True, frozen=True)
class Case:
    directory: Path
    name: str
    description: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    country_at_risk: str | None = None
    capital: str | None = None
    region_of_interest: tuple[str, ...] = ()
    actors: tuple[str, ...] = field(default_factory=tuple)
    credibility: Credibility = field(default_factory=Credibility)
    window: Window = field(default_factory=Window)
    corroboration_sources: int = 2
    near_duplicate: float = 0.6
    hypotheses: tuple[Hypothesis, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    ach: AchSettings = field(default_factory=AchSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)
    packs: tuple[str, ...] | None = None  # knowledge packs case.yaml names; None: no such key

    def watched_countries(self) -> tuple[str, ...]:
        """The countries the case watches: they settle ambiguous place names."""
        at_risk = (self.country_at_risk,) if self.country_at_risk else ()
        return tuple(dict.fromkeys(at_risk + self.region_of_interest))

    def sources_needed(self, indicator: Indicator) -> int:
        """Independent sources that corroborate this indicator (its own or the case's)."""
        return indicator.sources or self.corroboration_sources

    def database_url(self) -> str:
        """``SITREP_DATABASE_URL`` if set, else ``sitrep.db`` in the case directory."""
        from sitrep.store.store import sqlite_url

        return os.environ.get(DATABASE_URL_VARIABLE) or sqlite_url(self.directory)


def load_case(directory: Path) -> Case:
    """The case in a directory; a directory without ``case.yaml`` is a case named after it."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise CaseError(f"{directory}: not a directory")
    path = directory / CASE_FILE
    if not path.exists():
        return Case(directory=directory, name=directory.resolve().name or "sitrep")
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as error:  # ValueError: impossible dates
        raise CaseError(f"{path}: cannot read YAML: {error}") from None
    return parse_case(data, directory=directory, path=path)


def parse_case(data: object, *, directory: Path, path: Path) -> Case:
    """A Case from the parsed YAML; CaseError names the file and the bad key."""
    return _Reader(path).case(data, directory)


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


def _levels() -> tuple[str, ...]:
    return tuple(vocabulary().levels)


def _show(value: object) -> str:
    if value is None:
        return "null"
    return repr(value) if isinstance(value, str) else f"{value!r} ({type(value).__name__})"


class _Reader:
    """Reads the parsed YAML; every error names the file and the key path."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, problem: str) -> NoReturn:
        raise CaseError(f"{self.path}: {key}: {problem}" if key else f"{self.path}: {problem}")

    # -- generic readers ------------------------------------------------------------

    def mapping(self, value: object, key: str, known: tuple[str, ...] | None = None) -> dict:
        """A mapping (None reads as empty) whose keys are texts, among ``known`` if given."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping of keys to values, not {_show(value)}")
        for k in value:
            if not isinstance(k, str):
                self.fail(key, f"key {_show(k)} is not a text{_QUOTE_HINT}")
        if known is not None:
            unknown = [k for k in value if k not in known]
            if unknown:
                self.fail(key, f"unknown key(s) {', '.join(map(repr, unknown))}; "
                               f"known: {', '.join(known)}")
        return value

    def text(self, value: object, key: str, *, required: bool = False) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"must be a non-empty text, not {_show(value)}{_QUOTE_HINT}"
                      if value is not None else "must be a non-empty text")
        return value.strip()

    def texts(self, value: object, key: str) -> tuple[str, ...]:
        """A list of non-empty texts; None reads as empty."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, f"expected a list such as [a, b], not {_show(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{key}[{i}]", f"must be a non-empty text, not {_show(item)}"
                          + _QUOTE_HINT)
        return tuple(dict.fromkeys(item.strip() for item in value))

    def choice(self, value: object, key: str, allowed: tuple[str, ...], what: str) -> str:
        if value not in allowed or not isinstance(value, str):
            self.fail(key, f"{_show(value)} is not {what}; known: {', '.join(allowed)}")
        return value

    def choices(self, value: object, key: str, allowed: tuple[str, ...],
                what: str) -> tuple[str, ...]:
        items = self.texts(value, key)
        for i, item in enumerate(value or ()):
            self.choice(item.strip(), f"{key}[{i}]", allowed, what)
        return items

    def integer(self, value: object, key: str, *, minimum: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            wanted = "a positive whole number" if minimum == 1 else \
                f"a whole number of at least {minimum}"
            self.fail(key, f"must be {wanted}, not {_show(value)}")
        return value

    def ratings(self, value: object, key: str, hypotheses: tuple[str, ...]) -> dict[str, str]:
        """Hypothesis id -> consistency rating, every id a known hypothesis."""
        ratings = self.mapping(value, key)
        for hypothesis, rating in ratings.items():
            if hypothesis not in hypotheses:
                self.fail(key, f"{hypothesis!r} is not a hypothesis id; known: "
                               f"{', '.join(hypotheses) or '(none: add hypotheses)'}")
            self.choice(rating, f"{key}.{hypothesis}", tuple(vocabulary().ratings),
                        "a consistency rating")
        return dict(ratings)

    # -- the sections ---------------------------------------------------------------

    def case(self, data: object, directory: Path) -> Case:
        if not isinstance(data, dict):
            self.fail("", "expected a mapping of keys to values")
        data = self.mapping(data, "", KNOWN_KEYS)
        name = self.text(data.get("name"), "name", required=True)
        period = self.mapping(data.get("period"), "period", ("start", "end"))
        start, end = (self.date(period.get(k), f"period.{k}") for k in ("start", "end"))
        if start and end and end < start:
            self.fail("period.end", f"{end} is before period.start {start}")
        country = data.get("country_at_risk")
        if country is not None and not (isinstance(country, str) and _COUNTRY_CODE.match(country)):
            self.fail("country_at_risk",
                      f"must be an ISO alpha-2 code such as UA, not {_show(country)}")
        region = self.texts(data.get("region_of_interest"), "region_of_interest")
        for i, code in enumerate(region):
            if not _COUNTRY_CODE.match(code):
                self.fail(f"region_of_interest[{i}]",
                          f"{code!r} is not an ISO alpha-2 code such as UA")
        corroboration = self.mapping(data.get("corroboration"), "corroboration",
                                     ("sources", "near_duplicate"))
        hypotheses = self.hypotheses(data.get("hypotheses"))
        ids = tuple(h.id for h in hypotheses)
        indicators = self.indicators(data.get("indicators"), ids)
        return Case(
            directory=directory, name=name,
            description=self.text(data.get("description"), "description"),
            period_start=start, period_end=end, country_at_risk=country,
            capital=self.text(data.get("capital"), "capital"),
            region_of_interest=region,
            actors=self.texts(data.get("actors"), "actors"),
            credibility=self.credibility(data.get("credibility")),
            window=self.window(data.get("contradictions")),
            corroboration_sources=self.integer(corroboration.get("sources", 2),
                                               "corroboration.sources", minimum=1),
            near_duplicate=self.fraction(corroboration.get("near_duplicate", 0.6),
                                         "corroboration.near_duplicate"),
            hypotheses=hypotheses, indicators=indicators,
            ach=self.ach(data.get("ach"), ids, tuple(i.id for i in indicators)),
            watch=self.watch(data.get("watch")),
            packs=self.texts(data["packs"], "packs") if "packs" in data else None)

    def date(self, value: object, key: str) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"must be a date YYYY-MM-DD, not {value!r}")

    def fraction(self, value: object, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            self.fail(key, f"must be a number above 0 and at most 1, not {_show(value)}")
        return float(value)

    def credibility(self, value: object) -> Credibility:
        key = "credibility"
        known = ("own_actions", "third_party", "press", "sources")
        section = self.mapping(value, key, known)
        levels = {k: self.choice(section.get(k, default), f"{key}.{k}", _levels(), "a level")
                  for k, default in zip(known[:3], ("low", "medium", "medium"))}
        sources = self.mapping(section.get("sources"), f"{key}.sources")
        seen: dict[str, str] = {}
        for name, level in sources.items():
            if not name.strip():
                self.fail(f"{key}.sources", "a source name must not be empty")
            if name.strip().casefold() in seen:
                self.fail(f"{key}.sources", f"{seen[name.strip().casefold()]!r} and {name!r} "
                                            "name the same source (names ignore case)")
            seen[name.strip().casefold()] = name
            self.choice(level, f"{key}.sources.{name}", _levels(), "a level")
        return Credibility(**levels, sources={n.strip(): lv for n, lv in sources.items()})

    def window(self, value: object) -> Window:
        section = self.mapping(value, "contradictions", ("before_days", "after_days"))
        return Window(*(self.integer(section.get(k, default), f"contradictions.{k}", minimum=0)
                        for k, default in (("before_days", 7), ("after_days", 60))))

    def duration(self, value: object, key: str) -> float:
        """Seconds from "30s", "15m", "1h" or "1d"."""
        found = _DURATION.match(value.strip()) if isinstance(value, str) else None
        if not found or float(found[1]) <= 0:
            self.fail(key, f"must be a duration such as 30s, 15m, 1h or 1d, not {_show(value)}")
        return float(found[1]) * _SECONDS[found[2]]

    def http_url(self, value: object, key: str) -> str:
        url = self.text(value, key, required=True)
        if not re.match(r"^https?://[^\s/]+", url):
            self.fail(key, f"{url!r} is not an http:// or https:// URL")
        return url

    def watch(self, value: object) -> WatchSettings:
        section = self.mapping(value, "watch", ("sources", "default_every", "log", "webhook",
                                                "backoff", "border_bands_km"))
        defaults = WatchSettings()
        every = self.duration(section.get("default_every", "30m"), "watch.default_every")
        backoff = self.mapping(section.get("backoff"), "watch.backoff", ("first", "max"))
        first = self.duration(backoff.get("first", "1m"), "watch.backoff.first")
        longest = self.duration(backoff.get("max", "1h"), "watch.backoff.max")
        if longest < first:
            self.fail("watch.backoff.max", f"{longest:g} s is shorter than "
                                           f"watch.backoff.first ({first:g} s)")
        sources = section.get("sources")
        if sources is not None and not isinstance(sources, list):
            self.fail("watch.sources", f"expected a list of {{url, kind, every}} mappings, "
                                       f"not {_show(sources)}")
        watched: list[WatchSource] = []
        for i, item in enumerate(sources or ()):
            key = f"watch.sources[{i}]"
            item = self.mapping(item, key, ("url", "kind", "every"))
            url = self.http_url(item.get("url"), f"{key}.url")
            if any(source.url == url for source in watched):
                self.fail(f"{key}.url", f"{url!r} is listed twice")
            watched.append(WatchSource(
                url, self.choice(item.get("kind", "feed"), f"{key}.kind", WATCH_KINDS,
                                 "a source kind"),
                every if item.get("every") is None else self.duration(item["every"],
                                                                      f"{key}.every")))
        bands = section.get("border_bands_km", list(defaults.border_bands_km))
        if not isinstance(bands, list) or not bands or any(
                isinstance(b, bool) or not isinstance(b, (int, float)) or not 0 < b < math.inf
                for b in bands):
            self.fail("watch.border_bands_km", "expected a list of positive distances in km "
                                               f"such as [50, 100, 200], not {_show(bands)}")
        webhook = section.get("webhook")
        return WatchSettings(
            sources=tuple(watched), default_every=every,
            log=self.text(section.get("log", defaults.log), "watch.log", required=True),
            webhook=None if webhook is None else self.http_url(webhook, "watch.webhook"),
            backoff_first=first, backoff_max=longest,
            border_bands_km=tuple(sorted({float(b) for b in bands})))

    def hypotheses(self, value: object) -> tuple[Hypothesis, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail("hypotheses", "expected a list of {id, name, description} mappings, "
                                    f"not {_show(value)}")
        hypotheses: list[Hypothesis] = []
        for i, item in enumerate(value):
            key = f"hypotheses[{i}]"
            item = self.mapping(item, key, ("id", "name", "description"))
            if not item:
                self.fail(key, "expected a mapping with id and name")
            hid = self.text(item.get("id"), f"{key}.id", required=True)
            if not _HYPOTHESIS_ID.match(hid):
                self.fail(f"{key}.id", f"{hid!r} is not a short id (letters, digits, "
                                       "'-', '_' or '.', at most 16, such as H1)")
            if any(h.id == hid for h in hypotheses):
                self.fail(f"{key}.id", f"{hid!r} is used by another hypothesis")
            hypotheses.append(Hypothesis(
                id=hid, name=self.text(item.get("name"), f"{key}.name", required=True),
                description=self.text(item.get("description"), f"{key}.description")))
        return tuple(hypotheses)

    def indicators(self, value: object, hypotheses: tuple[str, ...]) -> tuple[Indicator, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail("indicators", f"expected a list of indicator mappings, not {_show(value)}")
        indicators: list[Indicator] = []
        for i, item in enumerate(value):
            indicator = self.indicator(item, f"indicators[{i}]", hypotheses)
            if any(other.id == indicator.id for other in indicators):
                self.fail(f"indicators[{i}].id", f"{indicator.id!r} is used by another indicator")
            indicators.append(indicator)
        return tuple(indicators)

    def indicator(self, value: object, key: str, hypotheses: tuple[str, ...]) -> Indicator:
        known = tuple(f.name for f in Indicator.__dataclass_fields__.values())
        item = self.mapping(value, key, known)
        if not item:
            self.fail(key, "expected a mapping with at least id, name and a rule")
        iid = self.text(item.get("id"), f"{key}.id", required=True)
        if not _INDICATOR_ID.match(iid):
            self.fail(f"{key}.id", f"{iid!r} may hold only a-z, 0-9 and '-'")
        match = self.choice(item.get("match", "events"), f"{key}.match", MATCH_TARGETS,
                            "a match target")
        if match == "statements":
            kinds = self.choices(item.get("kinds"), f"{key}.kinds",
                                 vocabulary().statement_kind_names, "a statement kind")
        else:
            kinds = self.choices(item.get("kinds"), f"{key}.kinds", vocabulary().event_kind_names,
                                 "an event kind")
        within_km = item.get("within_km")
        if within_km is not None:
            if (isinstance(within_km, bool) or not isinstance(within_km, (int, float))
                    or not 0 < within_km < math.inf):
                self.fail(f"{key}.within_km",
                          f"must be a positive number of kilometres, not {_show(within_km)}")
            if match == "statements":
                self.fail(f"{key}.within_km", "statements have no place; use it with "
                                              "match: events or contradictions")
        sources = item.get("sources")
        from sitrep.knowledge import equipment_categories

        indicator = Indicator(
            id=iid, name=self.text(item.get("name"), f"{key}.name", required=True),
            match=match, kinds=kinds,
            plover=self.choices(item.get("plover"), f"{key}.plover", vocabulary().plover_types,
                                "a PLOVER code"),
            actors=self.texts(item.get("actors"), f"{key}.actors"),
            equipment=self.choices(item.get("equipment"), f"{key}.equipment",
                                   equipment_categories(), "an equipment category"),
            terms=self.texts(item.get("terms"), f"{key}.terms"),
            within_km=None if within_km is None else float(within_km),
            modalities=self.choices(item.get("modalities", list(DEFAULT_MODALITIES)),
                                    f"{key}.modalities", tuple(vocabulary().modalities),
                                    "a modality"),
            sources=None if sources is None else self.integer(sources, f"{key}.sources",
                                                              minimum=1),
            relevance=self.choice(item.get("relevance", "medium"), f"{key}.relevance",
                                  _levels(), "a level"),
            consistency=self.ratings(item.get("consistency"), f"{key}.consistency", hypotheses))
        if not (indicator.kinds or indicator.plover or indicator.terms or indicator.equipment):
            self.fail(key, f"indicator {iid!r} needs at least one of kinds, plover, terms "
                           "or equipment; without them it would match everything")
        if not indicator.modalities:
            self.fail(f"{key}.modalities", "must name at least one modality")
        return indicator

    def ach(self, value: object, hypotheses: tuple[str, ...],
            indicators: tuple[str, ...]) -> AchSettings:
        section = self.mapping(value, "ach", ("denials", "overrides"))
        denials = self.mapping(section.get("denials"), "ach.denials", ("truthful", "deceptive"))
        overrides = self.mapping(section.get("overrides"), "ach.overrides")
        checked: dict[str, dict[str, str]] = {}
        for evidence, ratings in overrides.items():
            key = f"ach.overrides.{evidence}"
            if evidence.startswith("indicator:"):
                if evidence.removeprefix("indicator:") not in indicators:
                    self.fail("ach.overrides", f"{evidence!r} names no indicator; known: "
                                               f"{', '.join(indicators) or '(none)'}")
            elif not re.fullmatch(r"[^#\s][^#]*#[^#\s]+", evidence):
                self.fail("ach.overrides", f"{evidence!r} is not an evidence id: "
                                           "\"indicator:ID\" or \"DOCNAME#ID\"")
            checked[evidence] = self.ratings(ratings, key, hypotheses)
        return AchSettings(
            denials_truthful=self.ratings(denials.get("truthful"), "ach.denials.truthful",
                                          hypotheses),
            denials_deceptive=self.ratings(denials.get("deceptive"), "ach.denials.deceptive",
                                           hypotheses),
            overrides=checked)


def save_ach_rating(directory: Path, evidence: str, hypothesis: str, rating: str | None) -> None:
    """Write the analyst's rating of one evidence row against one hypothesis into
    ``case.yaml``'s ``ach.overrides``; ``rating`` None removes it.

    Only the ``overrides`` entry of the ``ach`` section is rewritten, so the comments and
    layout of the rest of the file stay as they were. The new text must read as the old
    one with only that rating changed, and as a valid case, before it replaces the file.
    """
    import yaml

    path = Path(directory) / CASE_FILE
    if not path.is_file():
        raise CaseError(f"{path}: no such file; the ratings are kept in case.yaml "
                        "(`sitrep init` writes one)")
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise CaseError(f"{path}: cannot read YAML: {error}") from None
    parse_case(data, directory=path.parent, path=path)
    ach = dict(data.get("ach") or {})
    overrides = {key: dict(value or {}) for key, value in (ach.get("overrides") or {}).items()}
    ratings = overrides.setdefault(evidence, {})
    if rating is None:
        ratings.pop(hypothesis, None)
    else:
        ratings[hypothesis] = rating
    if not ratings:
        del overrides[evidence]
    ach["overrides"] = overrides
    wanted = {**data, "ach": ach}
    parse_case(wanted, directory=path.parent, path=path)
    new_text = _with_overrides(text, ach)
    if yaml.safe_load(new_text) != wanted:
        raise CaseError(f"{path}: cannot rewrite ach.overrides in place; edit it by hand")
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(new_text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        raise CaseError(f"{path}: cannot write: {error.strerror or error}") from None


def _with_overrides(text: str, ach: dict) -> str:
    """``text`` with the ``ach`` section's ``overrides`` entry written from ``ach``.

    A block-style ``ach:`` keeps every other line; one written inline (``ach: {...}``)
    is rewritten whole; a file without one gets it appended.
    """
    import yaml

    def dump(value: dict, indent: str) -> list[str]:
        text = yaml.safe_dump(value, default_flow_style=None, sort_keys=False,
                              allow_unicode=True, width=math.inf)
        return [indent + line for line in text.splitlines(keepends=True)]

    def content(line: str) -> bool:
        return bool(line.strip()) and not line.lstrip().startswith("#")

    def depth(line: str) -> int:
        return len(line) - len(line.lstrip())

    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((i for i, line in enumerate(lines) if re.match(r"ach\s*:", line)), None)
    if start is None:
        return "".join(lines + ["ach:\n"] + dump({"overrides": ach["overrides"]}, "  "))
    end = start + 1  # the section runs to the next line at column 0 that holds a key
    while end < len(lines) and not (content(lines[end]) and depth(lines[end]) == 0):
        end += 1
    if re.sub(r"#.*", "", lines[start].split(":", 1)[1]).strip():  # ach: {...}
        return "".join(lines[:start] + ["ach:\n"] + dump(ach, "  ") + lines[end:])
    children = [i for i in range(start + 1, end) if content(lines[i])]
    indent = lines[children[0]][:depth(lines[children[0]])] if children else "  "
    block = dump({"overrides": ach["overrides"]}, indent)
    entry = next((i for i in children if depth(lines[i]) == len(indent)
                  and re.match(r"overrides\s*:", lines[i].lstrip())), None)
    if entry is None:  # a new last entry of the section
        at = children[-1] + 1 if children else start + 1
        return "".join(lines[:at] + block + lines[at:])
    stop = entry + 1  # the entry's own lines are those indented deeper than it
    while stop < end and (not lines[stop].strip() or depth(lines[stop]) > len(indent)):
        stop += 1
    while stop > entry + 1 and not content(lines[stop - 1]):
        stop -= 1  # blank lines and comments after it stay
    return "".join(lines[:entry] + block + lines[stop:])
