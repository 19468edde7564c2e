"""Files and directories: .txt, .md, .html and .htm, with optional sidecar metadata.

A sidecar ``NAME.meta.json`` beside ``NAME.txt`` gives title, publisher, author,
published, language and url (the format of ``../shared/seeds``).
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer

from sitrep.documents import Metadata, make_document, parse_date
from sitrep.errors import SourceError
from sitrep.model import Document
from sitrep.sources.html import read_html
from sitrep.sources.registry import Reading, register

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
MAX_BYTES = 10_000_000
SIDECAR_SUFFIX = ".meta.json"
# UTF-32's marks first: UTF-16's little-endian mark begins UTF-32's.
BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                    (codecs.BOM_UTF16_BE, "utf-16"))
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
        root = path.resolve()
        files = document_files(path)
        if not files:
            yield SourceError(spec, "directory holds no .txt, .md, .html or .htm files")
        for file in files:
            yield _outside(file, root) or _read_or_error(file, overrides, max_bytes)
    elif path.exists():
        yield _read_or_error(path, overrides, max_bytes)
    else:
        yield SourceError(spec, "no such file or directory")


def _outside(path: Path, root: Path) -> SourceError | None:
    """The error for a symbolic link in an input directory that leads out of it (a link
    to a system file is not a report); None for a file inside."""
    target = path.resolve()
    if target.is_relative_to(root):
        return None
    return SourceError(str(path), f"symbolic link to {target}, outside the input directory "
                                  f"{root}; not followed")


def document_files(directory: Path) -> list[Path]:
    """The files under a directory that are read as documents, in order (what is not a
    regular file among them is refused when read, not skipped)."""
    return sorted(p for p in directory.rglob("*") if _is_document_file(p) and not p.is_dir())


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
    if b"\x00" in raw[:8192] and not bom_encoding(raw):  # UTF-16 and -32 hold NULs
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
    """The bytes of a regular file. It is opened without waiting (a named pipe would wait
    for a writer for ever) and refused, by what the open file is, unless it is a regular
    file: a pipe or a device is not a report."""
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode):
                kind = _file_kind(status.st_mode)
                raise SourceError(str(path), f"not a regular file but {kind}; only regular "
                                             "files are read")
            if status.st_size > max_bytes:
                raise SourceError(str(path), f"file is {status.st_size / 1e6:.1f} MB; the limit "
                                             f"is {max_bytes / 1e6:.1f} MB")
            return file.read()
    except OSError as error:
        raise SourceError(str(path), f"cannot read: {error.strerror or error}") from None


def _file_kind(mode: int) -> str:
    kinds = {stat.S_ISFIFO: "a named pipe", stat.S_ISCHR: "a character device",
             stat.S_ISBLK: "a block device", stat.S_ISSOCK: "a socket",
             stat.S_ISDIR: "a directory"}
    return next((kind for test, kind in kinds.items() if test(mode)), "a special file")


def decode_text(raw: bytes) -> tuple[str, list[str]]:
    """The text in the encoding its byte order mark names (UTF-8, UTF-16, UTF-32), else
    UTF-8, else the encoding charset-normalizer detects (a Russian report saved as
    windows-1251), with a warning naming it; else UTF-8 with the undecodable bytes
    replaced, with a warning."""
    encoding = bom_encoding(raw) or "utf-8"
    try:
        return raw.decode(encoding), []
    except UnicodeDecodeError as error:
        problem = f"invalid {encoding.removesuffix('-sig').upper()} at byte {error.start}"
    detected = None if bom_encoding(raw) else charset_normalizer.from_bytes(raw).best()
    if detected is not None:
        return str(detected), [f"{problem}; read as {detected.encoding}, the encoding detected"]
    return (raw.decode(encoding, errors="replace"),
            [f"{problem}; undecodable bytes replaced with U+FFFD"])


def bom_encoding(raw: bytes) -> str | None:
    """The encoding a byte order mark at the start of ``raw`` names (the codec drops it)."""
    for bom, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(bom):
            return encoding
    return None


def read_sidecar(path: Path) -> Metadata:
    """Metadata from ``NAME.meta.json`` beside the file, or nothing when there is none."""
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return Metadata()
    try:
        data = json.loads(_read_bytes(sidecar, MAX_BYTES).decode("utf-8"))
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
