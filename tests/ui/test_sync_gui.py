"""Sync in the GUI against a real state server on loopback: enrolling through the dialog, the status
bar and the FIR register following the queue, Sync now, offline backoff and the probe, quarantine
with Retry and Export, and the GUI thread staying free while a cycle runs."""

from __future__ import annotations

import gc
import json
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from bench.sync_common import queue_gd_mutations
from state_server import admin
from station_app.core.canonical import sha256_hex
from station_app.core.models import OutboxEntry
from station_app.core.runtime import StationServices
from station_app.ui.main_window import MainWindow
from station_app.ui.models.fir_register_model import COL_NUMBER, FirIdRole, UnsyncedRole
from station_app.ui.models.outbox_model import HELD_COLUMNS, KEY_REASON, KEY_RECORD
from station_app.ui.views.fir_register import FirRegisterView
from station_app.ui.views.sync_view import SyncView
from tests.conftest import IDENTITY
from tests.ui.conftest import RecordingMessages
from tests.ui.sync_rig import WAIT_MS, FixedBackoff, Rig, fast_scheduler

MANUAL = 3600.0  # a debounce no test reaches: only "Sync now" starts a cycle


def label(window: MainWindow) -> str:
    return window.sync_label.text()


def queued(window: MainWindow) -> int:
    found = re.search(r"(\d+) queued", label(window))
    return int(found.group(1)) if found else -1


def open_synced(qtbot, rig: Rig, open_window) -> MainWindow:  # type: ignore[no-untyped-def]
    window: MainWindow = open_window(rig.desk)
    rig.worker.start()
    qtbot.waitUntil(lambda: "Sync: online" in label(window), timeout=WAIT_MS)
    return window


def sync_view(window: MainWindow) -> SyncView:
    window.show_module("sync")
    view = window.module("sync")
    assert isinstance(view, SyncView)
    return view


def register_row(qtbot, window: MainWindow, fir_id: str) -> int:  # type: ignore[no-untyped-def]
    view = window.module("register")
    assert isinstance(view, FirRegisterView)
    model = view.model

    def row() -> int:
        ids = [model.index(r, COL_NUMBER).data(FirIdRole) for r in range(model.rowCount())]
        return ids.index(fir_id) if fir_id in ids else -1

    qtbot.waitUntil(lambda: row() >= 0, timeout=WAIT_MS)
    return row()


def test_enrol_through_the_dialog(qtbot, rig_factory, open_window, messages: RecordingMessages) -> None:  # type: ignore[no-untyped-def]
    rig: Rig = rig_factory()
    window: MainWindow = open_window(rig.desk)
    rig.worker.start()  # not enrolled: the first cycle says so and the worker waits for a person
    qtbot.waitUntil(lambda: rig.worker.status.last_report is not None, timeout=WAIT_MS)
    assert label(window) == "Sync: not enrolled · 0 queued"
    view = sync_view(window)
    assert "Not enrolled" in view.server_label.text()
    view.enrol_button.click()
    dialog = view.enrol_dialog
    assert dialog is not None and dialog.isVisible()

    dialog.server.setText("http://sync.up.example.in")
    dialog.code.setText("ABCD-EFGH-IJKL")
    dialog.enrol_button.click()
    qtbot.waitUntil(lambda: "https://" in dialog.form.error_text("server"), timeout=WAIT_MS)

    code = admin.create_station(rig.server_db, IDENTITY.station_code, IDENTITY.station_name)
    dialog.server.setText(rig.proxy.url)
    dialog.code.setText("WRNG-CODE-0000")
    dialog.enrol_button.click()
    qtbot.waitUntil(lambda: dialog.form.error_text("code") != "", timeout=WAIT_MS)
    assert dialog.form.error_text("code").startswith("Enrolment refused")
    assert dialog.isVisible() and dialog.buttons.isEnabled()

    dialog.code.setText(code)
    with qtbot.waitSignal(dialog.enrolled, timeout=WAIT_MS):
        dialog.enrol_button.click()
    assert messages.infos[-1][0] == "Enrolled"
    # A new credential: the worker syncs at once, and the status bar says so.
    qtbot.waitUntil(lambda: "Sync: online · 0 queued · last sync just now" in label(window), timeout=WAIT_MS)
    assert rig.proxy.url in view.server_label.text()
    assert view.enrol_button.text() == "&Enrol again…"


