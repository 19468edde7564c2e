"""Where the example case lives: inside the installed package, or beside it in a checkout."""

from __future__ import annotations

from pathlib import Path

EXAMPLE_CASE = "ukraine-2022"


def example_case_dir(name: str = EXAMPLE_CASE) -> Path:
    """The directory of a bundled example case."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "examples" / name, package.parent / "examples" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"example case {name!r} is not installed")
