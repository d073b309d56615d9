"""Pull: reference scopes and the station inbox arrive page by page, each page committed with its
cursor; a 410 rebuilds a scope in staging and swaps it in; local answers are never overwritten."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from state_server import admin
from state_server.db import ServerDatabase
from state_server.models import RefItem
from station_app.core.keys import KeyStore
from station_app.core.models import InboxItem, StolenVehicle, SyncCursor, WantedPerson
from sync.engine import Outcome
from sync.protocol import (
    SCOPE_INBOX,
    SCOPE_LAW_MASTERS,
    SCOPE_MISSING,
    SCOPE_PERSONS,
    SCOPE_VEHICLES,
    SCOPE_WANTED,
)
from tests.sync.live_server import LiveServer
from tests.sync.stations import SyncStation, make_station


def vehicles(n: int, start: int = 1) -> list[dict[str, Any]]:
    return [
        {"id": f"veh-{i}", "registration_no": f"UP 32 AB {i:04d}", "vehicle_type": "Motorcycle",
         "make_model": "Hero Splendor", "fir_reference": f"FIR {i}/2026 PS Aliganj"}
        for i in range(start, start + n)
    ]  # fmt: skip


def publish_everything(db: ServerDatabase, station_code: str) -> None:
    admin.publish(db, SCOPE_VEHICLES, vehicles(7))
    admin.publish(db, SCOPE_WANTED, [
        {"id": "po-1", "category": "proclaimed_offender", "name": "Raju alias Kallu", "father_name": "Shyam Lal",
         "case_reference": "Case 45/2019 PS Chowk"},
        {"id": "w-2", "name": "Mohd. Irfan", "case_reference": "FIR 112/2026 PS Aminabad"},
    ])  # fmt: skip
    admin.publish(
        db,
        SCOPE_MISSING,
        [{"id": "m-1", "name": "Pooja", "age": 14, "sex": "F", "missing_since": "2026-11-20"}],
    )
    admin.publish(db, SCOPE_LAW_MASTERS, [
        {"id": "BNS-303-2", "act": "BNS", "section": "303(2)", "title_en": "Theft", "valid_from": "2024-07-01"}
    ])  # fmt: skip
    admin.publish(db, SCOPE_INBOX, [
        {"id": "c-1", "kind": "citizen_complaint", "subject": "Mobile phone lost near GPO", "applicant_name": "Asha Verma",
         "status": "new"},
        {"id": "v-1", "kind": "verification_request", "subject": "Tenant verification", "applicant_name": "R. Khanna",
         "status": "new"},
    ], station_code=station_code)  # fmt: skip


def table(st: SyncStation, model: Any) -> dict[str, int]:
    with st.services.db.read() as s:
        return {r.id: r.version for r in s.scalars(select(model))}


def server_feed(db: ServerDatabase, feed: str) -> dict[str, int]:
    with db.read() as s:
        return {
            r.id: r.version
            for r in s.scalars(select(RefItem).where(RefItem.feed == feed, RefItem.deleted.is_(False)))
        }


def test_reference_data_and_inbox_arrive_page_by_page(
    tmp_path: Path, keystore: KeyStore, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    st.enrol(live_server.url, server_db)
    publish_everything(server_db, st.code)
    admin.publish(
        server_db, SCOPE_INBOX, [{"id": "other", "kind": "citizen_complaint"}], station_code=_other(server_db)
    )
    pages: list[str] = []
    report = st.sync(
        observer=lambda ev, info: pages.append(str(info.get("scope"))) if ev == "page_applied" else None,
        page_limit=3,
    )
    assert report.outcome is Outcome.OK, report
    assert report.pulled == {
        SCOPE_LAW_MASTERS: 1,
        SCOPE_WANTED: 2,
        SCOPE_MISSING: 1,
        SCOPE_VEHICLES: 7,
        SCOPE_INBOX: 2,
        SCOPE_PERSONS: 0,  # no station has pushed a person
    }
    assert pages.count(SCOPE_VEHICLES) == 3  # 7 items in pages of 3
    assert st.services.reference.counts() == {
        "inbox_item": 2, "law_update": 1, "missing_person": 1, "stolen_vehicle": 7, "wanted_person": 2,
    }  # fmt: skip
    assert (
        st.services.reference.stolen_vehicles(st.actor, "up32ab-0003")[0]["fir_reference"]
        == "FIR 3/2026 PS Aliganj"
    )
    assert [i.id for i in st.services.reference.inbox(st.actor)] == ["c-1", "v-1"]  # not the other station's

    # Changes and withdrawals arrive incrementally, after the saved cursors.
    admin.publish(
        server_db,
        SCOPE_VEHICLES,
        [{"id": "veh-2", "registration_no": "UP32AB0002", "recovered": True}],
        deletes=["veh-5"],
    )
    report = st.sync(page_limit=3)
    assert report.pulled[SCOPE_VEHICLES] == 2 and report.resets == []
    assert table(st, StolenVehicle) == server_feed(server_db, SCOPE_VEHICLES)
    with st.services.db.read() as s:
        assert json.loads(s.get(StolenVehicle, "veh-2").data)["recovered"] is True  # type: ignore[union-attr]
    assert st.sync().pulled == dict.fromkeys(report.pulled, 0)
    st.services.close()


def _other(db: ServerDatabase) -> str:
    admin.create_station(db, "UP-LKO-0099", "PS Other")
    return "UP-LKO-0099"


def test_410_rebuilds_the_scope_in_staging_and_swaps_without_touching_the_outbox(
    tmp_path: Path, keystore: KeyStore, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    st.enrol(live_server.url, server_db)
    admin.publish(server_db, SCOPE_WANTED, [{"id": f"w-{i}", "name": f"Person {i}"} for i in range(10)])
    assert st.sync(page_limit=4).outcome is Outcome.OK
    assert len(table(st, WantedPerson)) == 10
    st.gd()  # a record queued locally while the scope is rebuilt
    # The state rebuilds its list: some people removed without a trace, some added.
    admin.publish(
        server_db, SCOPE_WANTED, [{"id": f"w-{i}", "name": f"Person {i}"} for i in range(5, 13)], replace=True
    )
    staged_sizes: list[int] = []

    def watch(event: str, info: dict[str, object]) -> None:
        if event == "page_received" and info["staged"]:
            staged_sizes.append(len(table(st, WantedPerson)))  # the old table stays until the swap

    report = st.sync(observer=watch, page_limit=4)
    assert report.outcome is Outcome.OK and report.resets == [SCOPE_WANTED]
    assert staged_sizes == [10, 10]
    assert table(st, WantedPerson) == server_feed(server_db, SCOPE_WANTED)
    assert sorted(table(st, WantedPerson)) == sorted(f"w-{i}" for i in range(5, 13))
    assert st.statuses() == {"applied": 1}  # the outbox went on as usual
    with st.services.db.read() as s:
        cursor = s.get(SyncCursor, SCOPE_WANTED)
        assert cursor is not None and cursor.resets == 1 and not cursor.rebuilding
    st.services.close()


def test_crash_mid_page_leaves_the_cursor_and_the_page_unapplied(
    tmp_path: Path, keystore: KeyStore, sqlite_live_server: LiveServer, sqlite_server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    st.enrol(sqlite_live_server.url, sqlite_server_db)
    admin.publish(sqlite_server_db, SCOPE_VEHICLES, vehicles(5))
    assert st.sync().outcome is Outcome.OK
    admin.publish(sqlite_server_db, SCOPE_VEHICLES, vehicles(5, start=6))
    with st.services.db.read() as s:
        before = s.get(SyncCursor, SCOPE_VEHICLES).cursor  # type: ignore[union-attr]

    class Crash(BaseException):
        pass

    def crash(event: str, info: dict[str, object]) -> None:
        if event == "page_received" and info["scope"] == SCOPE_VEHICLES:
            raise Crash

    with pytest.raises(Crash):
        st.sync(observer=crash)
    with st.services.db.read() as s:
        assert s.get(SyncCursor, SCOPE_VEHICLES).cursor == before  # type: ignore[union-attr]
    assert len(table(st, StolenVehicle)) == 5
    assert st.sync().pulled[SCOPE_VEHICLES] == 5
    assert table(st, StolenVehicle) == server_feed(sqlite_server_db, SCOPE_VEHICLES)
    st.services.close()


def test_pulled_data_never_overwrites_a_pending_answer_and_a_clash_goes_to_a_person(
    tmp_path: Path, keystore: KeyStore, live_server: LiveServer, server_db: ServerDatabase
) -> None:
    st = make_station(tmp_path, keystore)
    st.enrol(live_server.url, server_db)
    publish_everything(server_db, st.code)
    assert st.sync().outcome is Outcome.OK
    # The station answers c-1 while offline; meanwhile the state changes c-1 too.
    st.services.reference.answer_inbox_item(st.actor, "c-1", "acknowledged", "Complainant called")
    st.services.reference.answer_inbox_item(st.actor, "v-1", "in_progress", "Beat constable sent")
    admin.publish(server_db, SCOPE_INBOX, [{"id": "c-1", "kind": "citizen_complaint", "subject": "Mobile phone lost near GPO",
                                            "applicant_name": "Asha Verma", "status": "closed"}], station_code=st.code)  # fmt: skip
    report = st.sync()
    assert report.outcome is Outcome.ATTENTION
    assert (report.pushed.applied, report.pushed.conflict) == (1, 1)
    inbox = {i.id: i for i in st.services.reference.inbox(st.actor)}
    assert (
        inbox["c-1"].status == "acknowledged" and inbox["c-1"].answer_pending
    )  # kept for the person to decide
    assert inbox["v-1"].status == "in_progress" and not inbox["v-1"].answer_pending  # applied and pulled back
    with st.services.db.read() as s:
        c1 = s.get(InboxItem, "c-1")
        assert c1 is not None and c1.server_status == "closed"  # the server's view is there as well
    conflict = [e for e in st.outbox() if e.status == "conflict"]
    assert [(e.aggregate_id, e.last_error_code) for e in conflict] == [("c-1", "stale_base_version")]
    st.services.close()
