import random
import re
import zlib

import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from sitrep.analysis import corroboration
from sitrep.analysis.corroboration import (MIX, PERMUTATIONS, SHINGLE_WORDS, SourceGroups,
                                           shingle_hashes, signature, wire_agency)
from sitrep.errors import LanguagePackError
from sitrep.lang import ENV_PATH
from tests.analysis.reports import WIRE_STORY, report, wire_copy
from tests.test_lang import toy_pack

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


def doc(name, text, publisher, published="2022-02-10"):
    return report(name, text=text, publisher=publisher, published=published)


def grouped(*reports, threshold=0.6):
    groups = SourceGroups(threshold)
    for r in reports:
        groups.add(r)
    return groups


def story(number):
    """A text of its own for each number: no two share a shingle."""
    return " ".join(f"story{number}word{i}" for i in range(40)) + "."


def shingles(text):
    """The hashes of the document's shingles, as a set."""
    return set(shingle_hashes(text).tolist())


def run(*words):
    """A run's hash worked out one word at a time: x * MIX + CRC-32 of the word."""
    x = 0
    for word in words:
        x = (x * int(MIX) + zlib.crc32(word.encode())) % 2**32
    return x


def test_shingles_are_runs_of_five_words_with_case_and_punctuation_folded():
    assert SHINGLE_WORDS == 5
    assert shingles("Tanks, trucks and fuel tankers moved west.") == {
        run("tanks", "trucks", "and", "fuel", "tankers"),
        run("trucks", "and", "fuel", "tankers", "moved"),
        run("and", "fuel", "tankers", "moved", "west")}
    assert shingles("TANKS trucks, and FUEL tankers") == shingles("tanks trucks and fuel tankers!")
    assert shingles("tanks trucks and fuel tankers") != shingles("tankers fuel and trucks tanks")


def test_shingles_of_short_and_empty_texts():
    assert shingles("Troops moved west.") == {run("troops", "moved", "west")}
    assert shingles("") == set()
    assert shingles(" ... !") == set()


def test_shingles_of_a_repeated_text_are_a_set():
    assert len(shingles("one two three four five " * 4)) == 5


@pytest.mark.parametrize("text", [
    WIRE_STORY, OTHER_STORY, "Troops moved west.", "one two three four five " * 4,
    "Колонна техники прошла через Гомель; жители слышали шум всю ночь, сказал мэр.",
])
def test_signature_is_datasketchs_minhash_of_the_runs(text):
    """The numpy signature against datasketch's MinHash fed each run's hash in turn."""
    words = re.findall(r"\w+", text.lower())
    runs = [run(*words[i:i + SHINGLE_WORDS])
            for i in range(max(len(words) - SHINGLE_WORDS, 0) + 1)]
    reference = MinHash(num_perm=PERMUTATIONS, hashfunc=lambda value: value)
    reference.update_batch(runs)
    assert shingles(text) == set(runs)
    assert signature(shingle_hashes(text)).tolist() == reference.hashvalues.tolist()


def test_bands_propose_what_datasketchs_lsh_proposes():
    """The index of bands against datasketch's MinHashLSH given the same signatures."""
    rng = random.Random(2)
    words = [f"w{i}" for i in range(60)]
    texts = []
    for n in range(40):  # the same story with 1 to 12 words changed
        changed = set(rng.sample(range(60), n % 12 + 1))
        texts.append(" ".join(f"x{n}" if i in changed else w for i, w in enumerate(words)))
    groups = SourceGroups()
    lsh = MinHashLSH(threshold=groups.threshold, num_perm=PERMUTATIONS)
    for n, text in enumerate(texts):
        groups.add(doc(f"d{n}", text, f"Outlet {n}"))
    for n in range(len(texts)):
        lsh.insert(f"id-d{n}", LeanMinHash(seed=1, hashvalues=groups.signatures[f"id-d{n}"],
                                           scheme="affine32"))
    proposed = 0
    for n in range(len(texts)):
        values = groups.signatures[f"id-d{n}"]
        expected = set(lsh.query(LeanMinHash(seed=1, hashvalues=values, scheme="affine32")))
        assert groups.candidates(values) == expected
        proposed += len(expected) - 1
    assert proposed > 30


def test_a_single_document_is_compared_with_nothing_and_the_second_indexes_both():
    """The first text's signature waits for a second (no datasketch for one document)."""
    groups = SourceGroups()
    groups.add(doc("wire", WIRE_STORY, "Baltic Wire", published="2022-02-09"))
    assert groups.signatures == {} and groups.source("id-wire") == "publisher:baltic wire"
    groups.add(doc("copy", wire_copy(CHANGED), "Evening Courier"))
    assert set(groups.signatures) == {"id-wire", "id-copy"}
    assert groups.source("id-copy") == "publisher:baltic wire"


