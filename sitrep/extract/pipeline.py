"""The extraction pipeline: a spaCy ``Language`` assembled from a config of components.

A config (``sitrep/data/pipelines/NAME.cfg``, or any spaCy config file) lists the
components in order; each reads and writes the ``Doc``'s extension attributes (see
``components.py``). ``Pipeline.extract`` attaches the document to a ``Doc``, runs
the components and reads the records off the ``Doc``: a stage a config leaves out
leaves its records empty.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc
from spacy.util import load_config, load_model_from_config

from sitrep.errors import ExtractionTimeout, SitrepError, SourceError
from sitrep.extract import components  # registers the spaCy components
from sitrep.extract.tokenizer import tokenize
from sitrep.knowledge import Knowledge
from sitrep.lang import DEFAULT, LanguagePack, language_code
from sitrep.model import Document, Extraction

MAX_CHARS = 2_000_000  # spaCy's own default limit is 1,000,000
CONFIGS = resources.files("sitrep.data").joinpath("pipelines")
SENTENCES = ("sentencizer", "sitrep_line_breaks", "sitrep_sentences")  # what any language gets
DEFAULT_CONFIG = "statistical"  # the model and every finder; "rules" is the fast mode
# Extraction is linear in a document's length whatever its characters (tokenizer.py,
# sentences.py, tokens.py): a megabyte of prose on one line takes about 45 s of CPU in the
# statistical mode on a loaded laptop, most of it in the model. The budget stops what would still run away (a bug, a new
# quadratic): it is checked after each component.
TIME_BUDGET_S = 600.0
# Documents the model's components read together (``Pipeline.extract_all``): about 16 news
# articles; a longer document is read alone. Batches of 4 to 16 articles cost 15-20 % less
# CPU in the model than one at a time; larger ones no less.
BATCH_CHARS = 40_000


class Pipeline:
    """Reads Documents in the language of its pack, one at a time (``extract``) or several
    together through the model (``extract_all``); holds no state between documents."""

    def __init__(self, nlp: Language, lang: LanguagePack, time_budget_s: float = TIME_BUDGET_S):
        self.nlp = nlp
        self.nlp.max_length = MAX_CHARS
        self.lang = lang
        self.time_budget_s = time_budget_s

    def doc(self, document: Document) -> Doc:
        """The document run through every component, with what they found on ``doc._``;
        ExtractionTimeout, naming the document, when it runs over the time budget."""
        return self._through(document, self.nlp.pipeline, time.monotonic())

    def extract(self, document: Document) -> Extraction:
        """Everything this pipeline reads from the document."""
        if not self._reads(document):
            return self._sentences_only(document)
        return self._extraction(document, self.doc(document))

    def extract_all(self, items: Iterable[Document | SourceError]
                    ) -> Iterator[Extraction | SourceError]:
        """Each document's extraction in order, or a SourceError naming the document where
        extraction failed (the others go on); an input that could not be read (a
        SourceError) keeps its place. The model's components read documents together,
        up to ``BATCH_CHARS`` at a time: its matrix products then cost less per word."""
        batch: list[Document] = []
        chars = 0
        for item in items:
            if isinstance(item, Document) and chars + len(item.text) <= BATCH_CHARS:
                batch.append(item)
                chars += len(item.text)
                continue
            yield from self._extract_batch(batch)
            batch, chars = ([item], len(item.text)) if isinstance(item, Document) else ([], 0)
            if isinstance(item, SourceError):
                yield item
        yield from self._extract_batch(batch)

    def _extract_batch(self, batch: list[Document]) -> Iterator[Extraction | SourceError]:
        for document, doc in zip(batch, self._docs_together(batch)):
            try:
                if isinstance(doc, Exception):
                    raise doc
                yield self.extract(document) if doc is None else self._extraction(document, doc)
            except Exception as error:  # a bug or odd text in one document: named, go on
                yield SourceError(document.source,
                                  f"extraction failed: {type(error).__name__}: {error}")

    def _docs_together(self, batch: list[Document]) -> list[Doc | Exception | None]:
        """Each document's Doc, or what it raised, or None where it is to be read alone
        (another language; a batch of one; the model failing on the batch, so that the
        document at fault is named). Each goes alone through the components before and
        after the model's, and all together through the model's (``TrainablePipe``:
        tok2vec, tagger, parser, ner, and what lies between them)."""
        components = self.nlp.pipeline
        trained = [i for i, (_, c) in enumerate(components) if isinstance(c, TrainablePipe)]
        together = [i for i, document in enumerate(batch) if self._reads(document)]
        docs: list[Doc | Exception | None] = [None] * len(batch)
        if len(together) < 2 or not trained:
            return docs
        first, last = trained[0], trained[-1] + 1
        started = time.monotonic()  # each is charged the batch's time in the model
        for i in together:
            docs[i] = _or_error(self._through, batch[i], components[:first], started)
        ready = [i for i in together if isinstance(docs[i], Doc)]
        try:
            read = [docs[i] for i in ready]
            for _, component in components[first:last]:
                read = list(component.pipe(read, batch_size=len(read)))
        except Exception:
            return [None] * len(batch)
        for i, doc in zip(ready, read):
            docs[i] = _or_error(self._run, doc, components[last:], started)
        return docs

    def _through(self, document: Document, components, started: float) -> Doc:
        return self._run(self._start(document), components, started)

    def _start(self, document: Document) -> Doc:
        """The document's text, up to ``MAX_CHARS``, tokenized, with the document on it."""
        text = document.text[:MAX_CHARS]
        doc = tokenize(self.nlp.tokenizer, text)
        # the components read the text off the document: it must be the Doc's own
        doc._.document = document if len(text) == len(document.text) else replace(document,
                                                                                  text=text)
        return doc

    def _run(self, doc: Doc, components, started: float) -> Doc:
        """``doc`` through ``components``, checking the time budget before each."""
        for name, component in components:
            elapsed = time.monotonic() - started
            if elapsed > self.time_budget_s:
                document = doc._.document
                raise ExtractionTimeout(
                    f"{document.name}: extraction stopped before {name} after {elapsed:.1f} s, "
                    f"over the budget of {self.time_budget_s:g} s per document "
                    f"({len(document.text):,} characters); the document is skipped")
            doc = component(doc)
        return doc

    @staticmethod
    def _extraction(document: Document, doc: Doc) -> Extraction:
        extraction = Extraction(document, sentences=doc._.sentences or [],
                                entities=doc._.entities or [], mentions=doc._.mentions or [],
                                statements=doc._.statements or [], events=doc._.events or [])
        doc._.tokens = None  # Tokens refers back to the Doc: break the cycle, free it now
        return extraction

    def _reads(self, document: Document) -> bool:
        """Whether this pipeline reads the document's words: not another language's."""
        return language_code(document.language) == self.lang.code or not self._reads_words()

    def _reads_words(self) -> bool:
        """Whether any component reads the words, beyond cutting sentences."""
        return any(name not in SENTENCES for name in self.nlp.pipe_names)

    def _sentences_only(self, document: Document) -> Extraction:
        """Another language's words would find nonsense: its sentences are kept, with a
        warning that names the document and its language."""
        document.warnings.append(
            f"{document.name}: written in {document.language!r}, and this pipeline reads "
            f"{self.lang.name} ({self.lang.code!r}): its sentences are kept, nothing is "
            f"extracted from them")
        with self.nlp.select_pipes(enable=[n for n in self.nlp.pipe_names if n in SENTENCES]):
            return Extraction(document, sentences=self.doc(document)._.sentences or [])


