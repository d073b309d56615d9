"""Line edits for dates, times and numbers as officers type them.

Dates and times are shown and typed in IST as DD-MM-YYYY HH:MM (the form used on police papers),
whatever the computer's own time zone is. A plain line edit rather than QDateTimeEdit: it can be
empty (an unknown "occurrence to" is normal), accepts "now" and digits without separators, and a
wrong entry stays visible so the officer can correct it instead of having it silently replaced.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from station_app.core.localtime import IST

DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"
NOW_WORDS = frozenset({"now", "n", "अब"})
TODAY_WORDS = frozenset({"today", "t", "आज"})
_DATE_RE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")


class BadInput(ValueError):
    """What was typed is not a date or time; the message says what to type instead."""


def parse_ist_date(text: str, today: date | None = None) -> date | None:
    text = text.strip()
    if not text:
        return None
    if today is not None and text.casefold() in TODAY_WORDS:
        return today
    if text.isdigit() and len(text) == 8:  # 01112026
        text = f"{text[:2]}-{text[2:4]}-{text[4:]}"
    match = _DATE_RE.match(text)
    if match is None:
        raise BadInput("Type the date as DD-MM-YYYY, e.g. 01-11-2026.")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise BadInput(f"There is no such date: {text}.") from None


def parse_ist_datetime(text: str, now: datetime | None = None) -> datetime | None:
    """An aware datetime in IST from "01-11-2026 21:00", "011120262100" or "now"; None when empty."""
    text = text.strip()
    if not text:
        return None
    if now is not None and text.casefold() in NOW_WORDS:
        return now.astimezone(IST).replace(second=0, microsecond=0)
    if text.isdigit() and len(text) == 12:  # 011120262100
        text = f"{text[:2]}-{text[2:4]}-{text[4:8]} {text[8:10]}:{text[10:]}"
    parts = text.split()
    if len(parts) == 1:
        raise BadInput("Add the time as HH:MM (24-hour), e.g. 01-11-2026 21:00.")
    if len(parts) != 2:
        raise BadInput("Type the date and time as DD-MM-YYYY HH:MM, e.g. 01-11-2026 21:00.")
    day = parse_ist_date(parts[0])
    match = _TIME_RE.match(parts[1])
    if day is None or match is None:
        raise BadInput("Type the time as HH:MM (24-hour), e.g. 21:00.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise BadInput(f"There is no such time: {parts[1]}.")
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=IST)


def format_ist_datetime(value: datetime) -> str:
    return value.astimezone(IST).strftime(DATETIME_FORMAT)


class IstDateTimeEdit(QLineEdit):
    """A date (``with_time=False``) or date-and-time in IST; empty is allowed.

    ``moment()`` is the parsed value or None; ``bad_input`` is emitted with a message when the
    officer leaves the field with something that is not a date.
    """

    bad_input = Signal(str)

    def __init__(self, now: Callable[[], datetime], with_time: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self._now = now
        self.with_time = with_time
        self.setPlaceholderText("DD-MM-YYYY HH:MM" if with_time else "DD-MM-YYYY")
        self.setMaxLength(20)
        # Wide enough for the full text, not stretched across the form.
        self.setMinimumWidth(160 if with_time else 110)
        self.setMaximumWidth(260 if with_time else 160)
        # A value set by the program (a draft's stored time, "now" when a dialog opens) keeps its
        # seconds while its text is untouched: a dispatch recorded in the minute of registration
        # must not come out earlier than the registration.
        self._exact: datetime | date | None = None
        self._exact_text = ""
        self.editingFinished.connect(self.normalise)

    def moment(self) -> datetime | date | None:
        """Raises BadInput for text that is not a date (or time)."""
        if self._exact is not None and self.text() == self._exact_text:
            return self._exact
        now = self._now()
        if self.with_time:
            return parse_ist_datetime(self.text(), now)
        return parse_ist_date(self.text(), now.astimezone(IST).date())

    def set_moment(self, value: datetime | date | None) -> None:
        if value is None:
            self.setText("")
        elif isinstance(value, datetime):
            self.setText(format_ist_datetime(value) if self.with_time else f"{value:{DATE_FORMAT}}")
        else:
            self.setText(f"{value:{DATE_FORMAT}}")
        exact: datetime | date | None = value
        if isinstance(value, datetime):
            exact = value.astimezone(IST) if self.with_time else value.astimezone(IST).date()
        self._exact, self._exact_text = exact, self.text()

    def normalise(self) -> None:
        """Rewrite what was typed in the canonical form ("now" -> the time), or report it as wrong."""
        try:
            value = self.moment()
        except BadInput as exc:
            self.bad_input.emit(str(exc))
            return
        text = "" if value is None else self._text_of(value)
        if text != self.text():
            self.setText(text)
            # setText does not emit textEdited; the form must still learn that the value changed.
            self.textEdited.emit(text)

    def _text_of(self, value: datetime | date) -> str:
        if isinstance(value, datetime):
            return format_ist_datetime(value)
        return f"{value:{DATE_FORMAT}}"


def number_edit(money: bool, parent: QWidget | None = None) -> QLineEdit:
    """Whole numbers, or rupees with up to two decimals (Indian digit grouping with commas allowed)."""
    edit = QLineEdit(parent)
    pattern = r"[0-9,]{0,16}(\.[0-9]{0,2})?" if money else r"[0-9]{0,6}"
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
    edit.setMaximumWidth(200)
    return edit


def number_value(text: str, money: bool) -> int | str | None:
    """What the services expect: an int for counts and ages, the rupee amount as text (no float)."""
    text = text.replace(",", "").strip()
    if not text:
        return None
    if money:
        return text.rstrip(".") or None
    return int(text)


__all__ = [
    "BadInput",
    "IstDateTimeEdit",
    "format_ist_datetime",
    "number_edit",
    "number_value",
    "parse_ist_date",
    "parse_ist_datetime",
]
