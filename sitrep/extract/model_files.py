"""The pretrained spaCy pipeline a statistical config sources, checked before it is used.

A model package is data that steers every record extracted: the repository records the
sha256 of each of its files (``sitrep/data/models/NAME-VERSION.sha256``, as ``sha256sum``
writes them), and ``check_model`` refuses a directory whose files differ, are missing or
were added, naming the file. The check runs when a config is loaded
(``sitrep.statistical_model.v1``, its ``[nlp.after_creation]`` callback), before spaCy
reads the model, and also gives the pipeline the model's lexeme norms (its ``vocab``
lookups), which its tok2vec layers read and which sourcing components does not carry over.
Once the components are sourced, ``index_lemmas`` (``sitrep.indexed_lemmas.v1``, the
``[nlp.after_pipeline_creation]`` callback) makes the lemmatizer's word lists sets.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.util import get_package_path

from sitrep.errors import SitrepError

DIGESTS = resources.files("sitrep.data").joinpath("models")
CHUNK = 1 << 20


def model_directory(name: str) -> Path:
    """The installed model's data directory (``PACKAGE/NAME-VERSION``)."""
    try:
        package = get_package_path(name)
    except (ModuleNotFoundError, ImportError):
        raise SitrepError(f"the statistical model {name!r} is not installed: "
                          f"pip install -e . installs it, or run with --fast (rules only)"
                          ) from None
    meta = json.loads((package / "meta.json").read_text(encoding="utf-8"))
    return package / f"{meta['lang']}_{meta['name']}-{meta['version']}"


def recorded_digests(directory: Path) -> dict[str, str]:
    """The digests the repository records for the model in ``directory``, by file."""
    record = DIGESTS.joinpath(f"{directory.name}.sha256")
    if not record.is_file():
        raise SitrepError(f"statistical model {directory.name}: no digests recorded in "
                          f"sitrep/data/models/; only a model whose files are recorded is used")
    digests = {}
    for line in record.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, relative = line.split(maxsplit=1)
            digests[relative] = digest
    return digests


def check_model(directory: Path, digests: dict[str, str] | None = None) -> None:
    """Refuse a model directory whose files are not exactly those recorded."""
    expected = recorded_digests(directory) if digests is None else digests
    present = {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()}
    for relative in sorted(expected.keys() | present):
        path = directory / relative
        if relative not in present:
            problem = "is missing"
        elif relative not in expected:
            problem = "is not among the recorded files"
        elif _sha256(path) != expected[relative]:
            problem = "differs from its recorded sha256"
        else:
            continue
        raise SitrepError(f"statistical model {directory.name}: {path} {problem} "
                          f"(sitrep/data/models/{directory.name}.sha256); reinstall the model "
                          f"or run with --fast (rules only)")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def prepare(nlp: Language, name: str) -> Language:
    """Check the model ``name`` and give ``nlp`` its lexeme norms; sourcing follows."""
    directory = model_directory(name)
    check_model(directory)
    nlp.vocab.lookups = Lookups().from_disk(directory / "vocab")
    return nlp


def index_lemmas(nlp: Language) -> Language:
    """The rule lemmatizer asks whether each candidate lemma is a known word with ``in`` on
    its word lists (``lemma_index``: Python lists of up to 57,000 nouns), about 70 µs a
    token not seen before: 9 % of extraction on news read once. As frozensets the same
    lists give the same lemmas at once; nothing else reads them."""
    for _, component in nlp.pipeline:
        if isinstance(component, Lemmatizer) and "lemma_index" in component.lookups:
            table = component.lookups.get_table("lemma_index")
            for part_of_speech, words in list(table.items()):
                table[part_of_speech] = frozenset(words)
    return nlp
