"""GET /healthz: 200 only when the database answers at the schema this server expects; 503 with the
reason otherwise (what a reverse proxy or monitoring probe acts on, docs/operations.md)."""

from __future__ import annotations

import socket
from pathlib import Path

import requests
from sqlalchemy import text

from state_server.db import ServerDatabase
from tests.sync.fixtures import start_server


def _healthz(db: ServerDatabase) -> requests.Response:
    server = start_server(db)
    try:
        return requests.get(f"{server.url}/healthz", timeout=30)
    finally:
        server.stop()


def _head(db: ServerDatabase) -> str:
    with db.engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert isinstance(revision, str)
    return revision


def test_a_migrated_database_is_healthy(server_db: ServerDatabase) -> None:
    reply = _healthz(server_db)
    assert reply.status_code == 200
    body = reply.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["schema_revision"] == body["expected_schema_revision"] == _head(server_db)
    assert body["database_ms"] >= 0
    assert "station" not in reply.text  # nothing about stations or records, no authentication needed


def test_a_database_not_yet_migrated_is_reported_unavailable(tmp_path: Path) -> None:
    db = ServerDatabase(f"sqlite:///{tmp_path / 'old.db'}")
    db.migrate("0002")
    try:
        reply = _healthz(db)
    finally:
        db.dispose()
    assert reply.status_code == 503
    assert reply.json()["status"] == "unavailable"
    assert reply.json()["database"] == "migrations_pending"
    assert reply.json()["schema_revision"] == "0002"


def test_a_database_of_a_newer_server_is_reported_unavailable(sqlite_server_db: ServerDatabase) -> None:
    with sqlite_server_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    reply = _healthz(sqlite_server_db)
    assert reply.status_code == 503
    assert reply.json()["database"] == "newer_schema"


def test_an_unreachable_database_is_reported_unavailable() -> None:
    with socket.socket() as sock:  # a port nobody listens on: bound, never accepting
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        db = ServerDatabase(
            f"postgresql+psycopg://postgres@127.0.0.1:{port}/none?connect_timeout=2", pool_size=1
        )
        try:
            reply = _healthz(db)
        finally:
            db.dispose()
    assert reply.status_code == 503
    body = reply.json()
    assert body["status"] == "unavailable" and body["database"] == "unreachable"
    assert body["schema_revision"] is None and body["database_ms"] is None
