"""A case: a directory with ``case.yaml`` (what is watched) and, by default, its store.

``case.yaml`` keys (only ``name`` is required)::

    name: Ukraine 2022
    description: one sentence
    period: {start: 2021-11-01, end: 2022-02-24}
    country_at_risk: UA            # ISO 3166-1 alpha-2
    capital: Kyiv
    region_of_interest: [UA, RU, BY]
    actors: [Russia, Ukraine, NATO]
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.errors import CaseError

CASE_FILE = "case.yaml"
DATABASE_URL_VARIABLE = "SITREP_DATABASE_URL"
KNOWN_KEYS = {"name", "description", "period", "country_at_risk", "capital",
              "region_of_interest", "actors"}
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


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

    def watched_countries(self) -> tuple[str, ...]:
        """The countries the case watches: they settle ambiguous place names."""
        at_risk = (self.country_at_risk,) if self.country_at_risk else ()
        return tuple(dict.fromkeys(at_risk + self.region_of_interest))

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
    if not isinstance(data, dict):
        raise CaseError(f"{path}: expected a mapping of keys to values")
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise CaseError(f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                        f"known: {', '.join(sorted(KNOWN_KEYS))}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CaseError(f"{path}: 'name' must be a non-empty text")
    period = data.get("period") or {}
    if not isinstance(period, dict) or set(period) - {"start", "end"}:
        raise CaseError(f"{path}: 'period' must be a mapping with 'start' and/or 'end' dates")
    start, end = (_date(period.get(k), f"period.{k}", path) for k in ("start", "end"))
    if start and end and end < start:
        raise CaseError(f"{path}: period.end {end} is before period.start {start}")
    country = data.get("country_at_risk")
    if country is not None and not (isinstance(country, str) and _COUNTRY_CODE.match(country)):
        raise CaseError(f"{path}: 'country_at_risk' must be an ISO alpha-2 code such as UA")
    region = _text_list(data.get("region_of_interest"), "region_of_interest", path)
    bad = [code for code in region if not _COUNTRY_CODE.match(code)]
    if bad:
        raise CaseError(f"{path}: 'region_of_interest' holds non-ISO codes: {', '.join(bad)}")
    return Case(directory=directory, name=name.strip(), description=data.get("description"),
                period_start=start, period_end=end, country_at_risk=country,
                capital=data.get("capital"), region_of_interest=tuple(region),
                actors=tuple(_text_list(data.get("actors"), "actors", path)))


def _date(value: object, key: str, path: Path) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CaseError(f"{path}: '{key}' must be a date YYYY-MM-DD, not {value!r}") from None


def _text_list(value: object, key: str, path: Path) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CaseError(f"{path}: '{key}' must be a list of texts")
    return value
