"""The sync screenshots (called by make_screenshots.py): a station enrolled with a real state server
running in this process, with FIRs delivered, one FIR quarantined by the server, new work still
queued, and citizen complaints in the inbox.

    sync-screen.png      the Sync screen: server, last cycle, the quarantined item and what clashed
    sync-queue.png       the Sync screen's queue
    status-bar-sync.png  the FIR register marking the FIRs not yet at the state server, and the status bar
    enrol-dialog.png     the Enrol dialog after the server refused a code
    inbox.png            the inbox with an answer being typed
"""

# ruff: noqa: TID251 - a GUI tool outside station_app/ui

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from state_server import admin
from state_server.config import Settings
from state_server.db import ServerDatabase
from state_server.embedded import EmbeddedServer
from station_app.core.canonical import sha256_hex
from station_app.core.identity import StationIdentity
from station_app.core.keys import InsecureFileKeyStore
from station_app.core.localtime import IST
from station_app.core.models import OutboxEntry
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.sync_runtime import enrol_station
from station_app.ui.context import Desk
from station_app.ui.events import FIR, GD_ENTRY, AppEvents, ChangeSet
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.main_window import MainWindow
from station_app.ui.messages import QtMessages
from station_app.ui.ops import OpRunner
from station_app.ui.sync_worker import SyncWorker
from station_app.ui.views.fir_register import FirRegisterView
from station_app.ui.views.inbox_view import InboxView
from station_app.ui.views.sync_view import SyncView
from sync.policy import SyncScheduler
from sync.protocol import SCOPE_INBOX

Save = Callable[[QWidget, str, QApplication], None]
PASSWORD = "hazrat-sho-26"
COMPLAINANTS = ("Ramesh Chandra Gupta", "कविता शर्मा", "Mohd. Salim", "Sunita Devi", "Arvind Mishra")
INBOX = [
    {"id": "cc-2026-0117", "kind": "citizen_complaint", "subject": "Mobile phone snatched near Kapoorthala crossing",
     "applicant_name": "Neha Srivastava", "status": "new", "mobile": "98xxxxxx21", "received_via": "UPCOP app",
     "details": "Two youths on a motorcycle snatched my phone at about 7:40 pm and went towards Aliganj."},
    {"id": "vr-2026-0342", "kind": "verification_request", "subject": "Tenant verification: 12/4 Narhi",
     "applicant_name": "R. K. Khanna", "status": "new", "tenant_name": "Amit Yadav", "purpose": "tenant"},
    {"id": "vr-2026-0339", "kind": "verification_request", "subject": "Character verification for employment",
     "applicant_name": "Pooja Verma", "status": "acknowledged", "purpose": "employment"},
]  # fmt: skip


