"""The extraction pipeline: spaCy's rule-based parts plus small Doc -> records stages."""

from __future__ import annotations

import spacy

from sitrep.extract import components  # noqa: F401  (registers the spaCy components)
from sitrep.extract import vocab
from sitrep.extract.annotate import annotate
from sitrep.extract.events import EventFinder
from sitrep.extract.mentions import MentionFinder
from sitrep.extract.sentences import find_sentences
from sitrep.extract.sides import Sides
from sitrep.extract.statements import StatementFinder
from sitrep.extract.timex import find_times
from sitrep.extract.tokens import Tokens
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
            gazetteer = gazetteer or Gazetteer.open()
            known = vocab.load_countries() + vocab.load_organisations()
            self.mentions = MentionFinder(self.nlp, known, vocab.load_titles(), gazetteer, region)
            self.statements = StatementFinder(self.nlp)
            self.sides = Sides(gazetteer)
            self.events = EventFinder(self.nlp, self.sides)

    def extract(self, document: Document) -> Extraction:
        """Everything this pipeline reads from the document."""
        text = document.text[:MAX_CHARS]
        doc = self.nlp(text)
        result = Extraction(document, sentences=find_sentences(doc, document.id, text))
        if not self.with_entities:
            return result
        tokens = Tokens(doc)  # the token lists every stage reads, built once
        result.mentions, result.entities = self.mentions.find(doc, document.id, tokens)
        times = find_times(text, document.published)
        result.statements = self.statements.find(doc, tokens, document, result.sentences,
                                                 result.mentions, result.entities, times)
        self.sides.assign_speakers(result.statements, result.entities)
        result.events = self.events.find(doc, tokens, document, result.sentences,
                                         result.mentions, result.entities, result.statements, times)
        self.sides.assign_actors(result.events, result.entities)
        annotate(result)  # what analysis reads of the words, as typed fields
        return result


def build_pipeline(*, with_entities: bool = True, region: tuple[str, ...] = ()) -> Pipeline:
    """The pipeline; ``with_entities=False`` only splits sentences (fast ingest).

    ``region`` lists the ISO codes of the countries the case watches; they help
    to settle ambiguous place names.
    """
    return Pipeline(with_entities=with_entities, region=region)
