"""Documents named with the characters URLs give meaning to (``#``, ``?``, ``&``, ``%``,
spaces) are read, cited and rated like any other, over real HTTP on loopback."""

from __future__ import annotations

import httpx

from sitrep.case import load_case
from sitrep.extract import build_pipeline
from sitrep.ingest import ingest_inputs
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from tests.conftest import write_report

ODD_NAME = "wire #7 ?a=1&b=%20 100%"
DENIAL = ("Russian Deputy Foreign Minister Pavel Orlov said on Tuesday that Russia had no "
          "intention of attacking Ukraine.")


def test_a_row_from_a_document_whose_name_holds_a_hash_is_rated_and_case_yaml_stays_private(
        writable_server, tmp_path):
    url, case_dir = writable_server.url, writable_server.case
    # Russia's first denial in the case: its side's denials are one row, named by the first
    report = write_report(tmp_path, ODD_NAME, DENIAL, publisher="Odd Wire",
                          published="2021-11-02")
    with Store.open(sqlite_url(case_dir)) as store:
        outcome = ingest_inputs([str(report)], store, build_pipeline(
            region=load_case(case_dir).watched_countries()))
    assert not outcome.errors, outcome.errors
    rows = [row["id"] for row in httpx.get(f"{url}/api/ach", timeout=60).json()["rows"]]
    row = next(r for r in rows if r.startswith(f"{ODD_NAME}#"))  # a denial, read two ways

    (case_dir / "case.yaml").chmod(0o600)
    response = httpx.put(f"{url}/api/ach/ratings", timeout=60,
                         json={"row": row, "hypothesis": "H1", "rating": "II"})
    assert response.status_code == 200, response.text
    rated = {r["id"]: r for r in response.json()["rows"]}
    assert rated[row]["overrides"] == {"H1": "II"}
    assert load_case(case_dir).ach.overrides == {row: {"H1": "II"}}
    assert (case_dir / "case.yaml").stat().st_mode & 0o777 == 0o600  # rewritten, mode kept
    documents = httpx.get(f"{url}/api/documents", timeout=60).json()
    assert ODD_NAME in {d["name"] for d in documents}
