"""The ``Source`` contract and the registry that resolves what a user names to a source.

A source type is one module: a class with a ``name``, ``matches(target)`` and
``read(target, reading)``, registered with ``register`` when the module is imported
(``sitrep/sources/__init__.py`` imports the built-in ones). A target goes to the first
registered source that matches it, in the order of registration, so a more specific
source registers before a more general one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from sitrep.documents import Metadata
from sitrep.errors import SourceError
from sitrep.model import Document

if TYPE_CHECKING:
    from sitrep.sources.web import Fetcher


class Reading:
    """What every source of one batch reads with: the metadata that overrides what the
    inputs say of themselves, and one HTTP fetcher, made when a source first needs it."""

    def __init__(self, overrides: Metadata = Metadata(), fetcher: Fetcher | None = None):
        self.overrides = overrides
        self._fetcher = fetcher

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from sitrep.sources.web import Fetcher

            self._fetcher = Fetcher()
        return self._fetcher


class Source(Protocol):
    """A kind of input: which targets it reads, and the documents (or errors) in one."""

    name: str

    def matches(self, target: str) -> bool: ...

    def read(self, target: str, reading: Reading) -> Iterable[Document | SourceError]: ...


SOURCES: list[Source] = []


def register(source: Source) -> Source:
    """Add a source type; a name already registered is replaced in its place."""
    for i, known in enumerate(SOURCES):
        if known.name == source.name:
            SOURCES[i] = source
            return source
    SOURCES.append(source)
    return source


def resolve(target: str) -> Source:
    """The first registered source that reads the target; SourceError if none does."""
    for source in SOURCES:
        if source.matches(target):
            return source
    raise SourceError(target, "no such file or directory, and not a URL")


def iter_documents(targets: Iterable[str], *, overrides: Metadata = Metadata(),
                   fetcher: Fetcher | None = None) -> Iterator[Document | SourceError]:
    """Every document the targets hold, or the error of each that failed, in order."""
    reading = Reading(overrides, fetcher)
    for target in targets:
        try:
            source = resolve(target)
        except SourceError as error:
            yield error
            continue
        yield from source.read(target, reading)
