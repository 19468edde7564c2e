"""Statements: who said what, when, and what kind of saying it was.

Every sentence here is written for these tests. Documents are published on
Thursday 3 February 2022 unless a test says otherwise, so "on Tuesday" is
1 February and the default date said is 3 February.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import sample_document

PUBLISHED = dt.date(2022, 2, 3)  # a Thursday


def statements_of(pipeline, text: str, published: dt.date | None = PUBLISHED):
    """The document and its statements; every statement's span must be its text."""
    doc = sample_document(text, published=published)
    statements = pipeline.extract(doc).statements
    for statement in statements:
        assert 0 <= statement.start < statement.end <= len(doc.text)
        assert doc.text[statement.start:statement.end] == statement.text
    return doc, statements


def only_statement(pipeline, text: str, published: dt.date | None = PUBLISHED):
    doc, statements = statements_of(pipeline, text, published)
    assert len(statements) == 1, [(s.speaker, s.text) for s in statements]
    return doc, statements[0]


# Direct quotes.

@pytest.mark.parametrize("text, quote", [
    ('"Our battalions are leaving the border area," Shoigu said.',
     "Our battalions are leaving the border area,"),
    ("“Our battalions are leaving the border area,” Shoigu said.",
     "Our battalions are leaving the border area,"),
    ('Lavrov told reporters: "The talks in Geneva were useful."', "The talks in Geneva were useful."),
    ("Lavrov told reporters: “The talks in Geneva were useful.”", "The talks in Geneva were useful."),
    ('"The talks in Geneva were useful," said Lavrov.', "The talks in Geneva were useful,"),
], ids=["straight-before", "curly-before", "straight-after", "curly-after", "said-name"])
def test_a_direct_quote_in_straight_or_curly_quotes_is_one_direct_statement(pipeline, text, quote):
    doc, statement = only_statement(pipeline, text)
    speaker = "Sergei Shoigu" if "Shoigu" in text else "Sergey Lavrov"
    assert statement.speaker == speaker
    assert statement.direct is True
    assert statement.quote == quote
    assert statement.text == doc.text
    assert statement.kind == "assessment"  # a person's words
    assert statement.date.iso() == "2022-02-03"


@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”")], ids=["straight", "curly"])
def test_a_quote_before_and_after_the_speaker_gives_each_sentence_to_the_speaker(
        pipeline, open_, close):
    first = f"{open_}Our battalions are leaving the border area,{close} Shoigu said."
    second = f"{open_}The drills have ended.{close}"
    extraction = pipeline.extract(sample_document(f"{first} {second}"))
    assert [(s.speaker, s.text, s.direct) for s in extraction.statements] == [
        ("Sergei Shoigu", first, True), ("Sergei Shoigu", second, True)]
    assert extraction.statements[0].quote == "Our battalions are leaving the border area,"


@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”")], ids=["straight", "curly"])
def test_a_quote_spanning_two_sentences_is_one_statement(pipeline, open_, close):
    first = "Defence Minister Karl Lind visited the garrison in Tapa."
    second = f"{open_}The battalion will stay. It is part of our defence,{close} Lind said."
    doc, statement = only_statement(pipeline, f"{first}\n{second}")
    assert statement.speaker == "Karl Lind"
    assert statement.text == second
    assert statement.direct is True


@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”")], ids=["straight", "curly"])
def test_a_quote_that_opens_mid_paragraph_belongs_to_its_own_sentence(pipeline, open_, close):
    """The opening quote mark after a full stop starts the next sentence, not ends this one."""
    text = (f"Minister Anna Berg visited the base. "
            f"{open_}We see no pullback at all,{close} Berg warned.")
    doc, statement = only_statement(pipeline, text)
    assert statement.speaker == "Anna Berg"
    assert statement.kind == "warning"
    assert statement.text == f"{open_}We see no pullback at all,{close} Berg warned."
    assert statement.quote == "We see no pullback at all,"
    assert statement.direct is True


