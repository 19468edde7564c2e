from sitrep.analysis.corroboration import SHINGLE_WORDS, SourceGroups, shingles
from tests.analysis.reports import WIRE_STORY, report, wire_copy

CHANGED = "A spokesman for the regional government said he had no information about any troops."
OTHER_STORY = (
    "Ukraine's defence minister told parliament on Thursday that reservists would be called up "
    "in three western regions to replace units sent east. He said training grounds near Lviv "
    "and Rivne were ready to take several thousand people and that equipment for them had been "
    "delivered from warehouses. Members of the opposition asked why the call-up had not been "
    "announced earlier and whether employers would be paid for the time their staff spent in "
    "uniform. The minister replied that the law already covered this and that a decree with "
    "the details would follow within days. In the capital, queues formed outside recruitment "
    "offices as volunteers waited to register for the territorial defence brigades."
)


def doc(name, text, publisher):
    return report(name, text=text, publisher=publisher, published="2022-02-10")


def grouped(*reports, threshold=0.6):
    groups = SourceGroups(threshold)
    for r in reports:
        groups.add(r)
    return groups


def test_shingles_are_runs_of_five_words_with_case_and_punctuation_folded():
    assert SHINGLE_WORDS == 5
    assert shingles("Tanks, trucks and fuel tankers moved west.") == {
        b"tanks trucks and fuel tankers", b"trucks and fuel tankers moved",
        b"and fuel tankers moved west"}
    assert shingles("TANKS trucks, and FUEL tankers") == shingles("tanks trucks and fuel tankers!")


def test_shingles_of_short_and_empty_texts():
    assert shingles("Troops moved west.") == {b"troops moved west"}
    assert shingles("") == set()
    assert shingles(" ... !") == set()


def test_shingles_of_a_repeated_text_are_a_set():
    assert len(shingles("one two three four five " * 4)) == 5


def test_near_duplicates_from_different_publishers_are_one_source():
    wire = doc("wire", WIRE_STORY, "Baltic Wire")
    copy = doc("copy", wire_copy(CHANGED), "Evening Courier")
    groups = grouped(wire, copy)
    assert groups.group("id-wire") == groups.group("id-copy")
    assert groups.independent(["id-wire", "id-copy"]) == 1
    assert groups.copies == {"id-copy": "id-wire"}


def test_different_texts_from_different_publishers_are_independent():
    groups = grouped(doc("wire", WIRE_STORY, "Baltic Wire"),
                     doc("kyiv", OTHER_STORY, "Kyiv Herald"))
    assert groups.group("id-wire") != groups.group("id-kyiv")
    assert groups.independent(["id-wire", "id-kyiv"]) == 2
    assert groups.copies == {}


def test_different_texts_from_the_same_publisher_are_one_source():
    groups = grouped(doc("wire", WIRE_STORY, "Baltic Wire"),
                     doc("later", OTHER_STORY, " baltic wire "))  # case and spaces ignored
    assert groups.independent(["id-wire", "id-later"]) == 1
    assert groups.copies == {}


def test_documents_without_a_publisher_are_not_merged_by_it():
    groups = grouped(doc("a", WIRE_STORY, None), doc("b", OTHER_STORY, None),
                     doc("c", "A short note about something else entirely.", ""))
    assert groups.independent(["id-a", "id-b", "id-c"]) == 3


def test_independent_counts_groups():
    groups = grouped(doc("wire", WIRE_STORY, "Baltic Wire"),
                     doc("copy", wire_copy(CHANGED), "Evening Courier"),
                     doc("kyiv", OTHER_STORY, "Kyiv Herald"),
                     doc("kyiv2", "Sirens sounded in Kharkiv overnight, officials said.",
                         "Kyiv Herald"),
                     doc("note", "A ferry service across the lake resumed after repairs.",
                         "Lake Gazette"))
    assert groups.independent([]) == 0
    assert groups.independent(["id-wire"]) == 1
    assert groups.independent(["id-wire", "id-copy", "id-kyiv", "id-kyiv2"]) == 2
    assert groups.independent(["id-wire", "id-copy", "id-kyiv", "id-kyiv2", "id-note"]) == 3
    assert groups.independent({"id-kyiv", "id-kyiv2", "id-kyiv"}) == 1


def test_groups_join_through_a_chain():
    # the copy shares text with the wire story and a publisher with a third report
    groups = grouped(doc("wire", WIRE_STORY, "Baltic Wire"),
                     doc("other", OTHER_STORY, "Evening Courier"),
                     doc("copy", wire_copy(CHANGED), "Evening Courier"))
    assert groups.independent(["id-wire", "id-other", "id-copy"]) == 1


def test_order_of_adding_does_not_change_the_groups():
    docs = [doc("wire", WIRE_STORY, "Baltic Wire"), doc("copy", wire_copy(CHANGED), "Courier"),
            doc("kyiv", OTHER_STORY, "Kyiv Herald")]
    ids = ["id-wire", "id-copy", "id-kyiv"]
    forward, backward = grouped(*docs), grouped(*reversed(docs))
    assert forward.independent(ids) == backward.independent(ids) == 2
    assert backward.copies == {"id-wire": "id-copy"}  # the earlier document added


def test_adding_a_document_again_changes_nothing():
    wire = doc("wire", WIRE_STORY, "Baltic Wire")
    groups = grouped(wire, doc("kyiv", OTHER_STORY, "Kyiv Herald"))
    groups.add(wire)
    assert groups.copies == {}  # it is not its own copy
    assert groups.independent(["id-wire", "id-kyiv"]) == 2


def test_unknown_document_is_its_own_group():
    groups = grouped(doc("wire", WIRE_STORY, "Baltic Wire"))
    assert groups.group("id-missing") == "id-missing"
    assert groups.independent(["id-wire", "id-missing"]) == 2


def test_threshold_decides_what_is_a_near_duplicate():
    wire = doc("wire", WIRE_STORY, "Baltic Wire")
    # half the story rewritten: Jaccard of shingles far below 0.9
    half = WIRE_STORY[: len(WIRE_STORY) // 2] + " " + OTHER_STORY
    copy = doc("half", half, "Evening Courier")
    assert grouped(wire, copy, threshold=0.9).independent(["id-wire", "id-half"]) == 2
    assert grouped(wire, doc("copy", WIRE_STORY, "Courier"),
                   threshold=0.9).independent(["id-wire", "id-copy"]) == 1
