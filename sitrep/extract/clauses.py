"""Sentences cut into clauses, and the mentions that fall in each.

sitrep has no parser, so a clause is approximated by punctuation and the words
that open a new one: ";", a dash or a colon, ", while", ", but", ", when" and a
relative ", which" that runs to the next comma. That is enough to keep the
subject, the places and the time of one event apart from those of the next.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from sitrep.extract.tokens import Tokens
from sitrep.lang import LanguagePack
from sitrep.model import Entity, Mention, Sentence

HARD_BREAKS = {";", ":", "–", "—", "-", "--"}


@dataclass(slots=True, frozen=True)
class Clause:
    """Tokens ``[start, end)`` of a tokens; ``relative`` when it opens with "which"/"who"."""

    start: int
    end: int
    relative: bool = False


def split_clauses(tokens: Tokens, start: int, end: int, lang: LanguagePack) -> list[Clause]:
    """The clauses of the sentence spanning tokens ``[start, end)``."""
    new_clause_after_comma = lang.words("new_clause_after_comma")
    relative_pronouns = lang.words("relative_pronouns")
    clauses, begin, i, relative = [], start, start, False
    while i < end:
        text = tokens.lower[i]
        cut_before = None
        spaced = i > 0 and tokens.start[i - 1] + len(tokens.text[i - 1]) < tokens.start[i]
        if text in HARD_BREAKS and i > begin and (text != "-" or spaced):
            cut_before, next_begin = i, i + 1
        elif (text == "," and i + 1 < end and tokens.lower[i + 1] in new_clause_after_comma
              and i > begin):
            cut_before, next_begin = i, i + 1
        elif relative and text == ",":
            cut_before, next_begin = i, i + 1
        if cut_before is None:
            i += 1
            continue
        if cut_before > begin:
            clauses.append(Clause(begin, cut_before, relative))
        begin = next_begin
        relative = begin < end and tokens.lower[begin] in relative_pronouns
        i = next_begin
    if end > begin:
        clauses.append(Clause(begin, end, relative))
    return clauses


class ByPosition:
    """Items in order of a position (a token or a character), sliced by a range with
    bisect: each sentence looks only at its own items, so long documents stay linear."""

    def __init__(self, items: list, position):
        self.items = sorted(items, key=position)
        self.positions = [position(item) for item in self.items]

    def within(self, start: int, end: int) -> list:
        return self.items[bisect_left(self.positions, start):bisect_left(self.positions, end)]

    def last_before(self, position: int):
        """The last item at or before a position, or None."""
        i = bisect_right(self.positions, position)
        return self.items[i - 1] if i else None


class MentionIndex:
    """The document's mentions by token position, for questions like "which
    named things stand in tokens [a, b)?"."""

    def __init__(self, tokens: Tokens, mentions: list[Mention], entities: list[Entity],
                 lang: LanguagePack):
        self.role_nouns = _role_nouns(lang)
        self.role_openers = lang.words("role_openers")
        self.entities = {entity.id: entity for entity in entities}
        starts = tokens.start
        self.items: list[tuple[int, int, Mention]] = []
        for mention in mentions:
            if mention.entity_id not in self.entities:
                continue
            first = bisect_right(starts, mention.start) - 1
            last = bisect_left(starts, mention.end)
            self.items.append((max(first, 0), max(last, first + 1), mention))
        self._by_start = ByPosition(self.items, lambda item: item[0])
        self.items = self._by_start.items
        self._described: dict[str, list] = {}  # word -> [(end char, entity)] in text order
        for _, _, mention in self.items:
            entity = self.entities[mention.entity_id]
            words = (f"{entity.name} {entity.attributes.get('role', '')} "
                     f"{entity.attributes.get('type', '')}").lower().split()
            for word in set(words):
                self._described.setdefault(word, []).append((mention.end, entity))
        for named in self._described.values():
            named.sort(key=lambda pair: pair[0])

    def within(self, start: int, end: int) -> list[tuple[int, int, Mention]]:
        """Mentions whose first token lies in ``[start, end)``, in text order."""
        return self._by_start.within(start, end)

    def entity(self, mention: Mention) -> Entity:
        return self.entities[mention.entity_id]

    def role_noun_at(self, tokens: Tokens, i: int, kinds: set[str]) -> Entity | None:
        """The entity a role noun starting at token i points back to ("the ministry",
        "many member states"), or None."""
        for width in (2, 1):
            words = " ".join(tokens.lower[i:i + width])
            opened = width == 2 or tokens.lower[i - 1] in self.role_openers
            if words in self.role_nouns and i > 0 and opened:
                return self.described_by(self.role_nouns[words], tokens.start[i], kinds)
        return None

    def described_by(self, noun: str, before_char: int, kinds: set[str]) -> Entity | None:
        """What "the ministry" or "the alliance" points back to: the last entity named
        before ``before_char`` whose name, role or type holds the noun."""
        named = self._described.get(noun, [])
        for i in range(bisect_right(named, before_char, key=lambda pair: pair[0]) - 1, -1, -1):
            entity = named[i][1]
            if entity.kind in kinds:
                return entity
        return None


@cache
def _role_nouns(lang: LanguagePack) -> dict[str, str]:
    """``role_nouns.tsv``: role noun -> the word to look for in a name, role or type."""
    return dict(line.split("\t") for line in lang.lines("role_nouns.tsv"))


def sentence_tokens(doc: Doc, sentence: Sentence) -> tuple[int, int] | None:
    """The token range of a sentence, or None where it does not align."""
    span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    return None if span is None else (span.start, span.end)


def quote_open(text: str) -> bool:
    """Whether a quotation opened in the text is still open at its end."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def longest_matches(matcher: PhraseMatcher, doc: Doc, ties: bool = False
                    ) -> list[tuple[int, int, str]]:
    """A matcher's non-overlapping matches in text order, the longer winning where two
    start together ("called for" over "called"): (start, end, key). With ``ties``, every
    key of the winning span is kept ("expanded" may name two kinds)."""
    found = sorted(((s, e, doc.vocab.strings[m]) for m, s, e in matcher(doc)),
                   key=lambda x: (x[0], -(x[1] - x[0]), x[2]))
    chosen, last_end = [], -1
    for start, end, key in found:
        tie = ties and chosen and chosen[-1][:2] == (start, end)
        if start >= last_end or tie:
            chosen.append((start, end, key))
            last_end = end
    return chosen
