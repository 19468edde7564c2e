"""Extract: Document -> Extraction (sentences, mentions, entities, statements, events).

Extraction never touches the store. ``build_pipeline()`` is expensive (spaCy and
the vocabularies): build it once per process and reuse it for every document.
Importing this package loads no spaCy: ``Pipeline`` and ``build_pipeline`` are read
from ``pipeline.py`` on first use, so a module that only names them, and a command
that builds no pipeline, starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrep.extract.pipeline import Pipeline, build_pipeline

__all__ = ["Pipeline", "build_pipeline"]


def __getattr__(name: str):
    if name in __all__:
        from sitrep.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
