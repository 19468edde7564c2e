"""Each extraction component alone on a Doc built here, and pipelines built from configs.

A component reads what earlier ones wrote on ``doc._`` and writes its own; here the
inputs are set by hand, so each test shows one component's contract. Every sentence
is written for these tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from spacy.util import load_config

from sitrep.errors import SitrepError
from sitrep.extract import build_pipeline
from sitrep.extract import components  # noqa: F401  (registers the components and extensions)
from sitrep.extract.tokens import Tokens
from sitrep.model import Entity, Event, Mention, Sentence, Statement
from tests.conftest import sample_document

GAZETTEER = {"@misc": "sitrep.gazetteer.v1"}
RUSSIA = Entity("state:russia", "state", "Russia", attributes={"country": "RU"})
BELARUS = Entity("state:belarus", "state", "Belarus", attributes={"country": "BY"})
NATO = Entity("organisation:nato", "organisation", "NATO",
              attributes={"type": "alliance"})
BERG = Entity("person:anna-berg", "person", "Anna Berg")


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def component(nlp, name: str, **config):
    """A component made by its factory, outside any pipeline."""
    return nlp.create_pipe(name, config=config)


def read_doc(nlp, text: str, **extensions) -> Doc:
    """A Doc of ``text`` with its document attached, one sentence per line, and the
    given extension attributes set by hand."""
    doc = nlp.make_doc(text)
    for token in doc:
        token.is_sent_start = token.i == 0 or "\n" in doc[token.i - 1].text
    doc._.document = sample_document(text)
    for name, value in extensions.items():
        setattr(doc._, name, value)
    return doc


def mention(doc: Doc, surface: str, entity: Entity) -> Mention:
    start = doc.text.index(surface)
    return Mention(doc._.document.id, start, start + len(surface), surface, entity.kind,
                   entity.id)


def sentences_of(doc: Doc) -> list[Sentence]:
    return [Sentence(doc._.document.id, i, s.start_char, s.end_char, s.text)
            for i, s in enumerate(doc.sents)]


def test_the_sentence_component_writes_trimmed_sentences(nlp):
    doc = read_doc(nlp, "Convoys crossed at dawn.\n  Officials counted them.")
    component(nlp, "sitrep_sentences")(doc)
    assert [(s.index, s.text) for s in doc._.sentences] == [
        (0, "Convoys crossed at dawn."), (1, "Officials counted them.")]
    assert all(doc.text[s.start:s.end] == s.text for s in doc._.sentences)


def test_the_line_break_component_starts_a_sentence_after_each_line(nlp):
    doc = nlp.make_doc("A headline without a stop\nThe report begins here.")
    component(nlp, "sitrep_line_breaks")(doc)
    assert [s.text.strip() for s in doc.sents] == ["A headline without a stop",
                                                    "The report begins here."]


def test_the_token_component_writes_the_token_lists(nlp):
    doc = component(nlp, "sitrep_tokens")(read_doc(nlp, "Tanks left Kursk."))
    assert doc._.tokens.text == ["Tanks", "left", "Kursk", "."]
    assert doc._.tokens.start == [0, 6, 11, 16]


def test_the_time_component_resolves_against_the_documents_date(nlp):
    doc = read_doc(nlp, "The brigade left on Monday.")
    doc._.document.published = dt.date(2022, 2, 2)  # a Wednesday
    component(nlp, "sitrep_times")(doc)
    assert [(t.text, t.interval.start.iso()) for t in doc._.times] == [
        ("on Monday", "2022-01-31")]


def test_the_mention_component_resolves_names_on_the_token_lists(nlp, gazetteer):
    doc = read_doc(nlp, "NATO said Russia moved troops to Belarus.")
    doc._.tokens = Tokens(doc)
    component(nlp, "sitrep_mentions", gazetteer=GAZETTEER, region=["UA"])(doc)
    found = {m.text: m.kind for m in doc._.mentions}
    assert found == {"NATO": "organisation", "Russia": "state", "Belarus": "state"}
    assert {e.id for e in doc._.entities} == {m.entity_id for m in doc._.mentions}


def test_the_statement_component_attributes_words_to_a_mentioned_speaker(nlp):
    text = "Anna Berg visited the base.\n\"No unit has left,\" Berg said."
    doc = read_doc(nlp, text)
    doc._.tokens, doc._.sentences, doc._.times = Tokens(doc), sentences_of(doc), []
    surname = text.rindex("Berg")
    doc._.mentions = [mention(doc, "Anna Berg", BERG),
                      Mention(doc._.document.id, surname, surname + 4, "Berg", "person",
                              BERG.id)]
    doc._.entities = [BERG]
    component(nlp, "sitrep_statements")(doc)
    [statement] = doc._.statements
    assert (statement.speaker, statement.kind, statement.quote) == (
        "Anna Berg", "assessment", "No unit has left,")
    assert statement.text == "\"No unit has left,\" Berg said."


def test_the_speaker_side_component_sets_the_side_of_each_statement(nlp, gazetteer):
    said = Statement("s1", "d", 0, 10, "NATO said so.", speaker="NATO", speaker_id=NATO.id)
    doc = read_doc(nlp, "NATO said so.", statements=[said], entities=[NATO])
    component(nlp, "sitrep_speaker_sides", gazetteer=GAZETTEER)(doc)
    assert said.speaker_side == "NATO"


def test_the_event_component_reads_roles_from_the_mentions(nlp, gazetteer):
    doc = read_doc(nlp, "Russia moved 300 tanks to Belarus.")
    doc._.tokens, doc._.sentences, doc._.times = Tokens(doc), sentences_of(doc), []
    doc._.mentions = [mention(doc, "Russia", RUSSIA), mention(doc, "Belarus", BELARUS)]
    doc._.entities, doc._.statements = [RUSSIA, BELARUS], []
    component(nlp, "sitrep_events", gazetteer=GAZETTEER)(doc)
    [event] = doc._.events
    assert (event.id, event.kind, event.actor, event.quantity, event.destination) == (
        "e1", "move", "Russia", "300 tanks", "Belarus")
    assert event.modality == "observed"


def test_the_actor_side_component_sets_the_side_of_each_event(nlp, gazetteer):
    moved = Event("e1", "d", 0, 10, "Russia moved.", kind="move", actor="Russia")
    doc = read_doc(nlp, "Russia moved.", events=[moved], entities=[RUSSIA])
    component(nlp, "sitrep_actor_sides", gazetteer=GAZETTEER)(doc)
    assert moved.actor_side == "RU"


def test_the_shipped_pipelines_declare_a_flow_with_no_gaps():
    for pipeline in (build_pipeline(), build_pipeline(with_entities=False)):
        problems = pipeline.nlp.analyze_pipes()["problems"]
        assert problems and not any(problems.values()), problems
    assert build_pipeline(with_entities=False).nlp.pipe_names == [
        "sentencizer", "sitrep_line_breaks", "sitrep_sentences"]


def without(names: list[str], tmp_path):
    """The shipped rules config with the named components left out of its pipeline."""
    from sitrep.extract.pipeline import CONFIGS

    config = load_config(Path(str(CONFIGS.joinpath("rules.cfg"))))
    config["nlp"]["pipeline"] = [name for name in config["nlp"]["pipeline"]
                                 if name not in names]
    path = tmp_path / "cut.cfg"
    config.to_disk(path)
    return path


def test_a_config_without_the_event_components_still_finds_mentions(tmp_path):
    pipeline = build_pipeline(without(["sitrep_events", "sitrep_actor_sides"], tmp_path))
    assert "sitrep_events" not in pipeline.nlp.pipe_names
    extraction = pipeline.extract(sample_document("NATO said Russia moved 300 tanks to Belarus."))
    assert {m.text for m in extraction.mentions} >= {"NATO", "Russia", "Belarus"}
    assert [s.speaker for s in extraction.statements] == ["NATO"]
    assert extraction.events == []
    full = build_pipeline().extract(sample_document("NATO said Russia moved 300 tanks to Belarus."))
    assert [e.kind for e in full.events] == ["move"]


def test_a_config_missing_a_required_component_shows_in_the_analysis(tmp_path):
    pipeline = build_pipeline(without(["sitrep_mentions"], tmp_path))
    problems = pipeline.nlp.analyze_pipes()["problems"]
    assert "doc._.mentions" in problems["sitrep_statements"]
    assert "doc._.entities" in problems["sitrep_events"]


def test_a_region_reaches_the_mention_component():
    pipeline = build_pipeline(region=("UA", "BY"))
    assert pipeline.nlp.get_pipe("sitrep_mentions").region == {"UA", "BY"}


def test_an_unknown_config_name_lists_the_known_ones():
    with pytest.raises(SitrepError, match=r"no pipeline config named 'neural'; known: "
                                          r"rules, sentences, statistical"):
        build_pipeline("neural")


def test_a_config_with_an_unknown_component_names_the_file(tmp_path):
    path = without([], tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        'factory = "sitrep_events"', 'factory = "sitrep_evnets"'), encoding="utf-8")
    with pytest.raises(SitrepError, match=f"pipeline config {path}: .*sitrep_evnets"):
        build_pipeline(path)
