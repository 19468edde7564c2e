from hypothesis import given, settings, strategies as st

from sitrep.extract import build_pipeline
from tests.conftest import sample_document


def test_sentences_are_exact_slices_of_the_text(pipeline):
    doc = sample_document("Troops gathered near the border. Officials counted them!\n"
                          "A headline without a full stop\nThen a third line.")
    sentences = pipeline.extract(doc).sentences
    assert [s.text for s in sentences] == [
        "Troops gathered near the border.", "Officials counted them!",
        "A headline without a full stop", "Then a third line."]
    assert all(doc.text[s.start:s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == [0, 1, 2, 3]


def test_states_and_organisations_are_found_with_offsets(pipeline):
    doc = sample_document("The U.S. and Britain briefed NATO on Russia's forces near Ukraine.")
    extraction = pipeline.extract(doc)
    found = {m.text: m.entity_id for m in extraction.mentions}
    assert found["U.S."] == found.get("United States", "state:united-states")
    assert {"Britain", "NATO", "Russia", "Ukraine"} <= set(found)
    names = {e.id: e.name for e in extraction.entities}
    assert names[found["Russia"]] == "Russia"
    assert all(doc.text[m.start:m.end] == m.text for m in extraction.mentions)


def test_titled_people_are_found_without_their_title(pipeline):
    doc = sample_document("Foreign Minister Dmytro Kuleba met President Emmanuel Macron on Monday.")
    people = {e.name for e in pipeline.extract(doc).entities if e.kind == "person"}
    assert people == {"Dmytro Kuleba", "Emmanuel Macron"}


def test_a_reported_sentence_becomes_a_statement_with_speaker_kind_and_date(pipeline):
    doc = sample_document("Minister Anna Berg visited the base.\n"
                          "\"We see no pullback at all,\" Berg warned.\n"
                          "The convoy was long.")
    [statement] = pipeline.extract(doc).statements
    assert statement.speaker == "Anna Berg"  # the surname resolves to the full name
    assert statement.kind == "warning"
    assert statement.quote == "We see no pullback at all,"
    assert statement.date.iso() == "2022-02-01"
    assert doc.text[statement.start:statement.end] == statement.text


def test_according_to_names_the_source(pipeline):
    doc = sample_document("According to NATO, more battalion tactical groups arrived.")
    [statement] = pipeline.extract(doc).statements
    assert statement.speaker == "NATO"


def test_fast_pipeline_only_splits_sentences():
    fast = build_pipeline(with_entities=False)
    extraction = fast.extract(sample_document("NATO said so. Russia denied it."))
    assert len(extraction.sentences) == 2
    assert not extraction.mentions and not extraction.statements


ANY_CHARACTER = st.characters(blacklist_categories=("Cs",))
# News words the finders react to, markup, punctuation and odd tokens, in any order.
PIECES = ["NATO", "Russia", "Russian", "Ukraine", "Belarus", "said", "told", "denied",
          "according to", "troops", "tanks", "the 41st Combined Arms Army", "moved", "withdrew",
          "deployed", "to", "from", "near", "in", "Yelnya", "Klintsy", "Kyiv", "Jens Stoltenberg",
          "Stoltenberg", "he", "on Tuesday", "in mid-December", "2022", "1,000", "300 km", "the",
          "not", "will", "could", ".", ",", ";", ":", "?", "!", "(", ")", '"', "'", "\u201c",
          "\u201d", "—", "-", "\n", "\n\n", "<script>alert(1)</script>", "<img src=x onerror=y>",
          "&amp;", "<p>", "</p>", "https://example.org/a?b=c&d", "Кремль", "Київ", "日本", "🙂",
          "e\u0301", "\u200b", "\t"]
TEXTS = st.one_of(
    st.text(alphabet=ANY_CHARACTER, min_size=1, max_size=400),
    st.lists(st.sampled_from(PIECES) | st.text(alphabet=ANY_CHARACTER, max_size=12),
             min_size=1, max_size=80).map(" ".join),
    st.lists(st.sampled_from(PIECES) | st.text(alphabet="Aa0-.", min_size=500, max_size=5000),
             min_size=1, max_size=6).map(" ".join),  # very long tokens
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_text_gives_spans_inside_it_and_the_same_records_each_time(pipeline, text):
    """Never raises; every sentence, mention, statement and event is a slice of the
    text; the same document gives the same records again."""
    try:
        doc = sample_document(text)
    except ValueError:  # nothing left after normalisation
        return
    extraction = pipeline.extract(doc)
    for item in [*extraction.sentences, *extraction.mentions, *extraction.statements,
                 *extraction.events]:
        assert 0 <= item.start < item.end <= len(doc.text)
        assert doc.text[item.start:item.end] == item.text
    assert pipeline.extract(doc) == extraction


def test_a_titled_person_speaks_rather_than_the_organisation_before_the_title(pipeline):
    doc = sample_document("OSCE Secretary General Helga Schmid said monitors stayed.")
    [statement] = pipeline.extract(doc).statements
    assert statement.speaker == "Helga Schmid"


def test_called_alone_is_not_a_demand_but_called_for_is(pipeline):
    assert not pipeline.extract(sample_document("Ukraine called up reservists.")).statements
    [statement] = pipeline.extract(sample_document("Ukraine called for restraint.")).statements
    assert statement.kind == "demand" and statement.speaker == "Ukraine"
