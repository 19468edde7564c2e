"""The token helpers every finder shares: the quote-tolerant phrase matcher.

Every sentence is written for these tests.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from sitrep.extract.tokens import QuoteTolerantMatcher

PHRASES = ("will", "agreed to", "consensus to", "going to", "would then", "not yet")
TEXTS = (
    'The brigades agreed "to" leave Norvik, and a “consensus” to disengage held.',
    "Colonel Vessa said they would then go; they are going to.",
    "The units will not ' ' yet return, and 'agreed' ' to nothing.",
    'Nobody agreed "" to "anything", and "going "to" was said twice: going to, going  to.',
    "Agreed TO the plan? WILL they? Not\u201c yet.",
    "",
)


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def spacy_matcher(nlp, phrases):
    """What the matcher replaces: spaCy's token Matcher with quote marks allowed between
    the words of each phrase."""
    matcher = Matcher(nlp.vocab)
    for phrase in phrases:
        pattern: list[dict] = []
        for token in nlp.make_doc(phrase):
            if pattern:
                pattern.append({"IS_QUOTE": True, "OP": "*"})
            pattern.append({"LOWER": token.lower_})
        matcher.add(phrase, [pattern])
    return matcher


def quote_tolerant(nlp, phrases):
    matcher = QuoteTolerantMatcher(nlp.vocab)
    for phrase in phrases:
        matcher.add(phrase, nlp.make_doc(phrase))
    return matcher


@pytest.mark.parametrize("text", TEXTS)
def test_the_quote_tolerant_matcher_finds_what_spacys_matcher_finds(nlp, text):
    doc = nlp.make_doc(text)
    expected = sorted(spacy_matcher(nlp, PHRASES)(doc))
    assert sorted(quote_tolerant(nlp, PHRASES)(doc)) == expected


def test_quote_marks_may_stand_between_the_words_of_a_phrase(nlp):
    doc = nlp.make_doc('They agreed "to" leave.')
    found = [(nlp.vocab.strings[key], doc[start:end].text)
             for key, start, end in quote_tolerant(nlp, PHRASES)(doc)]
    assert found == [("agreed to", 'agreed "to')]


def test_other_words_between_them_break_a_phrase(nlp):
    doc = nlp.make_doc("They agreed, then, to leave; they agreed not to stay.")
    assert quote_tolerant(nlp, PHRASES)(doc) == []
