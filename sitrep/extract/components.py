"""Every spaCy component sitrep registers, in one place so names in configs are easy to trace."""

from __future__ import annotations

from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

OPENING_QUOTES = {'"', "“", "„", "«", "‘"}
SENTENCE_ENDS = {".", "!", "?", "…"}
NOT_A_START = 2**64 - 1  # -1 in the uint64 array spaCy uses for SENT_START


@Language.component("sitrep_line_breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, paragraphs and transcript lines stand alone.

    Read from and written back as arrays: setting ``is_sent_start`` token by token
    checks the whole Doc for a parse each time.
    """
    spaces = doc.to_array(IS_SPACE).tolist()
    starts = doc.to_array(SENT_START)
    for i, is_space in enumerate(spaces[:-1]):
        if is_space and "\n" in doc[i].text:
            starts[i + 1] = 1
    # An opening quote after a full stop opens the next sentence; spaCy's sentencizer
    # leaves it at the end of the previous one ('Shoigu said. “').
    for i in range(1, len(doc) - 1):
        if (starts[i + 1] == 1 and doc[i].text in OPENING_QUOTES and not doc[i].whitespace_
                and doc[i - 1].whitespace_ and doc[i - 1].text in SENTENCE_ENDS):
            starts[i], starts[i + 1] = 1, NOT_A_START
    doc.from_array([SENT_START], starts)
    return doc
