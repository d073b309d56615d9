"""Fixtures shared by tests/sync, tests/server and tests/e2e/test_sync_*: the server's storage
(SQLite file, or PostgreSQL with the `postgres` marker), a live server, and stations that sync."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from state_server import admin
from state_server.config import Settings
from state_server.db import ServerDatabase
from state_server.models import Base
from tests.sync.live_server import LiveServer

PG_ADMIN_URL = os.environ.get("STATION_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated once, dropped at the end."""
    name = f"station_sync_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        admin_conn = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc}). The postgres tests never skip: start "
            "a server (bash .ci/run installs and starts one), or point STATION_TEST_PG at one.",
            pytrace=False,
        )
    with admin_conn:
        admin_conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    url = PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + f"/{name}"
    db = ServerDatabase(url, pool_size=2)
    db.migrate()
    db.dispose()
    yield url
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def _truncate(db: ServerDatabase) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerDatabase]:
    """The server's storage, once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        db = ServerDatabase(f"sqlite:///{tmp_path / 'state-server.db'}")
        db.migrate()
    else:
        db = ServerDatabase(request.getfixturevalue("pg_database_url"), pool_size=5)
        _truncate(db)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_server_db(tmp_path: Path) -> Iterator[ServerDatabase]:
    """SQLite only: for fault scenarios whose point is the network, not the storage."""
    db = ServerDatabase(f"sqlite:///{tmp_path / 'state-server.db'}")
    db.migrate()
    yield db
    db.dispose()


def start_server(db: ServerDatabase, **settings: object) -> LiveServer:
    return LiveServer(Settings(database_url=db.url, **settings), db).start()  # type: ignore[arg-type]


@pytest.fixture
def live_server(server_db: ServerDatabase) -> Iterator[LiveServer]:
    server = start_server(server_db)
    yield server
    server.stop()


@pytest.fixture
def sqlite_live_server(sqlite_server_db: ServerDatabase) -> Iterator[LiveServer]:
    server = start_server(sqlite_server_db)
    yield server
    server.stop()


def new_code(db: ServerDatabase, station_code: str) -> str:
    return admin.create_station(db, station_code, f"PS {station_code}")
