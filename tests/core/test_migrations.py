"""Migrations: the models and the migrated schema agree; a database newer than the app is refused."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from station_app.core.clock import SystemClock
from station_app.core.errors import DatabaseTooNewError
from station_app.core.keys import KeyStore
from station_app.core.migrate import current_revision, head_revision
from station_app.core.models import Base
from station_app.core.runtime import StationServices
from station_app.core.storage import open_station


def test_migrated_schema_matches_the_models(station: StationServices) -> None:
    assert current_revision(station.db) == head_revision()
    with station.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
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
