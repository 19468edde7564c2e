"""The extraction pipeline: spaCy's rule-based parts plus small Doc -> records stages."""

from __future__ import annotations

import spacy

from sitrep.extract import components  # noqa: F401  (registers the spaCy components)
from sitrep.extract import vocab
from sitrep.extract.annotate import Annotator
from sitrep.extract.events import EventFinder
from sitrep.extract.mentions import MentionFinder
from sitrep.extract.sentences import find_sentences
from sitrep.extract.sides import Sides
from sitrep.extract.statements import StatementFinder
from sitrep.extract.timex import find_times
from sitrep.extract.tokens import Tokens
from sitrep.geo.gazetteer import Gazetteer
from sitrep.lang import DEFAULT, LanguagePack, language_code
from sitrep.knowledge import Knowledge, default_knowledge
from sitrep.model import Document, Extraction

MAX_CHARS = 2_000_000  # spaCy's own default limit is 1,000,000


class Pipeline:
    """Reads one Document at a time, in the language of its pack; holds no state between
    documents.

    ``knowledge``: the packs whose people, bodies, places and kit it knows (by default
    those of a case that names none: ``general`` and ``europe-security``)."""

    def __init__(self, *, with_entities: bool = True, gazetteer: Gazetteer | None = None,
                 region: tuple[str, ...] = (), language: str = DEFAULT,
                 knowledge: Knowledge | None = None):
        self.lang = LanguagePack.load(language)
        self.nlp = spacy.blank(self.lang.spacy_code)
        self.nlp.max_length = MAX_CHARS
        self.nlp.add_pipe("sentencizer")
        self.nlp.add_pipe("sitrep_line_breaks")
        self.with_entities = with_entities
        if with_entities:
            knowledge = knowledge or default_knowledge()
            gazetteer = (gazetteer or Gazetteer.open()).with_knowledge(knowledge)
            known = vocab.load_countries() + vocab.load_organisations(knowledge.organisations)
            self.mentions = MentionFinder(self.nlp, known, vocab.load_titles(self.lang),
                                          gazetteer, self.lang, knowledge, region)
            self.statements = StatementFinder(self.nlp, self.lang)
            self.sides = Sides(gazetteer)
            self.events = EventFinder(self.nlp, self.sides, self.lang)
            self.annotator = Annotator(self.lang, knowledge.equipment)

    def extract(self, document: Document) -> Extraction:
        """Everything this pipeline reads from the document."""
        text = document.text[:MAX_CHARS]
        doc = self.nlp(text)
        result = Extraction(document, sentences=find_sentences(doc, document.id, text))
        if not self.with_entities:
            return result
        language = language_code(document.language)
        if language != self.lang.code:  # another language's words would find nonsense
            document.warnings.append(
                f"{document.name}: written in {document.language!r}, and this pipeline reads "
                f"{self.lang.name} ({self.lang.code!r}): its sentences are kept, nothing is "
                f"extracted from them")
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
        self.annotator.annotate(result)  # what analysis reads of the words, as typed fields
        return result


def build_pipeline(*, with_entities: bool = True, region: tuple[str, ...] = (),
                   language: str = DEFAULT, knowledge: Knowledge | None = None) -> Pipeline:
    """The pipeline; ``with_entities=False`` only splits sentences (fast ingest).

    ``region`` lists the ISO codes of the countries the case watches; they help
    to settle ambiguous place names. ``language`` names the language pack: documents
    in another language keep their sentences and get a warning, not its rules; a
    document of undetermined language is read as English. ``knowledge``: the case's
    packs (``sitrep.knowledge.load_for_case``).
    """
    return Pipeline(with_entities=with_entities, region=region, language=language,
                    knowledge=knowledge)
