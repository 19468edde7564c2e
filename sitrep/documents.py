"""Turn raw text and metadata into a Document with a content-hash id.

The id is a hash of the normalised text, so the same article read from a file,
a URL or a feed gets the same id, and ingesting it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, fields, replace

from sitrep.model import Document

ID_LENGTH = 16  # hex digits of SHA-256: 64 bits, ample for millions of documents

_TRAILING_SPACE = re.compile(r"[ \t\f\v]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(slots=True, frozen=True)
class Metadata:
    """What is known about a document besides its text; None means unknown."""

    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: dt.date | None = None
    language: str | None = None
    url: str | None = None

    def overridden_by(self, other: "Metadata") -> "Metadata":
        """These values, with every value ``other`` knows taking precedence."""
        known = {f.name: getattr(other, f.name) for f in fields(other) if getattr(other, f.name) is not None}
        return replace(self, **known)


def normalise_text(text: str) -> str:
    """Unicode NFC, Unix newlines, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "")
    text = _TRAILING_SPACE.sub("\n", text)
    return _MANY_BLANK_LINES.sub("\n\n", text).strip()


def content_id(normalised_text: str) -> str:
    """The document id: a hash of the text with all runs of whitespace folded."""
    folded = " ".join(normalised_text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:ID_LENGTH]


def parse_date(value: object) -> dt.date | None:
    """A publication date from ISO text (date or date-time), a date, or None.

    Raises ValueError on text that is not an ISO date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def make_document(text: str, *, name: str, source: str, metadata: Metadata,
                  warnings: list[str] | None = None) -> Document:
    """A Document from raw text; raises ValueError when no text is left."""
    normalised = normalise_text(text)
    if not normalised:
        raise ValueError("no text (empty after normalisation)")
    return Document(
        id=content_id(normalised),
        text=normalised,
        name=name,
        source=source,
        url=metadata.url,
        title=metadata.title,
        publisher=metadata.publisher,
        author=metadata.author,
        published=metadata.published,
        language=metadata.language or "en",
        warnings=list(warnings or []),
    )
