"""The server's database: PostgreSQL in production, a SQLite file as the embedded default.

Workers are stateless: everything lives in the database, so any number of processes can serve
behind a load balancer. On SQLite, writers take the lock up front (BEGIN IMMEDIATE) so that two
requests queue instead of failing when a reader upgrades to a writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, pool_size: int = 10) -> Engine:
    # hide_parameters: a failing statement's message never carries its values (personal data) into a log.
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # No overflow: with N workers the server holds at most N x pool_size connections, and a burst
        # waits for a free connection instead of failing on PostgreSQL's max_connections.
        return create_engine(
            url,
            pool_size=pool_size,
            max_overflow=0,
            pool_timeout=30,
            pool_pre_ping=True,
            hide_parameters=True,
        )
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (needed for SAVEPOINTs too)
        dbapi_conn.execute("PRAGMA journal_mode = WAL").fetchall()
        dbapi_conn.execute("PRAGMA synchronous = FULL")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        dbapi_conn.execute("PRAGMA busy_timeout = 30000")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', 'DEFERRED')}")

    return engine


class ServerDatabase:
    def __init__(self, url: str, pool_size: int = 10) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._writer = sessionmaker(
            bind=self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def migrate(self, revision: str = "head") -> None:
        if not self.is_sqlite:
            with self.engine.begin() as conn:
                command.upgrade(alembic_config(conn), revision)
            return
        # SQLite changes a column by rebuilding its table (copy, drop, rename), which other tables'
        # foreign keys must not veto: enforcement is off during the migration (it can only be switched
        # outside a transaction) and the whole schema is checked before the migration commits.
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")
            try:
                with conn.begin():
                    command.upgrade(alembic_config(conn), revision)
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration left broken references: {broken[:5]}")
            finally:
                raw.execute("PRAGMA foreign_keys = ON")

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(connection: Any = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "state_server:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def redacted(url: str) -> str:
    """The database URL without its password, for status output and logs."""
    return make_url(url).render_as_string(hide_password=True)
