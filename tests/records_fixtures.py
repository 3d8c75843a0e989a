"""Records for the records tests: every behaviour runs on SQLite (a file in tmp_path) and on
PostgreSQL (127.0.0.1:5432, trust auth, database `test`), each test in a schema of its own that
is dropped afterwards, so tests never see each other's rows."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from bot.records.base import SqlRecords
from bot.records.postgres import PostgresRecords
from bot.records.sqlite import SqliteRecords

POSTGRES_URL = os.environ.get("CLAIMDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")

Opener = Callable[[], SqlRecords]


def schema_url(schema: str) -> str:
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema},public"


@pytest.fixture
def pg_schema() -> Iterator[str]:
    """A fresh schema name in the test database, dropped with everything in it afterwards."""
    schema = "t_" + uuid.uuid4().hex[:16]
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"the records tests need PostgreSQL at {POSTGRES_URL}: {error}")
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield schema
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def open_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """Opens (again and again, like separate processes) records on one engine's database."""
    opened: list[SqlRecords] = []

    if request.param == "sqlite":
        path = tmp_path / "records.sqlite3"

        def opener() -> SqlRecords:
            opened.append(SqliteRecords(path, retention_days=180))
            return opened[-1]
    else:
        url = schema_url(request.getfixturevalue("pg_schema"))

        def opener() -> SqlRecords:
            opened.append(PostgresRecords(url, retention_days=180))
            return opened[-1]

    yield opener
    for records in opened:
        records.close()


@pytest.fixture
def records(open_engine: Opener) -> SqlRecords:
    return open_engine()
