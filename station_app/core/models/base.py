"""Declarative base, the UTC timestamp type, and the contract of audited records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import MetaData, String
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Stable constraint names so that alembic batch migrations can find and alter them on SQLite.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC instants stored as fixed-width ISO-8601 text, so text order is time order."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


class Audited:
    """Mixin for records whose current content is pinned by the audit chain.

    Each audited write digests the whole row (``station_app.core.audit_rows``); ``station-app verify``
    recomputes it for every row and compares it with the digest in the latest audit entry for that
    record, so a row edited or deleted behind the app's back is found. ``audit_snapshot`` is the
    narrower digest of entries written before migration 0010, kept to check them at the switch-over.
    """

    audit_type: ClassVar[str]
    # The columns whose values, joined by ":", make ``audit_key`` (verify reads rows without the ORM).
    audit_key_columns: ClassVar[tuple[str, ...]] = ("id",)

    def audit_key(self) -> str:
        raise NotImplementedError

    def audit_snapshot(self) -> dict[str, Any]:
        raise NotImplementedError
