"""Sources: turn what the user names (files, directories, URLs, feeds) into Documents.

Sources never touch the store. Each target is read by the first registered source
type that matches it (``sitrep.sources.registry``); it yields Documents or
SourceErrors, so one bad input never stops a batch; the caller decides how to report
them. Importing this package registers the built-in types: directory, file, feed
(``feed:URL``) and URL.
"""

from __future__ import annotations

from sitrep.sources.files import read_path
from sitrep.sources.registry import Reading, Source, iter_documents, register, resolve
from sitrep.sources.web import Fetcher, read_url

__all__ = ["Fetcher", "Reading", "Source", "is_url", "iter_documents", "read_path", "read_url",
           "register", "resolve"]


def is_url(spec: str) -> bool:
    """True for http(s) inputs, which go through the Fetcher."""
    return spec.startswith(("http://", "https://"))
