"""Independent sources: copies of one wire story, and the reports of one outlet, count once.

Near-duplicates are found with MinHash over word 5-shingles and an LSH index
(datasketch), so adding a document costs one index query, not a comparison with
every document held. Documents are merged into source groups (union-find) when they
are near-duplicates or share a publisher.
"""

from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH

from sitrep.model import Report

SHINGLE_WORDS = 5
PERMUTATIONS = 64


def shingles(text: str) -> set[bytes]:
    """The document's overlapping runs of five words, case and punctuation folded."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode()
            for i in range(len(words) - SHINGLE_WORDS + 1)}


class SourceGroups:
    def __init__(self, threshold: float = 0.6):
        self.lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self.parent: dict[str, str] = {}
        self.by_publisher: dict[str, str] = {}
        self.copies: dict[str, str] = {}  # document -> the earlier document it copies

    def add(self, report: Report) -> None:
        """Index a document and merge it with its near-duplicates and its publisher's reports."""
        doc_id = report.doc_id
        if doc_id in self.parent:
            return
        self.parent[doc_id] = doc_id
        signature = MinHash(num_perm=PERMUTATIONS)
        signature.update_batch(list(shingles(report.text)))
        for other in self.lsh.query(signature):
            self.copies.setdefault(doc_id, other)
            self._union(doc_id, other)
        self.lsh.insert(doc_id, signature)
        publisher = (report.publisher or "").strip().lower()
        if publisher:
            self._union(doc_id, self.by_publisher.setdefault(publisher, doc_id))

    def group(self, doc_id: str) -> str:
        """The representative of the document's source group."""
        root = doc_id
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while doc_id != root:  # path compression
            self.parent[doc_id], doc_id = root, self.parent[doc_id]
        return root

    def independent(self, doc_ids) -> int:
        """How many independent sources the documents amount to."""
        return len({self.group(doc_id) for doc_id in doc_ids})

    def _union(self, a: str, b: str) -> None:
        root_a, root_b = self.group(a), self.group(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)
