"""The layer map holds: import-linter checks the contracts in pyproject.toml, and
breaks them when a forbidden import is added to a copy of the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run ``lint-imports`` on the ``sitrep`` package found in ``root``, with its contracts."""
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", "--no-logo",
               "--config", str(root / "pyproject.toml")]
    env = {**os.environ, "PYTHONPATH": str(root), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_import_contracts_hold():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """The package's Python files and pyproject.toml, copied to be broken."""
    shutil.copytree(REPO / "sitrep", tmp_path / "sitrep",
                    ignore=lambda folder, names: [n for n in names if n == "__pycache__" or (
                        Path(folder, n).is_file() and not n.endswith(".py"))])
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.mark.parametrize(("module", "added", "reported"), [
    ("geo/names.py", "import sitrep.extract", "sitrep.geo is not allowed to import sitrep.extract"),
    ("outputs/brief.py", "from sitrep.web import api",
     "sitrep.outputs is not allowed to import sitrep.web"),
    ("web/documents.py", "import sqlalchemy", "sitrep.web.documents -> sqlalchemy"),
    ("analysis/tracks.py", "from sitrep.extract import timex",
     "sitrep.analysis.tracks -> sitrep.extract.timex"),
    ("fresh.py", "", "sitrep.fresh"),  # a module the map does not place yet
])
def test_a_forbidden_import_breaks_the_contracts(package_copy, module, added, reported):
    path = package_copy / "sitrep" / module
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(f"{text}\n{added}\n", encoding="utf-8")
    result = lint_imports(package_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert reported in result.stdout, result.stdout


def test_importing_extraction_or_the_cli_loads_no_spacy():
    """spaCy loads when a pipeline is built, not when a module names one: so ``sitrep
    --help`` and the commands that build none start fast."""
    probe = ("import sys, sitrep.extract, sitrep.cli, sitrep.ingest, sitrep.watch; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy'))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_finding_a_case_and_its_store_file_loads_no_sqlalchemy(tmp_path):
    """`sitrep --case DIR extract FILE` asks whether DIR is a case (its case.yaml or its
    store's file) and never opens the store: SQLAlchemy (0.15 s) stays unloaded."""
    (tmp_path / "sitrep.db").write_bytes(b"")
    probe = ("import sys; from pathlib import Path; from sitrep.cli import _missing_case; "
             "from sitrep.store import location; "
             f"print(_missing_case(Path({str(tmp_path)!r})), location.sqlite_url(Path('.'))"
             ".startswith('sqlite:///'), 'sqlalchemy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "True", "False"]
