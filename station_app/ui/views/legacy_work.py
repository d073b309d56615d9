"""What the entry form asks the database, as plain functions the op runner runs on its thread.

``probe``: the live check while typing (every problem of the record as typed, plus, as soon as the
number and year are readable, whether the register already has that number, long before the rest of
the record is complete). ``save``: digitise, then put the record into the operator's double-entry
batch (two transactions: should the second fail, the record is kept and the batch says so; saving
the same record into the batch again changes nothing). A new batch is opened only once the record
is saved, so a refused record never leaves an empty batch "being keyed" behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from station_app.core.errors import ConflictError, NotFoundError, ValidationError
from station_app.core.importers.spec import Kind
from station_app.core.importers.values import CellProblem, parse_date, parse_int
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.services.double_entry import BatchInfo
from station_app.core.services.legacy import DigitisedRecord

NUMBER_KEYS: dict[Kind, tuple[str, str]] = {
    "fir": ("fir_number", "fir_year"),
    "gd": ("gd_number", "gd_year"),
    "arrest": ("arrest_number", "arrest_year"),
}
# The dates that tell which code of law the sections are of: the offence's own date, then dates on
# or after it (an offence is never after its FIR or arrest), which decide only when before the BNS.
LAW_DATE_KEYS: dict[Kind, tuple[str, ...]] = {
    "fir": ("occurrence_on", "registered_on"),
    "arrest": ("arrested_on",),
}
OFFENCE_DATE_KEYS = frozenset({"occurrence_on"})
BNS_FROM = date(2024, 7, 1)
ARREST_PAGE = 500


@dataclass(frozen=True)
class Probe:
    issues: dict[str, str]  # column key ("" for the record as a whole) -> message
    blank: frozenset[str]  # required columns still blank (not shown while typing)
    warnings: tuple[str, ...] = ()  # kept with the record: it saves all the same


def _number(values: Mapping[str, object], kind: Kind) -> tuple[int, int] | None:
    number_key, year_key = NUMBER_KEYS[kind]
    try:
        return parse_int(values.get(year_key), 1860, 9999), parse_int(values.get(number_key), 1, 999_999)
    except CellProblem:
        return None


def number_taken(services: StationServices, actor: Actor, kind: Kind, values: Mapping[str, object]) -> str:
    """What already has this record's number in its register ("" if nothing)."""
    key = _number(values, kind)
    if key is None:
        return ""
    year, number = key
    try:
        if kind == "fir":
            record = services.firs.find(actor, year, number)
            how = "digitised" if record.summary.source == "legacy" else "registered in the app"
            return f"FIR {number:04d}/{year} is already in the register ({how}; complainant {record.summary.complainant_name})."
        if kind == "gd":
            entry = services.diary.find(actor, year, number)
            return f"GD {number:04d}/{year} is already in the diary ({entry.subject})."
    except NotFoundError:
        return ""
    offset = 0
    while True:  # the arrest register, newest serial first, a page at a time until past the number
        page = services.legacy.arrests(actor, year=year, offset=offset, limit=ARREST_PAGE)
        found = next((a for a in page if a.register_no == f"{number:04d}/{year}"), None)
        if found is not None:
            return f"Arrest {number:04d}/{year} is already digitised ({found.name})."
        if len(page) < ARREST_PAGE or int(page[-1].register_no.split("/")[0]) < number:
            return ""
        offset += ARREST_PAGE


def probe(services: StationServices, actor: Actor, kind: Kind, values: Mapping[str, str]) -> Probe:
    issues: dict[str, str] = {}
    blank: set[str] = set()
    warnings: list[str] = []
    for issue in services.legacy.check(actor, kind, values):
        if issue.warning:
            warnings.append(issue.problem)
            continue
        if issue.column and not values.get(issue.column, "").strip():
            blank.add(issue.column)
            continue
        text = f"{issue.problem} {issue.suggestion}".strip()
        issues[issue.column] = f"{issues[issue.column]} {text}" if issue.column in issues else text
    return Probe(_at_number(services, actor, kind, values, issues), frozenset(blank), tuple(warnings))


def _at_number(
    services: StationServices, actor: Actor, kind: Kind, values: Mapping[str, str], issues: dict[str, str]
) -> dict[str, str]:
    """Number problems go under the number field, where the operator corrects them: the core's
    "already digitised with these details" (said of the record as a whole, key ""), or, whatever else
    is wrong, that the register already has this number."""
    number_key = NUMBER_KEYS[kind][0]
    if number_key in issues:
        return issues
    if "" in issues:  # the only whole-record problem of one record: it is already there
        issues[number_key] = issues.pop("")
        return issues
    taken = number_taken(services, actor, kind, values)
    if taken:
        issues[number_key] = taken
    return issues


@dataclass(frozen=True)
class Saved:
    record: DigitisedRecord
    batch: BatchInfo | None


def save(
    services: StationServices,
    actor: Actor,
    kind: Kind,
    values: Mapping[str, str],
    batch_id: str | None,
    *,
    open_batch: bool = False,
) -> Saved:
    """``open_batch``: open a new batch for the record when ``batch_id`` is None (double entry ticked).
    A refused record's number problem, if any, is reported at the number field (see ``_at_number``)."""
    try:
        record = services.legacy.digitise(actor, kind, values)  # raises before any batch is opened
    except ValidationError as exc:
        raise ValidationError(_at_number(services, actor, kind, values, dict(exc.field_errors))) from None
    except ConflictError as exc:  # the very same record is in the register already
        raise ValidationError({NUMBER_KEYS[kind][0]: exc.message}) from None
    batch = None
    if batch_id is None and open_batch:
        batch_id = services.double_entry.open_batch(actor, kind).id
    if batch_id is not None:
        batch = services.double_entry.add_record(actor, batch_id, record.record_type, record.record_id)
    return Saved(record, batch)


def next_page(page: str, kind: Kind) -> str:
    """The page an FIR after this one starts on: FIRs take a page or more ("118-119" → "120"); GD
    entries and arrests run many to a page, so theirs stays."""
    if kind != "fir":
        return page
    last = page.replace("–", "-").split("-")[-1].strip()
    return str(int(last) + 1) if last.isdigit() else page


def law_date(kind: Kind, values: Mapping[str, str], today: date) -> date | None:
    """The date whose law the sections must be of, as far as it is typed yet (None: any).

    Before the date of occurrence is typed (it comes after the sections on the paper), the FIR's own
    date stands in: an FIR of 05-03-2019 is for an offence under the IPC. A later date says nothing
    of an offence before it once the BNS is in force, so then any code is offered."""
    for key in LAW_DATE_KEYS.get(kind, ()):
        text = values.get(key, "").strip()
        if not text:
            continue
        try:
            day = parse_date(text, today)
        except CellProblem:
            return None
        return day if key in OFFENCE_DATE_KEYS or day < BNS_FROM else None
    return None
