"""Doc -> Sentences, with character offsets trimmed of surrounding whitespace."""

from __future__ import annotations

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from sitrep.model import Sentence


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
