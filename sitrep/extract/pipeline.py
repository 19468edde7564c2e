"""The extraction pipeline: a spaCy ``Language`` assembled from a config of components.

A config (``sitrep/data/pipelines/NAME.cfg``, or any spaCy config file) lists the
components in order; each reads and writes the ``Doc``'s extension attributes (see
``components.py``). ``Pipeline.extract`` attaches the document to a ``Doc``, runs
the components and reads the records off the ``Doc``: a stage a config leaves out
leaves its records empty.
"""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_config, load_model_from_config

from sitrep.errors import SitrepError
from sitrep.extract import components  # noqa: F401  (registers the spaCy components)
from sitrep.model import Document, Extraction

MAX_CHARS = 2_000_000  # spaCy's own default limit is 1,000,000
CONFIGS = resources.files("sitrep.data").joinpath("pipelines")


class Pipeline:
    """Reads one Document at a time; holds no state between documents."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.nlp.max_length = MAX_CHARS

    def doc(self, document: Document) -> Doc:
        """The document run through every component, with what they found on ``doc._``."""
        text = document.text[:MAX_CHARS]
        doc = self.nlp.make_doc(text)
        # the components read the text off the document: it must be the Doc's own
        doc._.document = document if len(text) == len(document.text) else replace(document,
                                                                                  text=text)
        return self.nlp(doc)

    def extract(self, document: Document) -> Extraction:
        """Everything this pipeline reads from the document."""
        doc = self.doc(document)
        extraction = Extraction(document, sentences=doc._.sentences or [],
                                entities=doc._.entities or [], mentions=doc._.mentions or [],
                                statements=doc._.statements or [], events=doc._.events or [])
        doc._.tokens = None  # Tokens refers back to the Doc: break the cycle, free it now
        return extraction


def build_pipeline(config: str | Path | None = None, *, with_entities: bool = True,
                   region: tuple[str, ...] = (), gazetteer: Path | None = None) -> Pipeline:
    """The pipeline a config names: "rules" (every finder, the default), "sentences"
    (what ``with_entities=False`` picks: sentences only, for fast ingest), or a path to
    a spaCy config file.

    ``region`` lists the ISO codes of the countries the case watches; they help to
    settle ambiguous place names. ``gazetteer`` is the index file (default: the user
    cache).
    """
    path = _config_path(config or ("rules" if with_entities else "sentences"))
    overrides = {"sitrep.region": list(region), "sitrep.gazetteer": str(gazetteer or "") or None}
    try:
        return Pipeline(load_model_from_config(load_config(path, overrides=overrides),
                                               auto_fill=True))
    except (OSError, ValueError) as error:
        raise SitrepError(f"pipeline config {path}: {error}") from None


def _config_path(config: str | Path) -> Path:
    """A config's file: a name of a shipped config, or a path."""
    if isinstance(config, Path) or str(config).endswith(".cfg"):
        return Path(config)
    shipped = CONFIGS.joinpath(f"{config}.cfg")
    if not shipped.is_file():
        known = sorted(p.name.removesuffix(".cfg") for p in CONFIGS.iterdir()
                       if p.name.endswith(".cfg"))
        raise SitrepError(f"no pipeline config named {config!r}; known: {', '.join(known)}")
    return Path(str(shipped))