def pump(app: QApplication, done: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the screenshot station did not get there in time")
        app.processEvents()
        time.sleep(0.01)


class StepClock:
    """The real time a few minutes back, moved on a minute per FIR: the General Diary is kept to the
    minute and never goes back, and each FIR adds its own entry at the time of registration. Always
    within the server's 5-minute clock tolerance, so no record is flagged."""

    def __init__(self) -> None:
        self.offset = timedelta(minutes=-5)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def step(self) -> None:
        self.offset += timedelta(minutes=1)


def _minute(services: StationServices, minutes_ago: float) -> str:
    moment = services.clock.now() - timedelta(minutes=minutes_ago)
    return moment.astimezone(IST).replace(second=0, microsecond=0).isoformat()


def register_fir(services: StationServices, actor: Actor, n: int) -> str:
    clock = services.clock
    assert isinstance(clock, StepClock)
    clock.step()
    gd = services.diary.add_entry(actor, {
        "kind": "complaint_received", "entry_at": _minute(services, 0),
        "subject": "Written complaint of theft", "details": f"{COMPLAINANTS[n]} gave a written complaint (tehrir).",
    })  # fmt: skip
    values: dict[str, Any] = {
        "acts_sections": [{"act": "BNS", "section": "303(2)"}],
        "occurrence_from": _minute(services, 60 * 26), "occurrence_to": _minute(services, 60 * 24),
        "info_received_at": _minute(services, 10 + n), "gd_entry": gd.id, "info_type": "written",
        "place_address": "Outside Sahu Cinema, Hazratganj, Lucknow", "complainant_name": COMPLAINANTS[n],
        "complainant_present_address": "12/4 Narhi, Hazratganj, Lucknow",
        "narrative": "My motorcycle parked outside the cinema was stolen.", "action_taken": "investigating",
        "outside_limits": False, "complainant_is_victim": True,
    }  # fmt: skip
    draft = services.firs.new_draft(actor, values)
    return services.firs.register(actor, draft.id, draft.summary.version).id


def poison(services: StationServices, fir_id: str) -> None:
    """The registration command of one FIR made invalid, as a bug might: the server rejects it."""
    with services.db.write() as s:
        row = s.query(OutboxEntry).filter_by(aggregate_id=fir_id, op_name="register_fir").one()
        row.payload = row.payload.replace('"series":"FIR"', '"series":"FIR-2"')
        row.payload_sha256 = sha256_hex(row.payload)


def sync_shots(app: QApplication, tmp: Path, keystore: InsecureFileKeyStore, save: Save) -> None:
    server_db = ServerDatabase(f"sqlite:///{tmp / 'state-server.db'}")
    server_db.migrate()
    settings = Settings(database_url=server_db.url, server_name="UP State Sync (demo)")
    server = EmbeddedServer(settings, server_db).start()
    identity = StationIdentity("Uttar Pradesh", "Lucknow", "Hazratganj", "हज़रतगंज", "UP-LKO-0042")
    sho = NewOfficer("sho.singh", "Anil Kumar Singh", "Inspector", "PIS-1001", Role.SHO)
    data_dir = DataDir(tmp / "sync-station")
    services = set_up_station(data_dir, keystore, StepClock(), identity, sho, PASSWORD).services
    actor = services.accounts.login(sho.username, PASSWORD)
    events, messages = AppEvents(), QtMessages()
    ops = OpRunner(events, messages, lambda *_: None)
    worker = SyncWorker(services, keystore, scheduler=SyncScheduler(debounce=timedelta(hours=1)))
    window: MainWindow | None = None
    try:
        firs = [register_fir(services, actor, n) for n in range(3)]
        poison(services, firs[1])
        code = admin.create_station(server_db, identity.station_code, identity.station_name)
        admin.publish(server_db, SCOPE_INBOX, INBOX, station_code=identity.station_code)
        enrol_station(services, keystore, server.url, code, by=None)
        desk = Desk(data_dir, services, identity, actor, ops, events, messages, sync_worker=worker)
        window = MainWindow(desk, IdleWatcher(app, interval_ms_override=3_600_000))
        window.resize(1280, 800)
        window.show()
        worker.start()  # the first cycle: two FIRs delivered, one quarantined, the inbox pulled
        pump(app, lambda: worker.status.last_report is not None and worker.status.activity.value == "idle")
        for n in (3, 4):  # new work after that cycle: still queued
            ops.run(lambda n=n: register_fir(services, actor, n), changes=ChangeSet.of(FIR, GD_ENTRY))
        ops.wait_idle()
        label = window.sync_label
        pump(app, lambda: "queued" in label.text() and "0 queued" not in label.text())
        desk_shots(app, window, ops, save)
        enrol_shot(app, window, server.url, save)
        inbox_shot(app, window, save)
    finally:
        worker.stop()
        if window is not None:
            window.close_for_good()
        ops.wait_idle()
        ops.shutdown()
        services.close()
        server.stop()
        server_db.dispose()


def desk_shots(app: QApplication, window: MainWindow, ops: OpRunner, save: Save) -> None:
    window.show_module("register")
    register = window.module("register")
    assert isinstance(register, FirRegisterView)
    pump(app, lambda: register.model.rowCount() == 5 and not ops.busy)
    register.table.selectRow(0)
    save(window, "status-bar-sync.png", app)

    view = window.module("sync")
    assert isinstance(view, SyncView)
    window.show_module("sync")
    pump(app, lambda: view.queue_model.rowCount() > 0 and view.quarantined.model.rowCount() == 1)
    view.tabs.setCurrentWidget(view.quarantined)
    save(window, "sync-screen.png", app)
    view.tabs.setCurrentIndex(0)
    view.queue_table.selectRow(0)
    save(window, "sync-queue.png", app)


def enrol_shot(app: QApplication, window: MainWindow, url: str, save: Save) -> None:
    view = window.module("sync")
    assert isinstance(view, SyncView)
    view.open_enrol()
    dialog = view.enrol_dialog
    assert dialog is not None
    dialog.server.setText(url)
    dialog.code.setText("K7QX-2MPD-9RTA")  # not the code the server issued
    dialog.submit()
    pump(app, lambda: dialog.form.error_text("code") != "")
    save(dialog, "enrol-dialog.png", app)
    dialog.reject()


def inbox_shot(app: QApplication, window: MainWindow, save: Save) -> None:
    window.show_module("inbox")
    inbox = window.module("inbox")
    assert isinstance(inbox, InboxView)
    pump(app, lambda: inbox.model.rowCount() == len(INBOX))
    inbox.table.selectRow(0)
    inbox.status_combo.setCurrentIndex(inbox.status_combo.findData("in_progress"))
    inbox.remarks.setPlainText(
        "Called the complainant; SI Meena Kumari Yadav is enquiring. FIR if the phone is not traced."
    )
    save(window, "inbox.png", app)
