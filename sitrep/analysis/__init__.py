"""Analysis: read the store, return domain objects (the brief, later tracks and judgements)."""
