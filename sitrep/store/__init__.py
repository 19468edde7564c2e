"""Store: Extractions in, domain objects out, over SQLAlchemy Core.

SQLite (a file in the case directory) is the default; a PostgreSQL URL in
``SITREP_DATABASE_URL`` (``postgresql+psycopg://...``, with sitrep[postgres]
installed) is used instead. Each document is written in one transaction, so a
crash never leaves half a document behind.
"""

from sitrep.store.store import AddResult, SearchHit, Store, StoredDocument

__all__ = ["AddResult", "SearchHit", "Store", "StoredDocument"]