def test_near_duplicates_from_different_publishers_are_one_source():
    wire = doc("wire", WIRE_STORY, "Baltic Wire", published="2022-02-09")
    copy = doc("copy", wire_copy(CHANGED), "Evening Courier")
    groups = grouped(wire, copy)
    assert groups.story("id-copy") == groups.story("id-wire") == "id-wire"
    assert groups.source("id-copy") == groups.source("id-wire") == "publisher:baltic wire"
    assert groups.independent(["id-wire", "id-copy"]) == 1
    assert groups.copies == {"id-copy": "id-wire"}


def test_different_texts_from_different_publishers_are_independent():
    groups = grouped(doc("wire", WIRE_STORY, "Baltic Wire"),
                     doc("kyiv", OTHER_STORY, "Kyiv Herald"))
    assert groups.story("id-wire") != groups.story("id-kyiv")
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


def test_copy_of_a_document_without_a_publisher_counts_with_that_document():
    groups = grouped(doc("a", WIRE_STORY, None, published="2022-02-09"),
                     doc("copy", wire_copy(CHANGED), "Evening Courier"))
    assert groups.source("id-copy") == groups.source("id-a") == "document:id-a"
    assert groups.independent(["id-a", "id-copy"]) == 1


def test_empty_texts_are_not_copies_of_each_other():
    groups = grouped(doc("a", "", "Baltic Wire"), doc("b", " ... ", "Evening Courier"))
    assert groups.independent(["id-a", "id-b"]) == 2
    assert groups.copies == {}


