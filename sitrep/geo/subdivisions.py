"""ISO 3166-2 first-level regions of every country (pycountry), matched to the
GeoNames first-level regions that place them.

pycountry names a region as ISO 3166-2 does ("Volynska oblast", "Changwat Bueng Kan"
is "Bueng Kan" there, "Asturias, Principado de"); GeoNames as its towns' records do
("Volyn", "Changwat Bueng Kan", "Asturias"). The two meet on their core: the name
without the words that only say what kind of region it is (``region_type_words.txt``),
equal, one a one-word prefix of the other ("volynska"/"volyn"), or spelled alike.
A region that meets no GeoNames region is placed at the town of its name in its
country where there is one (many regions are named after their capital); else it is
left out rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from sitrep.data import data_lines
from sitrep.geo.names import name_key

CORE_MATCH = 0.8  # difflib ratio two regions' cores must reach to be one region
_BRACKETS = re.compile(r"\[.*?\]")  # "Illes Balears [Islas Baleares]": the second language


@dataclass(frozen=True, slots=True)
class Subdivision:
    code: str  # "CA-BC"
    country: str  # "CA"
    name: str  # "British Columbia"
    core: str  # "british columbia"

    @property
    def abbreviation(self) -> str | None:
        """The code's own part ("BC") where it is letters, as texts write it; else None."""
        suffix = self.code.split("-", 1)[1]
        return suffix if suffix.isalpha() and len(suffix) >= 2 else None


def region_type_words() -> frozenset[str]:
    return frozenset(name_key(line) for line in data_lines("region_type_words.txt"))


def region_core(name: str, type_words: frozenset[str]) -> str:
    """The name folded, without its kind's words: "Asturias, Principado de" -> "asturias"."""
    name = _BRACKETS.sub("", name)
    if "," in name:  # "Asturias, Principado de": an inverted name
        head, tail = name.split(",", 1)
        name = f"{tail} {head}"
    words = [w for w in name_key(name).split() if w not in type_words]
    return " ".join(words) if words else name_key(name)


def first_level(type_words: frozenset[str]) -> list[Subdivision]:
    """Every country's first-level regions (those without a parent), the US's aside:
    its states come from GeoNames with their own codes already."""
    import pycountry

    return [Subdivision(s.code, s.country_code, s.name, region_core(s.name, type_words))
            for s in pycountry.subdivisions
            if not s.parent_code and s.country_code != "US"]


def same_region(a: str, b: str) -> bool:
    """Whether two cores name one region (see the module docstring)."""
    if a == b:
        return True
    if " " not in a and " " not in b and min(len(a), len(b)) >= 4 and (
            a.startswith(b) or b.startswith(a)):
        return True
    return SequenceMatcher(None, a, b).ratio() >= CORE_MATCH


def match(subdivisions: list[Subdivision], regions: Iterable[tuple[str, str]],
          type_words: frozenset[str]) -> tuple[dict[tuple[str, str], list[Subdivision]],
                                               list[Subdivision]]:
    """The ISO regions of each GeoNames region (country, name), and those matched to none.

    Of several GeoNames regions one ISO region meets, the equal core wins, then the
    closest spelling; a GeoNames region one ISO region meets by its core takes no other
    by spelling alone."""
    by_country: dict[str, list[tuple[str, str]]] = {}
    for country, name in regions:
        by_country.setdefault(country, []).append((name, region_core(name, type_words)))
    best: dict[Subdivision, tuple[str, str]] = {}
    for subdivision in subdivisions:
        found = [(name, core) for name, core in by_country.get(subdivision.country, ())
                 if same_region(subdivision.core, core)]
        if found:
            best[subdivision] = max(found, key=lambda f: (
                f[1] == subdivision.core, SequenceMatcher(None, subdivision.core, f[1]).ratio()))
    # a region met by its own core takes no look-alike: "Canarias" is not "Cantabria"
    exact = {(s.country, name) for s, (name, core) in best.items() if core == s.core}
    matched: dict[tuple[str, str], list[Subdivision]] = {}
    unmatched = []
    for subdivision in subdivisions:
        name, core = best.get(subdivision, (None, None))
        key = (subdivision.country, name)
        if name is None or (core != subdivision.core and key in exact):
            unmatched.append(subdivision)
        else:
            matched.setdefault(key, []).append(subdivision)
    return matched, unmatched
