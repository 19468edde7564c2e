"""Doc -> organisations named by pattern: capitalised words ending in a head noun.

The vocabulary in ``organisations.jsonl`` knows the big bodies; this finds the
rest by shape ("Russian Security Council", "NATO-Russia Council", "Red Army"),
with the head nouns in ``org_heads.txt``.
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from sitrep.data import data_lines


class OrganisationFinder:
    def __init__(self, nlp: Language):
        heads = data_lines("org_heads.txt")
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("organisation", [[
            {"TEXT": {"REGEX": r"^([A-Z][\w.&']*|-)$"}, "OP": "+"},
            {"ORTH": {"IN": heads}},
        ]], greedy="LONGEST")

    def find(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(start, end, name) of each organisation, without a leading "The"."""
        found = []
        for _, start, end in self.matcher(doc):
            while start < end and (doc[start].lower_ in STOP_WORDS or doc[start].text == "-"):
                start += 1
            if end - start >= 2:
                found.append((start, end, doc[start:end].text))
        return found
