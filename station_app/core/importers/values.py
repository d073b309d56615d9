"""Reading one cell of a legacy register: dates, times, numbers, sections and text as people type them.

Each parser returns the value or raises ``CellProblem`` with what is wrong and how to fix it, in the
words the report shows the operator. Dates are always day first (Indian registers); an American
month-first date is caught when its "month" is over 12 and the fix is suggested.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from forms.law_master import LawError, LawMaster, SectionRef
from forms.text_rules import text_problem
from station_app.core.services.person_input import mask_uids_in_text

_DEVANAGARI_DIGITS = {ord(d): str(i) for i, d in enumerate("०१२३४५६७८९")}
MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_D_MON_Y = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.,]+([a-z]{3,9})\.?[\s\-/.,]+(\d{4}|\d{2})")
_MON_D_Y = re.compile(r"([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MIDNIGHT = re.compile(r"(.*?)[ T]0?0:00(?::00(?:\.0+)?)?")
_TIME = re.compile(r"(\d{1,2})\s*[:.]\s*(\d{2})(?:\s*[:.]\s*\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?")
_TIME_HHMM = re.compile(r"(\d{2})(\d{2})\s*(?:hrs?|hours)?")
_TIME_H_AMPM = re.compile(r"(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)")
_INT = re.compile(r"0*(\d{1,9})(?:\.0+)?")
EXCEL_EPOCH = date(1899, 12, 30)
DATE_HINT = "Write dates day first, as DD-MM-YYYY (e.g. 05-03-2019)."


class CellProblem(ValueError):
    """What is wrong with one cell, and what the operator should do about it."""

    def __init__(self, problem: str, suggestion: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.suggestion = suggestion


def cell_text(value: object) -> str:
    """The cell as text: Devanagari digits made ASCII only where numbers are parsed, never here."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _digits(text: str) -> str:
    return text.translate(_DEVANAGARI_DIGITS)


def _year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 2:  # "19" is 2019 unless that is still to come, then 1919
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def _make_date(day: int, month: int, year: int, raw: str) -> date:
    if not 1 <= month <= 12:
        if 1 <= day <= 12 and 1 <= month <= 31:
            swapped = f"{month:02d}-{day:02d}-{year}"
            raise CellProblem(
                f"'{raw}' has no month {month}: dates are written day first.", f"Did you mean {swapped}?"
            )
        raise CellProblem(f"'{raw}' is not a possible date (there is no month {month}).", DATE_HINT)
    try:
        return date(year, month, day)
    except ValueError:
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        month_name = date(year, month, 1).strftime("%B %Y")
        raise CellProblem(
            f"'{raw}' is not a possible date: {month_name} has {last} days.",
            "Check the day and month in the register.",
        ) from None


def parse_date(value: object, today: date) -> date:
    """A date as typed in a register or kept by Excel; never in the future."""
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        serial = int(value)
        raise CellProblem(
            f"'{cell_text(value)}' is a number, not a date.",
            f"If it is an Excel date number it means {EXCEL_EPOCH + timedelta(days=serial):%d-%m-%Y}: "
            "format the column as a date before saving, or type DD-MM-YYYY.",
        )
    else:
        found = _parse_date_text(cell_text(value), today)
    if found > today:
        raise CellProblem(
            f"{found:%d-%m-%Y} is in the future.",
            "Check the year: a paper record cannot be dated after today.",
        )
    if found.year < 1860:
        raise CellProblem(f"{found:%d-%m-%Y} is before the year 1860.", "Check the year.")
    return found


def _parse_date_text(raw: str, today: date) -> date:
    text = _digits(raw).strip().lower()
    if midnight := _MIDNIGHT.fullmatch(text):  # "2019-03-05 00:00:00" as some exports write dates
        text = midnight.group(1).strip()
    if m := _YMD.fullmatch(text):
        return _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)), raw)
    if m := _DMY.fullmatch(text):
        return _make_date(int(m.group(1)), int(m.group(2)), _year(m.group(3), today), raw)
    if m := _D_MON_Y.fullmatch(text):
        day, month_text, year_text = m.groups()
    elif m := _MON_D_Y.fullmatch(text):
        month_text, day, year_text = m.groups()
    else:
        raise CellProblem(f"'{raw}' is not a date the app can read.", DATE_HINT)
    month = MONTHS.get(month_text)
    if month is None:
        raise CellProblem(f"'{raw}': '{month_text}' is not a month.", DATE_HINT)
    return _make_date(int(day), month, _year(year_text, today), raw)