def test_a_bare_quoted_sentence_continues_the_previous_speaker(pipeline):
    text = 'Shoigu said the drills had ended.\n"The brigades are going home."'
    doc, statements = statements_of(pipeline, text)
    assert [s.speaker for s in statements] == ["Sergei Shoigu", "Sergei Shoigu"]
    assert [s.text for s in statements] == [
        "Shoigu said the drills had ended.", '"The brigades are going home."']
    assert [s.direct for s in statements] == [False, True]
    assert statements[1].quote == "The brigades are going home."
    assert [s.id for s in statements] == ["s1", "s2"]


def test_a_bare_quote_with_nobody_before_it_is_no_statement(pipeline):
    _, statements = statements_of(pipeline, 'The column was long.\n"The brigades are going home."')
    assert statements == []


def test_a_bare_quote_far_from_the_last_statement_does_not_continue_it(pipeline):
    filler = " ".join(["The column of trucks was long and moved slowly in the rain."] * 8)
    text = f'Shoigu said the drills had ended.\n{filler}\n"The brigades are going home."'
    _, statements = statements_of(pipeline, text)
    assert [s.text for s in statements] == ["Shoigu said the drills had ended."]


# Indirect speech.

@pytest.mark.parametrize("text, speaker, kind", [
    ("Poland said the convoy had reached the depot.", "Poland", "claim"),
    ("Poland told the OSCE that the convoy had reached the depot.", "Poland", "claim"),
    ("Lithuania warned that the drills threatened the whole region.", "Lithuania", "warning"),
    ("Estonia stressed that the battalion would stay.", "Estonia", "claim"),
    ("Russia denied the reports about the convoy.", "Russia", "denial"),
    ("Latvia accused Russia of massing tanks near the border.", "Latvia", "accusation"),
    ("Finland called for an end to the drills.", "Finland", "demand"),
    ("Germany announced that its soldiers would leave Lithuania.", "Germany", "commitment"),
], ids=["said", "told", "warned", "stressed", "denied", "accused", "called-for", "announced"])
def test_indirect_speech_after_a_reporting_verb(pipeline, text, speaker, kind):
    doc, statement = only_statement(pipeline, text)
    assert statement.speaker == speaker
    assert statement.kind == kind
    assert statement.text == doc.text
    assert statement.direct is False and statement.quote is None


def test_according_to_names_the_speaker_after_it(pipeline):
    doc, statement = only_statement(pipeline, "According to the Pentagon, the brigade left the base.")
    assert statement.speaker == "Pentagon"
    assert statement.kind == "claim"
    assert statement.text == doc.text


def test_a_passive_announcement_is_spoken_by_the_party_after_by(pipeline):
    doc, statement = only_statement(
        pipeline, "The new deployment was announced by the Russian Defence Ministry.")
    assert statement.speaker == "Russian Ministry of Defense"
    assert statement.kind == "commitment"
    assert (statement.plover, statement.cameo) == ("AGREE", "03")


@pytest.mark.parametrize("text", [
    "Putin is said to have ordered the move.",
    "The generals were said to be unhappy with the drills.",
    'Russia sent so-called "peacekeepers" to Kazakhstan.',
    "The so-called drills ended near Brest.",
    "Ukraine called up reservists.",
    "Belarus called up thousands of reservists on Monday.",
], ids=["is-said-to", "were-said-to", "so-called-quote", "so-called", "called-up", "called-up-2"])
def test_hearsay_labels_and_call_ups_are_not_statements(pipeline, text):
    _, statements = statements_of(pipeline, text)
    assert statements == []


def test_calling_something_a_quoted_name_is_a_statement(pipeline):
    doc, statement = only_statement(pipeline, 'Lithuania called the plan "reckless".')
    assert statement.speaker == "Lithuania"
    assert statement.quote == "reckless"
    assert statement.kind == "assessment"
    assert statement.text == doc.text


# Interview transcripts.

def test_an_interview_line_is_its_speakers_statement_but_a_question_is_not(pipeline):
    text = ("Interview with Foreign Minister Sergey Lavrov\n"
            "Martina Kowalczyk: Will the troops leave the border?\n"
            "Sergey Lavrov: The troops will leave after the drills.")
    _, statements = statements_of(pipeline, text)
    assert [(s.speaker, s.text) for s in statements] == [
        ("Sergey Lavrov", "Sergey Lavrov: The troops will leave after the drills.")]
    assert statements[0].kind == "assessment"


