"""The analyst's ACH ratings written back into ``case.yaml``.

Only the ``ach`` section is edited, as YAML (ruamel.yaml's round trip keeps its
comments), and written back in place of its old lines; every other line of the file
stays as it was. The file is replaced atomically and keeps its mode.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from sitrep.case import CASE_FILE, parse_case, read_yaml
from sitrep.errors import CaseError


def save_ach_rating(directory: Path, evidence: str, hypothesis: str, rating: str | None) -> None:
    """Write the analyst's rating of one evidence row against one hypothesis into
    ``case.yaml``'s ``ach.overrides``; ``rating`` None removes it.

    The file is edited as a YAML document (ruamel.yaml), so its comments and layout
    stay. The new text must read as the old one with only that rating changed, and as
    a valid case, before it replaces the file, atomically and keeping its mode.
    """
    path = Path(directory) / CASE_FILE
    if not path.is_file():
        raise CaseError(f"{path}: no such file; the ratings are kept in case.yaml "
                        "(`sitrep init` writes one)")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CaseError(f"{path}: cannot read: {error.strerror or error}") from None
    data = read_yaml(text, path)
    parse_case(data, directory=path.parent, path=path)
    wanted = _with_rating(data, evidence, hypothesis, rating)
    parse_case(wanted, directory=path.parent, path=path)
    new_text = _edited(text, evidence, hypothesis, rating)
    if read_yaml(new_text, path) != wanted:
        raise CaseError(f"{path}: cannot rewrite ach.overrides in place; edit it by hand")
    _replace_file(path, new_text)


def _with_rating(data: dict, evidence: str, hypothesis: str, rating: str | None) -> dict:
    """The parsed case with one rating of ``ach.overrides`` set or (None) removed."""
    ach = dict(data.get("ach") or {})
    overrides = {key: dict(value or {}) for key, value in (ach.get("overrides") or {}).items()}
    ratings = overrides.setdefault(evidence, {})
    if rating is None:
        ratings.pop(hypothesis, None)
    else:
        ratings[hypothesis] = rating
    if not ratings:
        del overrides[evidence]
    return {**data, "ach": {**ach, "overrides": overrides}}


def _edited(text: str, evidence: str, hypothesis: str, rating: str | None) -> str:
    """``text`` with the rating set or removed: the ``ach`` section is edited as YAML
    (ruamel.yaml's round trip keeps its comments) and written back in place of its old
    lines; every other line stays as it was."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # no new line breaks in long lines
    document = yaml.load(text)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    keys = list(document)
    start, end = len(lines), len(lines)  # a file without the section gets it at the end
    if "ach" in document:
        start = document.lc.key("ach")[0]
        following = keys[keys.index("ach") + 1:]
        end = document.lc.key(following[0])[0] if following else len(lines)
    if document.get("ach") is None:
        document["ach"] = CommentedMap()
    _set_rating(document["ach"], evidence, hypothesis, rating)
    section = CommentedMap([("ach", document["ach"])])
    if "ach" in document.ca.items:  # comments on and below ``ach:``; those above it stay
        section.ca.items["ach"] = [None, None, *document.ca.items["ach"][2:]]
    out = io.StringIO()
    yaml.dump(section, out)
    return "".join(lines[:start]) + out.getvalue() + "".join(lines[end:])


def _set_rating(ach, evidence: str, hypothesis: str, rating: str | None) -> None:
    """Set or (None) remove one rating in a round-trip ``ach`` mapping."""
    from ruamel.yaml.comments import CommentedMap

    if ach.get("overrides") is None:
        ach["overrides"] = CommentedMap()
    overrides = ach["overrides"]
    if rating is not None:
        if overrides.get(evidence) is None:
            overrides[evidence] = CommentedMap()
            overrides[evidence].fa.set_flow_style()
        overrides[evidence][hypothesis] = rating
    elif evidence in overrides:
        overrides[evidence].pop(hypothesis, None)
        if not overrides[evidence]:
            del overrides[evidence]
    if not overrides:
        overrides.fa.set_flow_style()  # written {} rather than an empty block


def _replace_file(path: Path, text: str) -> None:
    """Write ``text`` to a new file beside ``path`` with its mode, then move it over."""
    try:
        mode = path.stat().st_mode & 0o7777
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise CaseError(f"{path}: cannot write: {error.strerror or error}") from None
