"""Words signed after a dash at the end of their paragraph are the signer's.

A quoted remark or an embedded post ends with its signature: '"... is not the word for
it." — Jane Doe, analyst', or a post's '— Name (@handle) date'. The paragraph's sentences
before the dash are the signer's statement: an interview turn read backwards, its speaker
at the end of the line, not the start.
"""

from __future__ import annotations

import re

from sitrep.model import Sentence

# A dash (em, en or horizontal bar) before a capitalised name or a handle that ends the
# line, no sentence in it ("— Venezuela, Cuba and Nicaragua. In that case ..." signs nothing)
SIGNATURE = re.compile(r"\s[—–―]\s*([A-Z@](?:[^—–―.!?\n]|[.!?](?!\s)){1,100}?)\s*$")
NOT_SPACE = re.compile(r"\S")
# The end of a sentence: the signed words end at the last one before the dash, so a link
# or a photo credit between them and the dash ("pic.example.com/x — Name") is no one's words
SENTENCE_END = re.compile(r"[.!?…][\"”’']?(?=\s)")


def signature(text: str, line_of, sentences: list[Sentence],
              i: int) -> tuple[int, int, int] | None:
    """(where the signed words end, where the line ends, the index of the last signed
    sentence) when sentence i opens a line whose last words sign it; None otherwise.
    ``line_of``: a character's line (start, end). Only that line is searched: a document
    may be one line of a megabyte."""
    start = sentences[i].start
    line_start, line_end = line_of(start)
    if NOT_SPACE.search(text, line_start, start):
        return None
    found = SIGNATURE.search(text, start, line_end)
    ends = [end.end() for end in SENTENCE_END.finditer(text, start, found.start() + 1)] if found else []
    if not ends:
        return None
    last = i
    while last + 1 < len(sentences) and sentences[last + 1].start < ends[-1]:
        last += 1
    return ends[-1], line_end, last