def test_every_sentence_of_an_interview_turn_is_the_speakers_and_nothing_else(pipeline):
    question = "Martina Kowalczyk: Will the troops leave the border?"
    answer = "Sergey Lavrov: The troops will leave after the drills. Nobody threatens anyone."
    doc, statements = statements_of(pipeline, f"{question}\n{answer}\nMartina Kowalczyk: And the tanks?")
    answer_start = doc.text.index(answer)
    assert statements, "no statement"
    assert {s.speaker for s in statements} == {"Sergey Lavrov"}
    assert statements[0].start == answer_start  # the turn, from its label ...
    assert statements[-1].end == answer_start + len(answer)  # ... to the end of its line
    assert all(answer_start <= s.start and s.end <= answer_start + len(answer) for s in statements)


def test_the_times_an_interviewee_speaks_of_do_not_date_the_answer(pipeline):
    text = ("Martina Kowalczyk: What has changed?\n"
            "Sergey Lavrov: In 2008 we warned the alliance. Last week the tanks left Belgorod.")
    _, statements = statements_of(pipeline, text)
    assert [s.date.iso() for s in statements] == ["2022-02-03", "2022-02-03"]


@pytest.mark.parametrize("intro, iso", [
    ("The interview was recorded on Tuesday.", "2022-02-01"),
    ("This conversation took place on 28 January and has been shortened.", "2022-01-28"),
    ("The troops left on Tuesday.", "2022-02-03"),  # no interview told of: publication
], ids=["recorded", "conversation", "other-sentence"])
def test_interview_answers_are_dated_when_the_interview_took_place(pipeline, intro, iso):
    text = (f"{intro}\nMartina Kowalczyk: Will the troops leave?\n"
            "Sergey Lavrov: They will leave after the drills in March.")
    _, statement = only_statement(pipeline, text)
    assert statement.speaker == "Sergey Lavrov"
    assert statement.date.iso() == iso


def test_a_report_inside_an_answer_keeps_its_own_date(pipeline):
    text = ("The interview was recorded on Tuesday.\n"
            "Sergey Lavrov: Shoigu told us on Monday that the drills were over.")
    _, statement = only_statement(pipeline, text)
    assert (statement.speaker, statement.date.iso()) == ("Sergei Shoigu", "2022-01-31")


@pytest.mark.parametrize("text", [
    "Sergey Lavrov: the path to peace",
    "Sergey Lavrov: The path to peace\nThe convoy was long.",
], ids=["alone", "before-body"])
def test_a_heading_with_a_name_and_colon_is_not_a_statement(pipeline, text):
    _, statements = statements_of(pipeline, text)
    assert statements == []


# Who speaks.

def test_a_surname_resolves_to_the_full_name_given_before(pipeline):
    text = 'Defence Minister Karl Lind visited the garrison in Tapa.\n"The battalion will stay," Lind said.'
    _, statement = only_statement(pipeline, text)
    assert statement.speaker == "Karl Lind"
    assert statement.speaker_id == "person:karl-lind"


@pytest.mark.parametrize("pronoun", ["He", "She"])
def test_a_pronoun_resolves_to_the_last_person_named(pipeline, pronoun):
    text = (f"Defence Minister Karl Lind visited the garrison in Tapa. "
            f"{pronoun} said the battalion would stay.")
    _, statement = only_statement(pipeline, text)
    assert statement.speaker == "Karl Lind"
    assert statement.text == f"{pronoun} said the battalion would stay."
    assert statement.kind == "assessment"


@pytest.mark.parametrize("text, speaker, kind", [
    ("The Russian Defence Ministry published new figures. The ministry said the drills had ended.",
     "Russian Ministry of Defense", "claim"),
    ("NATO ministers met in Brussels. The alliance said the build-up continued.", "NATO", "claim"),
], ids=["ministry", "alliance"])
def test_a_role_noun_resolves_to_the_body_named_before(pipeline, text, speaker, kind):
    _, statement = only_statement(pipeline, text)
    assert statement.speaker == speaker
    assert statement.kind == kind
    assert statement.text == text.split(". ", 1)[1]


