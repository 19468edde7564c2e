"""Statements in a theatre no knowledge pack covers: an invented stand-off on the
Guyana–Venezuela border (towns and rivers from the gazetteer, ministers, generals and a
third state, Freedonia, invented here). Each sentence is written for this test and
exercises one construction of attribution by structure; each asserts the speaker, the
side the text gives it, the kind and, where the words say it, the polarity.

Run in the default (statistical) mode: the constructions are read on the parse.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import sample_document

PUBLISHED = dt.date(2024, 3, 7)  # a Thursday: "on Monday" is 4 March


def statements_of(pipeline, text: str):
    return pipeline.extract(sample_document(text, published=PUBLISHED)).statements


def only(pipeline, text: str):
    statements = statements_of(pipeline, text)
    assert len(statements) == 1, [(s.speaker, s.kind, s.text) for s in statements]
    return statements[0]


@pytest.mark.parametrize("text, speaker, side, kind", [
    # a reporting verb by its lemma, not a listed word form
    ("Venezuelan Defence Minister Tomas Arvelo reiterated that his troops remain in their "
     "barracks near Tumeremo.", "Tomas Arvelo", "VE", "assessment"),
    ("Venezuelan Defence Minister Tomas Arvelo underscored that the brigade has not left "
     "Tumeremo.", "Tomas Arvelo", "VE", "assessment"),
    # "according to": the speaker follows, and gives an account (a claim)
    ("According to Guyanese Foreign Minister Rosa Kellman, a Venezuelan convoy reached the "
     "Cuyuni river.", "Rosa Kellman", "GY", "claim"),
    # a capital speaks for its state; a denial by its verb
    ("Caracas denied any plan to cross the Cuyuni river.", "Venezuela", "VE", "denial"),
    ("Georgetown accused Caracas of massing troops near the border.", "Guyana", "GY",
     "accusation"),
    # a role noun with its country is a role, kept with that country's side
    ("A senior Guyanese official said the army had moved two battalions to Lethem.",
     "senior Guyanese official", "GY", "claim"),
    # a demand by its verb and its particle
    ("Guyanese Foreign Minister Rosa Kellman called on Venezuela to withdraw its troops from "
     "the border.", "Rosa Kellman", "GY", "demand"),
    # a warning by its verb
    ("Guyanese Foreign Minister Rosa Kellman warned that any incursion would meet a firm "
     "response.", "Rosa Kellman", "GY", "warning"),
    # the words said decide where the verb only reports: "does not want war" denies
    ("Venezuela does not want war, Venezuelan Defence Minister Tomas Arvelo told reporters.",
     "Tomas Arvelo", "VE", "denial"),
    # a rejection of a nominal claim is the rejecter's
    ("Venezuelan Defence Minister Tomas Arvelo rejected Guyana's claim that Venezuelan troops "
     "had entered Lethem.", "Tomas Arvelo", "VE", "rejection"),
], ids=["lemma-reiterate", "lemma-underscore", "according-to", "capital-denies",
        "capital-accuses", "role-with-country", "called-on", "warned", "words-deny",
        "rejects-claim"])
def test_each_construction_names_speaker_side_and_kind(pipeline, text, speaker, side, kind):
    statement = only(pipeline, text)
    assert (statement.speaker, statement.speaker_side, statement.kind) == (speaker, side, kind)


def test_a_role_noun_of_a_state_no_list_knows_is_kept_as_a_role_without_a_side(pipeline):
    statement = only(pipeline, "A senior Freedonian official said the border was calm.")
    assert statement.speaker == "senior Freedonian official"
    assert statement.speaker_role == "official"
    assert statement.speaker_side is None  # no guess: Freedonia is no state the gazetteer knows


def test_according_to_an_informant_is_an_assessment(pipeline):
    statement = only(pipeline, "According to military sources, Venezuelan tanks are still "
                               "parked near Tumeremo.")
    assert (statement.speaker, statement.kind) == ("military sources", "assessment")


def test_quoted_as_saying_gives_the_words_to_the_one_quoted(pipeline):
    statement = only(pipeline, "State television quoted General Ivo Paredes as saying that the "
                               "brigade would stay in Tumeremo.")
    assert statement.speaker == "Ivo Paredes"


def test_a_nested_claim_is_the_inner_claimants(pipeline):
    statement = only(pipeline, "A Guyanese spokesman said Foreign Minister Rosa Kellman had "
                               "urged Caracas to pull back its forces.")
    assert (statement.speaker, statement.kind) == ("Rosa Kellman", "demand")


def test_two_sources_in_one_sentence_make_two_statements(pipeline):
    statements = statements_of(pipeline, "Guyana said on Tuesday that its police had closed "
                                         "the road, and Venezuela said its army was holding an "
                                         "exercise.")
    assert [(s.speaker, s.speaker_side) for s in statements] == [("Guyana", "GY"),
                                                                ("Venezuela", "VE")]
    assert statements[0].date.date == dt.date(2024, 3, 5)


def test_pronoun_surname_and_the_statement_resolve_within_the_document(pipeline):
    statements = statements_of(pipeline, (
        "Guyanese Foreign Minister Rosa Kellman spoke in Georgetown on Monday. "
        "She said that Venezuelan troops had crossed the river illegally. "
        "Kellman warned that any incursion would meet a firm response. "
        "The Venezuelan foreign ministry issued a statement on Tuesday. "
        "Guyanese forces violated the border near Tumeremo, the statement said."))
    assert [(s.speaker, s.kind) for s in statements] == [
        ("Rosa Kellman", "accusation"),  # "she": the subject of the sentence before
        ("Rosa Kellman", "warning"),  # the surname: the person named in full before
        ("Venezuelan foreign ministry", "claim"),
        ("Venezuelan foreign ministry", "accusation"),  # "the statement": its issuer
    ]
    assert statements[-1].speaker_side == "VE"


def test_a_denial_carries_a_negated_proposition(pipeline):
    statement = only(pipeline, "Venezuelan Defence Minister Tomas Arvelo denied that Venezuelan "
                               "troops had crossed the Cuyuni river.")
    assert (statement.speaker, statement.kind) == ("Tomas Arvelo", "denial")
    assert statement.proposition is not None and statement.proposition.negated is True


def test_an_assertion_carries_an_affirmed_proposition(pipeline):
    statement = only(pipeline, "A senior Guyanese official said Venezuelan troops had crossed "
                               "the Cuyuni river.")
    assert statement.proposition is not None and statement.proposition.negated is False


def test_a_time_in_the_words_said_does_not_date_the_saying(pipeline):
    statement = only(pipeline, "Guyana said on Tuesday that Venezuelan troops had crossed the "
                               "river in January.")
    assert statement.date.date == dt.date(2024, 3, 5)
    statement = only(pipeline, "According to Guyanese Foreign Minister Rosa Kellman, last year "
                               "Venezuela kept 900 troops near Tumeremo.")
    assert statement.date.date == PUBLISHED
