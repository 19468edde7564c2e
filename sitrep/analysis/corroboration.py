"""Independent sources: copies of one wire story, and the reports of one outlet, count once.

Near-duplicates are found with MinHash over word 5-shingles and an LSH index
(datasketch), so adding a document costs one index query, not a comparison with
every document held; LSH only proposes candidates, so each is kept only when its
estimated Jaccard reaches the threshold. Near-duplicates form a story (union-find over
documents). A document counts as the source of its story's original, the story's
earliest document by (published, doc_id): that document's publisher, or the document
itself when it names none. So a reprint counts with the outlet it copies, yet the two
outlets stay apart for everything else; joining outlets through a shared story would,
with a few percent of reprints, fold every outlet into one.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterable

from datasketch import LeanMinHash, MinHash, MinHashLSH

from sitrep.model import Report

SHINGLE_WORDS = 5
PERMUTATIONS = 64
# one MinHash's permutations, shared: drawing them anew for each document took about
# as long as hashing its shingles. CRC-32 (C, stable across runs) hashes the shingles:
# datasketch's default SHA-1 wrapper cost three times as much.
_HASHING = MinHash(num_perm=PERMUTATIONS, hashfunc=zlib.crc32)


def shingles(text: str) -> set[bytes]:
    """The document's overlapping runs of five words, case and punctuation folded."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode()
            for i in range(len(words) - SHINGLE_WORDS + 1)}


class SourceGroups:
    """Documents added one at a time, in any order: the stories and sources do not depend
    on the order."""

    def __init__(self, threshold: float = 0.6):
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self.signatures: dict[str, LeanMinHash] = {}
        self.own_source: dict[str, str] = {}  # document -> its publisher, or itself
        self.order: dict[str, tuple] = {}  # document -> (published, doc_id) sort key
        self.parent: dict[str, str] = {}  # union-find of stories over documents
        self.original: dict[str, str] = {}  # story root -> the story's earliest document

    def add(self, report: Report) -> None:
        """Index a document and join it to the story of each near-duplicate already held."""
        doc_id = report.doc_id
        if doc_id in self.parent:
            return
        publisher = (report.publisher or "").strip().lower()
        self.own_source[doc_id] = f"publisher:{publisher}" if publisher else f"document:{doc_id}"
        self.order[doc_id] = (report.published is None, report.published or dt.date.min, doc_id)
        self.parent[doc_id] = self.original[doc_id] = doc_id
        words = shingles(report.text)
        if not words:
            return  # an empty text copies nothing (and all empty texts would look alike)
        signature = MinHash(num_perm=PERMUTATIONS, hashfunc=zlib.crc32,
                            permutations=_HASHING.permutations, scheme=_HASHING.scheme)
        signature.update_batch(list(words))
        signature = LeanMinHash(signature)
        for other in self.lsh.query(signature):
            if signature.jaccard(self.signatures[other]) >= self.threshold:
                self._union(doc_id, other)
        self.lsh.insert(doc_id, signature)
        self.signatures[doc_id] = signature

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
