"""The server's migrations: the migrated schema equals the models (SQLite and PostgreSQL), and the
upgrade that lets a legacy FIR have no GD entry id keeps every record a server already holds."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from state_server import models as srv
from state_server.db import ServerDatabase


def test_migrated_schema_matches_the_models(server_db: ServerDatabase) -> None:
    with server_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, srv.Base.metadata) == []


def test_the_upgrade_keeps_firs_and_the_records_that_cite_them(tmp_path: Path) -> None:
    db = ServerDatabase(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        db.migrate("0002")
        now = datetime.now(UTC)
        with db.engine.begin() as conn:  # a server of the previous release, with an FIR and its event
            conn.exec_driver_sql(
                "INSERT INTO station (code, name, disabled, last_client_seq, created_at) "
                "VALUES ('UP-LKO-0042', 'Hazratganj', 0, 0, ?)", (now.replace(tzinfo=None),),
            )  # fmt: skip
            conn.exec_driver_sql(
                "INSERT INTO fir (id, station_code, series, year, number, fir_no, status, registered_at, "
                "gd_entry_id, content, content_digest, received_at) VALUES ('f1', 'UP-LKO-0042', 'FIR', 2026, 1, "
                "'0001/2026', 'registered', '2026-11-02T10:00:00+05:30', 'g1', '{}', ?, ?)",
                ("0" * 64, now.replace(tzinfo=None)),
            )  # fmt: skip
            conn.exec_driver_sql(
                "INSERT INTO fir_event (id, fir_id, station_code, seq, kind, at, officer_id, body, received_at) "
                "VALUES ('e1', 'f1', 'UP-LKO-0042', 1, 'alteration', '2026-11-03T10:00:00', 'o1', '{}', ?)",
                (now.replace(tzinfo=None),),
            )  # fmt: skip
        db.migrate()
        with db.read() as s:
            fir = s.get(srv.Fir, "f1")
            assert fir is not None and (fir.gd_entry_id, fir.source, fir.gd_reference) == (
                "g1",
                "station",
                None,
            )
            assert [e.fir_id for e in s.scalars(select(srv.FirEvent))] == ["f1"]
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # enforcement is back on
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.dispose()
