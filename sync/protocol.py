"""The sync protocol's wire format (``/sync/v1``): pydantic models shared by client and server.

Documented for other implementers in docs/sync-protocol.md; the server's OpenAPI is generated from
these models. Bodies are JSON, gzip-compressed in both directions when large enough. The HTTP
status describes the request as a whole; each mutation gets its own result inside a 200 reply.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from forms.text_rules import INT32_MAX, SAFE_INT_MAX
from sync.wire_rules import WireInstant, WireText

PROTOCOL_VERSION = 1
SERVICE_MARK = "state-sync"  # hello must carry it: a captive portal's 200 page never does
PREFIX = "/sync/v1"

HEADER_CLIENT = "X-Sync-Client"  # "station-app/0.1.0"
HEADER_PAYLOAD_VERSION = "X-Sync-Payload-Version"  # the newest payload version the client writes
HEADER_STATION = "X-Station-Code"  # on blob requests: the station the credential must belong to
HEADER_BLOB_SIZE = "X-Blob-Size"  # HEAD /blobs/{sha256}: the size of the bytes the server holds
CAPABILITY_BLOBS = "blobs"  # the server takes scanned pages: HEAD/PUT /blobs/{sha256}, add_attachment
SHA256_PATTERN = r"^[0-9a-f]{64}$"

# Pull scopes. The station inbox is per station; every other scope is the same for all stations.
SCOPE_LAW_MASTERS = "law_masters"
SCOPE_WANTED = "wanted_persons"
SCOPE_MISSING = "missing_persons"
SCOPE_VEHICLES = "stolen_vehicles"
SCOPE_INBOX = "station_inbox"
SCOPE_PERSONS = "persons"  # the shared person master, as stations pushed it (never published by an admin)
SCOPES = (SCOPE_LAW_MASTERS, SCOPE_WANTED, SCOPE_MISSING, SCOPE_VEHICLES, SCOPE_INBOX, SCOPE_PERSONS)
STATION_SCOPES = frozenset({SCOPE_INBOX})
MAX_CURSOR_CHARS = 512  # cursors are opaque, but short: a longer one is refused (422), never read


def payload_digest(payload: str) -> str:
    """SHA-256 (hex) of the payload's UTF-8 bytes: what ``payload_sha256`` must equal."""
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")  # newer peers may add fields; older ones ignore them


# --- hello ---------------------------------------------------------------------------------------


class Limits(_Wire):
    max_batch_count: int = Field(description="most mutations in one push")
    max_batch_bytes: int = Field(description="most bytes of uncompressed JSON in one push body")
    max_body_bytes: int = Field(description="most bytes of any request body as sent (compressed)")
    max_pull_items: int = Field(description="most items the server returns per scope per pull")
    max_blob_bytes: int | None = Field(
        default=None, description="most bytes of one uploaded scan (PUT /blobs); absent: no blob uploads"
    )


class Hello(_Wire):
    service: Literal["state-sync"] = "state-sync"
    protocol: int = PROTOCOL_VERSION
    server_name: str
    server_version: str
    server_time: datetime
    training: bool = Field(description="a training server: only training stations may enrol")
    payload_version: int = Field(description="the newest payload version the server understands")
    accepted_payload_versions: list[int]
    limits: Limits
    capabilities: list[str] = Field(description='e.g. "gzip"')
    scopes: list[str]


# --- enrolment -----------------------------------------------------------------------------------


class EnrolRequest(_Wire):
    station_code: WireText = Field(min_length=3, max_length=32)
    code: WireText = Field(min_length=4, max_length=64, description="the one-time enrolment code")
    training: bool = Field(description="whether the enrolling station is a training station")
    app_version: WireText = Field(max_length=40)


class EnrolResponse(_Wire):
    station_code: str
    station_name: str
    token: str = Field(description="bearer credential for this station; shown once, keep it secret")
    training: bool
    server_name: str


# --- push ----------------------------------------------------------------------------------------


