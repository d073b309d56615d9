"""The named commands a station pushes, and their payloads: the vocabulary shared with the server.

A payload travels as canonical JSON text (sorted keys, no spaces, UTF-8) together with its SHA-256,
so that both sides hash the very same bytes whatever JSON library they use. This module is a leaf:
pydantic only, so the server imports it without pulling in the station app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# The payload version this build writes. The server accepts it and the two before it (N-2).
PAYLOAD_VERSION = 1

OP_REGISTER_FIR = "register_fir"
OP_ADD_GD_ENTRY = "add_gd_entry"
OP_ADD_FIR_ALTERATION = "add_fir_alteration"
OP_RECORD_COURT_DISPATCH = "record_court_dispatch"
OP_TRANSFER_ZERO_FIR = "transfer_zero_fir"
OP_RECORD_FINAL_REPORT = "record_final_report"
OP_RECORD_PROGRESS_INTIMATION = "record_progress_intimation"
OP_RECORD_VICTIM_EXAMINED = "record_victim_examined"
OP_RECORD_MEDICAL_REPORT = "record_medical_report"
OP_RECORD_SEARCH = "record_search"
OP_RECORD_SEARCH_SENT = "record_search_sent"
OP_UPDATE_INBOX_ITEM = "update_inbox_item"
OP_UPSERT_PERSON = "upsert_person"
OP_MERGE_PERSONS = "merge_persons"
OP_UNMERGE_PERSONS = "unmerge_persons"
OP_RECORD_ARREST = "record_arrest"
OP_RECORD_ARREST_EVENT = "record_arrest_event"
OP_ADD_CASE_DIARY_ENTRY = "add_case_diary_entry"
OP_RECORD_SEIZURE = "record_seizure"
OP_RECORD_CUSTODY_MOVEMENT = "record_custody_movement"
OP_RECORD_LEGACY_ARREST = "record_legacy_arrest"
OP_ADD_ATTACHMENT = "add_attachment"

AGG_FIR = "fir"
AGG_GD_ENTRY = "gd_entry"
AGG_INBOX_ITEM = "inbox_item"
AGG_PERSON = "person"  # id = the person's id (a merge or unmerge: the duplicate's)
AGG_ARREST = "arrest"  # id = the arrest's id, with its production, remands, bail and release
AGG_CASE_DIARY = "case_diary"  # id = the FIR's id: one chained volume per FIR
AGG_SEIZURE = "seizure"  # id = the seizure's id, with its items' custody movements
AGG_LEGACY_ARREST = "legacy_arrest"  # id = the arrest's id (an arrest copied from a paper register)
AGG_ATTACHMENT = "attachment"  # id = the link's id (a scanned page linked to a record)

# FIR events: op name -> the event kind the station stores.
EVENT_OPS: dict[str, str] = {
    OP_ADD_FIR_ALTERATION: "alteration",
    OP_RECORD_COURT_DISPATCH: "court_dispatch",
    OP_TRANSFER_ZERO_FIR: "transfer",
    OP_RECORD_FINAL_REPORT: "final_report",
    OP_RECORD_PROGRESS_INTIMATION: "progress_informed",
    OP_RECORD_VICTIM_EXAMINED: "victim_examined",  # starts the 7-day clock of BNSS 184(6)
    OP_RECORD_MEDICAL_REPORT: "medical_report_received",  # stops it
    OP_RECORD_SEARCH: "search_made",  # starts the 48-hour clock of BNSS 185(5)
    OP_RECORD_SEARCH_SENT: "search_record_sent",  # stops it
}
EVENT_KIND_OPS: dict[str, str] = {kind: op for op, kind in EVENT_OPS.items()}

INBOX_STATUSES = ("new", "acknowledged", "in_progress", "closed")
ARREST_EVENT_KINDS = ("produced", "remand_police", "remand_judicial", "bail", "released")
ITEM_STATUSES = ("in_malkhana", "out", "returned_to_owner", "disposed")
GENESIS_HASH = "0" * 64  # the ``prev_hash`` of a case diary's first entry

_Id = Field(min_length=1, max_length=36)
_Text = Field(max_length=200)


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegisterFir(_Payload):
    """A registered FIR: its frozen content (canonical JSON text) and that text's SHA-256.

    ``gd_entry_id`` may be null only for a digitised paper FIR (``content.source == "legacy"``), whose
    GD entry is cited as text in ``content.legacy.gd_reference``; the server checks that rule.
    """

    fir_id: str = _Id
    station_code: str = Field(min_length=3, max_length=32)
    series: Literal["FIR", "ZERO"]
    year: int = Field(ge=1860, le=2200)
    number: int = Field(ge=1)
    fir_no: str = Field(max_length=32)
    registered_at: str = Field(max_length=40)  # ISO-8601 with offset, as on the printed FIR
    gd_entry_id: str | None = Field(min_length=1, max_length=36)  # null: a legacy FIR (see above)
    content: str = Field(min_length=2)
    content_digest: str = Field(pattern=r"^[0-9a-f]{64}$")


class AddGdEntry(_Payload):
    gd_id: str = _Id
    station_code: str = Field(min_length=3, max_length=32)
    year: int = Field(ge=1860, le=2200)
    number: int = Field(ge=1)
    entry_at: str = Field(max_length=40)
    recorded_at: str = Field(max_length=40)
    officer_id: str = _Id
    officer_name: str = _Text
    kind: str = Field(min_length=1, max_length=32)
    subject: str = Field(min_length=1, max_length=200)
    details: str = Field(min_length=1)
    fir_id: str | None = Field(default=None, max_length=36)
    legacy: bool = False


class FirEventPayload(_Payload):
    """An alteration memo, a dispatch to court, a Zero FIR transfer, the final report's filing, the
    progress told to the informant, a rape victim's medical examination and its report (BNSS 184), a
    search and its record sent to the Magistrate (BNSS 185); ``body`` is canonical JSON."""

    event_id: str = _Id
    fir_id: str = _Id
    seq: int = Field(ge=1)
    kind: Literal[
        "alteration", "court_dispatch", "transfer", "final_report", "progress_informed", "victim_examined",
        "medical_report_received", "search_made", "search_record_sent",
    ]  # fmt: skip
    at: str = Field(max_length=40)
    officer_id: str = _Id
    body: str = Field(min_length=2)


class UpdateInboxItem(_Payload):
    """The station's answer to an inbox item (citizen complaint, verification request).

    The item is shared with the server, so the mutation carries the version it was based on; a
    clash becomes a conflict for a person, never last-writer-wins.
    """

    item_id: str = _Id
    status: Literal["new", "acknowledged", "in_progress", "closed"]
    note: str = Field(default="", max_length=2000)


_Time = Field(min_length=10, max_length=40)  # ISO-8601 with offset
_Station = Field(min_length=3, max_length=32)
_Digest = Field(pattern=r"^[0-9a-f]{64}$")


class IdDocumentPayload(_Payload):
    kind: str = Field(min_length=1, max_length=24)
    number: str = Field(min_length=1, max_length=40)  # an Aadhaar number only masked: XXXX-XXXX-1234


class UpsertPerson(_Payload):
    """A person's particulars as they stand after one change (a shared record: see ``base_version``).

    ``version`` is the version this change makes; the mutation's ``base_version`` is the one it was
    based on (0 for a new person). Photos stay at the station and are not sent.
    """

    person_id: str = _Id
    station_code: str = _Station  # the station that first entered the person
    version: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=200)
    name_alt: str = _Text
    aliases: list[str] = Field(default_factory=list, max_length=10)
    relative_name: str = _Text
    relative_relation: Literal["", "father", "husband", "mother", "guardian"] = ""
    dob: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    birth_year: int | None = Field(default=None, ge=1850, le=2200)
    age: int | None = Field(default=None, ge=0, le=150)
    age_on: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    birth_year_est: int | None = Field(default=None, ge=1850, le=2200)
    sex: Literal["", "M", "F", "T"] = ""
    present_address: str = Field(default="", max_length=500)
    permanent_address: str = Field(default="", max_length=500)
    phones: list[str] = Field(default_factory=list, max_length=10)
    id_documents: list[IdDocumentPayload] = Field(default_factory=list, max_length=16)
    created_at: str = _Time
    created_by: str = _Id
    updated_at: str = _Time
    updated_by: str = _Id


class MergePersons(_Payload):
    """The duplicate is the same human being as ``keep_id`` (aggregate: the duplicate)."""

    merge_id: str = _Id
    keep_id: str = _Id
    keep_version: int = Field(ge=1)  # the kept person's version as the station saw it
    duplicate_id: str = _Id
    version: int = Field(ge=2)  # the duplicate's version after the merge
    reason: str = Field(min_length=1, max_length=2000)
    merged_at: str = _Time
    officer_id: str = _Id


class UnmergePersons(_Payload):
    """Undo a merge: the duplicate is a person of its own again (aggregate: the duplicate)."""

    merge_id: str = _Id
    keep_id: str = _Id
    duplicate_id: str = _Id
    version: int = Field(ge=3)  # the duplicate's version after the unmerge
    reason: str = Field(min_length=1, max_length=2000)
    undone_at: str = _Time
    officer_id: str = _Id


class RecordArrest(_Payload):
    """An arrest or court-surrender memo (IIF-3): the frozen content and its SHA-256."""

    arrest_id: str = _Id
    station_code: str = _Station
    fir_id: str = _Id
    person_id: str = _Id
    accused_code: str = Field(pattern=r"^[A-Z][1-9]$")
    gd_entry_id: str = _Id
    kind: Literal["arrest", "surrender"]
    arrested_at: str = _Time
    recorded_at: str = _Time
    officer_id: str = _Id
    form_version: int = Field(ge=1)
    content: str = Field(min_length=2)
    content_digest: str = _Digest


class RecordArrestEvent(_Payload):
    """Production before the Magistrate, a remand, bail or release: event ``seq`` of the arrest."""

    event_id: str = _Id
    arrest_id: str = _Id
    seq: int = Field(ge=1)
    kind: Literal["produced", "remand_police", "remand_judicial", "bail", "released"]
    at: str = _Time
    until: str | None = Field(default=None, min_length=10, max_length=40)
    officer_id: str = _Id
    recorded_at: str = _Time
    body: str = Field(min_length=2)  # canonical JSON: the court, the remand order, the bail reference


class AddCaseDiaryEntry(_Payload):
    """One day's case-diary entry, chained: ``entry_hash`` = SHA-256(``prev_hash`` + "\\n" + ``content``)."""

    entry_id: str = _Id
    fir_id: str = _Id
    seq: int = Field(ge=1)
    entry_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    started_at: str = _Time
    closed_at: str = _Time
    page_start: int = Field(ge=1)
    page_end: int = Field(ge=1)
    officer_id: str = _Id
    recorded_at: str = _Time
    prev_hash: str = _Digest
    entry_hash: str = _Digest
    content: str = Field(min_length=2)


