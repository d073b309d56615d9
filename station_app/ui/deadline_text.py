"""How a legal clock reads on screen: time left (live), its level now, and the section that sets it.

The clocks come from ``DeadlineService.open_deadlines``; between two queries the time left is
recomputed here from the due time and the clock (cheap), so a countdown moves without the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from station_app.core.deadlines import Level
from station_app.core.localtime import format_ist
from station_app.core.services.deadlines import DeadlineItem

CAP_RULE = "police_custody_cap"  # its time left is custody days used, not a moving due time


def duration_text(delta: timedelta) -> str:
    """ "2 d 4 h", "3 h 12 min", "9 min" (never negative; the caller says "left" or "overdue")."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{mins} min"


def live_level(item: DeadlineItem, now: datetime) -> tuple[Level, timedelta]:
    """The clock's level and time left at ``now`` (the state as queried for done and capped clocks)."""
    state = item.state
    if state.level in (Level.DONE, Level.LATE) or state.rule.id == CAP_RULE:
        return state.level, state.remaining
    remaining = state.due_at - now
    if remaining < timedelta(0):
        return Level.OVERDUE, remaining
    if remaining <= state.rule.warn_before:
        return Level.WARNING, remaining
    return Level.OK, remaining


def left_text(item: DeadlineItem, now: datetime) -> str:
    level, remaining = live_level(item, now)
    if level == Level.LATE and item.state.done_at is not None:
        return f"done late, {format_ist(item.state.done_at)}"
    if level == Level.DONE:
        return "done"
    if level == Level.OVERDUE:
        return f"OVERDUE by {duration_text(remaining)}"
    if item.state.rule.id == CAP_RULE:
        return f"{duration_text(remaining)} of police custody left"
    return f"{duration_text(remaining)} left"


def tone(item: DeadlineItem, now: datetime) -> str | None:
    """Red inside the warning window (the last 4 hours of the 24-hour production) and when overdue."""
    level, _remaining = live_level(item, now)
    if level in (Level.WARNING, Level.OVERDUE):
        return "error"
    if level == Level.LATE:
        return "warning"
    return None


def rule_text(item: DeadlineItem) -> str:
    return f"{item.rule.label_en} ({item.rule.section})"


def due_text(item: DeadlineItem) -> str:
    """The due time; for a clock counted in days (default bail) the last day, and the day on which the
    right accrues, so the desk reads "by 29-09-2026 (day 60); default bail from 30-09-2026"."""
    accrues = item.state.accrues_on
    if accrues is None:
        return format_ist(item.state.due_at)
    days = item.rule.duration.days if item.rule.duration else 0
    last = accrues - timedelta(days=1)
    return f"by {last:%d-%m-%Y} (day {days}); default bail from {accrues:%d-%m-%Y} (day {days + 1})"
