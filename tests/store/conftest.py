"""The store's tests run on each engine: SQLite in a temporary file, PostgreSQL in a fresh schema.

PostgreSQL is the server at ``SITREP_TEST_POSTGRES_URL`` (a postgresql+psycopg:// URL whose
role may create schemas). Without it the PostgreSQL variants skip, unless
``SITREP_REQUIRE_POSTGRES=1`` (CI), where they fail: CI must not pass by skipping them.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sitrep.store import Store

POSTGRES_URL_VARIABLE = "SITREP_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_VARIABLE = "SITREP_REQUIRE_POSTGRES"


@pytest.fixture(scope="session")
def postgres_server():
    """An engine on the test server, for creating and dropping each test's schema."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        message = (f"PostgreSQL variant not run: {POSTGRES_URL_VARIABLE} is unset "
                   "(e.g. postgresql+psycopg://user:password@127.0.0.1/database)")
        if os.environ.get(REQUIRE_POSTGRES_VARIABLE) == "1":
            pytest.fail(f"{REQUIRE_POSTGRES_VARIABLE}=1 but {message}")
        pytest.skip(message)
    engine = create_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_server):
    """The URL of an empty PostgreSQL database: a schema of its own, first on the search path,
    dropped with all in it afterwards."""
    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    with postgres_server.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {name}"))
    yield (make_url(postgres_server.url).update_query_dict({"options": f"-csearch_path={name}"})
           .render_as_string(hide_password=False))
    with postgres_server.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {name} CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The URL of an empty database of each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sitrep.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(database_url):
    with Store.open(database_url) as opened:
        yield opened