class CustodyMovementPayload(_Payload):
    """One hand-over in a seized item's chain of custody."""

    movement_id: str = _Id
    seq: int = Field(ge=1)
    at: str = _Time
    from_location: str = _Text
    to_location: str = Field(min_length=1, max_length=200)
    purpose: str = Field(min_length=1, max_length=300)
    handed_over_by: str = Field(min_length=1, max_length=200)
    received_by: str = Field(min_length=1, max_length=200)
    reference: str = _Text
    officer_id: str = _Id
    recorded_at: str = _Time


class SeizedItem(_Payload):
    """A seized item's malkhana entry, with the movements recorded with the seizure (the deposit)."""

    property_id: str = _Id
    item_no: int = Field(ge=1)
    malkhana_year: int = Field(ge=1860, le=2200)
    malkhana_no: int = Field(ge=1)
    description: str = Field(min_length=1, max_length=300)
    seal: str = Field(default="", max_length=60)
    location: str = Field(min_length=1, max_length=200)
    status: Literal["in_malkhana", "out", "returned_to_owner", "disposed"]
    movements: list[CustodyMovementPayload] = Field(default_factory=list, max_length=100)


class RecordSeizure(_Payload):
    """A seizure memo (IIF-4): the frozen content and its SHA-256, and its malkhana entries."""

    seizure_id: str = _Id
    station_code: str = _Station
    fir_id: str = _Id
    gd_entry_id: str = _Id
    seized_at: str = _Time
    seized_from_person_id: str | None = Field(default=None, max_length=36)
    officer_id: str = _Id
    recorded_at: str = _Time
    form_version: int = Field(ge=1)
    content: str = Field(min_length=2)
    content_digest: str = _Digest
    items: list[SeizedItem] = Field(min_length=1, max_length=500)


