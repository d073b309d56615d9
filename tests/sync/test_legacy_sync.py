"""Digitised paper records and their scanned pages through the outbox to the real server (SQLite and
PostgreSQL storage): legacy FIRs without a GD entry id, a legacy GD entry and arrest, and a scan whose
bytes go up by SHA-256 before its link. Uploads cut mid-way resume without duplicates; bytes damaged
at the station are refused by the server's hash check and the attachment is quarantined; a legacy
FIR number the server already holds is a conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from state_server import admin
from state_server import models as srv
from state_server.db import ServerDatabase
from station_app.core.keys import KeyStore
from station_app.core.models.legacy import AttachmentBlob
from sync import ops
from sync.engine import Outcome
from tests.fixtures.import_files import row
from tests.sync.fault_proxy import FaultProxy, ResetAfterServer, ResetMidBody
from tests.sync.live_server import LiveServer
from tests.sync.stations import SyncStation, applied_count, make_station

PDF_SCAN = b"%PDF-1.4\n% FIR register, vol. 3, p. 118\n" + bytes(range(256)) * 400  # about 100 KB
SCAN_SHA = hashlib.sha256(PDF_SCAN).hexdigest()
LEGACY_TYPES = ("fir", "gd_entry", "legacy_arrest", "attachment")


@pytest.fixture
def st(tmp_path: Path, keystore: KeyStore) -> Iterator[SyncStation]:
    station = make_station(tmp_path, keystore)
    yield station
    station.services.close()


def digitise(st: SyncStation, kind: str, **cells: str) -> str:
    return st.services.legacy.digitise(st.actor, kind, row(kind, **cells)).record_id  # type: ignore[arg-type]


def attach(st: SyncStation, record_type: str, record_id: str, data: bytes = PDF_SCAN) -> str:
    return st.services.attachments.attach(
        st.actor, record_type, record_id, data, "FIR register vol. 3, p. 118", "p118.pdf"
    ).id


def a_register_page(st: SyncStation) -> dict[str, str]:
    """FIRs 12 and 13 of 2019 (12 with its scanned page, also attached to the GD entry that recorded
    it), GD 23 of 2019, and arrest 7 of 2019 citing FIR 12."""
    ids = {"fir": digitise(st, "fir"), "fir13": digitise(st, "fir", fir_number="13", page="119")}
    ids["gd"] = digitise(st, "gd")
    ids["arrest"] = digitise(st, "arrest")
    ids["scan_fir"] = attach(st, "fir", ids["fir"])
    ids["scan_gd"] = attach(st, "gd_entry", ids["gd"])
    return ids


def server_blobs(db: ServerDatabase) -> list[tuple[str, str, bytes]]:
    with db.read() as s:
        return [(b.station_code, b.sha256, bytes(b.data)) for b in s.scalars(select(srv.Blob))]


def server_links(db: ServerDatabase) -> set[tuple[str, str, str, str]]:
    with db.read() as s:
        return {(a.id, a.record_type, a.record_id, a.sha256) for a in s.scalars(select(srv.Attachment))}


def test_one_cycle_delivers_legacy_records_and_their_scan_and_the_next_sends_nothing(
    st: SyncStation, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    ids = a_register_page(st)
    queued = len(st.outbox())
    assert queued == 6  # 2 FIRs, GD entry, arrest, 2 links (the scan's bytes are not in the outbox)
    st.enrol(live_server.url, server_db)

    report = st.sync()
    assert report.outcome is Outcome.OK, report
    assert report.pushed.applied == queued and st.statuses() == {"applied": queued}
    assert (report.blobs.checked, report.blobs.uploaded, report.blobs.bytes_uploaded) == (1, 1, len(PDF_SCAN))
    [(owner, sha, data)] = server_blobs(server_db)  # content-addressed: one scan, stored once
    assert (owner, sha) == (st.code, SCAN_SHA) and hashlib.sha256(data).hexdigest() == SCAN_SHA
    assert server_links(server_db) == {
        (ids["scan_fir"], "fir", ids["fir"], SCAN_SHA),
        (ids["scan_gd"], "gd_entry", ids["gd"], SCAN_SHA),
    }
    with server_db.read() as s:
        fir = s.get(srv.Fir, ids["fir"])
        assert fir is not None and (fir.fir_no, fir.gd_entry_id, fir.source) == ("0012/2019", None, "legacy")
        assert fir.gd_reference == "GD 23, 05-03-2019 10:40"  # the paper GD, as the register cites it
        gd = s.get(srv.GdEntry, ids["gd"])
        assert gd is not None and gd.legacy and (gd.year, gd.number) == (2019, 23)
        arrest = s.get(srv.LegacyArrest, ids["arrest"])
        assert arrest is not None and (arrest.year, arrest.number, arrest.fir_id) == (2019, 7, ids["fir"])
    station_counts = st.services.station.counts()
    server_counts = admin.status(server_db, training=False)["stations"][st.code]
    assert {t: server_counts["counts"][t] for t in LEGACY_TYPES} == {
        t: station_counts[t] for t in LEGACY_TYPES
    }
    assert server_counts["blobs"] == {"count": 1, "bytes": len(PDF_SCAN)}

    again = st.sync()  # nothing queued: no push, no HEAD, no upload
    assert again.outcome is Outcome.OK and again.batches == 0
    assert (again.blobs.checked, again.blobs.uploaded) == (0, 0)
    assert applied_count(server_db, st.code) == queued and len(server_blobs(server_db)) == 1


@pytest.mark.parametrize("fault", [ResetMidBody(0.4), ResetAfterServer()])
def test_an_upload_cut_off_is_resumed_without_duplicates(
    st: SyncStation, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase, fault: object
) -> None:
    a_register_page(st)
    proxy = FaultProxy(sqlite_live_server.port)
    try:
        st.enrol(proxy.url, sqlite_server_db)
        proxy.plan("/sync/v1/blobs/", fault, method="PUT")  # type: ignore[arg-type]
        first = st.sync()
        assert first.outcome is Outcome.OFFLINE and first.exit_code == 32  # backoff, as any transport fault
        assert st.statuses() == {"pending": 6}  # the links (and their batch) wait for the bytes
        stored_before = len(server_blobs(sqlite_server_db))
        assert stored_before == (1 if isinstance(fault, ResetAfterServer) else 0)

        second = st.sync()
        assert second.outcome is Outcome.OK, second
        assert st.statuses() == {"applied": 6} and applied_count(sqlite_server_db, st.code) == 6
        # A blob the server did take is found by HEAD and not sent again; a cut one is sent whole.
        assert second.blobs.uploaded == 1 - stored_before
        puts = [r for r in proxy.requests if r[0] == "PUT"]
        assert len(puts) == 2 - stored_before
    finally:
        proxy.close()
    [(_owner, sha, data)] = server_blobs(sqlite_server_db)
    assert sha == SCAN_SHA and data == PDF_SCAN
    assert len(server_links(sqlite_server_db)) == 2


def test_bytes_damaged_at_the_station_are_refused_and_the_attachment_is_quarantined(
    st: SyncStation, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    fir_id = digitise(st, "fir")
    link = attach(st, "fir", fir_id)
    with st.services.db.write() as s:  # a damaged page in the station's database
        s.execute(
            update(AttachmentBlob).where(AttachmentBlob.sha256 == SCAN_SHA).values(data=PDF_SCAN[:-1] + b"!")
        )
    st.enrol(sqlite_live_server.url, sqlite_server_db)

    report = st.sync()
    assert report.outcome is Outcome.ATTENTION and report.exit_code == 31
    assert (report.blobs.checked, report.blobs.uploaded, report.blobs.quarantined) == (1, 0, 1)
    assert report.pushed.applied == 1 and report.pushed.quarantined == 1  # the FIR went; its scan did not
    [held] = [e for e in st.outbox() if e.aggregate_id == link]
    assert (held.op_name, held.status, held.last_error_code) == (
        ops.OP_ADD_ATTACHMENT,
        "quarantined",
        "blob_damaged",
    )
    assert held.last_error_detail is not None and "refused" in held.last_error_detail
    assert server_blobs(sqlite_server_db) == [] and server_links(sqlite_server_db) == set()

    again = st.sync()  # quarantined stays quarantined (for a person); nothing is sent again
    assert again.outcome is Outcome.ATTENTION and (again.blobs.checked, again.batches) == (0, 0)


def test_a_legacy_fir_number_already_on_the_server_is_a_conflict(
    st: SyncStation, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    st.enrol(live_server.url, server_db)
    digitise(st, "gd")
    assert st.sync().outcome is Outcome.OK
    with server_db.write() as s:  # FIR 0014/2019 of this station reached the server another way
        s.add(
            srv.Fir(
                id="fir-from-an-old-install",
                station_code=st.code,
                series="FIR",
                year=2019,
                number=14,
                fir_no="0014/2019",
                status="registered",
                registered_at="2019-04-01T10:00:00+05:30",
                gd_entry_id=None,
                content="{}",
                content_digest="0" * 64,
                received_at=s.get_one(srv.Station, st.code).created_at,
                source="legacy",
                gd_reference=None,
            )
        )
    fir_id = digitise(st, "fir", fir_number="14", page="120")
    fir15 = digitise(st, "fir", fir_number="15", page="121")

    report = st.sync()
    assert report.outcome is Outcome.ATTENTION and report.pushed.conflict == 1 and report.pushed.applied == 1
    [held] = [e for e in st.outbox() if e.aggregate_id == fir_id]
    assert (held.status, held.last_error_code) == ("conflict", "number_taken")
    with server_db.read() as s:
        assert s.get(srv.Fir, fir15) is not None and s.get(srv.Fir, fir_id) is None
        n = s.scalar(select(func.count()).select_from(srv.Fir).where(srv.Fir.number == 14))
        assert n == 1  # never renumbered, never overwritten
