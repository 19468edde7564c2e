"""Schemathesis against the API's own OpenAPI schema: requests generated from it, valid
and not, sent to the app in-process; no answer may be a server error, and every answer
must have a status, content type and body the schema allows for it.

Every check runs but one: a request the schema allows may still be refused (422) for
what it names, a hypothesis or row the case does not have, a URL on a private address;
the schema cannot list those.

Bounded for CI (a few examples per operation on a three-document case, about 20 s).
Host names resolve to 127.0.0.1 here, so URL ingestion refuses every URL it is given
and nothing leaves the machine.
"""

from __future__ import annotations

import shutil
import socket

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings

from sitrep.examples import example_case_dir
from sitrep.ingest import ingest_inputs
from sitrep.store import Store
from sitrep.store.location import sqlite_url
from sitrep.web.app import create_app
from sitrep.web.dashboard import Dashboard

EXAMPLES = 25  # per operation
REPORTS = ("01-yelnya-satellite-imagery", "06-drills-end-troops-return",
           "08-belarus-rail-arrivals")


@pytest.fixture(scope="module")
def small_app(tmp_path_factory, pipeline):
    case_dir = tmp_path_factory.mktemp("schema-case")
    shutil.copy(example_case_dir() / "case.yaml", case_dir / "case.yaml")
    reports = tmp_path_factory.mktemp("schema-reports")
    for name in REPORTS:
        for path in example_case_dir().glob(f"{name}.*"):
            shutil.copy(path, reports / path.name)
    store = Store.open(sqlite_url(case_dir))
    assert not ingest_inputs([str(reports)], store, pipeline).errors
    yield create_app(Dashboard(case_dir, store), allowed_hosts=["testserver"])  # in-process
    store.close()


def test_the_api_keeps_to_its_schema(small_app, monkeypatch):
    """Each operation in turn (schemathesis's pytest loader does not run on pytest 9, so
    its strategies are driven here with hypothesis)."""
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *args, **kwargs: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port or 0))])
    api = schemathesis.openapi.from_asgi("/openapi.json", small_app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 14  # GET /api/items/{doc_id}/{item_id} the latest

    for operation in operations:
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def keeps_to_the_schema(case):
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        keeps_to_the_schema()