class RecordCustodyMovement(CustodyMovementPayload):
    """A later hand-over of one item of a seizure; the item's location and status after it."""

    seizure_id: str = _Id
    property_id: str = _Id
    status: Literal["in_malkhana", "out", "returned_to_owner", "disposed"]


class RecordLegacyArrest(_Payload):
    """An arrest copied from a paper arrest register: its own serial and year, the frozen content and
    its SHA-256. ``fir_id`` is the FIR it cites when that FIR is in the station's records, else null
    (the content still cites it by number and year as written)."""

    arrest_id: str = _Id
    station_code: str = _Station
    year: int = Field(ge=1860, le=2200)
    number: int = Field(ge=1)
    arrested_at: str = _Time
    fir_id: str | None = Field(min_length=1, max_length=36)
    content: str = Field(min_length=2)
    content_digest: str = _Digest


class AddAttachment(_Payload):
    """A scanned page linked to a record: a reference to bytes uploaded by SHA-256 (PUT /blobs/{sha256}),
    never the bytes themselves."""

    attachment_id: str = _Id
    station_code: str = _Station
    record_type: Literal["fir", "gd_entry", "legacy_arrest"]
    record_id: str = _Id
    label: str = Field(min_length=1, max_length=200)
    file_name: str = Field(default="", max_length=200)
    sha256: str = _Digest
    size: int = Field(ge=1)
    mime: Literal["application/pdf", "image/jpeg", "image/png", "image/tiff"]
    attached_at: str = _Time
    attached_by: str = _Id


