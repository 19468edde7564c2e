"""Doc -> organisations named by pattern: capitalised words ending in a head noun,
and the bodies of a state named after it.

The vocabulary in ``organisations.jsonl`` knows the big bodies; this finds the
rest by shape ("Russian Security Council", "NATO-Russia Council", "Red Army",
"Ministry of Foreign Affairs"), with the head nouns in ``org_heads.txt``, and a
state's own bodies in any theatre ("Kosovo police", "the Serbian military") from
``state_bodies.txt``.
"""

from __future__ import annotations

import re

from collections.abc import Callable

from sitrep.extract.tokens import Tokens
from sitrep.lang import LanguagePack

NAME_WORD = re.compile(r"^([A-Z][\w.&']*|-)$")  # a capitalised word, or a hyphen inside a name


class OrganisationFinder:
    def __init__(self, lang: LanguagePack):
        self.heads = set(lang.lines("org_heads.txt"))
        self.stop_words = lang.stop_words()
        self.genitive = lang.word("genitive")
        self.possessive = lang.words("possessive_endings")
        self.bodies: dict[str, list[tuple[str, ...]]] = {}  # by first word, longest first
        for body in sorted({tuple(line.split()) for line in lang.lines("state_bodies.txt")},
                           key=len, reverse=True):
            self.bodies.setdefault(body[0], []).append(body)

    def find(self, tokens: Tokens) -> list[tuple[int, int, str]]:
        """(start, end, name) of each organisation, without a leading "The".

        A run of name words with a head noun after its first word is one organisation,
        from the first word to the last head noun: the longest name the pattern allows.
        A head noun followed by "of" and name words takes them in ("Ministry of
        Foreign Affairs", "Army of Serbia"); a head noun alone names nothing.
        """
        found = []
        i, count = 0, len(tokens)
        while i < count:
            if not NAME_WORD.search(tokens.text[i]):
                i += 1
                continue
            start, after_genitive = i, False
            end = i + 1 if tokens.text[i] in self.heads else None  # one word names nothing
            i += 1
            while i < count:
                word = tokens.text[i]
                if word in self.heads or (after_genitive and NAME_WORD.search(word)):
                    end = i + 1  # a head noun may also close the run: it need not be a name word
                elif self._genitive_after_head(tokens, i, end):
                    after_genitive = True
                    i += 1
                    continue
                if not NAME_WORD.search(word):
                    break
                i += 1
            if end is None:
                continue
            while start < end and (tokens.lower[start] in self.stop_words or tokens.text[start] == "-"):
                start += 1
            if end - start >= 2:
                found.append((start, end, tokens.span(start, end)))
        return found

    def _genitive_after_head(self, tokens: Tokens, i: int, end: int | None) -> bool:
        return (end == i and tokens.lower[i] == self.genitive and i + 1 < len(tokens)
                and NAME_WORD.search(tokens.text[i + 1]) is not None)

    def state_bodies(self, tokens: Tokens, state_before: Callable[[int], tuple[int, str] | None]
                     ) -> list[tuple[int, int, str, str]]:
        """(start, end, name, country) of each body named after its state: "Kosovo police",
        "Serbia's defence ministry". The span is the body's words, so that the state stays
        a mention of its own; the name is the whole phrase. ``state_before(i)`` gives the
        start and country of a state's name or adjective that ends just before token ``i``."""
        found = []
        for i in range(1, len(tokens)):
            body = next((b for b in self.bodies.get(tokens.lower[i], ())
                         if tuple(tokens.lower[i:i + len(b)]) == b), None)
            if body is None:
                continue
            end = i + len(body)
            before = i - 1 if tokens.lower[i - 1] in self.possessive else i
            state = state_before(before)
            if state is not None:
                start, country = state
                found.append((i, end, tokens.span(start, end), country))
        return found
