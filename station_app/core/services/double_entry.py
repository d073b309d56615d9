"""Double entry: a batch of digitised records keyed by one operator is re-keyed by another, and the
batch is accepted only when every difference has been resolved.

    first operator:   open_batch → digitise records, add_record each → close_first_pass
    second operator:  items → rekey each (key items only, blind: the first values are not shown)
    anyone but the first operator: mismatches → resolve each (keep the first value, or take the
                      second) → accept

The same account cannot do both passes, nor re-key a record it digitised, nor judge its own keying:
the service refuses. When every mismatch of a record is resolved, the values taken from the second
pass correct the record in place (see ``double_entry_fields``): one audited change, in the same
transaction as the resolution. Every step is audited.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.law_master import LawMaster
from station_app.core.audit import record_change, snapshot_digest
from station_app.core.canonical import canonical_json
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from station_app.core.ids import new_id
from station_app.core.importers.spec import KINDS, SPECS, Column, Kind
from station_app.core.importers.values import CellProblem
from station_app.core.localtime import to_ist
from station_app.core.models import Fir, GdEntry, Officer
from station_app.core.models.double_entry import DoubleEntryBatch, DoubleEntryItem, DoubleEntryMismatch
from station_app.core.models.legacy import LegacyArrest, LegacySource
from station_app.core.permissions import Actor, Permission, require
from station_app.core.services.double_entry_fields import (
    KEY_FIELDS,
    RECORD_TYPES,
    BatchInfo,
    Correction,
    ItemInfo,
    MismatchInfo,
    Record,
    canonical,
    correct,
    law_date,
    record_sections,
    same,
    stored_values,
)
from station_app.core.services.legacy.attachments import RECORD_TYPES as MODELS

Choice = Literal["first", "second"]
__all__ = ["BatchInfo", "Choice", "DoubleEntryService", "ItemInfo", "MismatchInfo"]


def _kind(batch: DoubleEntryBatch) -> Kind:
    assert batch.kind in KINDS
    return batch.kind


def _label(record: Record) -> str:
    if record.audit_type == "fir":
        return f"FIR {record.number:04d}/{record.year}"
    if record.audit_type == "gd_entry":
        return f"GD {record.number:04d}/{record.year}"
    return f"Arrest {record.number:04d}/{record.year}"


class DoubleEntryService:
    def __init__(self, db: Database, clock: Clock, laws: LawMaster) -> None:
        self._db = db
        self._clock = clock
        self._laws = laws

    @staticmethod
    def key_columns(kind: Kind) -> tuple[Column, ...]:
        """The items the second operator re-keys, in paper order, with their labels and help."""
        return tuple(SPECS[kind].column(key) for key in KEY_FIELDS[kind])

    # --- the first pass ---------------------------------------------------------------------------

    def open_batch(self, actor: Actor, kind: Kind, label: str = "") -> BatchInfo:
        require(actor, Permission.DIGITISE_LEGACY)
        if kind not in KINDS:
            raise ValidationError({"kind": f"Choose one of: {', '.join(KINDS)}."})
        now = self._clock.now()
        with self._db.write() as session:
            label = " ".join(label.split())[:200] or f"{SPECS[kind].title_en}, {to_ist(now):%d-%m-%Y %H:%M}"
            batch = DoubleEntryBatch(id=new_id(), kind=kind, label=label, status="first_pass",
                                     first_by=actor.officer_id, created_at=now)  # fmt: skip
            session.add(batch)
            record_change(session, actor=actor.audit, at=now, action="double_entry.open", record=batch,
                          summary=label)  # fmt: skip
            return self._info(session, batch)

    def add_record(self, actor: Actor, batch_id: str, record_type: str, record_id: str) -> BatchInfo:
        """Put a record the first operator digitised into the batch (again: no change)."""
        require(actor, Permission.DIGITISE_LEGACY)
        now = self._clock.now()
        with self._db.write() as session:
            batch = self._batch(session, batch_id)
            if batch.first_by != actor.officer_id:
                raise PermissionDeniedError("Only the operator who opened this batch adds records to it.")
            if batch.status != "first_pass":
                raise ConflictError("This batch is closed for checking; open a new batch for more records.")
            if record_type != RECORD_TYPES[_kind(batch)]:
                raise ValidationError({"record_type": f"This batch is for {SPECS[_kind(batch)].title_en}."})
            existing = session.scalar(select(DoubleEntryItem).where(
                DoubleEntryItem.batch_id == batch_id, DoubleEntryItem.record_id == record_id))  # fmt: skip
            if existing is None:
                record, source = self._record(session, record_type, record_id)
                seq = int(
                    session.scalar(select(func.count()).where(DoubleEntryItem.batch_id == batch_id)) or 0
                )
                first = stored_values(record, record_sections(session, record))
                item = DoubleEntryItem(id=new_id(), batch_id=batch_id, seq=seq + 1, record_type=record_type,
                                       record_id=record_id, label=_label(record), source_reference=source.source_reference,
                                       first_values=canonical_json(first))  # fmt: skip
                session.add(item)
                record_change(session, actor=actor.audit, at=now, action="double_entry.add", record=item,
                              summary=f"{batch.label[:120]}: {item.label}")  # fmt: skip
            return self._info(session, batch)

    def close_first_pass(self, actor: Actor, batch_id: str) -> BatchInfo:
        require(actor, Permission.DIGITISE_LEGACY)
        with self._db.write() as session:
            batch = self._batch(session, batch_id)
            if batch.first_by != actor.officer_id:
                raise PermissionDeniedError("Only the operator who opened this batch closes its first pass.")
            if batch.status == "first_pass":
                if not session.scalar(select(func.count()).where(DoubleEntryItem.batch_id == batch_id)):
                    raise ConflictError("The batch has no records yet: digitise at least one first.")
                self._set(session, actor, batch, "double_entry.close", status="second_pass", closed=True)
            return self._info(session, batch)

    # --- the second pass --------------------------------------------------------------------------

    def items(self, actor: Actor, batch_id: str) -> list[ItemInfo]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            self._batch(session, batch_id)
            rows = session.scalars(
                select(DoubleEntryItem)
                .where(DoubleEntryItem.batch_id == batch_id)
                .order_by(DoubleEntryItem.seq)
            )
            return [ItemInfo(i.id, i.seq, i.record_type, i.record_id, i.label, i.source_reference,
                             i.second_values is not None) for i in rows]  # fmt: skip

    def rekey(self, actor: Actor, item_id: str, values: Mapping[str, object]) -> list[MismatchInfo]:
        """The second operator's key items for one record; returns that record's mismatches."""
        require(actor, Permission.DIGITISE_LEGACY)
        now = self._clock.now()
        with self._db.write() as session:
            item = self._item(session, item_id)
            batch = self._batch(session, item.batch_id)
            kind = _kind(batch)
            self._second_operator(session, actor, batch, item)
            if batch.status == "accepted":
                raise ConflictError("This batch is already accepted.")
            mismatches = self._mismatch_rows(session, item_id=item.id)
            if any(m.resolution for m in mismatches):
                raise ConflictError(
                    f"{item.label}: its differences are being resolved; it cannot be re-keyed now."
                )
            record, _source = self._record(session, item.record_type, item.record_id)
            second = self._parse(kind, values, record, now)
            for m in mismatches:
                session.delete(m)
                record_change(session, actor=actor.audit, at=now, action="double_entry.mismatch_drop", record=m,
                              deleted=True, summary=f"{item.label}: {m.field} re-keyed")  # fmt: skip
            before = snapshot_digest(item)
            item.second_values, item.second_by, item.rekeyed_at = (
                canonical_json(second),
                actor.officer_id,
                now,
            )
            record_change(session, actor=actor.audit, at=now, action="double_entry.rekey", record=item,
                          before=before, summary=item.label)  # fmt: skip
            first: dict[str, str] = json.loads(item.first_values)
            for field in KEY_FIELDS[kind]:
                if not same(first.get(field, ""), second[field]):
                    m = DoubleEntryMismatch(id=new_id(), batch_id=batch.id, item_id=item.id, field=field,
                                            first_value=first.get(field, ""), second_value=second[field])  # fmt: skip
                    session.add(m)
                    record_change(session, actor=actor.audit, at=now, action="double_entry.mismatch", record=m,
                                  summary=f"{item.label}: {field}")  # fmt: skip
            if batch.second_by is None:
                self._set(session, actor, batch, "double_entry.second_pass", second_by=actor.officer_id)
            session.flush()
            return [
                self._mismatch_info(session, m, {item.id: item})
                for m in self._mismatch_rows(session, item.id)
            ]

    def _parse(
        self, kind: Kind, values: Mapping[str, object], record: Record, now: datetime
    ) -> dict[str, str]:
        out: dict[str, str] = {}
        errors: dict[str, str] = {}
        for field in KEY_FIELDS[kind]:
            try:
                out[field] = canonical(
                    kind, field, values.get(field), self._laws, law_date(record), to_ist(now).date()
                )
            except CellProblem as exc:
                errors[field] = f"{exc.problem} {exc.suggestion}".strip()
        if errors:
            raise ValidationError(errors)
        return out

    # --- resolving and accepting ------------------------------------------------------------------

    def mismatches(self, actor: Actor, batch_id: str) -> list[MismatchInfo]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            self._batch(session, batch_id)
            items = {
                i.id: i
                for i in session.scalars(select(DoubleEntryItem).where(DoubleEntryItem.batch_id == batch_id))
            }
            rows = self._mismatch_rows(session, batch_id=batch_id)
            return [self._mismatch_info(session, m, items) for m in rows]

    def resolve(self, actor: Actor, mismatch_id: str, choice: Choice) -> MismatchInfo:
        """Keep the first value or take the second; a record's last resolution applies its corrections."""
        require(actor, Permission.DIGITISE_LEGACY)
        if choice not in ("first", "second"):
            raise ValidationError({"choice": "Choose the first or the second value."})
        now = self._clock.now()
        with self._db.write() as session:
            m = session.get(DoubleEntryMismatch, mismatch_id)
            if m is None:
                raise NotFoundError("That difference does not exist.")
            batch, item = self._batch(session, m.batch_id), self._item(session, m.item_id)
            if batch.first_by == actor.officer_id:
                raise PermissionDeniedError("You keyed the first pass of this batch: another officer resolves its "
                                            "differences.")  # fmt: skip
            if m.resolution is not None or batch.status == "accepted":
                raise ConflictError("This difference is already resolved.")
            before = snapshot_digest(m)
            m.resolution, m.resolved_by, m.resolved_at = choice, actor.officer_id, now
            record_change(session, actor=actor.audit, at=now, action="double_entry.resolve", record=m, before=before,
                          summary=f"{item.label}: {m.field} -> {choice}")  # fmt: skip
            siblings = self._mismatch_rows(session, item_id=item.id)
            if all(s.resolution for s in siblings):
                changes = {
                    s.field: (s.first_value, s.second_value) for s in siblings if s.resolution == "second"
                }
                if changes:
                    record, _source = self._record(session, item.record_type, item.record_id)
                    correct(Correction(actor, now, self._laws, batch.id, changes), session, record)
            return self._mismatch_info(session, m, {item.id: item})

    def accept(self, actor: Actor, batch_id: str) -> BatchInfo:
        require(actor, Permission.DIGITISE_LEGACY)
        with self._db.write() as session:
            batch = self._batch(session, batch_id)
            if batch.first_by == actor.officer_id:
                raise PermissionDeniedError(
                    "You keyed the first pass of this batch: another officer accepts it."
                )
            info = self._info(session, batch)
            if batch.status != "accepted":
                if info.rekeyed < info.records:
                    raise ConflictError(
                        f"{info.records - info.rekeyed} of {info.records} records are not re-keyed yet."
                    )
                if info.open_mismatches:
                    raise ConflictError(f"{info.open_mismatches} differences are not resolved yet.")
                self._set(session, actor, batch, "double_entry.accept", status="accepted", accepted=True)
            return self._info(session, batch)

    # --- reading ----------------------------------------------------------------------------------

    def batches(self, actor: Actor, *, status: str | None = None) -> list[BatchInfo]:
        require(actor, Permission.VIEW_RECORDS)
        query = select(DoubleEntryBatch).order_by(DoubleEntryBatch.created_at.desc())
        if status is not None:
            query = query.where(DoubleEntryBatch.status == status)
        with self._db.read() as session:
            return [self._info(session, b) for b in session.scalars(query)]

    def batch(self, actor: Actor, batch_id: str) -> BatchInfo:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            return self._info(session, self._batch(session, batch_id))

    # --- helpers ----------------------------------------------------------------------------------

    def _second_operator(
        self, session: Session, actor: Actor, batch: DoubleEntryBatch, item: DoubleEntryItem
    ) -> None:
        if batch.first_by == actor.officer_id:
            raise PermissionDeniedError(
                "You keyed the first pass of this batch: another operator must re-key it."
            )
        if batch.status == "first_pass":
            raise ConflictError("The first operator has not closed this batch for checking yet.")
        if batch.second_by not in (None, actor.officer_id):
            raise ConflictError(f"{self._name(session, batch.second_by)} is re-keying this batch.")
        source = session.get(LegacySource, (item.record_type, item.record_id))
        if source is not None and source.digitised_by == actor.officer_id:
            raise PermissionDeniedError(f"You digitised {item.label}: another operator must re-key it.")

    def _set(self, session: Session, actor: Actor, batch: DoubleEntryBatch, action: str, *, status: str = "",
             second_by: str | None = None, closed: bool = False, accepted: bool = False) -> None:  # fmt: skip
        before, now = snapshot_digest(batch), self._clock.now()
        batch.status = status or batch.status
        batch.second_by = second_by or batch.second_by
        if closed:
            batch.closed_at = now
        if accepted:
            batch.accepted_by, batch.accepted_at = actor.officer_id, now
        record_change(session, actor=actor.audit, at=now, action=action, record=batch, before=before,
                      summary=batch.label)  # fmt: skip

    @staticmethod
    def _batch(session: Session, batch_id: str) -> DoubleEntryBatch:
        batch = session.get(DoubleEntryBatch, batch_id)
        if batch is None:
            raise NotFoundError("That double-entry batch does not exist.")
        return batch

    @staticmethod
    def _item(session: Session, item_id: str) -> DoubleEntryItem:
        item = session.get(DoubleEntryItem, item_id)
        if item is None:
            raise NotFoundError("That record is not in a double-entry batch.")
        return item

    @staticmethod
    def _record(session: Session, record_type: str, record_id: str) -> tuple[Record, LegacySource]:
        model = MODELS.get(record_type)
        record = session.get(model, record_id) if model is not None else None
        source = session.get(LegacySource, (record_type, record_id))
        if not isinstance(record, Fir | GdEntry | LegacyArrest) or source is None:
            raise NotFoundError("Only digitised (legacy) records are checked by double entry.")
        return record, source

    @staticmethod
    def _mismatch_rows(session: Session, item_id: str = "", batch_id: str = "") -> list[DoubleEntryMismatch]:
        query = select(DoubleEntryMismatch).join(
            DoubleEntryItem, DoubleEntryItem.id == DoubleEntryMismatch.item_id
        )
        query = query.where(DoubleEntryMismatch.item_id == item_id) if item_id else query.where(
            DoubleEntryMismatch.batch_id == batch_id)  # fmt: skip
        return list(session.scalars(query.order_by(DoubleEntryItem.seq, DoubleEntryMismatch.field)))

    @staticmethod
    def _name(session: Session, officer_id: str | None) -> str:
        officer = session.get(Officer, officer_id) if officer_id else None
        return officer.full_name if officer is not None else ""

    def _mismatch_info(
        self, session: Session, m: DoubleEntryMismatch, items: Mapping[str, DoubleEntryItem]
    ) -> MismatchInfo:
        item = items.get(m.item_id) or self._item(session, m.item_id)
        batch = self._batch(session, m.batch_id)
        column = SPECS[_kind(batch)].column(m.field)
        return MismatchInfo(m.id, m.item_id, item.label, m.field, column.label_en, m.first_value, m.second_value,
                            m.resolution, self._name(session, m.resolved_by))  # fmt: skip

    def _info(self, session: Session, batch: DoubleEntryBatch) -> BatchInfo:
        session.flush()
        items = list(session.scalars(select(DoubleEntryItem).where(DoubleEntryItem.batch_id == batch.id)))
        rows = list(
            session.scalars(select(DoubleEntryMismatch).where(DoubleEntryMismatch.batch_id == batch.id))
        )
        return BatchInfo(batch.id, _kind(batch), batch.label, batch.status, batch.first_by,
                         self._name(session, batch.first_by), self._name(session, batch.second_by), batch.created_at,
                         len(items), sum(1 for i in items if i.second_values is not None), len(rows),
                         sum(1 for m in rows if m.resolution is None))  # fmt: skip
