"""No English word list in the Python code: the words a language has live in its pack.

Checked: everything that reads text or names: ``sitrep/extract/`` (the time grammar too:
its shapes are ``time_grammar.tsv``), ``sitrep/geo/``, ``sitrep/analysis/`` and the pack
loaders. Flagged: a set, list or tuple literal of three or more lower-case words, a dict
literal mapping three or more such words to constants, and a string with an alternation of
three or more lower-case words (a regular expression). Allowed: the project's codes
(entity kinds, place roles, unit word roles, in ``CODES``; constants whose name ends in
``KINDS``, ``CODES``, ``STATUSES``, ``ATTRIBUTES``, ``PACKAGES`` or ``COLUMNS``;
``__slots__``) and dicts of computed values (attribute records).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SITREP = Path(__file__).resolve().parents[1] / "sitrep"
WORD = re.compile(r"[a-z][a-z'’ -]*")
ALTERNATION = re.compile(r"(?<![\w\\])[a-z]{2,}(?:\|[a-z]{2,}){2,}(?!\w)")
CODE_NAMES = re.compile(r"(KINDS|CODES|STATUSES|ATTRIBUTES|PACKAGES|COLUMNS|__slots__)$")
CODES = {"person", "organisation", "state", "unit", "equipment", "place",  # entity kinds
         "country", "region", "curated",  # place kinds and sources of the gazetteer
         "origin", "via", "destination", "location",  # place roles of an event
         "ordinal", "guards", "type", "echelon"}  # roles of unit_words.tsv


def _python_files() -> list[Path]:
    files = [*(SITREP / "extract").glob("*.py"), *(SITREP / "geo").glob("*.py"),
             *(SITREP / "analysis").glob("*.py"), SITREP / "lang.py", SITREP / "knowledge.py"]
    return sorted(files)


def _words(nodes) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and WORD.fullmatch(n.value) and n.value not in CODES]


def _assigned_name(parents: dict, node) -> str:
    while node in parents and not isinstance(node, (ast.Assign, ast.AnnAssign)):
        node = parents[node]
    targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
    return " ".join(t.id for t in targets if isinstance(t, ast.Name))


def english_in(source: str) -> list[str]:
    """What in the source reads as a list of English words, with its line."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            words = _words(node.elts)
        elif isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant) for v in node.values):
            words = _words([k for k in node.keys if k is not None])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            words = ALTERNATION.findall(node.value)
            if words:
                found.append(f"line {node.lineno}: regex alternation {words[0]!r}")
            continue
        else:
            continue
        if len(words) >= 3 and not CODE_NAMES.search(_assigned_name(parents, node)):
            found.append(f"line {node.lineno}: {words[:4]}")
    return found


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: p.relative_to(SITREP).as_posix())
def test_no_english_word_lists_in_code(path):
    assert english_in(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source", [
    'NEGATIONS = {"not", "never", "no"}',
    'if word in ("in", "at", "near"): pass',
    'PARTS = {"early": 0, "mid": 1, "late": 2}',
    'QUANTITY = r"(?:about|around|some)\\s+"',
])
def test_the_check_sees_a_word_list(source):
    assert english_in(source)


@pytest.mark.parametrize("source", [
    'EVENT_KINDS = {"deploy", "withdraw", "annex"}',
    'BREAKS = {";", ":", "—"}',
    'PATTERN = r"(?P<iso_y>YEAR)-(?P<iso_m>[0-9]{2})"',
    'if kind in ("claim", "denial"): pass',
])
def test_the_check_lets_codes_and_punctuation_be(source):
    assert english_in(source) == []


WORDED_BY_PACK = {"analysis/contradictions.py": "contradiction_wording.tsv"}


@pytest.mark.parametrize("module", sorted(WORDED_BY_PACK))
def test_sentences_are_worded_by_the_pack_not_the_code(module):
    """The words of a pack's templates ("says otherwise", "reported by") appear in no
    string of the module that fills them in: a sentence shown to a user is worded by the
    pack. A string that is a whole code ("claimed", a template's key) is no wording."""
    pack = SITREP / "data" / "lang" / "en" / WORDED_BY_PACK[module]
    templates = [line.split("\t", 1)[1] for line in pack.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
    phrases = {piece.strip(" ():;,") for template in templates
               for piece in re.split(r"\{\w+\}", template) if re.search(r"[a-z]{4}", piece)}
    tree = ast.parse((SITREP / module).read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
               and isinstance(node.value, str) and id(node) not in docstrings]
    assert phrases and [p for p in phrases
                        if any(s != p and re.search(rf"\b{re.escape(p)}\b", s)
                               for s in strings)] == []
