"""Legal clocks: pure computations over the rules in forms/definitions/deadlines.json.

Each rule names its provision (BNSS 58, 173, 187, 193...). A deadline is OK, WARNING inside its
warning window, OVERDUE past its due time, DONE when the act was done in time, or LATE when it was
done after the due time (kept visible: a late production is a fact the SHO must see).
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from importlib import resources
from typing import Any

from station_app.core.localtime import IST, ist_date, ist_midnight

# The last moment of a day: a clock counted in calendar days is due by the end of its last day.
END_OF_DAY = timedelta(microseconds=1)
DAYS_INCLUDING_START = "days_including_start"


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    OVERDUE = "overdue"
    DONE = "done"
    LATE = "late"


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    applies_to: str
    section: str
    label_en: str
    label_hi: str
    start: str
    done: str | None
    duration: timedelta | None
    months: int
    warn_before: timedelta
    limit_days: int | None = None
    count: str = "exact"  # or DAYS_INCLUDING_START: IST calendar days, the start's day being day 1

    def accrues_on(self, started_at: datetime) -> date | None:
        """For a clock counted in days including the first: the day after the last, on which the
        consequence falls (default bail accrues on day 61 / 91). None for clocks counted in time."""
        if self.count != DAYS_INCLUDING_START:
            return None
        assert self.duration is not None
        return ist_date(started_at) + timedelta(days=self.duration.days)

    def due(self, started_at: datetime) -> datetime:
        accrual = self.accrues_on(started_at)
        if accrual is not None:
            return ist_midnight(accrual) - END_OF_DAY
        if self.months:
            return add_months(started_at, self.months)
        assert self.duration is not None
        return started_at + self.duration


@dataclass(frozen=True)
class DeadlineState:
    rule: DeadlineRule
    started_at: datetime
    due_at: datetime
    done_at: datetime | None
    level: Level
    remaining: timedelta  # negative when overdue; time left for OK/WARNING; zero once done

    @property
    def accrues_on(self) -> date | None:
        """The IST day on which the right that the clock protects accrues (default bail), if any."""
        return self.rule.accrues_on(self.started_at)

    @property
    def urgent(self) -> bool:
        return self.level in (Level.WARNING, Level.OVERDUE)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months later, clamped to the month's end (31 Jan + 1 -> 28/29 Feb)."""
    moment = moment.astimezone(IST) if moment.tzinfo is not None else moment  # the IST calendar month
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _delta(raw: dict[str, Any] | None) -> timedelta | None:
    if not raw:
        return None
    return timedelta(days=raw.get("days", 0), hours=raw.get("hours", 0))


def load_rules() -> dict[str, DeadlineRule]:
    text = resources.files("forms.definitions").joinpath("deadlines.json").read_text(encoding="utf-8")
    rules: dict[str, DeadlineRule] = {}
    for raw in json.loads(text)["rules"]:
        duration = raw.get("duration") or {}
        rules[raw["id"]] = DeadlineRule(
            id=raw["id"],
            applies_to=raw["applies_to"],
            section=raw["section"],
            label_en=raw["label_en"],
            label_hi=raw["label_hi"],
            start=raw["start"],
            done=raw.get("done"),
            duration=_delta(duration) if "months" not in duration else None,
            months=int(duration.get("months", 0)),
            warn_before=_delta(raw.get("warn_before")) or timedelta(0),
            limit_days=raw.get("limit_days"),
            count=raw.get("count", "exact"),
        )
    return rules


def evaluate(
    rule: DeadlineRule, started_at: datetime, done_at: datetime | None, now: datetime
) -> DeadlineState:
    due = rule.due(started_at)
    if done_at is not None:
        level = Level.DONE if done_at <= due else Level.LATE
        return DeadlineState(rule, started_at, due, done_at, level, timedelta(0))
    remaining = due - now
    if remaining < timedelta(0):
        level = Level.OVERDUE
    elif remaining <= rule.warn_before:
        level = Level.WARNING
    else:
        level = Level.OK
    return DeadlineState(rule, started_at, due, None, level, remaining)


def police_custody(
    rule: DeadlineRule, periods: list[tuple[datetime, datetime | None]], now: datetime
) -> DeadlineState | None:
    """Days of police custody used against the 15-day cap (BNSS 187(2)).

    ``periods`` are police-custody remands (from, to); an open period runs until now. Days are counted
    as started days, as remand orders are: 2 days and 1 hour is 3 days used.
    """
    if not periods:
        return None
    assert rule.limit_days is not None
    used = timedelta(0)
    for start, end in periods:
        used += (end or now) - start
    days_used = -(-used // timedelta(days=1))  # ceiling division
    first = min(start for start, _ in periods)
    remaining = timedelta(days=rule.limit_days) - used
    if days_used > rule.limit_days:
        level = Level.OVERDUE
    elif remaining <= rule.warn_before:
        level = Level.WARNING
    else:
        level = Level.OK
    return DeadlineState(rule, first, first + timedelta(days=rule.limit_days), None, level, remaining)