@pytest.mark.parametrize("text, kind", [
    ("Foreign Minister Ilse Marant said the reports of troops at the river were untrue.", "denial"),
    ('Defence Minister Oren Talvik said the claims about a build-up were "a blatant lie".',
     "denial"),
    ("Foreign Minister Ilse Marant said the talk of an offensive was nonsense.", "rejection"),
    ("Foreign Minister Ilse Marant said the movement of armour near Varsk was concerning.",
     "warning"),
    ("Foreign Minister Ilse Marant said her government was calling on Pellin to pull back.",
     "demand"),
    ("Foreign Minister Ilse Marant said Pellin had denounced the exercise as a provocation.",
     "accusation"),
], ids=["untrue", "lie", "nonsense", "concerning", "calling-on", "denounced"])
def test_the_words_of_a_statement_give_its_kind_in_any_theatre(pipeline, text, kind):
    """Invented people and places: the kind comes from the words, not from who speaks."""
    _, statement = only_statement(pipeline, text)
    assert statement.kind == kind


@pytest.mark.parametrize("text, speaker", [
    ("Jens Stoltenberg, head of NATO, told reporters that the battalions were ready.",
     "Jens Stoltenberg"),
    ("Nikolai Patrushev, secretary of the Security Council, told reporters the drills were over.",
     "Nikolai Patrushev"),
], ids=["stoltenberg-nato", "patrushev"])
def test_the_person_before_an_apposition_speaks_not_the_body_in_it(pipeline, text, speaker):
    doc, statement = only_statement(pipeline, text)
    assert statement.speaker == speaker
    assert statement.kind == "assessment"
    assert statement.text == doc.text


@pytest.mark.parametrize("text, speaker", [
    ("Kyiv said the shelling had stopped.", None),
    ("Officials in Kyiv said the shelling had stopped.", None),
    ("In Kyiv, the Ukrainian Defence Ministry said the shelling had stopped.",
     "Ukrainian Ministry of Defence"),
    ("Speaking in Brest, Lavrov said the drills were over.", "Sergey Lavrov"),
], ids=["capital", "officials-in", "ministry-in", "speaking-in"])
def test_a_place_is_never_a_speaker(pipeline, text, speaker):
    _, statements = statements_of(pipeline, text)
    assert all(s.speaker not in ("Kyiv", "Brest") for s in statements)
    if speaker is not None:
        assert [s.speaker for s in statements] == [speaker]


# Kinds, with their PLOVER and CAMEO codes.

@pytest.mark.parametrize("text, kind, plover, cameo", [
    ("NATO said the battalions had arrived in Estonia.", "claim", None, "01"),
    ("Lavrov said the battalions had arrived in Belarus.", "assessment", None, "01"),
    ("Ukraine called for talks on the border.", "demand", "REQUEST", "10"),
    ("Lavrov said NATO troops have to leave Romania.", "demand", "REQUEST", "10"),
    ("NATO warned that the drills endangered Europe.", "warning", "THREATEN", "13"),
    ("Russia denied the reports about the convoy.", "denial", "REJECT", "12"),
    ("Russia rejected the proposal for talks.", "rejection", "REJECT", "12"),
    ("Russia promised that the talks would continue.", "commitment", "AGREE", "03"),
    ("Germany announced a new battalion for Lithuania.", "commitment", "AGREE", "03"),
    ("Russia accused Ukraine of shelling Donetsk.", "accusation", "ACCUSE", "11"),
], ids=["claim", "assessment", "called-for", "have-to", "warning", "denial", "rejection",
        "promised", "announced", "accusation"])
def test_the_statement_kind_and_its_codes(pipeline, text, kind, plover, cameo):
    _, statement = only_statement(pipeline, text)
    assert statement.kind == kind
    assert (statement.plover, statement.cameo) == (plover, cameo)


# The date said.

