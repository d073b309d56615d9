"""Scanned pages (image or PDF) attached to records, stored encrypted inside the station database.

The bytes are a BLOB in the SQLCipher file, so they are encrypted with everything else and travel in
every backup. They are named by their SHA-256: the same scan attached to ten records is stored once,
and the name proves the bytes were not changed. Sync carries a reference (SHA-256 and size) in the
outbox; the bytes go up separately (see the report to the sync engineer).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.text_rules import text_problem
from station_app.core.audit import record_change
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import CorruptDatabaseError, NotFoundError, ValidationError
from station_app.core.ids import new_id
from station_app.core.models import Fir, GdEntry, Station
from station_app.core.models.legacy import Attachment, AttachmentBlob, LegacyArrest
from station_app.core.outbox import enqueue
from station_app.core.permissions import Actor, Permission, require

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # a 600-dpi colour scan of a register page fits comfortably
OP_ADD_ATTACHMENT = "add_attachment"
AGG_ATTACHMENT = "attachment"
RECORD_TYPES: dict[str, type[Fir] | type[GdEntry] | type[LegacyArrest]] = {
    "fir": Fir,
    "gd_entry": GdEntry,
    "legacy_arrest": LegacyArrest,
}
# What a scanner or phone produces; anything else is refused before it reaches the database.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    sha256: str
    size: int
    mime: str
    record_type: str
    record_id: str
    label: str
    file_name: str
    attached_at: datetime
    attached_by: str


def detect_mime(data: bytes) -> str:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    raise ValidationError(
        {"file": "Attach a scanned page as a PDF, JPEG, PNG or TIFF file; this file is none of those."}
    )


def _info(a: Attachment, blob: AttachmentBlob) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.sha256, blob.size, blob.mime, a.record_type, a.record_id, a.label, a.file_name,
                          a.attached_at, a.attached_by)  # fmt: skip


class AttachmentService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def attach(
        self, actor: Actor, record_type: str, record_id: str, data: bytes, label: str, file_name: str = ""
    ) -> AttachmentInfo:
        """Link a scan to a record; attaching the same scan to the same record again changes nothing."""
        require(actor, Permission.DIGITISE_LEGACY)
        label = " ".join(label.split())
        errors: dict[str, str] = {}
        if record_type not in RECORD_TYPES:
            errors["record_type"] = f"Scans attach to {', '.join(RECORD_TYPES)}, not {record_type!r}."
        if problem := text_problem(label):
            errors["label"] = problem
        elif not label:
            errors["label"] = "Say what the scan shows, e.g. 'FIR register vol. 3, p. 118'."
        elif len(label) > 200:
            errors["label"] = "At most 200 characters."
        if not data:
            errors["file"] = "The file is empty."
        elif len(data) > MAX_ATTACHMENT_BYTES:
            errors["file"] = (
                f"The file is {len(data) / 1048576:.1f} MB; a scan may be at most "
                f"{MAX_ATTACHMENT_BYTES // 1048576} MB. Scan at 300 dpi, or save the PDF smaller."
            )
        if errors:
            raise ValidationError(errors)
        mime = detect_mime(data)
        sha = hashlib.sha256(data).hexdigest()
        now = self._clock.now()
        with self._db.write() as session:
            if session.get(RECORD_TYPES[record_type], record_id) is None:
                raise NotFoundError("The record to attach the scan to does not exist.")
            blob = session.get(AttachmentBlob, sha)
            if blob is None:
                blob = AttachmentBlob(sha256=sha, mime=mime, size=len(data), stored_at=now, data=data)
                session.add(blob)
            existing = session.scalar(
                select(Attachment).where(
                    Attachment.sha256 == sha,
                    Attachment.record_type == record_type,
                    Attachment.record_id == record_id,
                )
            )
            if existing is not None:
                return _info(existing, blob)
            link = Attachment(
                id=new_id(), sha256=sha, record_type=record_type, record_id=record_id, label=label,
                file_name=file_name[:200], attached_at=now, attached_by=actor.officer_id,
            )  # fmt: skip
            session.add(link)
            record_change(session, actor=actor.audit, at=now, action="attachment.add", record=link,
                          summary=f"{record_type} {label}"[:200])  # fmt: skip
            self._enqueue(session, link, blob, now)
            return _info(link, blob)

    def _enqueue(self, session: Session, link: Attachment, blob: AttachmentBlob, now: datetime) -> None:
        """A reference only (SHA-256 and size): the bytes are fetched from the blob store when pushed."""
        station = session.get(Station, 1)
        assert station is not None
        payload = {
            "attachment_id": link.id, "station_code": station.station_code, "record_type": link.record_type,
            "record_id": link.record_id, "label": link.label, "file_name": link.file_name, "sha256": blob.sha256,
            "size": blob.size, "mime": blob.mime, "attached_at": link.attached_at.isoformat(timespec="microseconds"),
            "attached_by": link.attached_by,
        }  # fmt: skip
        enqueue(session, op=OP_ADD_ATTACHMENT, aggregate_type=AGG_ATTACHMENT, aggregate_id=link.id,
                payload=payload, officer_id=link.attached_by, at=now)  # fmt: skip

    def list_for(self, actor: Actor, record_type: str, record_id: str) -> list[AttachmentInfo]:
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            rows = session.execute(
                select(Attachment, AttachmentBlob)
                .join(AttachmentBlob, AttachmentBlob.sha256 == Attachment.sha256)
                .where(Attachment.record_type == record_type, Attachment.record_id == record_id)
                .order_by(Attachment.attached_at, Attachment.id)
            ).all()
            return [_info(a, b) for a, b in rows]

    def get(self, actor: Actor, attachment_id: str) -> tuple[AttachmentInfo, bytes]:
        """The scan and its bytes, checked against their SHA-256 before they are handed out."""
        require(actor, Permission.VIEW_RECORDS)
        with self._db.read() as session:
            link = session.get(Attachment, attachment_id)
            if link is None:
                raise NotFoundError("That scanned page does not exist.")
            blob = session.get(AttachmentBlob, link.sha256)
            assert blob is not None
            data = bytes(blob.data)
            info = _info(link, blob)
        if hashlib.sha256(data).hexdigest() != info.sha256:
            raise CorruptDatabaseError(
                "The stored scan is damaged: it does not match its checksum.",
                f"Attachment {attachment_id} (SHA-256 {info.sha256}): restore the latest backup.",
            )
        return info, data

    def blob(self, sha256: str) -> bytes | None:
        """The bytes of a scan by its name (for the sync engine's upload); None if not stored here."""
        with self._db.read() as session:
            blob = session.get(AttachmentBlob, sha256)
            return bytes(blob.data) if blob is not None else None
