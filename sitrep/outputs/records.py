"""Full records as JSON: every field of an Extraction, dates in ISO form."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sitrep.model import Extraction


def to_jsonable(value):
    """Dataclasses, dates and containers as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def extraction_json(extraction: Extraction) -> str:
    """One line of JSON with the document (without its text) and everything read from it."""
    record = to_jsonable(extraction)
    record["document"].pop("text")
    return json.dumps(record, ensure_ascii=False)
