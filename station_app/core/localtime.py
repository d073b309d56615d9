"""Indian Standard Time: legal dates (FIR year, GD day) are reckoned in IST, storage is UTC.

India keeps one time zone with no daylight saving, so a fixed +05:30 offset is exact and needs no
time-zone database on old Windows PCs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")


def to_ist(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a time without its time zone")
    return moment.astimezone(IST)


def ist_date(moment: datetime) -> date:
    """The IST calendar date of a moment: every date the app derives is this one, never the UTC date."""
    return to_ist(moment).date()


def ist_midnight(day: date) -> datetime:
    """The first moment of an IST calendar day, as an aware time."""
    return datetime(day.year, day.month, day.day, tzinfo=IST)


def ist_year(moment: datetime) -> int:
    return to_ist(moment).year


def format_ist(moment: datetime | None, *, seconds: bool = False) -> str:
    if moment is None:
        return ""
    return to_ist(moment).strftime("%d-%m-%Y %H:%M:%S" if seconds else "%d-%m-%Y %H:%M")


def iso_ist(moment: datetime) -> str:
    """The canonical text of a moment inside stored form content: IST, to the minute or finer."""
    return to_ist(moment).isoformat(timespec="seconds")


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
