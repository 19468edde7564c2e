"""A Doc's token texts as plain Python lists, read once and shared by every finder.

Each access to a spaCy ``Token`` (``doc[i].text``, ``doc[i].lower_``) builds a Python
object; the finders read every token several times, so they read these lists instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc


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


def quote_tolerant(cue: Doc) -> list[dict]:
    """A cue's words as a token pattern that lets quote marks stand between them: a
    report quotes a word of the cue ('a "consensus" to disengage')."""
    pattern: list[dict] = []
    for token in cue:
        if pattern:
            pattern.append({"IS_QUOTE": True, "OP": "*"})
        pattern.append({"LOWER": token.lower_})
    return pattern
