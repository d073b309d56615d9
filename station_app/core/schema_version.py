"""The schema revision this build ships and the one a database holds, without importing alembic.

Alembic costs about 150 ms to import; at almost every start-up the database is already at the
shipped revision, so storage checks these first and loads alembic only when an upgrade is due.
"""

from __future__ import annotations

import re
from importlib import resources

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from station_app.core.db import Database

_REVISION = re.compile(r'^revision = ["\'](?P<rev>[^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision = (?:["\'](?P<rev>[^"\']+)["\']|None)', re.M)


def shipped_head() -> str:
    """The revision no other shipped revision builds on (alembic's "head")."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for entry in resources.files("station_app.migrations.versions").iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        source = entry.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found["rev"])
        down = _DOWN.search(source)
        if down is not None and down["rev"]:
            parents.add(down["rev"])
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the shipped migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def stored_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError:
        return None  # a new database has no version table yet
