"""Where a case's SQLite store lives: asked by commands that may never open it, so this
module imports no SQLAlchemy."""

from __future__ import annotations

from pathlib import Path

DB_FILENAME = "sitrep.db"


def sqlite_url(case_dir: Path) -> str:
    return f"sqlite:///{Path(case_dir).resolve() / DB_FILENAME}"
