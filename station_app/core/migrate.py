"""Schema migrations at start-up: refuse a database newer than this app, back up, then upgrade."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from station_app.core.db import Database
from station_app.core.errors import DatabaseTooNewError
from station_app.core.paths import DataDir

log = logging.getLogger(__name__)


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "station_app:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> set[str]:
    """Every schema revision this build can open (and upgrade from)."""
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the app ships at least one migration"
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup_path: str | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def upgrade_database(db: Database, data_dir: DataDir, now: datetime) -> MigrationResult:
    """Bring the schema to this app's head revision.

    An existing database is first copied (encrypted, same key) into ``backups/`` so that a failed
    migration can never cost a station its records.
    """
    script = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    current = current_revision(db)
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseTooNewError(
            "This station database was written by a newer version of the station app.",
            f"The database is at schema revision {current}, which this version does not know "
            f"(it knows up to {head}). Install the newer station app; do not downgrade.",
        )
    if current == head:
        return MigrationResult(current, head, None)
    backup_path = None
    if current is not None:
        target = data_dir.backups / f"before-upgrade-{current}-{now.strftime('%Y%m%dT%H%M%SZ')}.db"
        db.backup_to(target)
        backup_path = str(target)
        log.info("backed up the database to %s before upgrading from %s to %s", target.name, current, head)
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    log.info("database schema now at %s (was %s)", head, current)
    return MigrationResult(current, head, backup_path)