def test_independent_counts_sources():
    groups = grouped(doc("wire", WIRE_STORY, "Baltic Wire", published="2022-02-09"),
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


def test_a_reprint_does_not_join_the_two_outlets():
    # the Courier reprints the wire story and has a story of its own
    groups = grouped(doc("wire", WIRE_STORY, "Baltic Wire", published="2022-02-09"),
                     doc("other", OTHER_STORY, "Evening Courier"),
                     doc("copy", wire_copy(CHANGED), "Evening Courier"))
    assert groups.independent(["id-wire", "id-copy"]) == 1  # the reprint adds no source
    assert groups.independent(["id-wire", "id-other"]) == 2  # the outlets stay apart
    assert groups.independent(["id-copy", "id-other"]) == 2  # the reprint is the wire's
    assert groups.independent(["id-wire", "id-other", "id-copy"]) == 2


def test_a_ring_of_reprints_keeps_every_outlet_independent():
    # each outlet reprints the next one's story: joining outlets by shared stories would
    # make the five of them one source
    outlets = [f"Outlet {n}" for n in range(5)]
    own = [doc(f"own{n}", story(n), outlets[n]) for n in range(5)]
    reprints = [doc(f"reprint{n}", story((n + 1) % 5) + " Reprinted.", outlets[n],
                    published="2022-02-11") for n in range(5)]
    groups = grouped(*own, *reprints)
    assert groups.independent([r.doc_id for r in own]) == 5
    assert groups.independent([r.doc_id for r in own + reprints]) == 5
    assert groups.independent(["id-own1", "id-reprint0"]) == 1
    assert groups.copies == {f"id-reprint{n}": f"id-own{(n + 1) % 5}" for n in range(5)}


def test_the_original_is_the_earliest_publication_whatever_the_order_of_adding():
    docs = [doc("wire", WIRE_STORY, "Baltic Wire", published="2022-02-12"),
            doc("copy", wire_copy(CHANGED), "Courier", published="2022-02-11"),
            doc("kyiv", OTHER_STORY, "Kyiv Herald")]
    ids = ["id-wire", "id-copy", "id-kyiv"]
    for order in (docs, docs[::-1], docs[1:] + docs[:1]):
        groups = grouped(*order)
        assert groups.independent(ids) == 2
        assert groups.copies == {"id-wire": "id-copy"}  # published first, though added last
        assert groups.source("id-wire") == "publisher:courier"


def test_same_day_and_undated_originals_fall_back_to_doc_id():
    same_day = grouped(doc("b", WIRE_STORY, "Baltic Wire"), doc("a", WIRE_STORY, "Courier"))
    assert same_day.copies == {"id-b": "id-a"}
    undated = grouped(doc("a", WIRE_STORY, "Courier", published=None),
                      doc("b", WIRE_STORY, "Baltic Wire"))
    assert undated.copies == {"id-a": "id-b"}  # a dated document comes first


def test_adding_a_document_again_changes_nothing():
    wire = doc("wire", WIRE_STORY, "Baltic Wire")
    groups = grouped(wire, doc("kyiv", OTHER_STORY, "Kyiv Herald"))
    groups.add(wire)
    assert groups.copies == {}  # it is not its own copy
    assert groups.independent(["id-wire", "id-kyiv"]) == 2


def test_unknown_document_is_its_own_source():
    groups = grouped(doc("wire", WIRE_STORY, "Baltic Wire"))
    assert groups.story("id-missing") == "id-missing"
    assert groups.source("id-missing") == "document:id-missing"
    assert groups.independent(["id-wire", "id-missing"]) == 2


def test_threshold_decides_what_is_a_near_duplicate():
    wire = doc("wire", WIRE_STORY, "Baltic Wire")
    # half the story rewritten: Jaccard of shingles far below 0.9
    half = WIRE_STORY[: len(WIRE_STORY) // 2] + " " + OTHER_STORY
    copy = doc("half", half, "Evening Courier")
    assert grouped(wire, copy, threshold=0.9).independent(["id-wire", "id-half"]) == 2
    assert grouped(wire, doc("copy", WIRE_STORY, "Courier"),
                   threshold=0.9).independent(["id-wire", "id-copy"]) == 1


def test_lsh_candidates_below_the_threshold_are_not_copies():
    words = [f"w{i}" for i in range(60)]
    changed = [f"x{w}" if i in (5, 20, 32, 56) else w for i, w in enumerate(words)]
    first, second = shingles(" ".join(words)), shingles(" ".join(changed))
    assert len(first & second) / len(first | second) < 0.5  # true Jaccard of the shingles
    groups = grouped(doc("a", " ".join(words), "Baltic Wire"),
                     doc("b", " ".join(changed), "Evening Courier"))
    assert "id-a" in groups.candidates(groups.signatures["id-b"])  # LSH proposes the pair
    assert groups.independent(["id-a", "id-b"]) == 2
    assert groups.copies == {}


@pytest.mark.parametrize("text, agency", [
    ("VILNIUS, Feb 14 (Reuters) - Armoured columns crossed the river.", "reuters"),
    ("TALLINN, Estonia (AP) — Two frigates left port.\n", "associated press"),
    ("Two frigates left port on Monday.\n— Associated Press\n", "associated press"),
    ("Troops arrived.\nReporting by Ana Vole; Editing by Tom Reed", "reuters"),
    ("Troops arrived near the lake (AFP).", "agence france-presse"),
    ("PORTO NERO, Feb 2 (Lagoon  Press) - The ferry was seized.", "lagoon press"),
    ("The minister told Reuters that the AP story was wrong.", None),  # named, not credited
    ("Troops (about 3,000) - reports say - moved.", None),
])
def test_a_wire_credit_names_its_agency(text, agency):
    assert wire_agency(text) == agency


def test_rewritten_wire_copy_counts_as_its_agency():
    """Copies that share no run of five words, credited to one agency, are one source."""
    first = doc("a", "RIGA, Feb 3 (Reuters) - " + story(1), "Daugava Daily")
    second = doc("b", "RIGA, Feb 3 (Reuters) - " + story(2), "Narva Post")
    own = doc("c", story(3), "Narva Post")
    groups = grouped(first, second, own)
    assert groups.copies == {}  # no near-duplicates among them
    assert groups.source("id-a") == groups.source("id-b") == "agency:reuters"
    assert groups.independent(["id-a", "id-b"]) == 1
    assert groups.independent(["id-a", "id-b", "id-c"]) == 2


def test_a_broken_credit_pattern_names_its_file(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_PATH, str(tmp_path))
    # a code no other test uses: LanguagePack.load keeps each pack it read by its code
    toy_pack(tmp_path, "xw", language__tsv="name\tToy\nspacy\ten\n",
             wire_credits__tsv="*\t\\((?P<agency>[A-Z]+\\)\n")
    corroboration._wire_credits.cache_clear()
    try:
        with pytest.raises(LanguagePackError, match=r"xw/wire_credits\.tsv: .* is no regular"):
            wire_agency("KYIV (Reuters) - Troops moved.")
    finally:
        monkeypatch.delenv(ENV_PATH)
        corroboration._wire_credits.cache_clear()
