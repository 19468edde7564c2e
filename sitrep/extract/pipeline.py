"""The extraction pipeline: spaCy's rule-based parts plus small Doc -> records stages."""

from __future__ import annotations

import spacy

from sitrep.extract import components  # noqa: F401  (registers the spaCy components)
from sitrep.extract import vocab
from sitrep.extract.mentions import MentionFinder
from sitrep.extract.sentences import find_sentences
from sitrep.extract.statements import StatementFinder
from sitrep.geo.gazetteer import Gazetteer
from sitrep.model import Document, Extraction

MAX_CHARS = 2_000_000  # spaCy's own default limit is 1,000,000


class Pipeline:
    """Reads one Document at a time; holds no state between documents."""

    def __init__(self, *, with_entities: bool = True, gazetteer: Gazetteer | None = None,
                 region: tuple[str, ...] = ()):
        self.nlp = spacy.blank("en")
        self.nlp.max_length = MAX_CHARS
        self.nlp.add_pipe("sentencizer")
        self.nlp.add_pipe("sitrep_line_breaks")
        self.with_entities = with_entities
        if with_entities:
            known = vocab.load_countries() + vocab.load_organisations()
            self.mentions = MentionFinder(self.nlp, known, vocab.load_titles(),
                                          gazetteer or Gazetteer.open(), region)
            self.statements = StatementFinder(vocab.load_reporting_verbs())

    def extract(self, document: Document) -> Extraction:
        """Everything this pipeline reads from the document."""
        doc = self.nlp(document.text[:MAX_CHARS])
        result = Extraction(document, sentences=find_sentences(doc, document.id))
        if not self.with_entities:
            return result
        result.mentions, result.entities = self.mentions.find(doc, document.id)
        names = {entity.id: entity.name for entity in result.entities}
        result.statements = self.statements.find(doc, document, result.sentences,
                                                 result.mentions, names)
        return result


def build_pipeline(*, with_entities: bool = True, region: tuple[str, ...] = ()) -> Pipeline:
    """The pipeline; ``with_entities=False`` only splits sentences (fast ingest).

    ``region`` lists the ISO codes of the countries the case watches; they help
    to settle ambiguous place names.
    """
    return Pipeline(with_entities=with_entities, region=region)
