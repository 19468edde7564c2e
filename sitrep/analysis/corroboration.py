"""Independent sources: copies of one wire story, and the reports of one outlet, count once.

Near-duplicates are found with MinHash over word 5-shingles and an LSH index of bands,
so adding a document costs one index query, not a comparison with every document held;
LSH only proposes candidates, so each is kept only when its estimated Jaccard reaches
the threshold. Near-duplicates form a story (union-find over documents). A document
counts as the source of its story's original, the story's earliest document by
(published, doc_id): that document's publisher, or the document itself when it names
none. So a reprint counts with the outlet it copies, yet the two outlets stay apart for
everything else; joining outlets through a shared story would, with a few percent of
reprints, fold every outlet into one.

Wire copy is the agency's report, however each outlet rewords it: a document that
credits a news agency (``wire_credits.tsv`` of the language packs: "(Reuters)" in its
dateline, "— Associated Press" at its end) counts as that agency, not as its publisher.

A shingle's hash combines the CRC-32s of its words (CRC-32: C, and stable across runs),
for all shingles of a document at once with numpy; the signature applies datasketch's
MinHash permutations (seed 1, scheme affine32) to them, also with numpy. Hashing each
shingle's text, building a ``MinHash`` per document and datasketch's own LSH index
cost several times as much. datasketch (and the scipy it imports, half a second) is
imported only once a second text arrives: a single document is compared with nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterable
from functools import cache

import numpy as np

from sitrep.errors import LanguagePackError
from sitrep.lang import LanguagePack, available
from sitrep.model import Report

SHINGLE_WORDS = 5
PERMUTATIONS = 64
WORD = re.compile(r"\w+")
MIX = np.uint32(0x9E3779B1)  # odd: the golden ratio in 32 bits


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of each permutation h -> a * h + b (mod 2**32), as datasketch draws them."""
    from datasketch import MinHash
    a, b = MinHash(num_perm=PERMUTATIONS, scheme="affine32").permutations
    return a, b


@cache
def _bands(threshold: float) -> list[tuple[int, int]]:
    """The bands datasketch's LSH chooses for the threshold: (start, end) of each."""
    from datasketch import MinHashLSH
    return MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS).hashranges


CREDITS_FILE = "wire_credits.tsv"
ANY_AGENCY = "*"  # the agency is the pattern's group "agency"


def wire_agency(text: str) -> str | None:
    """The news agency whose copy the text carries, by its credit, folded; None if none."""
    for agency, pattern in _wire_credits():
        found = pattern.search(text)
        if found:
            name = found.group("agency") if agency == ANY_AGENCY else agency
            return " ".join(name.split()).lower()
    return None


@cache
def _wire_credits() -> tuple[tuple[str, re.Pattern], ...]:
    """The credit patterns of every language pack that has them, in file order."""
    credits = []
    for code in available():
        pack = LanguagePack.load(code)
        if not (pack.directory / CREDITS_FILE).is_file():
            continue
        for line in pack.lines(CREDITS_FILE):
            agency, _, pattern = line.partition("\t")
            try:
                compiled = re.compile(pattern)
            except re.error as error:
                raise LanguagePackError(f"{pack.directory / CREDITS_FILE}: {pattern!r} is no "
                                        f"regular expression ({error})") from None
            if agency == ANY_AGENCY and "agency" not in compiled.groupindex:
                raise LanguagePackError(f"{pack.directory / CREDITS_FILE}: {pattern!r} has no "
                                        "group 'agency' to name the agency by")
            credits.append((agency, compiled))
    return tuple(credits)