@pytest.mark.parametrize("text, iso", [
    ("Lavrov said on Tuesday that the talks had failed.", "2022-02-01"),
    ("Lavrov said the previous day that the talks had failed.", "2022-02-02"),
    ("Lavrov said in mid-December that the talks had failed.", "2021-12"),
    ("On 2 February 1990, Gorbachev said that the alliance should not expand.", "1990-02-02"),
    ("Lavrov said that the talks had failed.", "2022-02-03"),
], ids=["weekday", "previous-day", "mid-month", "historical", "publication"])
def test_the_date_said(pipeline, text, iso):
    _, statement = only_statement(pipeline, text)
    assert statement.date.iso() == iso


def test_one_week_later_counts_from_the_dated_sentence_before(pipeline):
    text = ("On 2 February 1990, Gorbachev met Baker in Moscow. "
            "One week later, Gorbachev said the talks had been useful.")
    _, statement = only_statement(pipeline, text)
    assert statement.text == "One week later, Gorbachev said the talks had been useful."
    assert statement.date.iso() == "1990-02-09"


def test_a_date_inside_the_quote_is_not_the_date_said(pipeline):
    _, statement = only_statement(pipeline, '"The drills end on 20 February," Shoigu said.')
    assert statement.date.iso() == "2022-02-03"


def test_without_a_publication_date_an_undated_statement_has_no_date(pipeline):
    _, statement = only_statement(pipeline, "Lavrov said that the talks had failed.", published=None)
    assert statement.date is None


# Robustness: every statement is an exact slice of the text.

@pytest.mark.parametrize("text", [
    "“Войска уходят,” Lavrov said. 部队正在撤离。 «Les troupes partent» 🚀 Russia said so.",
    "قالت روسيا إن القوات تغادر. NATO said the troops left Belarus. 🙂",
    " ".join(["Lavrov said the troops were leaving"] * 200),
    "“" * 30 + "Lavrov said the drills were over." + "”" * 30,
], ids=["mixed-scripts", "arabic", "no-sentence-ends", "deep-quotes"])
def test_statement_spans_are_exact_slices_of_odd_texts(pipeline, text):
    _, statements = statements_of(pipeline, text)
    assert all(s.speaker for s in statements)


@pytest.mark.parametrize("text, speaker, kind", [
    ("Marek Oszlany reiterated that the Velorian drones had crossed the river.",
     "Marek Oszlany", None),
    ("Marek Oszlany did not deny that the drones came from Velora.", "Marek Oszlany", "denial"),
    ("The agency quoted General Tomas Brell as saying the border was calm.", "Tomas Brell", None),
    ("Beijing's claim that troops crossed the line was rejected by New Delhi.", "India",
     "rejection"),
    ("Moscow denies the report about the convoy.", "Russia", "denial"),
])
def test_the_parse_gives_the_subject_or_agent_of_any_form_of_a_reporting_verb(
        pipeline, text, speaker, kind):
    _, statement = only_statement(pipeline, text)
    assert statement.speaker == speaker
    assert kind is None or statement.kind == kind


@pytest.mark.parametrize("text, speaker, organisation", [
    ("A senior US official said the talks in Velora had failed.", "senior US official",
     "United States"),
    ("Military sources said the Zarvonian army had moved two brigades.", "Military sources",
     None),
])
def test_an_unnamed_source_keeps_its_role_not_its_country(pipeline, text, speaker, organisation):
    _, statement = only_statement(pipeline, text)
    assert (statement.speaker, statement.speaker_org) == (speaker, organisation)
    assert statement.speaker_id is None


@pytest.mark.parametrize("text, speaker", [
    ("The separatists claimed that Zarvonian forces had shelled Korvel first.", "separatists"),
    ("The rebels said that Zarvonian troops shelled the village of Korvel.", "rebels"),
])
def test_an_armed_party_named_by_what_it_is_speaks(pipeline, text, speaker):
    """Its word on the other side's firing is its allegation, not an observation."""
    doc = sample_document(text, published=PUBLISHED)
    extraction = pipeline.extract(doc)
    [statement] = extraction.statements
    assert (statement.speaker, statement.kind) == (speaker, "claim")
    assert [e.statement_id for e in extraction.events] == [statement.id]


