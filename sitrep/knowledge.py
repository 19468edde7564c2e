"""Knowledge packs: what sitrep knows of a theatre, as data a case can add to.

A pack is a directory with ``pack.yaml`` (its name and a description) and any of
``people.tsv``, ``organisations.jsonl``, ``places.tsv``, ``equipment.tsv`` and
``units.tsv`` (formats in ``docs/knowledge-packs.md``). The package ships
``general``, always loaded first, and theatre packs such as ``europe-security``; a
case names the shipped packs it needs in ``case.yaml`` (``packs: [...]``; without the
key, ``DEFAULT_PACKS``) and its own ``pack/`` directory is loaded last. A row of a
later pack replaces a row of the same name in an earlier one (places add up: two
places may share a name).

Every row is checked on loading; an error names the file, the line and the field:
``mypack/people.tsv:7: side: 'XX' is not a country code or a known body``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, ClassVar, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from sitrep.data import data_lines
from sitrep.errors import PackError

SHIPPED = Path(__file__).parent / "data" / "packs"
STARTER = Path(__file__).parent / "data" / "pack_template"  # what `sitrep init` writes
GENERAL = "general"
DEFAULT_PACKS = ("europe-security",)  # the theatre sitrep was built around: see load_for_case
CASE_PACK = "pack"  # a case's own pack: this directory beside case.yaml
PACK_FILE = "pack.yaml"
PACK_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
BLOCKED_EQUIPMENT = "none"  # the category of phrases that only stop a false match
PLACE_KINDS = ("region", "area", "facility")  # a curated place's; cities come from GeoNames


def _country_code(value: str) -> str:
    if not is_country_code(value):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return value


def is_country_code(value: str) -> bool:
    """ISO 3166-1 alpha-2, current or historic ("SU"), or Kosovo's XK."""
    import pycountry

    return value == "XK" or bool(re.fullmatch(r"[A-Z]{2}", value) and (
        pycountry.countries.get(alpha_2=value) or pycountry.historic_countries.get(alpha_2=value)))


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _names(value: object) -> object:
    """Aliases: a TSV cell "a|b" or a JSON list; empty entries are left out."""
    items = value.split("|") if isinstance(value, str) else value
    if isinstance(items, list):
        return tuple(item.strip() for item in items if not isinstance(item, str) or item.strip())
    return items


def _category(value: str) -> str:
    if value != BLOCKED_EQUIPMENT and value not in equipment_categories():
        raise ValueError(f"{value!r} is not an equipment category; known: "
                         f"{', '.join(equipment_categories())}, {BLOCKED_EQUIPMENT}")
    return value


def _place_kind(value: str) -> str:
    if value not in PLACE_KINDS:
        raise ValueError(f"{value!r} is not one of {', '.join(PLACE_KINDS)}")
    return value


def _optional_country(value: str | None) -> str | None:
    return _country_code(value) if value else None


Text = Annotated[str, AfterValidator(_text)]
Aliases = Annotated[tuple[str, ...], BeforeValidator(_names)]
CountryCode = Annotated[str, AfterValidator(_country_code)]


