"""Tokenizing in time linear in the text's length, whatever its characters.

spaCy's tokenizer peels prefixes and suffixes off a stretch without whitespace one at
a time, searching and copying the rest of the stretch each time: a stretch of n
characters such as ``)))...`` or ``!!!...`` costs n squared (20,000 closing brackets
took over a minute). So in a stretch longer than ``MAX_RUN`` characters only the
first and the last ``MAX_RUN`` are tokenized (a bracket or a full stop at either end
of a long URL is split off as usual); the rest is cut into tokens of ``MAX_RUN``
characters. Tokenizing costs at most ``MAX_RUN`` squared per stretch, and a stretch
gives a few tokens, not one per character, to the model and the finders. No report
holds such a stretch (the longest in the seeds and the dev set has 29 characters);
the Doc's text is the text given, character for character, so every offset read off
it still points into the document.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import NORM, ORTH, SPACY
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

MAX_RUN = 64
_LONG_RUN = re.compile(r"\S{%d,}" % (2 * MAX_RUN + 1))


def tokenize(tokenizer: Tokenizer, text: str) -> Doc:
    """``tokenizer(text)``, with the middle of each stretch longer than twice ``MAX_RUN``
    cut into tokens of ``MAX_RUN`` characters."""
    if not _LONG_RUN.search(text):
        return tokenizer(text)
    docs, at = [], 0
    for run in _LONG_RUN.finditer(text):
        middle_start, middle_end = run.start() + MAX_RUN, run.end() - MAX_RUN
        docs.append(tokenizer(text[at:middle_start]))  # up to the end of the run's head
        middle = [text[i:min(i + MAX_RUN, middle_end)]
                  for i in range(middle_start, middle_end, MAX_RUN)]
        docs.append(Doc(tokenizer.vocab, words=middle, spaces=[False] * len(middle)))
        at = middle_end
    docs.append(tokenizer(text[at:]))
    return _joined(docs)


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
