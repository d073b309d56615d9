"""The server's rules for digitised records and scanned pages, driven over HTTP with hand-made
mutations and raw blob uploads (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import requests
from sqlalchemy import select

from state_server import models as srv
from state_server.db import ServerDatabase
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.ids import new_id
from sync import ops
from sync.client import SyncClient
from sync.errors import AuthRequiredError, BlobRefusedError, PayloadTooLargeError
from sync.protocol import CAPABILITY_BLOBS, Mutation, ResultStatus
from tests.server.helpers import fir_payload, mutation
from tests.server.test_push_api import A, B, enrolled, push
from tests.sync.fixtures import start_server
from tests.sync.live_server import LiveServer

SCAN = b"%PDF-1.4\n" + bytes(range(256)) * 8
SHA = hashlib.sha256(SCAN).hexdigest()


def legacy_fir(station: str, number: int, **changes: Any) -> Mutation:
    payload = fir_payload(station, number)
    content = canonical_json(
        {"station": {"station_code": station}, "series": "FIR", "year": 2026, "number": number, "source": "legacy",
         "legacy": {"gd_reference": "GD 23, 05-03-2019 10:40", "page": "118"}}
    )  # fmt: skip
    payload.update(gd_entry_id=None, content=content, content_digest=sha256_hex(content))
    payload.update(changes)
    return mutation(ops.OP_REGISTER_FIR, ops.AGG_FIR, payload["fir_id"], payload)


def legacy_arrest(station: str, number: int, fir_id: str | None = None, **changes: Any) -> Mutation:
    content = canonical_json(
        {"station": {"station_code": station}, "year": 2019, "number": number, "form": "legacy_arrest"}
    )
    payload = {
        "arrest_id": new_id(), "station_code": station, "year": 2019, "number": number,
        "arrested_at": "2019-03-07T16:15:00+05:30", "fir_id": fir_id, "content": content,
        "content_digest": sha256_hex(content), **changes,
    }  # fmt: skip
    return mutation(ops.OP_RECORD_LEGACY_ARREST, ops.AGG_LEGACY_ARREST, payload["arrest_id"], payload)


def link(station: str, record_type: str, record_id: str, **changes: Any) -> Mutation:
    payload = {
        "attachment_id": new_id(), "station_code": station, "record_type": record_type, "record_id": record_id,
        "label": "FIR register vol. 3, p. 118", "file_name": "p118.pdf", "sha256": SHA, "size": len(SCAN),
        "mime": "application/pdf", "attached_at": "2026-12-01T10:00:00+00:00", "attached_by": new_id(), **changes,
    }  # fmt: skip
    return mutation(ops.OP_ADD_ATTACHMENT, ops.AGG_ATTACHMENT, payload["attachment_id"], payload)


def test_a_legacy_fir_needs_no_gd_entry_id_but_a_station_fir_does(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    client = enrolled(live_server, server_db, A)
    paper = legacy_fir(A, 12)
    station_fir = mutation(
        ops.OP_REGISTER_FIR, ops.AGG_FIR, "f-13", {**fir_payload(A, 13, "f-13"), "gd_entry_id": None}
    )
    assert push(client, A, paper, station_fir, legacy_fir(A, 12)) == [
        (ResultStatus.APPLIED, None),
        (ResultStatus.REJECTED, "invalid_payload"),
        (ResultStatus.CONFLICT, "number_taken"),  # a legacy number is a legal number like any other
    ]
    with server_db.read() as s:
        fir = s.get(srv.Fir, paper.aggregate_id)
        assert fir is not None and (fir.gd_entry_id, fir.source, fir.gd_reference) == (
            None, "legacy", "GD 23, 05-03-2019 10:40",
        )  # fmt: skip


def test_legacy_arrests_are_checked_owned_and_numbered(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    a, b = enrolled(live_server, server_db, A), enrolled(live_server, server_db, B)
    fir = legacy_fir(A, 12)
    cites = legacy_arrest(A, 7, fir.aggregate_id)
    assert push(a, A, cites) == [(ResultStatus.RETRY_LATER, "predecessor_missing")]  # its FIR first
    assert push(a, A, fir, cites) == [(ResultStatus.APPLIED, None)] * 2
    assert push(a, A, legacy_arrest(A, 7)) == [(ResultStatus.CONFLICT, "number_taken")]
    assert push(a, A, legacy_arrest(A, 8, content_digest="0" * 64)) == [
        (ResultStatus.REJECTED, "digest_mismatch")
    ]
    assert push(b, B, legacy_arrest(B, 9, fir.aggregate_id)) == [(ResultStatus.REJECTED, "not_owner")]
    assert push(b, B, legacy_arrest(A, 10)) == [(ResultStatus.REJECTED, "not_owner")]
    assert push(b, B, legacy_arrest(B, 7)) == [(ResultStatus.APPLIED, None)]  # another station's register


def test_blobs_are_verified_per_station_and_links_wait_for_bytes_and_record(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    a, b = enrolled(live_server, server_db, A), enrolled(live_server, server_db, B)
    hello, _s, _r = a.hello()
    assert CAPABILITY_BLOBS in hello.capabilities and hello.limits.max_blob_bytes == 16 * 1024 * 1024
    fir = legacy_fir(A, 12)
    scan = link(A, "fir", fir.aggregate_id)
    assert push(a, A, scan) == [(ResultStatus.RETRY_LATER, "predecessor_missing")]  # no record yet
    assert push(a, A, fir, scan) == [
        (ResultStatus.APPLIED, None),
        (ResultStatus.RETRY_LATER, "predecessor_missing"),
    ]

    assert not a.blob_exists(SHA, A)
    with pytest.raises(BlobRefusedError):  # the server hashes what it receives
        a.put_blob(SHA, SCAN[:-1] + b"?", A)
    assert not a.blob_exists(SHA, A)
    receipt = a.put_blob(SHA, SCAN, A)
    assert (receipt.sha256, receipt.size, receipt.stored) == (SHA, len(SCAN), True)
    assert not a.put_blob(SHA, SCAN, A).stored  # a repeated upload is a no-op
    assert a.blob_exists(SHA, A) and not b.blob_exists(SHA, B)  # a station learns only of its own scans

    assert push(a, A, link(A, "fir", fir.aggregate_id, size=len(SCAN) + 1)) == [
        (ResultStatus.REJECTED, "invalid_payload")
    ]
    assert push(a, A, scan) == [(ResultStatus.APPLIED, None)]
    assert push(a, A, link(A, "fir", fir.aggregate_id)) == [(ResultStatus.CONFLICT, "already_exists")]
    assert push(b, B, link(B, "fir", fir.aggregate_id)) == [(ResultStatus.REJECTED, "not_owner")]
    with server_db.read() as s:
        [blob] = s.scalars(select(srv.Blob)).all()
        assert hashlib.sha256(blob.data).hexdigest() == SHA and blob.size == len(SCAN)
        assert [x.id for x in s.scalars(select(srv.Attachment))] == [scan.aggregate_id]


def test_blob_requests_need_the_credential_a_sane_name_and_no_more_than_the_cap(
    server_db: ServerDatabase,
) -> None:
    server = start_server(server_db, limits=_small_limits())
    try:
        client = enrolled(server, server_db, A)
        with pytest.raises(AuthRequiredError):
            SyncClient(server.url, "not-the-token").blob_exists(SHA, A)
        with pytest.raises(PayloadTooLargeError):
            client.put_blob(hashlib.sha256(b"%PDF" + bytes(2048)).hexdigest(), b"%PDF" + bytes(2048), A)
        assert requests.head(f"{server.url}/sync/v1/blobs/not-a-digest", timeout=5).status_code in (401, 422)
        gzipped = requests.put(
            f"{server.url}/sync/v1/blobs/{SHA}", data=SCAN, timeout=5,
            headers={"Authorization": f"Bearer {client._token}", "Content-Encoding": "gzip"},
        )  # fmt: skip
        assert gzipped.status_code == 415 and gzipped.json()["code"] == "unsupported_encoding"
    finally:
        server.stop()


def _small_limits() -> Any:
    from state_server.config import Limits

    return Limits(max_blob_bytes=1024)
