"""What the audit chain pins of each record: every column as stored, except a deliberate few.

Every audited write digests the whole row (all columns but the excluded ones below) and records a
short digest per column, so ``verify`` can both prove a row unchanged and name the column that was
edited behind the app's back. Every column of an audited table must be classified here, as covered
or excluded with the reason; ``tests/core/test_audit_columns.py`` fails when a new column is not.

Tables that are not audited are either derived from audited ones (``fir_section``, ``fir_vehicle``,
search indexes), bytes pinned by an audited digest (``person_photo`` by ``person.photo_sha256``,
``attachment_blob`` by ``attachment.sha256``), or sync and reference-data bookkeeping pulled from the
server (which holds the authoritative copy).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.engine import Dialect

from station_app.core.canonical import canonical_json, digest, sha256_hex
from station_app.core.models import Audited

# Columns left out of the digest, and why: they change legitimately without an audited write.
EXCLUDED_COLUMNS: dict[str, dict[str, str]] = {
    "sync_outbox": {
        "status": "delivery state: changes as sync delivers, quarantines or retries the command",
        "attempts": "delivery bookkeeping (how many tries so far)",
        "next_attempt_at": "delivery bookkeeping (back-off)",
        "last_error_code": "the server's last answer, not the command",
        "last_error_detail": "the server's last answer, not the command",
        "server_seq": "the server's receipt number, known only after delivery",
        "acked_at": "when the server confirmed it, known only after delivery",
    },
}

# Columns covered by the digest. Listed, not inferred, so that a new column is a decision.
COVERED_COLUMNS: dict[str, str] = {
    "arrest": "id station_code fir_id person_id accused_code gd_entry_id kind arrested_at status produced_at "
    "officer_id recorded_at form_version content_digest version content",
    "arrest_event": "id arrest_id seq kind at until officer_id recorded_at body",
    "attachment": "id sha256 record_type record_id label file_name attached_at attached_by",
    "case_diary_entry": "id fir_id seq entry_date started_at closed_at page_start page_end officer_id "
    "recorded_at prev_hash entry_hash content",
    "custody_movement": "id property_id seq at from_location to_location purpose handed_over_by received_by "
    "reference officer_id recorded_at",
    "double_entry_batch": "id kind label status first_by created_at closed_at second_by accepted_by accepted_at",
    "double_entry_item": "id batch_id seq record_type record_id label source_reference first_values "
    "second_values second_by rekeyed_at",
    "double_entry_mismatch": "id batch_id item_id field first_value second_value resolution resolved_by "
    "resolved_at",
    "fir": "id station_code status source series year number form_version content_digest registered_at "
    "registered_by gd_entry_id occurrence_from complainant_name accused_names sections_text sensitive "
    "efir_received_at informant_signed_at created_at created_by updated_at version draft content",
    "fir_event": "id fir_id seq kind at officer_id body",
    "gd_entry": "id station_code year number entry_at recorded_at officer_id officer_name kind subject details "
    "fir_id legacy",
    "legacy_arrest": "id station_code year number arrested_at name relative_name sections_text fir_year "
    "fir_number fir_id recorded_at recorded_by content_digest content",
    "legacy_source": "record_type record_id register volume page source_reference original_officer "
    "digitised_at digitised_by import_sha256",
    "officer": "id username full_name rank belt_number role password_hash active must_change_password "
    "failed_attempts locked_until last_login_at created_at updated_at version",
    "person": "id search_key station_code name name_alt aliases relative_name relative_relation dob birth_year "
    "age age_on birth_year_est sex present_address permanent_address phones id_documents photo_sha256 "
    "merged_into created_at created_by updated_at updated_by version",
    "person_merge": "id keep_id duplicate_id reason merged_at merged_by undone_at undone_by undo_reason",
    "preliminary_enquiry": "id gd_entry_id subject permitted_by started_at concluded_at outcome fir_id "
    "officer_id version",
    "property_item": "id seizure_id item_no malkhana_year malkhana_no description seal location status version",
    "seizure": "id station_code fir_id gd_entry_id seized_at seized_from_person_id officer_id recorded_at "
    "form_version content_digest content",
    "station": "id state district station_name station_name_hi station_code training idle_lock_minutes "
    "created_at updated_at",
    "sync_outbox": "mutation_id client_seq aggregate_type aggregate_id op_name op_version payload "
    "payload_sha256 base_version officer_id created_at_device clock_offset_ms clock_suspect",
}

COLUMN_HASH_CHARS = 4  # per-column digests only name the edited column; the row digest proves it


def digested_columns(table: Table) -> list[Column[Any]]:
    """The table's columns the digest covers: all but the excluded ones (a new one is covered)."""
    excluded = EXCLUDED_COLUMNS.get(table.name, {})
    return sorted((c for c in table.columns if c.name not in excluded), key=lambda c: c.name)


@dataclass(frozen=True)
class RowDigest:
    digest: str  # SHA-256 of the canonical row: what the chain pins
    values: dict[str, Any]

    @property
    def columns(self) -> str:
        """Short per-column digests, "name=hash,...", that name what changed (made only when needed)."""
        return ",".join(
            f"{name}={sha256_hex(canonical_json(self.values[name]))[:COLUMN_HASH_CHARS]}"
            for name in sorted(self.values)
        )

    def changed_columns(self, pinned_columns: str | None) -> list[str]:
        if not pinned_columns:
            return []
        pinned = dict(part.split("=", 1) for part in pinned_columns.split(",") if "=" in part)
        live = dict(part.split("=", 1) for part in self.columns.split(",") if "=" in part)
        names = sorted(set(pinned) | set(live))
        return [name for name in names if pinned.get(name) != live.get(name)]


def row_digest(audit_type: str, key: str, values: dict[str, Any]) -> RowDigest:
    """Digest of one row given as {column name: Python value} (as the ORM holds it)."""
    return RowDigest(digest({"type": audit_type, "key": key, "row": values}), values)


def record_row_digest(record: Audited) -> RowDigest:
    table = record.__table__  # type: ignore[attr-defined]
    values = {c.name: getattr(record, _attribute_name(record, c)) for c in digested_columns(table)}
    return row_digest(record.audit_type, record.audit_key(), values)


def _attribute_name(record: Audited, column: Column[Any]) -> str:
    mapper = record.__mapper__  # type: ignore[attr-defined]
    return str(mapper.get_property_by_column(column).key)


class UnreadableValue(ValueError):
    """A stored value that its column's type cannot read (a damaged time, a flag that is not 0/1)."""

    def __init__(self, column: str, raw: object) -> None:
        super().__init__(f"column {column} holds an unreadable value {raw!r}")
        self.column = column


def read_stored_row(table: Table, raw: dict[str, Any], dialect: Dialect) -> dict[str, Any]:
    """The Python values of a row fetched raw from SQLite, read exactly as the ORM would.

    Raises ``UnreadableValue`` for a value the column's type cannot read, instead of crashing later.
    """
    values: dict[str, Any] = {}
    for column in digested_columns(table):
        stored = raw.get(column.name)
        python_type = _python_type(column)
        if python_type is bool and stored not in (None, 0, 1):
            raise UnreadableValue(column.name, stored)
        processor = column.type.result_processor(dialect, None)
        try:
            values[column.name] = processor(stored) if processor is not None else stored
        except (ValueError, TypeError) as exc:
            raise UnreadableValue(column.name, stored) from exc
    return values


def _python_type(column: Column[Any]) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None
