"""Tokenizing in time linear in the text's length, whatever its characters.

spaCy's tokenizer peels prefixes and suffixes off a stretch without whitespace one at
a time, searching and copying the rest of the stretch each time: a stretch of n
characters such as ``)))...`` or ``!!!...`` costs n squared (20,000 closing brackets
took over a minute). A stretch longer than ``MAX_RUN`` characters is therefore
tokenized in pieces of ``MAX_RUN`` characters, each costing at most ``MAX_RUN``
squared, so the whole stays linear. No report holds such a stretch (the longest in
the seeds and the dev set is under 40 characters); a long URL is cut into tokens
that no finder reads anyway. The Doc's text is the text given, character for
character, so every offset read off it still points into the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy
from spacy.attrs import NORM, ORTH, SPACY
from spacy.tokens import Doc

MAX_RUN = 64
_LONG_RUN = re.compile(r"(\S{%d,})\s?" % (MAX_RUN + 1))  # and the space that ends it


def tokenize(tokenizer: Callable[[str], Doc], text: str) -> Doc:
    """``tokenizer(text)``, with stretches longer than ``MAX_RUN`` cut in pieces first."""
    if not _LONG_RUN.search(text):
        return tokenizer(text)
    pieces, at = [], 0
    for run in _LONG_RUN.finditer(text):
        pieces.append(text[at:run.start()])
        starts = range(run.start(), run.end(1), MAX_RUN)
        pieces += [text[start:start + MAX_RUN] for start in starts[:-1]]
        pieces.append(text[starts[-1]:run.end()])  # the space after the run stays on it
        at = run.end()
    pieces.append(text[at:])
    return _joined([tokenizer(piece) for piece in pieces if piece])


def _joined(docs: list[Doc]) -> Doc:
    """One Doc of the pieces' tokens, with what a tokenizer sets on them: the text, the
    space after and the norm (a special case's, as "n't" -> "not"). Read from arrays:
    ``Doc.from_docs`` walks each piece several times and took longer than the
    tokenizing."""
    vocab = docs[0].vocab
    rows = numpy.concatenate([doc.to_array([ORTH, NORM, SPACY]) for doc in docs])
    words = [vocab.strings[orth] for orth in rows[:, 0].tolist()]
    joined = Doc(vocab, words=words, spaces=rows[:, 2].astype(bool).tolist())
    joined.from_array([NORM], rows[:, 1:2])
    return joined
