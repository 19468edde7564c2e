"""Doc -> organisations named by pattern: capitalised words ending in a head noun.

The vocabulary in ``organisations.jsonl`` knows the big bodies; this finds the
rest by shape ("Russian Security Council", "NATO-Russia Council", "Red Army"),
with the head nouns in ``org_heads.txt``.
"""

from __future__ import annotations

import re

from sitrep.extract.tokens import Tokens
from sitrep.lang import LanguagePack

NAME_WORD = re.compile(r"^([A-Z][\w.&']*|-)$")  # a capitalised word, or a hyphen inside a name


class OrganisationFinder:
    def __init__(self, lang: LanguagePack):
        self.heads = set(lang.lines("org_heads.txt"))
        self.stop_words = lang.stop_words()

    def find(self, tokens: Tokens) -> list[tuple[int, int, str]]:
        """(start, end, name) of each organisation, without a leading "The".

        A run of name words with a head noun after its first word is one organisation,
        from the first word to the last head noun: the longest name the pattern allows.
        """
        found = []
        i, count = 0, len(tokens)
        while i < count:
            if not NAME_WORD.search(tokens.text[i]):
                i += 1
                continue
            start, end = i, None
            i += 1
            while i < count:
                word = tokens.text[i]
                if word in self.heads:
                    end = i + 1  # a head noun may also close the run: it need not be a name word
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
