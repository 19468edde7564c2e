"""The closed vocabularies (event and statement kinds and their codes, modalities, ACH
ratings, levels, indicator statuses), read once from ``data/registry.yaml``.

Every user reads them through ``vocabulary()``, so a kind added there is coded,
validated, exported and drawn everywhere; ``use_vocabulary`` puts another registry in
force for a while (a test's, with a kind of its own).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, \
    model_validator

from sitrep.data import data_text
from sitrep.errors import SitrepError

REGISTRY_FILE = "registry.yaml"
FALLBACK_KIND = "other"  # where a kind the registry does not declare falls

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-f]{6}$")]
CameoRoot = Annotated[str, StringConstraints(pattern=r"^[0-2][0-9]$")]
Label = Annotated[str, StringConstraints(min_length=1)]
# Kind and rating names become CSS class names in the front end (.k-deploy, .r-CC).
KindName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
RatingName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]+$")]


class RegistryError(SitrepError):
    """The registry file cannot be read or is incomplete."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventKind(_Entry):
    label: Label
    plover_type: str | None
    plover_mode: str | None
    cameo_root: CameoRoot | None
    acled_event_type: Label
    acled_sub_event_type: Label
    shape: Literal["triangle", "square", "diamond", "circle"]
    colour: Colour


class StatementKind(_Entry):
    label: Label
    plover_type: str | None
    cameo_root: CameoRoot | None
    colour: Colour
    in_brief: bool


class Coding(_Entry):
    plover_type: str
    cameo_root: CameoRoot


class Modality(_Entry):
    label: Label
    marker: Literal["solid", "hollow", "faded"]
    draw_order: int


class Rating(_Entry):
    label: Label
    score: int
    colour: Colour | None


class Level(_Entry):
    weight: float = Field(gt=0)


class IndicatorStatus(_Entry):
    tripped: bool


class Vocabulary(_Entry):
    """The registry, validated: every kind complete in every mapping."""

    plover_types: tuple[str, ...]
    event_kinds: dict[KindName, EventKind]
    statement_kinds: dict[KindName, StatementKind]
    concession: Coding
    modalities: dict[str, Modality]
    ratings: dict[RatingName, Rating]
    default_rating: str
    levels: dict[str, Level]
    indicator_statuses: dict[str, IndicatorStatus]
    # ACLED's disorder type of each ACLED event type the kinds map to (the CSV export)
    acled_disorder_types: dict[Label, Label] = {}

    @model_validator(mode="after")
    def _consistent(self) -> Vocabulary:
        for kinds in ("event_kinds", "statement_kinds"):
            if FALLBACK_KIND not in getattr(self, kinds):
                raise ValueError(f"{kinds} must declare {FALLBACK_KIND!r}, where unknown "
                                 "kinds fall")
        coded = [(f"event_kinds.{n}", k.plover_type) for n, k in self.event_kinds.items()]
        coded += [(f"statement_kinds.{n}", k.plover_type) for n, k in self.statement_kinds.items()]
        coded.append(("concession", self.concession.plover_type))
        for where, plover in coded:
            if plover is not None and plover not in self.plover_types:
                raise ValueError(f"{where}.plover_type: {plover!r} is not one of plover_types")
        for name in self.event_kinds.keys() & self.statement_kinds.keys():
            if self.event_kinds[name].colour != self.statement_kinds[name].colour:
                raise ValueError(f"{name!r} is an event kind and a statement kind with "
                                 "different colours; the front end colours both by name")
        if self.default_rating not in self.ratings:
            raise ValueError(f"default_rating: {self.default_rating!r} is not one of ratings")
        return self

    @property
    def event_kind_names(self) -> tuple[str, ...]:
        return tuple(self.event_kinds)

    @property
    def statement_kind_names(self) -> tuple[str, ...]:
        return tuple(self.statement_kinds)

    @cached_property
    def tripped(self) -> frozenset[str]:
        """The indicator statuses that count as warnings."""
        return frozenset(name for name, s in self.indicator_statuses.items() if s.tripped)

    def event_kind(self, name: str) -> EventKind:
        """The kind's entry; an undeclared kind is coded as the fallback."""
        return self.event_kinds.get(name) or self.event_kinds[FALLBACK_KIND]

    def front_end(self) -> dict:
        """What the dashboard and the offline report draw with: labels, shapes,
        colours, markers and the rating scale."""
        return self.model_dump(include={"event_kinds", "statement_kinds", "modalities",
                                        "ratings", "default_rating", "indicator_statuses"})


def load_vocabulary(path: Path) -> Vocabulary:
    """A registry file read and validated; errors name the file, the entry and the field."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RegistryError(f"{path}: cannot read: {error.strerror or error}") from error
    return _parse(text, str(path))


def _parse(text: str, name: str) -> Vocabulary:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise RegistryError(f"{name}: not valid YAML: {error}") from error
    try:
        return Vocabulary.model_validate(raw)
    except ValidationError as error:
        raise RegistryError(f"{name}: " + "; ".join(_problem(e) for e in error.errors())) from None


def _problem(error: dict) -> str:
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        parent, _, field = where.rpartition(".")
        return f"{parent or 'the registry'}: missing field {field!r}"
    message = re.sub(r"^Value error, ", "", error["msg"])
    return f"{where}: {message}" if where else message


@cache
def _packaged() -> Vocabulary:
    return _parse(data_text(REGISTRY_FILE), f"sitrep/data/{REGISTRY_FILE}")


_in_force: list[Vocabulary] = []


def vocabulary() -> Vocabulary:
    """The registry in force: the package's, unless ``use_vocabulary`` put another."""
    return _in_force[-1] if _in_force else _packaged()


@contextmanager
def use_vocabulary(registry: Vocabulary) -> Iterator[Vocabulary]:
    """Put ``registry`` in force for every thread until the block ends (a stack, not a
    context variable, so the web app's worker threads see it too)."""
    _in_force.append(registry)
    try:
        yield registry
    finally:
        _in_force.remove(registry)
