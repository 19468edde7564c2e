"""Full-text search over sentences; SQLite uses FTS5, other engines a plain match for now."""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

FTS_TABLE = "sentences_fts"


def create_search_index(connection: Connection) -> None:
    """The engine's full-text index over ``sentences.text``."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "text, content='sentences', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"))


def index_document(connection: Connection, doc_id: str) -> None:
    """Add one document's sentences to the index (call in the same transaction)."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(
            f"INSERT INTO {FTS_TABLE}(rowid, text) SELECT id, text FROM sentences WHERE doc_id = :d"),
            {"d": doc_id})


def fts_query(user_query: str) -> str:
    """A safe FTS5 query: each word quoted (no operator injection), ``word*`` kept as a prefix,
    a "quoted phrase" kept as a phrase, all terms required."""
    terms = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', user_query):
        words = re.findall(r"\w+", phrase or word)
        if not words:
            continue
        if phrase:
            terms.append('"' + " ".join(words) + '"')
            continue
        terms.extend(f'"{w}"' for w in words)
        if word.endswith("*"):
            terms[-1] += "*"
    return " ".join(terms)


def search_sentences(connection: Connection, query: str, limit: int) -> list[tuple]:
    """``(sentence id, doc_id, start_char, end_char, text, snippet)`` best first."""
    if connection.dialect.name == "sqlite":
        match = fts_query(query)
        if not match:
            return []
        rows = connection.execute(text(
            f"SELECT s.id, s.doc_id, s.start_char, s.end_char, s.text, "
            f"snippet({FTS_TABLE}, 0, '[', ']', '…', 24) "
            f"FROM {FTS_TABLE} JOIN sentences s ON s.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH :q ORDER BY bm25({FTS_TABLE}) LIMIT :n"),
            {"q": match, "n": limit})
        return [tuple(row) for row in rows]
    words = re.findall(r"\w+", query)
    if not words:
        return []
    clauses = " AND ".join(f"lower(text) LIKE :w{i}" for i in range(len(words)))
    params = {f"w{i}": f"%{w.lower()}%" for i, w in enumerate(words)} | {"n": limit}
    rows = connection.execute(text(
        f"SELECT id, doc_id, start_char, end_char, text, text FROM sentences "
        f"WHERE {clauses} ORDER BY doc_id, idx LIMIT :n"), params)
    return [tuple(row) for row in rows]
