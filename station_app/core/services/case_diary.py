"""The case diary (BNSS 192): the investigating officer's day-by-day record of one FIR.

Entries are append-only and chained: each entry's hash covers its content and the previous entry's
hash, so removing or altering any entry breaks every later link (``verify_case_diaries``). Pages are
numbered as one volume when an entry is written, so "CD page 14" means the same thing forever.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.schema import FormDef, load_form, parse_date, parse_datetime
from forms.validation import validate_values
from station_app.core.audit import record_change
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import ValidationError
from station_app.core.fir_content import normalise_values
from station_app.core.ids import new_id
from station_app.core.localtime import format_ist, iso_ist, to_ist
from station_app.core.models import CaseDiaryEntry
from station_app.core.outbox import enqueue_case_diary_entry
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.common import officer_card
from station_app.core.services.investigation_common import registered_fir

GENESIS = "0" * 64

PageCounter = Callable[[dict[str, Any]], int]


def rendered_pages(content: dict[str, Any]) -> int:
    """Pages an entry takes in the printed volume, found by laying it out as the volume does."""
    # reportlab and the fonts load at the first diary entry, not at every start-up (see fir_print).
    from station_app.core.printing.case_diary_volume import count_case_diary_pages  # noqa: PLC0415

    return count_case_diary_pages(content)


def chain_hash(prev_hash: str, content_text: str) -> str:
    return sha256_hex(prev_hash + "\n" + content_text)


@dataclass(frozen=True)
class DiaryEntryInfo:
    id: str
    fir_id: str
    seq: int
    entry_date: date
    page_start: int
    page_end: int
    entry_hash: str
    prev_hash: str
    content: dict[str, Any]


def _info(e: CaseDiaryEntry) -> DiaryEntryInfo:
    return DiaryEntryInfo(
        e.id, e.fir_id, e.seq, date.fromisoformat(e.entry_date), e.page_start, e.page_end, e.entry_hash,
        e.prev_hash, json.loads(e.content),
    )  # fmt: skip


@dataclass(frozen=True)
class ChainProblem:
    fir_id: str
    seq: int
    reason: str


class CaseDiaryService:
    def __init__(self, db: Database, clock: Clock, page_counter: PageCounter = rendered_pages) -> None:
        self._db = db
        self._clock = clock
        self._pages = page_counter
        self.form: FormDef = load_form("case_diary_entry")

    def add_entry(self, actor: Actor, fir_id: str, values: dict[str, Any]) -> DiaryEntryInfo:
        require(actor, Permission.INVESTIGATE)
        # Checked and laid out first, outside the write lock: counting pages renders the entry, which
        # can take a noticeable time for a long day, and no other desk should wait on that.
        with self._db.read() as session:
            content, _ = self._prepare(session, actor, fir_id, values)
        pages = self._pages(content)
        with self._db.write() as session:
            content, last = self._prepare(session, actor, fir_id, values, recorded_at=content["recorded_at"])
            text = canonical_json(content)
            frozen = content["values"]
            prev_hash = last.entry_hash if last else GENESIS
            page_start = (last.page_end + 1) if last else 1
            started = parse_datetime(frozen["started_at"])
            closed = parse_datetime(frozen["closed_at"])
            assert started is not None and closed is not None
            now = self._clock.now()
            entry = CaseDiaryEntry(
                id=new_id(), fir_id=fir_id, seq=(last.seq + 1) if last else 1, entry_date=frozen["entry_date"],
                started_at=started, closed_at=closed, page_start=page_start, page_end=page_start + pages - 1,
                officer_id=actor.officer_id, recorded_at=now, prev_hash=prev_hash,
                entry_hash=chain_hash(prev_hash, text), content=text,
            )  # fmt: skip
            session.add(entry)
            record_change(session, actor=actor.audit, at=now, action="case_diary.add", record=entry,
                          summary=f"FIR {content['fir_no']} CD {entry.seq} pages {entry.page_start}-{entry.page_end}")  # fmt: skip
            enqueue_case_diary_entry(session, entry, now)
            return _info(entry)

    def _prepare(
        self,
        session: Session,
        actor: Actor,
        fir_id: str,
        values: dict[str, Any],
        recorded_at: str | None = None,
    ) -> tuple[dict[str, Any], CaseDiaryEntry | None]:
        """Validate against the diary as it stands in ``session`` and build the entry's frozen content.

        Run twice (read, then inside the write) so the checks hold for the diary the entry joins,
        while the content, and so its page count, stays the one that was laid out.
        """
        now = self._clock.now()
        fir = registered_fir(session, fir_id)
        errors = validate_values(self.form, values, now)
        last = session.scalar(
            select(CaseDiaryEntry)
            .where(CaseDiaryEntry.fir_id == fir.id)
            .order_by(CaseDiaryEntry.seq.desc())
            .limit(1)
        )
        self._sequence(values, errors, fir.registered_at, fir.fir_no, last)
        if errors:
            raise ValidationError(errors)
        content = {
            "form": self.form.id, "form_version": self.form.version, "fir_no": fir.fir_no, "station": fir.station,
            "officer": officer_card(session, actor.officer_id), "recorded_at": recorded_at or iso_ist(now),
            "values": normalise_values(self.form, values, []),
        }  # fmt: skip
        return content, last

    def _sequence(
        self, values: dict[str, Any], errors: dict[str, str], fir_at: datetime, fir_no: str,
        last: CaseDiaryEntry | None,
    ) -> None:  # fmt: skip
        """No entry dated before the FIR; no day or time going backwards; the day's work on its day."""
        try:
            day = parse_date(values.get("entry_date"))
            started = parse_datetime(values.get("started_at"))
        except ValueError:
            return
        if day is not None and "entry_date" not in errors:
            if day < to_ist(fir_at).date():
                errors["entry_date"] = (
                    f"The case diary of FIR {fir_no} cannot have an entry dated before the FIR "
                    f"({format_ist(fir_at)})."
                )
            elif last is not None and day < date.fromisoformat(last.entry_date):
                errors["entry_date"] = (
                    f"The case diary cannot go back in time: the last entry is dated "
                    f"{date.fromisoformat(last.entry_date):%d-%m-%Y}."
                )
        if started is not None and "started_at" not in errors:
            if day is not None and to_ist(started).date() != day:
                errors["started_at"] = "The day's investigation must begin on the date of the entry."
            elif last is not None and started < last.closed_at:
                errors["started_at"] = (
                    f"The previous entry's investigation closed at {format_ist(last.closed_at)}; "
                    "this one cannot begin earlier."
                )
            elif started < fir_at and "started_at" not in errors:
                errors["started_at"] = (
                    f"Investigation under FIR {fir_no} cannot begin before the FIR was registered."
                )

    def entries(self, actor: Actor, fir_id: str) -> list[DiaryEntryInfo]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.scalars(
                select(CaseDiaryEntry).where(CaseDiaryEntry.fir_id == fir_id).order_by(CaseDiaryEntry.seq)
            )
            return [_info(e) for e in rows]