SIGNED = ("Fresh images show the camp near Korvel has grown.\n\n"
          '{open_}Withdrawal is not the word for what is happening near Korvel. The camp has '
          'doubled in size.{close} — Jane Doe, analyst\n\n'
          "The ridge has new huts. Soldiers are not leaving. pic.example.com/abc — "
          "Piotr Valenko (@pvalenko) 3 February 2022\n\nOfficials in Velora said nothing.")


@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”"), ("", "")],
                         ids=["straight", "curly", "unquoted"])
def test_words_signed_after_a_dash_are_the_signers_assessment(pipeline, open_, close):
    """A signed paragraph is one statement; the link before the signature is no one's."""
    _, statements = statements_of(pipeline, SIGNED.format(open_=open_, close=close))
    signed = [(s.speaker, s.kind, s.text) for s in statements if s.speaker != "Officials"]
    assert len(signed) == 2, signed
    assert signed[0][:2] == ("Jane Doe", "assessment")
    assert signed[0][2].startswith(f"{open_}Withdrawal is not the word")
    assert "doubled in size" in signed[0][2]
    assert signed[1] == ("Piotr Valenko", "assessment",
                         "The ridge has new huts. Soldiers are not leaving.")


@pytest.mark.parametrize("text", [
    "Troops left Korvel on Monday — the first move in weeks.\n",
    "— Jane Doe, analyst\n",
    "Troops left Korvel at dawn — Jane Doe watched them go.\n",
])
def test_a_dash_that_signs_nothing_gives_no_signed_statement(pipeline, text):
    _, statements = statements_of(pipeline, text)
    assert all(s.kind != "assessment" for s in statements), [(s.speaker, s.text) for s in statements]


def test_a_name_inside_the_words_said_is_not_the_speaker(pipeline):
    _, statement = only_statement(
        pipeline, 'Tomas Brell said: "Marek Oszlany claimed the bridge was ours, and he lied."')
    assert statement.speaker == "Tomas Brell"


def test_the_role_noun_after_a_speaker_of_that_role_is_that_speaker(pipeline):
    _, statements = statements_of(pipeline, (
        "Defence ministry spokesman Oren Talvik said the brigade had left Varsk. "
        "The spokesman insisted that the drills near Pellin had been routine."))
    assert [s.speaker for s in statements] == ["Oren Talvik", "Oren Talvik"]


def test_a_statement_noun_without_words_of_its_own_is_no_statement(pipeline):
    _, statements = statements_of(pipeline, (
        "Marant's statement was read in Pellin as an opening offer for the border talks."))
    assert statements == []


# What the words said make of a statement the parse reads (statement_content.tsv).

@pytest.mark.parametrize("text, kind", [
    ("Foreign Minister Ilse Marant said Pellin does not want a war and did not intend to "
     "cross the river.", "denial"),
    ("Defence Minister Oren Talvik said that Pellin troops had illegally crossed the river "
     "near Varsk.", "accusation"),
    ("Defence Minister Oren Talvik claimed that Pellin soldiers attacked the border post.",
     "accusation"),
    ("Defence Minister Oren Talvik said that his troops will leave the river valley.",
     "commitment"),
    ("If the army ever receives an order, it will cross the river, Defence Minister Oren "
     "Talvik said.", "warning"),
    ("Ministry spokesman Tomas Ferrel told reporters that they were monitoring a large "
     "deployment near Varsk.", "assessment"),
    ("Defence Minister Oren Talvik said an invasion will be a violation of the treaty.",
     "warning"),
], ids=["negated-intent", "illegally", "claimed-attack", "will", "if-will", "monitoring",
        "no-party-will"])
def test_what_the_words_say_gives_the_kind_in_an_invented_theatre(pipeline, text, kind):
    """The reporting verb says only "said" or "claimed": the clause it carries decides.
    A future with no party as its subject ("an invasion will be") undertakes nothing."""
    _, statement = only_statement(pipeline, text)
    assert statement.kind == kind


@pytest.mark.parametrize("text", [
    "Military sources said the Pellin brigades were still camped at the river.",
    "People familiar with the talks said the Pellin brigades were still camped at the river.",
], ids=["sources", "people-familiar"])
def test_an_unnamed_informant_gives_an_assessment(pipeline, text):
    _, statement = only_statement(pipeline, text)
    assert statement.kind == "assessment"
