"""Sources: turn what the user names (files, directories, URLs, feeds) into Documents.

Sources never touch the store. Each input yields Documents or SourceErrors, so
one bad input never stops a batch; the caller decides how to report them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sitrep.documents import Metadata
from sitrep.errors import SourceError
from sitrep.model import Document
from sitrep.sources.files import read_path
from sitrep.sources.web import Fetcher, read_url

__all__ = ["Fetcher", "is_url", "iter_documents", "read_path", "read_url"]


def is_url(spec: str) -> bool:
    """True for http(s) inputs, which go through the Fetcher."""
    return spec.startswith(("http://", "https://"))


def iter_documents(specs: Iterable[str], *, overrides: Metadata = Metadata(),
                   fetcher: Fetcher | None = None) -> Iterator[Document | SourceError]:
    """Every document the inputs hold, or the error of each input that failed."""
    for spec in specs:
        if is_url(spec):
            fetcher = fetcher or Fetcher()
            yield from read_url(spec, fetcher, overrides=overrides)
        else:
            yield from read_path(spec, overrides=overrides)
