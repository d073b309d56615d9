"""Writing many legacy records in one transaction at bulk speed, with the same audit chain and outbox
commands as one record at a time.

Per row the ordinary path costs two flushes and a query per audit entry and per outbox command. Here
the records of a batch, their audit entries and their outbox commands are built in memory and
written in one flush (executemany): the audit chain continues from the last entry read once, with
the very hash ``record_change`` computes; the outbox commands are built by the outbox's own
``enqueue_*`` functions against a stand-in session that numbers them in order. Records already in
the database are looked up once per batch, not once per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from station_app.core.audit import last_entry, new_entry, session_chain
from station_app.core.audit_rows import record_row_digest
from station_app.core.importers.rows import LegacyArrestRow, LegacyFirRow, LegacyGdRow, LegacyRow
from station_app.core.localtime import ist_year
from station_app.core.models import (
    Audited,
    Base,
    Fir,
    GdEntry,
    NumberSeries,
    OutboxEntry,
    SyncState,
)
from station_app.core.models.legacy import LegacyArrest
from station_app.core.numbering import FIR_SERIES
from station_app.core.services.legacy.context import WriteContext

_M = TypeVar("_M", Fir, GdEntry, LegacyArrest)


class BatchWriter:
    """One transaction's worth of legacy records. ``probe`` checks without building anything."""

    def __init__(self, session: Session, ctx: WriteContext, *, probe: bool = False) -> None:
        self.session = session
        self.ctx = ctx
        self.probe = probe
        self._firs: dict[tuple[int, int], Fir | None] = {}
        self._gds: dict[tuple[int, int], GdEntry | None] = {}
        self._arrests: dict[tuple[int, int], LegacyArrest | None] = {}
        self._pending: list[Base] = []
        self._audits: list[tuple[Audited, str, str]] = []  # (record, action, summary), in order
        self._outbox: _OutboxCapture | None = None
        self._series: dict[tuple[str, int], int] = {}

    # --- what is already there --------------------------------------------------------------------

    def prefetch(self, rows: Sequence[LegacyRow]) -> None:
        """Look up, in one query per kind, every record these rows could clash with or cite."""
        firs = {r.key for r in rows if isinstance(r, LegacyFirRow)}
        firs |= {
            (r.fir_year, r.fir_number)
            for r in rows
            if isinstance(r, LegacyArrestRow) and r.fir_year and r.fir_number
        }
        self._load(Fir, firs, self._firs, Fir.series == FIR_SERIES)
        self._load(GdEntry, {r.key for r in rows if isinstance(r, LegacyGdRow)}, self._gds)
        self._load(LegacyArrest, {r.key for r in rows if isinstance(r, LegacyArrestRow)}, self._arrests)

    def _load(
        self,
        model: type[_M],
        keys: set[tuple[int, int]],
        into: dict[tuple[int, int], _M | None],
        *where: ColumnElement[bool],
    ) -> None:
        keys = {k for k in keys if k not in into}
        if not keys:
            return
        query = select(model).where(
            model.year.in_({y for y, _ in keys}), model.number.in_({n for _, n in keys}), *where
        )
        found = {(int(r.year or 0), int(r.number or 0)): r for r in self.session.scalars(query)}
        for key in keys:
            into[key] = found.get(key)

    def fir(self, year: int, number: int) -> Fir | None:
        self._load(Fir, {(year, number)}, self._firs, Fir.series == FIR_SERIES)
        return self._firs[(year, number)]

    def gd(self, year: int, number: int) -> GdEntry | None:
        self._load(GdEntry, {(year, number)}, self._gds)
        return self._gds[(year, number)]

    def arrest(self, year: int, number: int) -> LegacyArrest | None:
        self._load(LegacyArrest, {(year, number)}, self._arrests)
        return self._arrests[(year, number)]

    # --- what is written --------------------------------------------------------------------------

    def add(self, record: Base) -> None:
        self._pending.append(record)
        if isinstance(record, Fir) and record.year and record.number:
            self._firs[(record.year, record.number)] = record
        elif isinstance(record, GdEntry):
            self._gds[(record.year, record.number)] = record
        elif isinstance(record, LegacyArrest):
            self._arrests[(record.year, record.number)] = record

    def audit(self, record: Audited, action: str, summary: str) -> None:
        """The audit entry ``record_change`` would append; built in ``finish`` once the records are
        flushed, so the row digest sees the stored values (defaults included)."""
        self._audits.append((record, action, summary))

    def queue(self, enqueue: Callable[[Session], OutboxEntry]) -> None:
        """Build an outbox command with the outbox's own ``enqueue_*`` function (one source for each
        payload), numbered here in this batch's order and written with the batch."""
        if self._outbox is None:
            highest = int(self.session.scalar(select(func.max(OutboxEntry.client_seq))) or 0)
            self._outbox = _OutboxCapture(highest, self.session.get(SyncState, 1))
        entry = enqueue(cast(Session, self._outbox))
        self._pending.append(entry)
        self.audit(entry, "outbox.queued", f"{entry.op_name} #{entry.client_seq}")

    def number(self, series: str, year: int, number: int) -> None:
        key = (series, year)
        self._series[key] = max(self._series.get(key, 0), number)

    def finish(self) -> None:
        """Move number series past the legacy numbers, then write everything in one flush."""
        for (series, year), number in self._series.items():
            keep_series_ahead(self.session, series, year, number, ist_year(self.ctx.now))
        with self.session.no_autoflush:
            self.session.add_all(self._pending)
        self._pending = []
        self.session.flush()
        if not self._audits:
            return
        last, chain, actor = last_entry(self.session), session_chain(self.session), self.ctx.actor.audit
        entries = []
        for record, action, summary in self._audits:
            entry = new_entry(
                last=last, chain=chain, at=self.ctx.now, actor=actor, action=action, entity_type=record.audit_type,
                entity_id=record.audit_key(), summary=summary, before=None, after=record_row_digest(record),
            )  # fmt: skip
            entries.append(entry)
            last = (entry.seq, entry.entry_hash, entry.keyed)
        self._audits = []
        self.session.add_all(entries)
        self.session.flush()


class _OutboxCapture:
    """Stands in for the session while ``enqueue`` builds a command: it answers the two questions
    ``enqueue`` asks (the highest ``client_seq`` so far, the clock offset seen by the last sync) from
    what was read once for the batch, and keeps the command instead of adding it. Without it every
    command would cost two queries and a flush."""

    def __init__(self, highest_seq: int, state: SyncState | None) -> None:
        self._highest = highest_seq
        self._state = state

    def scalar(self, _query: Any) -> int:
        return self._highest  # enqueue numbers its command highest + 1

    def get(self, model: type[Any], key: Any) -> SyncState | None:
        assert model is SyncState and key == 1, "enqueue asks only for the sync state"
        return self._state

    def add(self, entry: OutboxEntry) -> None:
        assert entry.client_seq == self._highest + 1
        self._highest = entry.client_seq


def keep_series_ahead(session: Session, series: str, year: int, number: int, current_year: int) -> None:
    """A legacy record numbered in a year the app numbers too (the current year) moves that year's
    series past it, so the next registration continues after the highest paper number and never
    collides with it. Lower numbers not yet digitised stay free for their own paper records; the
    app's own numbers stay gap-free from there on. Past years the app never numbered are left alone."""
    row = session.get(NumberSeries, (series, year))
    if row is None:
        if year != current_year:
            return
        row = NumberSeries(series=series, year=year, last_number=0)
        session.add(row)
    row.last_number = max(row.last_number, number)