def _or_error(run: Callable[..., Doc], *args) -> Doc | Exception:
    try:
        return run(*args)
    except Exception as error:  # kept in the document's place, reported with its name
        return error


def build_pipeline(config: str | Path | None = None, *, with_entities: bool = True,
                   fast: bool = False, region: tuple[str, ...] = (),
                   gazetteer: Path | None = None, language: str = DEFAULT,
                   knowledge: Knowledge | None = None,
                   time_budget_s: float = TIME_BUDGET_S) -> Pipeline:
    """The pipeline a config names: "statistical" (the pretrained model and every finder,
    the default), "rules" (every finder, no model: what ``fast`` picks, several times
    faster), "sentences" (what ``with_entities=False`` picks: sentences only, for fast
    ingest), or a path to a spaCy config file.

    ``region`` lists the ISO codes of the countries the case watches; they help to
    settle ambiguous place names. ``gazetteer`` is the index file (default: the user
    cache). ``language`` names the language pack: a document in another language keeps
    its sentences and gets a warning; one of undetermined language is read as English.
    ``knowledge``: the case's packs (``sitrep.knowledge.load_for_case``; default: those
    of a case that names none). ``time_budget_s``: the most one document may take.
    """
    path = _config_path(config or _default_config(with_entities, fast))
    lang = LanguagePack.load(language)
    overrides = {"nlp.lang": lang.spacy_code, "sitrep.region": list(region),
                 "sitrep.gazetteer": str(gazetteer or "") or None, "sitrep.language": lang.code,
                 "sitrep.knowledge": components.lend(knowledge) if knowledge else None}
    try:
        return Pipeline(load_model_from_config(load_config(path, overrides=overrides),
                                               auto_fill=True), lang, time_budget_s)
    except (OSError, ValueError) as error:
        raise SitrepError(f"pipeline config {path}: {error}") from None


def _default_config(with_entities: bool, fast: bool) -> str:
    if not with_entities:
        return "sentences"
    return "rules" if fast else DEFAULT_CONFIG


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
