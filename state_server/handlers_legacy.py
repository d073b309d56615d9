"""Digitised paper records and scanned pages: legacy arrests (``record_legacy_arrest``) and the links
of scans to records (``add_attachment``). Legacy FIRs and GD entries use ``register_fir`` and
``add_gd_entry`` (see ``handlers``).

A scan's bytes come separately (``PUT /sync/v1/blobs/{sha256}``, see ``blobs``); a link waits as
``predecessor_missing`` until its bytes and its record are both on record, so that the server never
holds a link to nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from state_server.handlers_investigation import _frozen
from state_server.models import Attachment, Blob, Fir, GdEntry, LegacyArrest
from state_server.outcomes import Conflict, Context, Handler, Rejected, RetryLater, own
from sync import ops

RECORD_MODELS: dict[str, type[Fir] | type[GdEntry] | type[LegacyArrest]] = {
    "fir": Fir,
    "gd_entry": GdEntry,
    "legacy_arrest": LegacyArrest,
}


def _record_legacy_arrest(session: Session, ctx: Context, p: ops.RecordLegacyArrest) -> None:
    own(ctx, p.station_code)
    content = _frozen(p.content, p.content_digest, p.station_code, "legacy arrest")
    if (content.get("year"), content.get("number")) != (p.year, p.number):
        raise Rejected("invalid_payload", "the legacy arrest's content disagrees with its number or year")
    existing = session.get(LegacyArrest, p.arrest_id)
    if existing is not None:
        if existing.station_code != ctx.station_code:
            raise Rejected("not_owner", "this arrest belongs to another station")
        raise Conflict("already_exists", f"arrest {existing.number:04d}/{existing.year} is already on record")
    if p.fir_id is not None:
        fir = session.get(Fir, p.fir_id)
        if fir is None:
            raise RetryLater("predecessor_missing", "the FIR it cites has not reached the server yet")
        if fir.station_code != ctx.station_code:
            raise Rejected("not_owner", "the FIR it cites belongs to another station")
    taken = session.scalar(
        select(LegacyArrest.id).where(
            LegacyArrest.station_code == p.station_code,
            LegacyArrest.year == p.year,
            LegacyArrest.number == p.number,
        )
    )
    if taken is not None:
        raise Conflict(
            "number_taken", f"arrest {p.number:04d}/{p.year} of this station's register is already on record"
        )
    session.add(
        LegacyArrest(
            id=p.arrest_id,
            station_code=p.station_code,
            year=p.year,
            number=p.number,
            arrested_at=p.arrested_at,
            fir_id=p.fir_id,
            content_digest=p.content_digest,
            content=p.content,
            received_at=ctx.now,
        )
    )


def _add_attachment(session: Session, ctx: Context, p: ops.AddAttachment) -> None:
    own(ctx, p.station_code)
    existing = session.get(Attachment, p.attachment_id)
    if existing is not None:
        if existing.station_code != ctx.station_code:
            raise Rejected("not_owner", "this attachment belongs to another station")
        raise Conflict("already_exists", "this attachment is already on record")
    model = RECORD_MODELS[p.record_type]
    owner = session.scalar(select(model.station_code).where(model.id == p.record_id))
    if owner is None:
        raise RetryLater("predecessor_missing", f"the {p.record_type} it is attached to has not arrived yet")
    if owner != ctx.station_code:
        raise Rejected("not_owner", f"the {p.record_type} it is attached to belongs to another station")
    size = session.scalar(
        select(Blob.size).where(Blob.station_code == ctx.station_code, Blob.sha256 == p.sha256)
    )
    if size is None:
        raise RetryLater("predecessor_missing", "the scan's bytes have not been uploaded yet")
    if size != p.size:
        raise Rejected("invalid_payload", f"size: the uploaded scan has {size} bytes, not {p.size}")
    same = session.scalar(
        select(Attachment.id).where(
            Attachment.sha256 == p.sha256,
            Attachment.record_type == p.record_type,
            Attachment.record_id == p.record_id,
        )
    )
    if same is not None:
        raise Conflict("already_exists", f"this scan is already attached to the {p.record_type} as {same}")
    session.add(
        Attachment(
            id=p.attachment_id,
            station_code=p.station_code,
            record_type=p.record_type,
            record_id=p.record_id,
            sha256=p.sha256,
            size=p.size,
            mime=p.mime,
            label=p.label,
            file_name=p.file_name,
            attached_at=p.attached_at,
            attached_by=p.attached_by,
            received_at=ctx.now,
        )
    )


LEGACY_HANDLERS: dict[str, Handler] = {
    ops.OP_RECORD_LEGACY_ARREST: _record_legacy_arrest,
    ops.OP_ADD_ATTACHMENT: _add_attachment,
}