class Mutation(_Wire):
    """One named command. Strings hold no control characters but tab, LF and CR and no lone
    surrogates; numbers are bounded; ``device_time`` has an offset (docs/sync-protocol.md §4.3)."""

    mutation_id: WireText = Field(min_length=1, max_length=36, description="UUIDv7 made by the station")
    client_seq: int = Field(
        ge=1, le=SAFE_INT_MAX, description="the station's outbox sequence, strictly increasing"
    )
    aggregate_type: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    aggregate_id: WireText = Field(min_length=1, max_length=64)
    op: str = Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")
    op_version: int = Field(ge=0, le=1000)
    payload: str = Field(description="canonical JSON text of the op's payload")
    payload_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    base_version: int | None = Field(
        default=None, ge=0, le=INT32_MAX, description="shared records: the version edited"
    )
    officer_id: WireText | None = Field(default=None, max_length=36)
    device_time: WireInstant = Field(description="the station's clock when written; never used to order")
    clock_offset_ms: int | None = Field(
        default=None, ge=-SAFE_INT_MAX, le=SAFE_INT_MAX, description="server minus station clock, if known"
    )


class ChainAnchor(_Wire):
    """One entry of the station's audit chain: its number and its MAC (or hash), as the station holds it."""

    seq: int = Field(ge=1, description="the audit entry's number")
    mac: str = Field(pattern=r"^[0-9a-f]{64}$", description="the entry's HMAC-SHA256 (or SHA-256) in hex")


class PushRequest(_Wire):
    station_code: WireText = Field(max_length=32)
    mutations: list[Mutation]
    chain_head: ChainAnchor | None = Field(
        default=None, description="optional: the station's last audit entry, to be anchored on the server"
    )
    chain_at_anchor: ChainAnchor | None = Field(
        default=None,
        description="optional: the station's entry at the seq of the anchor the server last reported; the "
        "anchor moves to chain_head only when this matches it",
    )


class ResultStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    CONFLICT = "conflict"
    RETRY_LATER = "retry_later"


class MutationResult(_Wire):
    mutation_id: str
    status: ResultStatus
    code: str | None = None
    detail: str | None = None
    server_seq: int | None = Field(default=None, description="the server's receipt order (applied)")


class PushResponse(_Wire):
    results: list[MutationResult]
    server_time: datetime
    high_water_client_seq: int = Field(description="the highest client_seq the server has applied")
    chain_anchor: ChainAnchor | None = Field(
        default=None, description="the station's audit chain head the server holds (absent: none yet)"
    )


# --- pull ----------------------------------------------------------------------------------------


Cursor = Annotated[WireText, Field(max_length=MAX_CURSOR_CHARS)]


class PullRequest(_Wire):
    station_code: WireText = Field(max_length=32)
    scopes: dict[Annotated[WireText, Field(max_length=48)], Cursor | None] = Field(
        max_length=64, description="scope -> opaque cursor (null: from the start)"
    )
    limit: int = Field(default=500, ge=1, le=5000)


class PulledItem(_Wire):
    id: str
    version: int
    deleted: bool = False
    data: dict[str, object] | None = None


class ScopePage(_Wire):
    scope: str
    items: list[PulledItem]
    cursor: str = Field(description="opaque; send it back to continue after this page")
    has_more: bool
    snapshot: bool = Field(description="true while a scope is read from the start (a rebuild)")
    total_live: int | None = Field(
        default=None, description="on a snapshot's last page: how many live items the scope holds"
    )


class PullResponse(_Wire):
    pages: list[ScopePage]
    server_time: datetime


# --- blobs (scanned pages) --------------------------------------------------------------------------


class BlobReceipt(_Wire):
    """The reply to ``PUT /blobs/{sha256}``: the bytes are on record (checked against the name)."""

    sha256: str
    size: int
    stored: bool = Field(description="false when the server already held these bytes (a repeated upload)")


# --- errors --------------------------------------------------------------------------------------


class ErrorBody(_Wire):
    """The body of every non-200 reply."""

    code: str
    message: str
    retry_after: int | None = None
    accepted_payload_versions: list[int] | None = None
    reset_scopes: list[str] | None = None