def verify_case_diaries(session: Session) -> list[ChainProblem]:
    """Walk every diary's chain: sequence, links, hashes and page continuity."""
    problems: list[ChainProblem] = []
    current_fir: str | None = None
    prev_hash, prev_seq, prev_page = GENESIS, 0, 0
    for entry in session.scalars(select(CaseDiaryEntry).order_by(CaseDiaryEntry.fir_id, CaseDiaryEntry.seq)):
        if entry.fir_id != current_fir:
            current_fir, prev_hash, prev_seq, prev_page = entry.fir_id, GENESIS, 0, 0
        if problems and problems[-1].fir_id == entry.fir_id:
            continue  # one problem per diary: the first broken entry
        if entry.seq != prev_seq + 1:
            problems.append(
                ChainProblem(entry.fir_id, entry.seq, f"entries missing before entry {entry.seq}")
            )
        elif entry.prev_hash != prev_hash:
            problems.append(ChainProblem(entry.fir_id, entry.seq, "its link to the previous entry is broken"))
        elif chain_hash(entry.prev_hash, entry.content) != entry.entry_hash:
            problems.append(
                ChainProblem(entry.fir_id, entry.seq, "its content was changed after it was written")
            )
        elif entry.page_start != prev_page + 1:
            problems.append(
                ChainProblem(entry.fir_id, entry.seq, "its pages do not follow the previous entry's")
            )
        prev_hash, prev_seq, prev_page = entry.entry_hash, entry.seq, entry.page_end
    return problems
