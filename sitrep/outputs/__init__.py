"""Outputs: render domain objects for people and for other tools. They never read the store."""