def test_a_registered_fir_is_queued_marked_and_delivered_by_sync_now(qtbot, rig_factory, open_window) -> None:  # type: ignore[no-untyped-def]
    rig: Rig = rig_factory(fast_scheduler(debounce_s=MANUAL))
    rig.enrol()
    window = open_synced(qtbot, rig, open_window)
    window.show_module("register")
    fir_id = rig.register_fir(window)
    qtbot.waitUntil(lambda: queued(window) >= 1, timeout=WAIT_MS)
    model = window.module("register").model  # type: ignore[attr-defined]
    row = register_row(qtbot, window, fir_id)
    qtbot.waitUntil(lambda: model.index(row, COL_NUMBER).data(UnsyncedRole) is True, timeout=WAIT_MS)
    assert model.index(row, COL_NUMBER).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Not yet on the state server" in model.index(row, COL_NUMBER).data(Qt.ItemDataRole.ToolTipRole)
    assert rig.server_counts().get("fir", 0) == 0

    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.keyClick(
        window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: "· 0 queued · last sync just now" in label(window), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: model.index(row, COL_NUMBER).data(UnsyncedRole) is False, timeout=WAIT_MS)
    assert model.index(row, COL_NUMBER).data(Qt.ItemDataRole.DecorationRole) is None
    assert rig.server_counts()["fir"] == 1
    # The status bar opens the Sync screen with Enter as well as a click.
    window.sync_label.setFocus()
    qtbot.keyClick(window.sync_label, Qt.Key.Key_Space)
    assert isinstance(window.modules.currentWidget(), SyncView)


def test_offline_backs_off_and_the_probe_syncs_when_the_server_returns(
    qtbot, rig_factory, open_window
) -> None:  # type: ignore[no-untyped-def]
    rig: Rig = rig_factory(fast_scheduler(debounce_s=MANUAL, backoff=FixedBackoff()))
    rig.enrol()
    window = open_synced(qtbot, rig, open_window)
    rig.server.stop()
    rig.register_fir(window)
    qtbot.waitUntil(lambda: queued(window) >= 1, timeout=WAIT_MS)
    window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: "Sync: offline" in label(window), timeout=WAIT_MS)
    status = rig.worker.status
    assert status.failures == 1 and status.next_try_at is not None
    assert status.next_try_at > datetime.now(UTC) + timedelta(minutes=5)  # backing off
    assert "next try in" in label(window)

    rig.restart_server()  # the probe (every 0.3 s here) finds it long before the backoff ends
    qtbot.waitUntil(lambda: "Sync: online · 0 queued" in label(window), timeout=WAIT_MS)
    assert rig.worker.scheduler.failures == 0
    assert rig.server_counts()["fir"] == 1


def _payload(services: StationServices, fir_id: str, change: tuple[str, str] | None = None) -> str:
    """The FIR's registration command as queued; with ``change``, rewritten behind the app's back."""
    with services.db.write() as s:
        row = s.query(OutboxEntry).filter_by(aggregate_id=fir_id, op_name="register_fir").one()
        if change is not None:
            row.payload = row.payload.replace(*change)
            row.payload_sha256 = sha256_hex(row.payload)
        return str(row.payload)


