"""Migrations: the models and the migrated schema agree; a database newer than the app is refused."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from station_app.core.clock import SystemClock
from station_app.core.db import Database
from station_app.core.errors import DatabaseTooNewError
from station_app.core.keys import KeyStore
from station_app.core.migrate import alembic_config, current_revision, head_revision
from station_app.core.models import Base
from station_app.core.runtime import StationServices
from station_app.core.storage import open_station, read_key

# FTS5 virtual tables and their shadow tables are made by raw SQL in the migrations; no model maps them.
FTS_TABLES = ("person_fts",)


def _not_fts(name: str | None, type_: str, _parent: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLES))


def test_migrated_schema_matches_the_models(station: StationServices) -> None:
    assert current_revision(station.db) == head_revision()
    with station.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": _not_fts})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_database_from_a_newer_app_is_refused(station: StationServices, keystore: KeyStore) -> None:
    with station.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    data_dir = station.data_dir
    station.close()
    with pytest.raises(DatabaseTooNewError) as err:
        open_station(data_dir, keystore, SystemClock())
    assert "newer version of the station app" in err.value.message
    assert "9999_from_the_future" in err.value.hint
    assert not list(data_dir.backups.glob("*.db"))  # refused before anything was touched


def test_an_older_database_is_backed_up_then_upgraded(station: StationServices, keystore: KeyStore) -> None:
    """A station made by an older app (schema 0001) is copied, encrypted, before the upgrade runs."""

    data_dir = station.data_dir
    with station.db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    station.close()
    db = open_station(data_dir, keystore, SystemClock())
    try:
        assert current_revision(db) == head_revision()
    finally:
        db.dispose()
    [backup] = list(data_dir.backups.glob("before-upgrade-0001-*.db"))
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    _meta, key = read_key(data_dir, keystore)
    copy = Database(backup, key)  # the same key opens the backup: it can be restored as it is
    try:
        assert current_revision(copy) == "0001"
        with copy.engine.connect() as conn:
            assert conn.execute(text("SELECT station_code FROM station")).scalar_one() == "UP-LKO-0042"
    finally:
        copy.dispose()


def test_the_fast_revision_check_agrees_with_alembic(station: StationServices) -> None:
    from station_app.core.schema_version import shipped_head, stored_revision

    assert shipped_head() == head_revision()
    assert stored_revision(station.db) == head_revision()
