"""Full-text search over sentences: FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL.

Both engines read a query the same way (``_terms``): every term is required, a "quoted
phrase" must appear as written, ``word*`` matches words that start with it, and nothing the
user types is passed through as query syntax. Both match case-insensitively and ignore
diacritics on Latin letters: FTS5 through its unicode61 tokenizer, PostgreSQL through
``_words``, which folds text the same way in Python before it reaches ``to_tsvector``.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import Connection, text

FTS_TABLE = "sentences_fts"
SNIPPET_WORDS = 24
_WORD = re.compile(r"[^\W_]+")  # letters and digits: where unicode61 splits, _words splits too


def create_search_index(connection: Connection) -> None:
    """The engine's full-text index over ``sentences.text`` (Store.open allows only these two).

    On SQLite an external-content FTS5 table named ``sentences_fts`` whose ``content`` is
    written in double quotes: the form datasette looks for, so its table search on
    ``sentences`` uses the index (``?_search=``) instead of matching every row."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            'text, content="sentences", content_rowid="id", '  # the form datasette detects
            "tokenize='unicode61 remove_diacritics 2')"))
    else:
        connection.execute(text(
            f"CREATE TABLE IF NOT EXISTS {FTS_TABLE} ("
            "id INTEGER PRIMARY KEY REFERENCES sentences (id) ON DELETE CASCADE, "
            "words TSVECTOR NOT NULL)"))
        connection.execute(text(
            f"CREATE INDEX IF NOT EXISTS ix_{FTS_TABLE}_words ON {FTS_TABLE} USING GIN (words)"))


def rebuild_search_index(connection: Connection) -> None:
    """Create the SQLite index anew in the current form and fill it from ``sentences``."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
        create_search_index(connection)
        connection.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


def index_document(connection: Connection, doc_id: str) -> None:
    """Add one document's sentences to the index (call in the same transaction)."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(
            f"INSERT INTO {FTS_TABLE}(rowid, text) SELECT id, text FROM sentences WHERE doc_id = :d"),
            {"d": doc_id})
    else:
        sentences = connection.execute(
            text("SELECT id, text FROM sentences WHERE doc_id = :d"), {"d": doc_id}).all()
        if sentences:
            connection.execute(text(
                f"INSERT INTO {FTS_TABLE} (id, words) VALUES (:id, to_tsvector('simple', :words))"),
                [{"id": id_, "words": " ".join(_words(sentence))} for id_, sentence in sentences])


def _terms(user_query: str) -> list[tuple[str, bool]]:
    """The required terms of a query, each ``(words separated by spaces, prefix?)``."""
    terms = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', user_query):
        words = re.findall(r"\w+", phrase or word)
        if not words:
            continue
        if phrase:
            terms.append((" ".join(words), False))
            continue
        terms.extend((w, False) for w in words)
        if word.endswith("*"):
            terms[-1] = (terms[-1][0], True)
    return terms


def fts_query(user_query: str) -> str:
    """A safe FTS5 query: each term quoted (no operator injection), a prefix term ``"word"*``."""
    return " ".join(f'"{words}"' + ("*" if prefix else "") for words, prefix in _terms(user_query))


def _fold(string: str) -> str:
    """Lower case, Latin letters without diacritics: as unicode61 with remove_diacritics 2."""
    return "".join(base if (base := unicodedata.normalize("NFD", c)[0]) < "\u0250" else c
                   for c in string.lower())


def _words(string: str) -> list[str]:
    """The folded words of a text, split where FTS5's unicode61 tokenizer splits."""
    return _WORD.findall(_fold(string))


def ts_query(user_query: str) -> str:
    """The PostgreSQL tsquery of a query (for ``to_tsquery('simple', ...)``): terms joined by &,
    a phrase's words by <->, a prefix term ending in :*. Words are letters and digits only,
    so no tsquery operator can come from the user."""
    parts = []
    for words, prefix in _terms(user_query):
        folded = _words(words)
        if folded:
            parts.append(" <-> ".join(folded) + (":*" if prefix else ""))
    return " & ".join(parts)


def search_sentences(connection: Connection, query: str, limit: int) -> list[tuple]:
    """``(sentence id, doc_id, start_char, end_char, text, snippet)`` best first."""
    if connection.dialect.name == "sqlite":
        match = fts_query(query)
        if not match:
            return []
        rows = connection.execute(text(
            f"SELECT s.id, s.doc_id, s.start_char, s.end_char, s.text, "
            f"snippet({FTS_TABLE}, 0, '[', ']', '…', {SNIPPET_WORDS}) "
            f"FROM {FTS_TABLE} JOIN sentences s ON s.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH :q ORDER BY bm25({FTS_TABLE}) LIMIT :n"),
            {"q": match, "n": limit})
        return [tuple(row) for row in rows]
    match = ts_query(query)
    if not match:
        return []
    # ts_rank's normalisation 1 (by the log of the sentence's length) orders hits closest to bm25.
    rows = connection.execute(text(
        f"SELECT s.id, s.doc_id, s.start_char, s.end_char, s.text "
        f"FROM {FTS_TABLE} f JOIN sentences s ON s.id = f.id, to_tsquery('simple', :q) q "
        f"WHERE f.words @@ q ORDER BY ts_rank(f.words, q, 1) DESC, s.id LIMIT :n"),
        {"q": match, "n": limit})
    terms = _terms(query)
    return [(*row, _snippet(row[4], terms)) for row in rows]


def _snippet(sentence: str, terms: list[tuple[str, bool]]) -> str:
    """What FTS5's snippet() gives, for PostgreSQL: up to ``SNIPPET_WORDS`` words from just
    before the first match, the query's words in [brackets], '…' where the sentence is cut."""
    exact, prefixes = set(), []
    for words, prefix in terms:
        folded = _words(words)
        if prefix and folded:
            prefixes.append(folded.pop())
        exact.update(folded)
    tokens = list(_WORD.finditer(sentence))
    hits = {i for i, token in enumerate(tokens)
            if (word := _fold(token.group())) in exact or word.startswith(tuple(prefixes))}
    start = max(0, min(min(hits, default=0) - 3, len(tokens) - SNIPPET_WORDS))
    end = min(len(tokens), start + SNIPPET_WORDS)
    pieces = ["…" if start else ""]
    cursor = tokens[start].start() if start else 0
    for i in range(start, end):
        token = tokens[i]
        pieces += [sentence[cursor:token.start()],
                   f"[{token.group()}]" if i in hits else token.group()]
        cursor = token.end()
    pieces.append("…" if end < len(tokens) else sentence[cursor:])
    return "".join(pieces)
