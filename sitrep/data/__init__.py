"""The vocabularies in this folder (see its README), read as text or as rows."""

from __future__ import annotations

from importlib import resources


def data_text(name: str) -> str:
    """A data file's whole text."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def data_lines(name: str) -> list[str]:
    """A data file's lines, without blank lines and ``#`` comments."""
    return [line for line in data_text(name).splitlines()
            if line.strip() and not line.startswith("#")]
