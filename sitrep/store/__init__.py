"""Store: Extractions in, domain objects out, over SQLAlchemy Core.

SQLite (a file in the case directory) is the default; a PostgreSQL URL in
``SITREP_DATABASE_URL`` (``postgresql+psycopg://...``, with sitrep[postgres]
installed) is used instead. Each document is written in one transaction, so a
crash never leaves half a document behind.

The classes load SQLAlchemy (about 0.15 s) when first asked for, not when a command only
needs to know where a case's store lives (``sitrep.store.location``).
"""

__all__ = ["AddResult", "SearchHit", "Store", "StoredDocument"]


def __getattr__(name: str):
    if name in __all__:
        from sitrep.store import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
