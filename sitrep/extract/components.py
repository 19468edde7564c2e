"""Every spaCy component sitrep registers, in one place so names in configs are easy to trace."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("sitrep_line_breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, paragraphs and transcript lines stand alone."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
