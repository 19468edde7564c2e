"""A Doc's token texts as plain Python lists, read once and shared by every finder.

Each access to a spaCy ``Token`` (``doc[i].text``, ``doc[i].lower_``) builds a Python
object; the finders read every token several times, so they read these lists instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.attrs import IDX, IS_QUOTE, LOWER, ORTH, SPACY
from spacy.tokens import Doc
from spacy.vocab import Vocab


class Tokens:
    """``text``, ``lower`` and character ``start`` of every token of ``doc``, and where
    each line of its text starts."""

    __slots__ = ("doc", "text", "lower", "start", "doc_text", "line_starts")

    def __init__(self, doc: Doc):
        self.doc = doc
        strings = doc.vocab.strings
        self.text = [strings[orth] for orth in doc.to_array(ORTH).tolist()]  # no Token objects
        self.lower = [word.lower() for word in self.text]  # what spaCy's English LOWER is
        self.start = doc.to_array(IDX).tolist()
        spaces = doc.to_array(SPACY).tolist()
        self.doc_text = "".join([word + " " if space else word  # as doc.text, but faster
                                 for word, space in zip(self.text, spaces)])
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.doc_text)]

    def __len__(self) -> int:
        return len(self.text)

    def span(self, start: int, end: int) -> str:
        """The text of tokens ``start:end``, as ``doc[start:end].text`` gives it."""
        if start >= end:
            return ""
        return self.doc_text[self.start[start]:self.start[end - 1] + len(self.text[end - 1])]

    def line(self, char: int) -> tuple[int, int]:
        """Where the line holding character ``char`` starts and ends (its line break or
        the end of the text), found in the index of lines, not by scanning the text: a
        document may be one line of a megabyte with thousands of names on it."""
        n = bisect_right(self.line_starts, char)
        end = self.line_starts[n] - 1 if n < len(self.line_starts) else len(self.doc_text)
        return self.line_starts[n - 1], end


class QuoteTolerantMatcher:
    """Phrases whose words may stand apart by quote marks, as a report quotes a word of a
    cue ('a "consensus" to disengage'). Called on a Doc, it returns what spaCy's token
    ``Matcher`` returns for the pattern ``word (IS_QUOTE)* word ...``: (key hash, start,
    end) of every match. It looks phrases up by their first word; the Matcher tried
    every pattern at every token and took a sixth of the rules-only mode's time."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.by_first: dict[int, list[tuple[int, tuple[int, ...]]]] = {}

    def add(self, key: str, phrase: Doc) -> None:
        """Match ``phrase``'s words, in lower case, under ``key``."""
        words = tuple(token.lower for token in phrase)
        self.by_first.setdefault(words[0], []).append((self.vocab.strings.add(key), words[1:]))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        lower = doc.to_array(LOWER).tolist()
        starts = [i for i, word in enumerate(lower) if word in self.by_first]
        if not starts:
            return []
        quote = doc.to_array(IS_QUOTE).tolist()
        return [(key, start, end) for start in starts
                for key, rest in self.by_first[lower[start]]
                for end in _ends(rest, start + 1, lower, quote)]


def _ends(rest: tuple[int, ...], at: int, lower: list[int], quote: list[int]) -> set[int]:
    """Where the words ``rest`` end when they follow token ``at``, any run of quote marks
    before each of them."""
    ends = {at}
    for word in rest:
        following = set()
        for i in ends:
            while i < len(lower):
                if lower[i] == word:
                    following.add(i + 1)
                if not quote[i]:
                    break
                i += 1
        ends = following
    return ends