class _Row(BaseModel):
    """A row of a pack file; ``COLUMNS`` gives the order of a TSV file's columns."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    COLUMNS: ClassVar[tuple[str, ...]] = ()


class Person(_Row):
    """A person a report may name by full name, alias or (distinctive) surname alone."""

    COLUMNS: ClassVar = ("name", "aliases", "role", "side")
    name: Text
    aliases: Aliases = ()
    role: Text
    side: Text  # a country code or a body (organisation name or alias) of the loaded packs


class Organisation(_Row):
    name: Text
    kind: Text  # "alliance" and "international body" are sides of their own
    aliases: Aliases = ()
    country: CountryCode | None = None  # the state a body of one state speaks for


class CuratedPlace(_Row):
    """A curated place: one GeoNames lacks or ranks badly."""

    COLUMNS: ClassVar = ("name", "kind", "country", "lat", "lon", "aliases", "note")
    name: Text
    kind: Annotated[str, AfterValidator(_place_kind)]
    country: Annotated[str | None, AfterValidator(_optional_country)] = None
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    aliases: Aliases = ()
    note: str = ""


class Equipment(_Row):
    COLUMNS: ClassVar = ("name", "category", "aliases")
    name: Text
    category: Annotated[str, AfterValidator(_category)]
    aliases: Aliases = ()


class Unit(_Row):
    COLUMNS: ClassVar = ("name", "echelon", "aliases")
    name: Text
    echelon: Text
    aliases: Aliases = ()




class _PackInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: Annotated[str, Field(pattern=PACK_NAME.pattern)]
    description: str = ""


@cache
def equipment_categories() -> tuple[str, ...]:
    """The categories an equipment row may have (``data/equipment_categories.txt``)."""
    return tuple(data_lines("equipment_categories.txt"))


@dataclass(frozen=True, slots=True)
class Pack:
    """One pack's rows, as its files hold them; ``shipped`` when it comes with sitrep."""

    name: str
    description: str
    directory: Path
    shipped: bool
    people: tuple[Person, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    places: tuple[CuratedPlace, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    units: tuple[Unit, ...] = ()


RowT = TypeVar("RowT", bound=_Row)


def _later_wins(rows: Iterable[RowT]) -> tuple[RowT, ...]:
    """One row per name, the last pack's, in the order names first appear."""
    by_name: dict[str, RowT] = {}
    for row in rows:
        by_name[row.name] = row
    return tuple(by_name.values())


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The packs a pipeline uses, merged: later packs win on a shared name."""

    packs: tuple[Pack, ...]

    @property
    def people(self) -> tuple[Person, ...]:
        return _later_wins(p for pack in self.packs for p in pack.people)

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        return _later_wins(o for pack in self.packs for o in pack.organisations)

    @property
    def equipment(self) -> tuple[Equipment, ...]:
        return _later_wins(e for pack in self.packs for e in pack.equipment)

    @property
    def units(self) -> tuple[Unit, ...]:
        return _later_wins(u for pack in self.packs for u in pack.units)

    def shipped_names(self) -> tuple[str, ...]:
        """The shipped packs among these: their places are in the gazetteer's index."""
        return tuple(pack.name for pack in self.packs if pack.shipped)

    def own_places(self) -> tuple[CuratedPlace, ...]:
        """The places of packs that are not shipped (a case's): the gazetteer's overlay."""
        return tuple(place for pack in self.packs if not pack.shipped for place in pack.places)

    @property
    def key(self) -> str:
        """Stands for the content: equal keys, equal knowledge (a cache key for pipelines)."""
        text = repr(self.packs).encode()
        return hashlib.sha256(text).hexdigest()[:16]


def shipped_packs() -> tuple[str, ...]:
    """The names of the packs that come with sitrep, ``general`` first."""
    names = sorted(p.name for p in SHIPPED.iterdir() if (p / PACK_FILE).is_file())
    return (GENERAL, *(n for n in names if n != GENERAL))


def load_knowledge(packs: Sequence[str] = DEFAULT_PACKS, *, base: Path | None = None,
                   case_pack: Path | None = None) -> Knowledge:
    """``general``, then ``packs`` (shipped names, or paths relative to ``base``), then
    ``case_pack`` if that directory exists; PackError names the file, line and field."""
    directories = [_locate(GENERAL, base)]
    directories += [_locate(reference, base) for reference in packs if reference != GENERAL]
    if case_pack is not None and case_pack.is_dir():
        directories.append(case_pack)
    loaded: list[Pack] = []
    for directory in directories:
        bodies = frozenset(form for pack in loaded for org in pack.organisations
                           for form in (org.name, *org.aliases))
        loaded.append(load_pack(directory, bodies))
    return Knowledge(tuple(loaded))


@cache
def default_knowledge() -> Knowledge:
    """The knowledge of a case that names no packs: ``general`` and ``DEFAULT_PACKS``."""
    return load_knowledge()


def load_for_case(case) -> Knowledge:
    """The knowledge a case uses: ``general``, the packs ``case.yaml`` names (without a
    ``packs`` key, ``DEFAULT_PACKS``, so that ``sitrep extract FILES`` reads the
    reports of the theatre it was built around as it always has) and its ``pack/``."""
    names = case.packs
    case_pack = Path(case.directory) / CASE_PACK
    if names == DEFAULT_PACKS and not case_pack.is_dir():
        return default_knowledge()
    return load_knowledge(names, base=Path(case.directory), case_pack=case_pack)


def write_starter_pack(case_directory: Path, case_name: str) -> Path | None:
    """Write the commented starter pack into the case's ``pack/``; its path, or None
    where the case has a ``pack/`` already (an analyst's rows are never overwritten)."""
    directory = Path(case_directory) / CASE_PACK
    if directory.exists():
        return None
    name = re.sub(r"[^a-z0-9]+", "-", case_name.lower()).strip("-") or "case"
    try:
        directory.mkdir(parents=True)
        for template in sorted(STARTER.iterdir()):
            text = template.read_text(encoding="utf-8").replace("PACK_NAME", name)
            (directory / template.name).write_text(text, encoding="utf-8")
    except OSError as error:
        raise PackError(f"{directory}: cannot write: {error.strerror or error}") from None
    return directory


def _locate(reference: str, base: Path | None) -> Path:
    """A shipped pack by name, or a directory (relative to the case's)."""
    if PACK_NAME.match(reference):
        directory = SHIPPED / reference
        if not (directory / PACK_FILE).is_file():
            raise PackError(f"no shipped knowledge pack named {reference!r}; shipped: "
                            f"{', '.join(shipped_packs())} (a pack of your own: give its path)")
        return directory
    return (base or Path.cwd()) / reference


def load_pack(directory: Path, bodies: frozenset[str] = frozenset()) -> Pack:
    """One pack directory, every file checked. A person's side is a country code or a
    body of this pack or of ``bodies`` (the names and aliases of the packs before it)."""
    info_path = directory / PACK_FILE
    if not info_path.is_file():
        raise PackError(f"{directory}: not a knowledge pack (it has no {PACK_FILE})")
    info = _read_info(info_path)
    shipped = directory.resolve().parent == SHIPPED.resolve()
    organisations = _read_jsonl(directory / "organisations.jsonl", Organisation)
    bodies = bodies | {form for org in organisations for form in (org.name, *org.aliases)}
    people = _read_tsv(directory / "people.tsv", Person)
    for where, person in people:
        if not is_country_code(person.side) and person.side not in bodies:
            raise PackError(f"{where}: side: {person.side!r} is not a country code or a "
                            "known body (an organisation of this pack or of one before it)")
    return Pack(info.name, info.description, directory, shipped,
                people=tuple(row for _, row in people), organisations=organisations,
                places=_rows(_read_tsv(directory / "places.tsv", CuratedPlace)),
                equipment=_rows(_read_tsv(directory / "equipment.tsv", Equipment)),
                units=_rows(_read_tsv(directory / "units.tsv", Unit)))


def _rows(located: list[tuple[str, RowT]]) -> tuple[RowT, ...]:
    return tuple(row for _, row in located)


def _read_info(path: Path) -> _PackInfo:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PackError(f"{path}: cannot read YAML: {error}") from None
    if not isinstance(data, dict):
        raise PackError(f"{path}: expected a mapping with name and description")
    try:
        return _PackInfo.model_validate(data)
    except ValidationError as error:
        raise PackError(f"{path}: {_problem(error)}") from None


def _lines(path: Path) -> Iterable[tuple[int, str]]:
    """(line number, line) of the rows: not blank, not a ``#`` comment."""
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(f"{path}: cannot read: {error}") from None
    return [(number, line) for number, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.startswith("#")]


def _read_tsv(path: Path, row_type: type[RowT]) -> list[tuple[str, RowT]]:
    """("file:line", row) of each row; an empty cell of an optional column is its default."""
    rows = []
    columns = row_type.COLUMNS
    required = {name for name, info in row_type.model_fields.items() if info.is_required()}
    for number, line in _lines(path):
        cells = line.split("\t")
        where = f"{path}:{number}"
        if len(cells) > len(columns):
            raise PackError(f"{where}: {len(cells)} tab-separated columns, at most "
                            f"{len(columns)} expected ({', '.join(columns)})")
        fields = {column: cell for column, cell in zip(columns, cells)
                  if cell.strip() or column in required}
        rows.append((where, _validate(row_type, fields, where)))
    return rows


def _read_jsonl(path: Path, row_type: type[RowT]) -> tuple[RowT, ...]:
    rows = []
    for number, line in _lines(path):
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise PackError(f"{path}:{number}: not a JSON object: {error.msg}") from None
        if not isinstance(data, dict):
            raise PackError(f"{path}:{number}: not a JSON object")
        rows.append(_validate(row_type, data, f"{path}:{number}"))
    return tuple(rows)


def _validate(row_type: type[RowT], fields: dict, where: str) -> RowT:
    try:
        return row_type.model_validate(fields)
    except ValidationError as error:
        raise PackError(f"{where}: {_problem(error)}") from None


def _problem(error: ValidationError) -> str:
    """The first problem as "field: message", in words a curator reads."""
    first = error.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "missing (an empty column or no such key)"
    elif first["type"] == "extra_forbidden":
        message = "unknown field"
    elif not first["type"].startswith("value_error"):
        message += f" (got {first['input']!r})"
    return f"{field}: {message}"