def parse_time(value: object) -> time:
    """A time of day: 14:30, 14.30, 1430 hrs, 2:30 PM, or an Excel time cell."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:  # Excel keeps a time as a fraction of a day
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    raw = cell_text(value)
    text = _digits(raw).strip().lower().replace(" ", "")
    hour = minute = -1
    suffix: str | None = None
    if m := _TIME.fullmatch(text):
        hour, minute, suffix = int(m.group(1)), int(m.group(2)), m.group(3)
    elif m := _TIME_H_AMPM.fullmatch(text):
        hour, minute, suffix = int(m.group(1)), 0, m.group(2)
    elif m := _TIME_HHMM.fullmatch(text):
        hour, minute = int(m.group(1)), int(m.group(2))
    else:
        raise CellProblem(f"'{raw}' is not a time the app can read.", "Write times as HH:MM, e.g. 14:30.")
    if suffix is not None:
        if not 1 <= hour <= 12:
            raise CellProblem(
                f"'{raw}': with AM/PM the hour is 1 to 12.", "Use the 24-hour clock, e.g. 14:30."
            )
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise CellProblem(
            f"'{raw}' is not a possible time.", "Use the 24-hour clock, HH:MM (00:00 to 23:59)."
        )
    return time(hour, minute)


def parse_int(value: object, low: int = 1, high: int = 10**9) -> int:
    if isinstance(value, bool):
        raise CellProblem(f"'{value}' is not a number.", "Type the number only, e.g. 12.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raw = cell_text(value)
        m = _INT.fullmatch(_digits(raw).strip())
        if m is None:
            raise CellProblem(
                f"'{raw}' is not a whole number.", "Type the number only, e.g. 12 (not 12/2019)."
            )
        number = int(m.group(1))
    if not low <= number <= high:
        raise CellProblem(f"{number} is out of range ({low} to {high}).", "Check the number in the register.")
    return number


def parse_text(value: object, limit: int, *, name: bool = False) -> str:
    """Free text as written (either script), with any Aadhaar number masked to its last four digits."""
    text = mask_uids_in_text(cell_text(value))
    problem = text_problem(text)
    if problem is not None:
        raise CellProblem(problem, "Retype the cell, or paste it as plain text.")
    if len(text) > limit:
        raise CellProblem(
            f"Too long: {len(text)} characters, at most {limit}.",
            "Shorten it, or put the rest in the facts column.",
        )
    if name and not any(ch.isalpha() for ch in text):
        raise CellProblem(f"'{text}' is not a name.", "Write the name as in the register (Hindi or English).")
    return text


# --- acts and sections -------------------------------------------------------------------------------

_GROUPS = re.compile(r"[;\n]+")
_PIECES = re.compile(r"\s*(?:,|&|\+|\band\b|\br/w\b|\bread with\b|/)\s*", re.IGNORECASE)


def parse_sections(laws: LawMaster, value: object, occurrence: date | None) -> list[SectionRef]:
    """ "IPC 379, 411", "379/411 IPC", "IPC 302, 34; Arms Act 25(1B)" → references of the law in force
    on ``occurrence`` (the law of the time: IPC/CrPC before 1 July 2024)."""
    raw = cell_text(value)
    refs: list[SectionRef] = []
    for group in _GROUPS.split(_digits(raw).replace("r/w", " r/w ")):
        pieces = [p for p in _PIECES.split(group.strip()) if p.strip()]
        if not pieces:
            continue
        parsed = [laws.parse_ref(p) for p in pieces]
        act = next((r.act for r in parsed if r is not None), None)
        if act is None:
            raise CellProblem(
                f"'{group.strip()}' does not name the act.",
                "Write the act with the sections, e.g. 'IPC 379, 411' or 'Arms Act 25'.",
            )
        for piece, given in zip(pieces, parsed, strict=True):
            found = given
            if found is None:
                number = piece.strip().removeprefix("u/s").removeprefix("s.").strip()
                if not number[:1].isdigit():
                    raise CellProblem(
                        f"'{piece.strip()}' is not a section number.", "Write e.g. 'IPC 379, 411'."
                    )
                found = laws.ref(act, number)
            refs.append(found)
    if not refs:
        raise CellProblem("No act or section is given.", "Write e.g. 'IPC 379, 411'.")
    out: list[SectionRef] = []
    for ref in refs:
        try:
            section = laws.check(ref, occurrence) if occurrence is not None else laws.resolve(ref)
        except LawError as exc:
            raise CellProblem(str(exc), _law_suggestion(laws, ref, occurrence)) from None
        if section is None:
            raise CellProblem(
                f"{ref.act} {ref.number} is not in the law master.", "Check the section number."
            )
        if section.ref not in out:
            out.append(section.ref)
    return out


def _law_suggestion(laws: LawMaster, ref: SectionRef, occurrence: date | None) -> str:
    """Name the section of the law then in force (IPC before 1 July 2024, BNS from then)."""
    if occurrence is None:
        return "Check the act and section."
    try:
        options = [s for s in laws.equivalents(ref) if _in_force(laws, s.ref, occurrence)]
    except LawError:
        return "Check the act and the section number in the register."
    if not options:
        return "Check the act and the section number in the register."
    names = " or ".join(f"{s.act} {s.number}" for s in options)
    return f"Write {names}: the law in force on {occurrence:%d-%m-%Y}."


def _in_force(laws: LawMaster, ref: SectionRef, on: date) -> bool:
    try:
        laws.check(ref, on)
    except LawError:
        return False
    return True
