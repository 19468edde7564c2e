"""Files and directories: .txt, .md, .html and .htm, with optional sidecar metadata.

A sidecar ``NAME.meta.json`` beside ``NAME.txt`` gives title, publisher, author,
published, language and url (the format of ``../shared/seeds``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from sitrep.documents import Metadata, make_document, parse_date
from sitrep.errors import SourceError
from sitrep.model import Document
from sitrep.sources.html import read_html
from sitrep.sources.registry import Reading, register

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
MAX_BYTES = 10_000_000
SIDECAR_SUFFIX = ".meta.json"
# A directory's own description is not a report.
SKIPPED_NAMES = {"readme.md", "readme.txt"}


class DirectorySource:
    """A directory: every supported file under it, in name order."""

    name = "directory"

    def matches(self, target: str) -> bool:
        return Path(target).is_dir()

    def read(self, target: str, reading: Reading) -> Iterator[Document | SourceError]:
        return read_path(target, overrides=reading.overrides)


class FileSource:
    """One file (an unsupported type is the input's error)."""

    name = "file"

    def matches(self, target: str) -> bool:
        return Path(target).exists() and not Path(target).is_dir()

    def read(self, target: str, reading: Reading) -> Iterator[Document | SourceError]:
        return read_path(target, overrides=reading.overrides)


def read_path(spec: str, *, overrides: Metadata = Metadata(),
              max_bytes: int = MAX_BYTES) -> Iterator[Document | SourceError]:
    """The documents of a file, or of every supported file under a directory."""
    path = Path(spec)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _is_document_file(p))
        if not files:
            yield SourceError(spec, "directory holds no .txt, .md, .html or .htm files")
        for file in files:
            yield _read_or_error(file, overrides, max_bytes)
    elif path.exists():
        yield _read_or_error(path, overrides, max_bytes)
    else:
        yield SourceError(spec, "no such file or directory")


def _is_document_file(path: Path) -> bool:
    return (path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES
            and path.name.lower() not in SKIPPED_NAMES)


def _read_or_error(path: Path, overrides: Metadata, max_bytes: int) -> Document | SourceError:
    try:
        return read_file(path, overrides=overrides, max_bytes=max_bytes)
    except SourceError as error:
        return error


def read_file(path: Path, *, overrides: Metadata = Metadata(), max_bytes: int = MAX_BYTES) -> Document:
    """One file as a Document; raises SourceError naming the file and the problem."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise SourceError(str(path), f"unsupported file type {suffix or '(none)'}; "
                                     "expected .txt, .md, .html or .htm")
    raw = _read_bytes(path, max_bytes)
    if not raw.strip():
        raise SourceError(str(path), "file is empty")
    if b"\x00" in raw[:8192]:
        raise SourceError(str(path), "binary file (contains NUL bytes), not text")
    text, warnings = decode_text(raw)
    sidecar = read_sidecar(path)
    if suffix in HTML_SUFFIXES:
        body, found = read_html(text, url=sidecar.url or overrides.url, source=str(path))
        metadata = found.overridden_by(sidecar).overridden_by(overrides)
    else:
        body, metadata = text, sidecar.overridden_by(overrides)
    try:
        return make_document(body, name=path.stem, source=str(path), metadata=metadata,
                             warnings=[f"{path}: {w}" for w in warnings])
    except ValueError as error:
        raise SourceError(str(path), str(error)) from None


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(str(path), f"file is {size / 1e6:.1f} MB; the limit is "
                                         f"{max_bytes / 1e6:.1f} MB")
        return path.read_bytes()
    except OSError as error:
        raise SourceError(str(path), f"cannot read: {error.strerror or error}") from None


def decode_text(raw: bytes) -> tuple[str, list[str]]:
    """UTF-8 text (a BOM is dropped); invalid bytes are replaced, with a warning."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8-sig", errors="replace")
        return text, [f"invalid UTF-8 at byte {error.start}; undecodable bytes replaced with U+FFFD"]


def read_sidecar(path: Path) -> Metadata:
    """Metadata from ``NAME.meta.json`` beside the file, or nothing when there is none."""
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return Metadata()
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        return Metadata(
            title=_text_or_none(data.get("title")),
            publisher=_text_or_none(data.get("publisher")),
            author=_text_or_none(data.get("author")),
            published=parse_date(data.get("published")),
            language=_text_or_none(data.get("language")),
            url=_text_or_none(data.get("url")),
        )
    except (OSError, ValueError) as error:  # JSONDecodeError is a ValueError
        raise SourceError(str(sidecar), f"invalid metadata: {error}") from None


def _text_or_none(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


register(DirectorySource())
register(FileSource())