def test_a_quarantined_item_shows_its_reason_and_retry_sends_it_after_the_fix(
    qtbot, rig_factory, open_window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rig: Rig = rig_factory(fast_scheduler(debounce_s=MANUAL))
    rig.enrol()
    window = open_synced(qtbot, rig, open_window)
    fir_id = rig.register_fir(window)
    _payload(rig.services, fir_id, ('"series":"FIR"', '"series":"XYZ"'))  # a poison command
    window.sync_now_action.trigger()
    qtbot.waitUntil(lambda: "1 quarantined" in label(window), timeout=WAIT_MS)
    assert window.sync_label.property("role") == "problem"

    view = sync_view(window)
    panel = view.quarantined
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=WAIT_MS)
    assert view.tabs.tabText(1) == "Q&uarantined (1)"
    item = panel.model.item(0)
    assert (item.aggregate_id, item.error_code) == (fir_id, "invalid_payload")
    assert (
        panel.model.index(0, HELD_COLUMNS.index(KEY_REASON))
        .data()
        .startswith("the state server found the record invalid")
    )
    detail = panel.detail.toPlainText()
    assert "FIR registration: Quarantined" in detail and "The state server says" in detail
    # The record it belongs to, as the register names it (issue 12 §1), in the list and the detail.
    record = panel.model.index(0, HELD_COLUMNS.index(KEY_RECORD)).data()
    assert re.fullmatch(r"FIR \d{4}/20\d\d", record), record
    assert f"Record: {record}" in detail
    assert "XYZ" in detail  # this station's value

    target = tmp_path / "held.json"
    view.choose_export_path = lambda _parent, _name: str(target)
    panel.export_button.click()
    qtbot.waitUntil(target.exists, timeout=WAIT_MS)
    assert json.loads(target.read_text())["items"][0]["error_code"] == "invalid_payload"

    _payload(rig.services, fir_id, ('"series":"XYZ"', '"series":"FIR"'))  # the fix
    view.tabs.setCurrentWidget(panel)
    panel.table.selectRow(0)
    panel.retry_button.click()
    qtbot.waitUntil(lambda: "quarantined" not in label(window), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Sync: online · 0 queued" in label(window), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=WAIT_MS)
    assert rig.server_counts()["fir"] == 1


def test_the_gui_thread_keeps_running_during_a_sync_cycle(qtbot, rig_factory, open_window) -> None:  # type: ignore[no-untyped-def]
    cycle_threads: list[str] = []

    def observe(event: str, _info: dict[str, object]) -> None:
        if event == "hello":
            cycle_threads.append(threading.current_thread().name)

    rig: Rig = rig_factory(fast_scheduler(debounce_s=MANUAL), observer=observe)
    rig.enrol()
    count = 400
    queue_gd_mutations(rig.services, count)
    window: MainWindow = open_window(rig.desk)
    sync_view(window)  # the busiest screen: it lists the queue while the cycle runs
    qtbot.waitUntil(lambda: queued(window) == count, timeout=WAIT_MS)
    # The GUI thread's longest stall: a 5 ms timer that notes the largest gap between its ticks.
    clock, longest, ticks = QElapsedTimer(), [0], [0]

    def tick() -> None:
        longest[0] = max(longest[0], clock.restart())
        ticks[0] += 1

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)
    # A full cyclic-GC pass walks every object this pytest session holds (~180 ms here) and stops
    # every thread while it runs; that pause belongs to the test session, not to the sync design.
    gc.collect()
    gc.freeze()
    try:
        clock.start()
        ticker.start()
        started = time.perf_counter()
        rig.worker.start()  # its first cycle starts at once
        qtbot.waitUntil(lambda: "· 0 queued · last sync" in label(window), timeout=60_000)
        elapsed = time.perf_counter() - started
        ticker.stop()
    finally:
        gc.unfreeze()
    assert cycle_threads == ["station-sync"] and rig.worker.last_cycle_thread == "station-sync"
    assert threading.main_thread().name not in cycle_threads
    assert rig.server_counts()["gd_entry"] == count
    assert ticks[0] > 0
    print(
        f"\nsync of {count} queued mutations over loopback: {elapsed * 1000:.0f} ms; "
        f"longest GUI-thread stall {longest[0]} ms over {ticks[0]} timer ticks"
    )
