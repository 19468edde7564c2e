"""Exceptions sitrep raises on purpose.

    SitrepError
    ├── SourceError          an input could not be read: names the input and the problem
    │   └── FetchError       a URL or feed could not be fetched
    ├── ExtractionTimeout    a document's extraction ran over its time budget: names it
    ├── CaseError            a case directory or case.yaml is missing or invalid
    ├── LanguagePackError    a language pack is missing or malformed: names file and line
    ├── PackError            a knowledge pack is missing or invalid: names file, line, field
    └── StoreError           the store cannot be opened or migrated
"""


class SitrepError(Exception):
    """Base of every error sitrep reports to the user as a one-line message."""


class SourceError(SitrepError):
    """An input (file, URL, feed entry) could not be turned into a document."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class FetchError(SourceError):
    """A network input failed: timeout, refused connection, HTTP error, too large."""


class ExtractionTimeout(SitrepError):
    """A document's extraction ran over the pipeline's time budget; the document is
    skipped, the batch goes on."""


class CaseError(SitrepError):
    """A case directory or its case.yaml cannot be used."""


class LanguagePackError(SitrepError):
    """A language pack is missing or malformed; the message names the file and the line."""
class PackError(SitrepError):
    """A knowledge pack cannot be used: the message names the file, line and field."""


class StoreError(SitrepError):
    """The store cannot be opened, or its schema is newer than this sitrep."""
