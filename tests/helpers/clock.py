"""A clock the test moves by hand: lockouts and deadlines without sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class ManualClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 2, 4, 30, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)

    def set_to(self, moment: datetime) -> None:
        """Jump to a given moment (a boundary test at 00:29 IST, say)."""
        self._now = moment
