"""Load the vocabularies in ``sitrep/data`` (see its README) and the knowledge packs' bodies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sitrep.data import data_lines
from sitrep.knowledge import Organisation
from sitrep.lang import LanguagePack


def _without_article(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


@dataclass(slots=True, frozen=True)
class NamedThing:
    """A canonical name with the surface forms that refer to it."""

    name: str
    kind: str
    forms: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...] = ()


def load_countries() -> list[NamedThing]:
    """States from pycountry (official and common names) plus ``country_aliases.tsv``."""
    import pycountry

    forms: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for line in data_lines("country_aliases.tsv"):  # its first row of a code names the state
        alias, code = line.split("\t")
        forms.setdefault(code, set()).add(_without_article(alias))
        names.setdefault(code, _without_article(alias))
    for country in pycountry.countries:
        code = country.alpha_2
        names.setdefault(code, getattr(country, "common_name", None) or country.name)
        forms.setdefault(code, set()).update(
            n for n in (country.name, getattr(country, "common_name", None)) if n and "," not in n)
    return [NamedThing(names[code], "state", tuple(sorted(f)), (("country", code),))
            for code, f in forms.items()]


def load_organisations(organisations: Iterable[Organisation]) -> list[NamedThing]:
    """The knowledge packs' organisations, as named things."""
    things = []
    for row in organisations:
        forms = {row.name, *(_without_article(a) for a in row.aliases)}
        attributes = (("type", row.kind),) + ((("country", row.country),) if row.country else ())
        things.append(NamedThing(row.name, "organisation", tuple(sorted(forms)), attributes))
    return things


def load_titles(lang: LanguagePack) -> list[str]:
    """Role words that stand before a person's name."""
    return lang.lines("titles.txt")
