"""Doc -> Sentences, with character offsets trimmed of surrounding whitespace."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.model import Sentence


def find_sentences(doc: Doc, doc_id: str) -> list[Sentence]:
    """The document's sentences in order; whitespace-only stretches are dropped."""
    sentences = []
    for span in doc.sents:
        raw = span.text
        stripped = raw.strip()
        if not stripped:
            continue
        start = span.start_char + (len(raw) - len(raw.lstrip()))
        sentences.append(Sentence(doc_id, len(sentences), start, start + len(stripped), stripped))
    return sentences
