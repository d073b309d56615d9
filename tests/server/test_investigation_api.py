"""The server's rules for persons, arrests, case diaries and seizures, driven over HTTP with
hand-made mutations (SQLite and PostgreSQL): ownership, order per record, legal numbers, the diary
chain, base versions of shared persons."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from state_server import admin
from state_server.db import ServerDatabase
from state_server.models import RefItem
from sync import ops
from sync.protocol import SCOPE_PERSONS, ResultStatus, payload_digest
from tests.server.helpers import gd, register
from tests.server.investigation_helpers import (
    arrest,
    arrest_event,
    diary_entry,
    merge,
    movement,
    person,
    seizure,
    unmerge,
)
from tests.server.test_push_api import A, B, enrolled, push
from tests.sync.live_server import LiveServer

APPLIED = (ResultStatus.APPLIED, None)


def test_arrests_are_owned_ordered_and_deduped(live_server: LiveServer, server_db: ServerDatabase) -> None:
    a, b = enrolled(live_server, server_db, A), enrolled(live_server, server_db, B)
    fir, entry, raju = register(A, 1), gd(A, 1), person(A)
    memo = arrest(A, fir.aggregate_id, entry.aggregate_id, raju.aggregate_id)
    produced = arrest_event(memo.aggregate_id, 1, "produced")
    remand = arrest_event(memo.aggregate_id, 2, "remand_police")
    held = [(ResultStatus.RETRY_LATER, "predecessor_missing"), (ResultStatus.RETRY_LATER, "held_behind")]
    assert push(a, A, memo, produced) == held  # the arrest's FIR, GD entry and person are not there yet
    assert push(a, A, fir, entry, raju, remand) == [APPLIED] * 3 + [
        (ResultStatus.RETRY_LATER, "predecessor_missing")
    ]
    assert push(a, A, memo, produced, remand) == [APPLIED] * 3
    assert push(a, A, memo) == [(ResultStatus.DUPLICATE, None)]  # a lost reply's resend
    assert push(a, A, arrest_event(memo.aggregate_id, 2, "bail")) == [(ResultStatus.CONFLICT, "seq_taken")]
    # Another station may cite the shared person, but never write under A's FIR or A's arrest.
    assert push(b, B, gd(B, 1)) == [APPLIED]
    foreign = arrest(
        B, fir.aggregate_id, entry.aggregate_id, raju.aggregate_id, at="2026-11-02T13:00:00+05:30"
    )
    assert push(b, B, foreign) == [(ResultStatus.REJECTED, "not_owner")]
    assert push(b, B, arrest_event(memo.aggregate_id, 3, "bail")) == [(ResultStatus.REJECTED, "not_owner")]
    status = admin.status(server_db, False)["stations"]
    assert (
        status[A]["counts"]["arrest"],
        status[A]["counts"]["arrest_event"],
        status[A]["counts"]["person"],
    ) == (1, 2, 1)


def test_the_case_diary_chain_is_checked_link_by_link(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    a, b = enrolled(live_server, server_db, A), enrolled(live_server, server_db, B)
    fir = register(A, 1)
    first, h1 = diary_entry(A, fir.aggregate_id, "0001/2026", 1, ops.GENESIS_HASH, 1)
    second, h2 = diary_entry(A, fir.aggregate_id, "0001/2026", 2, h1, 3, day=4)
    third, _ = diary_entry(A, fir.aggregate_id, "0001/2026", 3, h2, 5, day=5)
    assert push(a, A, fir, third) == [APPLIED, (ResultStatus.RETRY_LATER, "predecessor_missing")]
    forged, _ = diary_entry(A, fir.aggregate_id, "0001/2026", 1, "f" * 64, 1)
    assert push(a, A, forged) == [(ResultStatus.REJECTED, "chain_broken")]
    assert push(a, A, first) == [APPLIED]
    gap, _ = diary_entry(A, fir.aggregate_id, "0001/2026", 2, h1, 9, day=4)
    assert push(a, A, gap) == [(ResultStatus.REJECTED, "chain_broken")]  # pages must continue the volume
    altered = second.model_copy()
    payload = altered.payload.replace("Inspected the spot.", "Did nothing.")
    altered = altered.model_copy(
        update={"payload": payload, "payload_sha256": payload_digest(payload), "mutation_id": "x-2"}
    )
    assert push(a, A, altered) == [(ResultStatus.REJECTED, "digest_mismatch")]
    assert push(a, A, second, third) == [APPLIED] * 2
    other, _ = diary_entry(B, fir.aggregate_id, "0001/2026", 4, h2, 7, day=6)
    assert push(b, B, other) == [(ResultStatus.REJECTED, "not_owner")]
    assert admin.status(server_db, False)["stations"][A]["counts"]["case_diary_entry"] == 3


def test_malkhana_numbers_are_unique_per_station_and_year(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    a, b = enrolled(live_server, server_db, A), enrolled(live_server, server_db, B)
    fir_a, gd_a, fir_b, gd_b = register(A, 1), gd(A, 1), register(B, 1), gd(B, 1)
    first, item = seizure(A, fir_a.aggregate_id, gd_a.aggregate_id, 7)
    assert push(a, A, fir_a, gd_a, first) == [APPLIED] * 3
    again, _ = seizure(A, fir_a.aggregate_id, gd_a.aggregate_id, 7)
    assert push(a, A, again) == [(ResultStatus.CONFLICT, "number_taken")]
    elsewhere, _ = seizure(B, fir_b.aggregate_id, gd_b.aggregate_id, 7)
    assert push(b, B, fir_b, gd_b, elsewhere) == [APPLIED] * 3  # another station's register
    sid = first.aggregate_id
    later_move = movement(sid, item, 3, "2026-11-04T10:00:00+05:30")
    assert push(a, A, later_move) == [(ResultStatus.RETRY_LATER, "predecessor_missing")]
    back_in_time = movement(sid, item, 2, "2026-11-01T10:00:00+05:30")
    assert push(a, A, back_in_time) == [(ResultStatus.REJECTED, "out_of_sequence")]
    assert push(a, A, movement(sid, item, 2, "2026-11-03T10:00:00+05:30"), later_move) == [APPLIED] * 2
    assert push(b, B, movement(sid, item, 4, "2026-11-05T10:00:00+05:30")) == [
        (ResultStatus.REJECTED, "not_owner")
    ]
    assert admin.status(server_db, False)["stations"][A]["counts"]["custody_movement"] == 3


def test_persons_are_shared_by_base_version(live_server: LiveServer, server_db: ServerDatabase) -> None:
    a, b = enrolled(live_server, server_db, A), enrolled(live_server, server_db, B)
    raju, dup = person(A), person(A, name="Raaju Khan")
    unmasked = person(A, docs=[{"kind": "aadhaar", "number": "2345-6789-0123"}])
    assert push(a, A, unmasked) == [(ResultStatus.REJECTED, "invalid_payload")]
    assert push(a, A, person(A, raju.aggregate_id, version=2)) == [
        (ResultStatus.RETRY_LATER, "predecessor_missing")
    ]
    assert push(a, A, raju, dup) == [APPLIED] * 2
    assert push(b, B, person(A, raju.aggregate_id, version=2, name="Raju Khan Pathan")) == [APPLIED]  # shared
    stale = person(A, raju.aggregate_id, version=2, name="Raju Khan Ansari")
    assert push(a, A, stale) == [(ResultStatus.CONFLICT, "stale_base_version")]
    assert push(a, A, merge(raju.aggregate_id, dup.aggregate_id, keep_version=1)) == [
        (ResultStatus.CONFLICT, "stale_base_version")  # the kept person changed since it was read
    ]
    joined = merge(raju.aggregate_id, dup.aggregate_id, keep_version=2)
    merge_id = joined.payload.split('"merge_id":"')[1].split('"')[0]
    assert push(a, A, joined) == [APPLIED]
    assert push(b, B, unmerge(merge_id, raju.aggregate_id, dup.aggregate_id, 3)) == [APPLIED]
    assert push(a, A, unmerge(merge_id, raju.aggregate_id, dup.aggregate_id, 4)) == [
        (ResultStatus.CONFLICT, "already_undone")
    ]
    with server_db.read() as s:  # every change is published to the persons scope, kept before duplicates
        feed = {r.id: r.version for r in s.scalars(select(RefItem).where(RefItem.feed == SCOPE_PERSONS))}
    assert feed == {raju.aggregate_id: 2, dup.aggregate_id: 3}
    with pytest.raises(admin.AdminError):
        admin.publish(server_db, SCOPE_PERSONS, [{"id": "p1", "name": "Anyone"}])


def test_a_duplicate_is_served_after_the_person_it_joined(
    live_server: LiveServer, server_db: ServerDatabase
) -> None:
    a = enrolled(live_server, server_db, A)
    keep, dup = person(A), person(A, name="Raaju Khan")
    assert push(a, A, keep, dup, merge(keep.aggregate_id, dup.aggregate_id)) == [APPLIED] * 3
    assert push(a, A, person(A, keep.aggregate_id, version=2, name="Raju Khan Pathan")) == [APPLIED]
    with server_db.read() as s:
        order = [
            r.id
            for r in s.scalars(select(RefItem).where(RefItem.feed == SCOPE_PERSONS).order_by(RefItem.seq))
        ]
    assert order == [keep.aggregate_id, dup.aggregate_id]  # a reader from the start meets the kept one first
