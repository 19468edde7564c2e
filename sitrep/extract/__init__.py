"""Extract: Document -> Extraction (sentences, mentions, entities, statements, events).

Extraction never touches the store. ``build_pipeline()`` is expensive (spaCy and
the vocabularies): build it once per process and reuse it for every document.
"""

from __future__ import annotations

from sitrep.extract.pipeline import Pipeline, build_pipeline

__all__ = ["Pipeline", "build_pipeline"]