PAYLOAD_MODELS: dict[str, type[_Payload]] = {
    OP_REGISTER_FIR: RegisterFir,
    OP_ADD_GD_ENTRY: AddGdEntry,
    **dict.fromkeys(EVENT_OPS, FirEventPayload),  # every FIR event kind shares one payload model
    OP_UPDATE_INBOX_ITEM: UpdateInboxItem,
    OP_UPSERT_PERSON: UpsertPerson,
    OP_MERGE_PERSONS: MergePersons,
    OP_UNMERGE_PERSONS: UnmergePersons,
    OP_RECORD_ARREST: RecordArrest,
    OP_RECORD_ARREST_EVENT: RecordArrestEvent,
    OP_ADD_CASE_DIARY_ENTRY: AddCaseDiaryEntry,
    OP_RECORD_SEIZURE: RecordSeizure,
    OP_RECORD_CUSTODY_MOVEMENT: RecordCustodyMovement,
    OP_RECORD_LEGACY_ARREST: RecordLegacyArrest,
    OP_ADD_ATTACHMENT: AddAttachment,
}

# How a payload of an older version becomes the current one, per op and per old version. Every op
# is still at version 1, so the table is empty; a change to a payload adds its converter here and
# bumps PAYLOAD_VERSION, and the server keeps accepting the two versions before it.
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcast(op: str, version: int, payload: dict[str, Any], current: int = PAYLOAD_VERSION) -> dict[str, Any]:
    """Bring ``payload`` from ``version`` to ``current`` (identity where nothing changed)."""
    for step in range(version, current):
        convert = UPCASTERS.get((op, step))
        if convert is not None:
            payload = convert(payload)
    return payload


def accepted_versions(current: int = PAYLOAD_VERSION) -> list[int]:
    """The current payload version and the two before it (never below 1)."""
    return [v for v in (current - 2, current - 1, current) if v >= 1]
