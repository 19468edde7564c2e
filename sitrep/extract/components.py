"""Every spaCy component sitrep registers, in one place so names in configs are easy to trace.

The components pass their work along on one ``Doc`` as custom extension attributes,
and each declares what it reads (``requires``) and writes (``assigns``), so
``nlp.analyze_pipes()`` shows the flow. Every component may read the input,
``doc._.document`` (id, text, publication date, language), which the caller sets
before the pipeline runs (``Pipeline.doc``); the rest is written by components:

    doc._.sentences   sitrep_sentences             doc._.tokens     sitrep_tokens
    doc._.times       sitrep_times                 doc._.mentions   sitrep_mentions
    doc._.entities    sitrep_mentions              doc._.statements sitrep_statements
    doc._.events      sitrep_events

Speaker and actor sides are set on the records in place (sitrep_speaker_sides,
sitrep_actor_sides). Which components run, in which order, is a pipeline config
(``sitrep/data/pipelines/*.cfg``), not code.
"""

import threading
from pathlib import Path

from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from sitrep.extract import vocab
from sitrep.extract.events import EventFinder
from sitrep.extract.mentions import MentionFinder
from sitrep.extract.sentences import find_sentences
from sitrep.extract.sides import Sides
from sitrep.extract.statements import StatementFinder
from sitrep.extract.timex import find_times
from sitrep.extract.tokens import Tokens
from sitrep.geo.gazetteer import Gazetteer, default_index_path

EXTENSIONS = ("document", "sentences", "tokens", "times", "mentions", "entities", "statements",
              "events")
for _name in EXTENSIONS:
    Doc.set_extension(_name, default=None, force=True)

OPENING_QUOTES = {'"', "“", "„", "«", "‘"}
SENTENCE_ENDS = {".", "!", "?", "…"}
NOT_A_START = 2**64 - 1  # -1 in the uint64 array spaCy uses for SENT_START


class _Gazetteers(threading.local):
    """The gazetteers opened by this thread, by index path: every component of a pipeline
    shares one (and its lookup caches); a Dask worker thread opens its own connection."""

    def __init__(self):
        self.by_path: dict[Path, Gazetteer] = {}


_gazetteers = _Gazetteers()


@registry.misc("sitrep.gazetteer.v1")
def open_gazetteer(path: str | None = None) -> Gazetteer:
    """The gazetteer index at ``path`` (default: the user cache), built first if missing."""
    key = Path(path) if path else default_index_path()
    if key not in _gazetteers.by_path:
        _gazetteers.by_path[key] = Gazetteer.open(key)
    return _gazetteers.by_path[key]


@Language.component("sitrep_line_breaks", assigns=["token.is_sent_start"])
def mark_line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, paragraphs and transcript lines stand alone.

    Read from and written back as arrays: setting ``is_sent_start`` token by token
    checks the whole Doc for a parse each time.
    """
    spaces = doc.to_array(IS_SPACE).tolist()
    starts = doc.to_array(SENT_START)
    for i, is_space in enumerate(spaces[:-1]):
        if is_space and "\n" in doc[i].text:
            starts[i + 1] = 1
    # An opening quote after a full stop opens the next sentence; spaCy's sentencizer
    # leaves it at the end of the previous one ('Shoigu said. “').
    for i in range(1, len(doc) - 1):
        if (starts[i + 1] == 1 and doc[i].text in OPENING_QUOTES and not doc[i].whitespace_
                and doc[i - 1].whitespace_ and doc[i - 1].text in SENTENCE_ENDS):
            starts[i], starts[i + 1] = 1, NOT_A_START
    doc.from_array([SENT_START], starts)
    return doc


@Language.component("sitrep_sentences", assigns=["doc._.sentences"],
                    requires=["token.is_sent_start"])
def sentences(doc: Doc) -> Doc:
    """The document's sentences as records with character offsets."""
    document = doc._.document
    doc._.sentences = find_sentences(doc, document.id, document.text)
    return doc


@Language.component("sitrep_tokens", assigns=["doc._.tokens"])
def tokens(doc: Doc) -> Doc:
    """The token lists every later component reads, built once."""
    doc._.tokens = Tokens(doc)
    return doc


@Language.component("sitrep_times", assigns=["doc._.times"])
def times(doc: Doc) -> Doc:
    """Time expressions, resolved against the document's publication date."""
    document = doc._.document
    doc._.times = find_times(document.text, document.published)
    return doc


@Language.factory("sitrep_mentions", assigns=["doc._.mentions", "doc._.entities"],
                  requires=["doc._.tokens"], default_config={"region": []})
def make_mentions(nlp: Language, name: str, gazetteer: Gazetteer,
                  region: list[str]) -> MentionFinder:
    """``region``: ISO codes of the countries the case watches, to settle ambiguous places."""
    known = vocab.load_countries() + vocab.load_organisations()
    return MentionFinder(nlp, known, vocab.load_titles(), gazetteer, tuple(region))


@Language.factory("sitrep_statements", assigns=["doc._.statements"],
                  requires=["doc._.tokens", "doc._.sentences",
                            "doc._.times", "doc._.mentions", "doc._.entities"])
def make_statements(nlp: Language, name: str) -> StatementFinder:
    return StatementFinder(nlp)


@Language.factory("sitrep_speaker_sides", assigns=["doc._.statements"],
                  requires=["doc._.statements", "doc._.entities"])
def make_speaker_sides(nlp: Language, name: str, gazetteer: Gazetteer):
    """Each statement's ``speaker_side``; events read it to tell claims from observations."""
    sides = Sides(gazetteer)

    def speaker_sides(doc: Doc) -> Doc:
        sides.assign_speakers(doc._.statements, doc._.entities)
        return doc

    return speaker_sides


@Language.factory("sitrep_events", assigns=["doc._.events", "doc._.statements"],
                  requires=["doc._.tokens", "doc._.sentences", "doc._.times",
                            "doc._.mentions", "doc._.entities", "doc._.statements"])
def make_events(nlp: Language, name: str, gazetteer: Gazetteer) -> EventFinder:
    """Events; a statement announcing its own side's withdrawal is recoded as conceding."""
    return EventFinder(nlp, Sides(gazetteer))


@Language.factory("sitrep_actor_sides", assigns=["doc._.events"],
                  requires=["doc._.events", "doc._.entities"])
def make_actor_sides(nlp: Language, name: str, gazetteer: Gazetteer):
    """Each event's ``actor_side``."""
    sides = Sides(gazetteer)

    def actor_sides(doc: Doc) -> Doc:
        sides.assign_actors(doc._.events, doc._.entities)
        return doc

    return actor_sides
