"""Name keys: how a surface form is folded before it meets the gazetteer.

Two keys per name. ``name_key`` folds case, accents, apostrophes, hyphens and a
leading "the", so "the Donbas", "Donbas" and "DONBAS" meet. ``skeleton_key`` also
folds the usual transliteration differences between Russian, Ukrainian and
Belarusian spellings (Kiev/Kyiv, Kharkov/Kharkiv, Lugansk/Luhansk, Elnya/Yelnya,
Osipovichi/Asipovichy, Evpatoria/Yevpatoria, Selensky/Zelensky) by keeping the
consonants only; it is a second chance used with care, because it also merges
names that are merely alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u02b9\u0060\u00b4\u201b]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.,/]+")
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLED = re.compile(r"(.)\1+")
# Letter groups that transliterations of one Cyrillic letter disagree on.
_SKELETON_FOLDS = (("kh", "h"), ("zh", "j"), ("ch", "c"), ("tch", "c"), ("ts", "c"),
                   ("tz", "c"), ("cz", "c"), ("sz", "s"), ("w", "v"), ("g", "h"), ("z", "s"),
                   ("ph", "f"), ("ck", "k"), ("q", "k"), ("x", "ks"))


def fold_accents(text: str) -> str:
    """Drop combining marks: "Kyïv" -> "Kyiv", "Wörner" -> "Worner"."""
    if text.isascii():
        return text  # nothing to decompose, and most names of English news are plain
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The exact-lookup key of a name (cached: a document folds the same words again and again)."""
    key = _APOSTROPHES.sub("", fold_accents(name).casefold())
    key = _SEPARATORS.sub(" ", key).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


@lru_cache(maxsize=65536)
def skeleton_key(name: str) -> str:
    """The transliteration-blind key: first letter class plus the consonants (cached)."""
    key = name_key(name).replace(" ", "")
    if not key.isascii() or not key.isalpha():
        return ""
    if len(key) > 1 and key[0] in "yj" and key[1] in "aeiou":
        key = key[1:]  # Yelnya/Elnya, Yevpatoria/Evpatoria
    for before, after in _SKELETON_FOLDS:
        key = key.replace(before, after)
    head = "V" if key[0] in "aeiouy" else key[0]
    rest = _VOWELS.sub("", key[1:])
    return head + _DOUBLED.sub(r"\1", rest)  # doubled letters: Odessa/Odesa


def is_latin(name: str) -> bool:
    """True for names written in Latin letters (the only ones an English text uses)."""
    folded = fold_accents(name)
    return bool(folded) and all(c.isascii() or not c.isalpha() for c in folded)
