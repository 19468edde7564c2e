"""Language packs: every word the extractor reads text by, one folder per language.

A pack is a folder named by its language code (``sitrep/data/lang/en``, see its
README): the word files the finders load, ``word_classes.tsv`` (the small closed
classes the code compares tokens with: pronouns, determiners, negations...),
``plurals.tsv`` (how a noun forms its plural) and ``language.tsv`` (the spaCy
language it tokenises with). Folders listed in ``SITREP_LANG_PATH`` (separated like
``PATH``) are searched before the shipped ones, so a language is added as data.

This module imports no spaCy (analysis reads the plural rules), except to read the
stop words of the pack's spaCy language when asked for them.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.errors import LanguagePackError

ENV_PATH = "SITREP_LANG_PATH"
DEFAULT = "en"
UNDETERMINED_CODES = {"", "und", "mul", "zxx"}  # ISO 639 codes that name no one language


def _search_path() -> list[Path]:
    extra = [Path(p) for p in os.environ.get(ENV_PATH, "").split(os.pathsep) if p]
    return [*extra, Path(str(resources.files("sitrep.data").joinpath("lang")))]


def language_code(tag: str | None) -> str:
    """The pack a document's language tag asks for: "en-GB" -> "en"; an undetermined or
    missing tag is read as English, the language of the shipped pack."""
    code = (tag or "").strip().lower().replace("_", "-").split("-")[0]
    return DEFAULT if code in UNDETERMINED_CODES else code


def available() -> list[str]:
    """The codes of every pack on the search path."""
    return sorted({d.name for root in _search_path() if root.is_dir()
                   for d in root.iterdir() if (d / "language.tsv").is_file()})


class LanguagePack:
    """One language's words, read from its folder once (``load`` caches the pack)."""

    def __init__(self, code: str, directory: Path):
        self.code = code
        self.directory = directory
        about = dict(self._pairs("language.tsv"))
        self.name = about.get("name", code)
        self.spacy_code = about.get("spacy", code)
        self._classes = {name: tuple(words.split("|"))
                         for name, words in self._pairs("word_classes.tsv")}
        self._plurals = [(self._rule(pattern, n), replacement) for n, (pattern, replacement)
                         in enumerate(self._pairs("plurals.tsv"), 1)]

    @staticmethod
    @cache
    def load(code: str) -> LanguagePack:
        """The pack for a language code, from the first folder on the search path that has it."""
        for root in _search_path():
            if (root / code / "language.tsv").is_file():
                return LanguagePack(code, root / code)
        raise LanguagePackError(f"no language pack {code!r} (packs: {', '.join(available())}; "
                                f"{ENV_PATH} adds folders)")

    def pairs(self, name: str) -> dict[str, str]:
        """A pack file of ``key<TAB>value`` lines, as a dict."""
        return dict(self._pairs(name))

    def lines(self, name: str) -> list[str]:
        """A pack file's lines, without blank lines and ``#`` comments."""
        return [line for _, line in self._numbered(name)]

    @cache
    def words(self, word_class: str) -> frozenset[str]:
        """The words of a class in ``word_classes.tsv``, as a set."""
        return frozenset(self.word_list(word_class))

    def word_list(self, word_class: str) -> tuple[str, ...]:
        """The words of a class in ``word_classes.tsv``, in file order."""
        try:
            return self._classes[word_class]
        except KeyError:
            raise LanguagePackError(f"{self.directory / 'word_classes.tsv'}: no class "
                                    f"{word_class!r}") from None

    def word(self, word_class: str) -> str:
        """The one word of a class that holds a single word ("the")."""
        return self.word_list(word_class)[0]

    def plural(self, form: str) -> str:
        """A form with its last word in the plural, by the first rule of ``plurals.tsv``
        whose pattern it matches."""
        for pattern, replacement in self._plurals:
            if pattern.search(form):
                return pattern.sub(replacement, form, count=1)
        return form

    @cache
    def stop_words(self) -> frozenset[str]:
        """spaCy's stop words of the pack's language (empty for one spaCy has none for)."""
        from spacy.util import get_lang_class

        return frozenset(get_lang_class(self.spacy_code).Defaults.stop_words)

    def _numbered(self, name: str) -> list[tuple[int, str]]:
        path = self.directory / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise LanguagePackError(f"{path}: missing from language pack {self.code!r}") from None
        return [(n, line) for n, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.startswith("#")]

    def _pairs(self, name: str) -> list[tuple[str, str]]:
        pairs = []
        for n, line in self._numbered(name):
            key, tab, value = line.partition("\t")
            if not tab or not key or not value or "\t" in value:
                raise LanguagePackError(f"{self.directory / name}, line {n}: expected two "
                                        f"tab-separated fields, got {line!r}")
            pairs.append((key, value))
        return pairs

    def _rule(self, pattern: str, n: int) -> re.Pattern:
        try:
            return re.compile(pattern)
        except re.error as error:
            raise LanguagePackError(f"{self.directory / 'plurals.tsv'}, rule {n}: "
                                    f"{pattern!r} is no regular expression ({error})") from None