def shingle_hashes(text: str) -> np.ndarray:
    """A hash of each run of five words of the document, case and punctuation folded (of
    all its words when it has fewer): the words' CRC-32s h combined as x * MIX + h in 32
    bits, for all runs at once. A run that recurs is hashed again: that leaves the
    signature as it is."""
    words = WORD.findall(text.lower())
    crcs = np.fromiter(map(zlib.crc32, map(str.encode, words)), np.uint32, len(words))
    width = min(SHINGLE_WORDS, len(words))
    runs = len(words) - width + 1 if words else 0
    hashes = crcs[:runs].copy()
    for k in range(1, width):
        hashes = hashes * MIX + crcs[k:k + runs]
    return hashes


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature of the hashes: per permutation the least permuted value
    (datasketch's affine32 scheme: MurmurHash3's finaliser, then a * h + b mod 2**32)."""
    h = hashes ^ (hashes >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h = h * np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    a, b = _permutations()
    return (np.multiply.outer(h, a) + b).min(axis=0)


class SourceGroups:
    """Documents added one at a time, in any order: the stories and sources do not depend
    on the order."""

    def __init__(self, threshold: float = 0.6):
        self.threshold = threshold
        # per band: its values as bytes -> the documents that have them, as a tuple: few
        # share one, and the garbage collector stops tracking a tuple of strings
        self.buckets: list[dict[bytes, tuple[str, ...]]] = []
        self.first: tuple[str, np.ndarray] | None = None  # the first text, until a second
        self.signatures: dict[str, np.ndarray] = {}
        self.own_source: dict[str, str] = {}  # document -> its publisher, or itself
        self.order: dict[str, tuple] = {}  # document -> (published, doc_id) sort key
        self.parent: dict[str, str] = {}  # union-find of stories over documents
        self.original: dict[str, str] = {}  # story root -> the story's earliest document

    def add(self, report: Report) -> None:
        """Index a document and join it to the story of each near-duplicate already held."""
        doc_id = report.doc_id
        if doc_id in self.parent:
            return
        self.own_source[doc_id] = _own_source(report)
        self.order[doc_id] = (report.published is None, report.published or dt.date.min, doc_id)
        self.parent[doc_id] = self.original[doc_id] = doc_id
        hashes = shingle_hashes(report.text)
        if not len(hashes):
            return  # an empty text copies nothing (and all empty texts would look alike)
        if not self.buckets and self.first is None:
            self.first = (doc_id, hashes)
            return
        if self.first is not None:
            self.buckets = [{} for _ in _bands(self.threshold)]
            self._index(*self.first)
            self.first = None
        self._index(doc_id, hashes)

    def _index(self, doc_id: str, hashes: np.ndarray) -> None:
        """Join the document to its near-duplicates' stories and file it in the buckets."""
        values = signature(hashes)
        for other in self.candidates(values):
            if np.count_nonzero(values == self.signatures[other]) / PERMUTATIONS >= self.threshold:
                self._union(doc_id, other)
        for bucket, key in zip(self.buckets, self._band_keys(values)):
            bucket[key] = bucket.get(key, ()) + (doc_id,)
        self.signatures[doc_id] = values

    def candidates(self, values: np.ndarray) -> set[str]:
        """The documents held that share a band with the signature: LSH's proposals."""
        return {other for bucket, key in zip(self.buckets, self._band_keys(values))
                for other in bucket.get(key, ())}

    def story(self, doc_id: str) -> str:
        """The original (earliest document) of the document's story."""
        return self.original[self._root(doc_id)] if doc_id in self.parent else doc_id

    def source(self, doc_id: str) -> str:
        """The independent source the document counts as: that of its story's original."""
        return self.own_source.get(self.story(doc_id), f"document:{doc_id}")

    def independent(self, doc_ids: Iterable[str]) -> int:
        """How many independent sources the documents amount to."""
        return len({self.source(doc_id) for doc_id in doc_ids})

    @property
    def copies(self) -> dict[str, str]:
        """Each document that copies an earlier one -> the original of its story."""
        return {doc_id: original for doc_id in self.parent
                if (original := self.story(doc_id)) != doc_id}

    def _band_keys(self, values: np.ndarray) -> list[bytes]:
        """Each band's values as bytes (cut from the signature's bytes: far cheaper)."""
        raw, size = values.tobytes(), values.itemsize
        return [raw[start * size:end * size] for start, end in _bands(self.threshold)]

    def _root(self, doc_id: str) -> str:
        root = doc_id
        while self.parent[root] != root:
            root = self.parent[root]
        while doc_id != root:  # path compression
            self.parent[doc_id], doc_id = root, self.parent[doc_id]
        return root

    def _union(self, a: str, b: str) -> None:
        root_a, root_b = self._root(a), self._root(b)
        if root_a != root_b:
            self.parent[root_b] = root_a
            self.original[root_a] = min(self.original[root_a], self.original.pop(root_b),
                                        key=self.order.__getitem__)


def _own_source(report: Report) -> str:
    """What a document counts as by itself: the agency it credits, else its publisher,
    else the document."""
    agency = wire_agency(report.text)
    if agency:
        return f"agency:{agency}"
    publisher = (report.publisher or "").strip().lower()
    return f"publisher:{publisher}" if publisher else f"document:{report.doc_id}"
