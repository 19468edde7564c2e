"""Doc -> Sentences, with character offsets trimmed of surrounding whitespace.

No sentence is longer than ``MAX_SENTENCE_TOKENS``: the finders look around each verb
and name within its sentence, so their work grows with the square of a sentence's
length, and a text with no full stops (a list, a dump, words built to be hostile)
would otherwise be one sentence however long it is. The longest sentence in the seeds
and the dev set has 85 tokens.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from sitrep.model import Sentence

MAX_SENTENCE_TOKENS = 150


def bound_sentences(starts: numpy.ndarray) -> numpy.ndarray:
    """``starts`` (a Doc's SENT_START array) with a sentence started after every
    ``MAX_SENTENCE_TOKENS`` tokens of one sentence."""
    since_start = 0
    for i, start in enumerate(starts.tolist()):
        if start == 1 or since_start == MAX_SENTENCE_TOKENS:
            starts[i], since_start = 1, 0
        since_start += 1
    return starts


def find_sentences(doc: Doc, doc_id: str, text: str | None = None) -> list[Sentence]:
    """The document's sentences in order; whitespace-only stretches are dropped.

    The sentences are the stretches of text between the tokens that start one (as
    ``doc.sents`` has them), read from arrays: building a Span per sentence and
    joining its tokens cost more than the rest of the work. ``text`` is the text
    the Doc was made from, where the caller has it (``doc.text`` rebuilds it).
    """
    if text is None:
        text = doc.text
    starts = doc.to_array(IDX)
    firsts = doc.to_array(SENT_START) == 1
    firsts[:1] = True  # the first token starts a sentence whatever its flag says
    bounds = starts[firsts].tolist() + [len(text)]
    sentences = []
    for begin, end in zip(bounds, bounds[1:]):
        raw = text[begin:end]
        stripped = raw.strip()
        if not stripped:
            continue
        start = begin + (len(raw) - len(raw.lstrip()))
        sentences.append(Sentence(doc_id, len(sentences), start, start + len(stripped), stripped))
    return sentences
