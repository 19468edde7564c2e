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

Speaker and actor sides and the typed fields analysis reads are set on the records in
place (sitrep_speaker_sides, sitrep_actor_sides, sitrep_annotate), and each statement's
proposition after them (sitrep_propositions). Which components run,
in which order, is a pipeline config (``sitrep/data/pipelines/*.cfg``), not code.

A component reads words from the language pack the config's ``[sitrep] language``
names, and names from the knowledge packs: a loaded ``Knowledge`` cannot go through a
config (spaCy keeps only JSON values there), so ``build_pipeline`` lends it under its
content key (``lend``) and the config carries the key (``[sitrep] knowledge``; none: the
packs of a case that names none).
"""

import threading
from pathlib import Path

from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from sitrep.extract import vocab
from sitrep.extract.annotate import Annotator
from sitrep.extract.events import EventFinder
from sitrep.extract.mentions import MentionFinder
from sitrep.extract.propositions import read_propositions
from sitrep.extract.model_files import index_lemmas, prepare
from sitrep.extract.sentences import bound_sentences, find_sentences
from sitrep.extract.sides import Sides
from sitrep.extract.statements import StatementFinder
from sitrep.extract.timex import find_times
from sitrep.extract.tokens import Tokens
from sitrep.geo.gazetteer import Gazetteer, default_index_path
from sitrep.knowledge import Knowledge, default_knowledge
from sitrep.lang import LanguagePack

DOC_ATTRIBUTES = ("document", "sentences", "tokens", "times", "mentions", "entities", "statements",
              "events")
for _name in DOC_ATTRIBUTES:
    Doc.set_extension(_name, default=None, force=True)

OPENING_QUOTES = {'"', "“", "„", "«", "‘"}
SENTENCE_ENDS = {".", "!", "?", "…"}
NOT_A_START = 2**64 - 1  # -1 in the uint64 array spaCy uses for SENT_START


class _Gazetteers(threading.local):
    """The gazetteers opened by this thread, by index path and knowledge: every component
    of a pipeline shares one (and its lookup caches); a Dask worker thread opens its own
    connection."""

    def __init__(self):
        self.by_key: dict[tuple[Path, str | None], Gazetteer] = {}


_gazetteers = _Gazetteers()
_lent: dict[str, Knowledge] = {}  # the knowledge build_pipeline lent, by content key


def lend(knowledge: Knowledge) -> str:
    """Keep the knowledge for the components of a pipeline being built; the key a config
    names it by."""
    _lent[knowledge.key] = knowledge
    return knowledge.key


def lent(key: str | None) -> Knowledge:
    return default_knowledge() if key is None else _lent[key]


@registry.misc("sitrep.gazetteer.v1")
def open_gazetteer(path: str | None = None, knowledge: str | None = None) -> Gazetteer:
    """The gazetteer index at ``path`` (default: the user cache), built first if missing,
    as the knowledge ``knowledge`` names sees it (its packs' places)."""
    key = (Path(path) if path else default_index_path(), knowledge)
    if key not in _gazetteers.by_key:
        opened = _gazetteers.by_key.get((key[0], None)) or Gazetteer.open(key[0])
        _gazetteers.by_key[key] = opened.with_knowledge(lent(knowledge))
    return _gazetteers.by_key[key]


@registry.callbacks("sitrep.statistical_model.v1")
def statistical_model(name: str):
    """The ``[nlp.after_creation]`` of a config that sources the model ``name``: its files
    are checked before spaCy reads them (``model_files.py``)."""
    return lambda nlp: prepare(nlp, name)


@registry.callbacks("sitrep.indexed_lemmas.v1")
def indexed_lemmas():
    """The ``[nlp.after_pipeline_creation]`` of a config with spaCy's rule lemmatizer: its
    word lists made sets (``model_files.index_lemmas``)."""
    return index_lemmas


@Language.component("sitrep_line_breaks", assigns=["token.is_sent_start"])
def mark_line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, paragraphs and transcript lines stand alone;
    and no sentence is longer than ``MAX_SENTENCE_TOKENS`` (``sentences.py``).

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
    doc.from_array([SENT_START], bound_sentences(starts))
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
                  requires=["doc._.tokens"],
                  default_config={"region": [], "language": "en", "knowledge": None})
def make_mentions(nlp: Language, name: str, gazetteer: Gazetteer, region: list[str],
                  language: str, knowledge: str | None) -> MentionFinder:
    """``region``: ISO codes of the countries the case watches, to settle ambiguous places."""
    lang, known_packs = LanguagePack.load(language), lent(knowledge)
    known = vocab.load_countries() + vocab.load_organisations(known_packs.organisations)
    return MentionFinder(nlp, known, vocab.load_titles(lang), gazetteer, lang, known_packs,
                         tuple(region))


@Language.factory("sitrep_statements", assigns=["doc._.statements"],
                  requires=["doc._.tokens", "doc._.sentences",
                            "doc._.times", "doc._.mentions", "doc._.entities"],
                  default_config={"language": "en"})
def make_statements(nlp: Language, name: str, language: str) -> StatementFinder:
    return StatementFinder(nlp, LanguagePack.load(language))


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
                            "doc._.mentions", "doc._.entities", "doc._.statements"],
                  default_config={"language": "en"})
def make_events(nlp: Language, name: str, gazetteer: Gazetteer, language: str) -> EventFinder:
    """Events; a statement announcing its own side's withdrawal is recoded as conceding."""
    return EventFinder(nlp, Sides(gazetteer), LanguagePack.load(language))


@Language.factory("sitrep_actor_sides", assigns=["doc._.events"],
                  requires=["doc._.events", "doc._.entities", "doc._.mentions"],
                  default_config={"language": "en"})
def make_actor_sides(nlp: Language, name: str, gazetteer: Gazetteer, language: str):
    """Each event's ``actor_side``, and the ``parties`` of a joint act."""
    sides = Sides(gazetteer)
    joint = LanguagePack.load(language).words("joint_parties")

    def actor_sides(doc: Doc) -> Doc:
        sides.assign_actors(doc._.events, doc._.entities)
        sides.assign_parties(doc._.events, doc._.mentions or [], doc._.entities, joint)
        return doc

    return actor_sides


@Language.factory("sitrep_annotate", assigns=["doc._.statements", "doc._.events"],
                  requires=["doc._.statements", "doc._.events", "doc._.entities"],
                  default_config={"language": "en", "knowledge": None})
def make_annotate(nlp: Language, name: str, language: str, knowledge: str | None):
    """What analysis reads of the records' words, set as typed fields (``annotate.py``)."""
    annotator = Annotator(LanguagePack.load(language), lent(knowledge).equipment)

    def annotate(doc: Doc) -> Doc:
        annotator.annotate_records(doc._.statements or [], doc._.events or [],
                                   doc._.entities or [])  # a config may leave a stage out
        return doc

    return annotate


@Language.component("sitrep_propositions", assigns=["doc._.statements"],
                    requires=["doc._.statements", "doc._.events"])
def propositions(doc: Doc) -> Doc:
    """Each statement's proposition: who, what, polarity, modality, place, time
    (``propositions.py``); after the sides and the typed fields it reads."""
    read_propositions(doc._.statements or [], doc._.events or [])
    return doc
