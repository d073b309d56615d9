"""The inbox against a real server (published item in, answer out with the debounced commit
trigger), the typed refusals in the Enrol dialog (training/real, untrusted certificate), the sync models under the model tester,
and the status bar's words for each state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from state_server import admin
from state_server.config import Settings
from state_server.db import ServerDatabase
from state_server.embedded import EmbeddedServer
from station_app.core.outbox import OutboxItem
from station_app.core.reference_data import InboxEntry
from station_app.ui.dialogs.enrol_dialog import EnrolDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.models.inbox_model import COL_STATUS, COL_SUBJECT, InboxModel
from station_app.ui.models.outbox_model import HELD_COLUMNS, KEY_REASON, QUEUE_COLUMNS, OutboxModel
from station_app.ui.sync_monitor import QueueSnapshot, SyncPicture
from station_app.ui.sync_text import offset_text, relative, status_bar_text
from station_app.ui.sync_worker import Activity, WorkerStatus
from station_app.ui.views.inbox_view import InboxView
from sync.engine import CycleReport, Outcome
from sync.protocol import SCOPE_INBOX
from tests.conftest import IDENTITY
from tests.sync.fixtures import start_server
from tests.sync.test_tls import state_ca_and_server_cert
from tests.ui.sync_rig import WAIT_MS, Rig, fast_scheduler

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 14:30 IST


def test_the_inbox_lists_a_published_item_and_the_answer_goes_with_the_next_sync(
    qtbot, rig_factory, open_window
) -> None:  # type: ignore[no-untyped-def]
    rig: Rig = rig_factory(fast_scheduler(debounce_s=1.0))
    rig.enrol()
    admin.publish(rig.server_db, SCOPE_INBOX, [
        {"id": "c-1", "kind": "citizen_complaint", "subject": "Mobile phone lost near GPO",
         "applicant_name": "Asha Verma", "status": "new", "mobile": "98xxxxxx10",
         "details": "Lost a black Redmi phone near the GPO at about 6 pm."},
    ], station_code=IDENTITY.station_code)  # fmt: skip
    window: MainWindow = open_window(rig.desk)
    window.show_module("inbox")
    inbox = window.module("inbox")
    assert isinstance(inbox, InboxView)
    rig.worker.start()  # the first cycle pulls the inbox
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=WAIT_MS)
    assert inbox.model.index(0, COL_SUBJECT).data() == "Mobile phone lost near GPO"
    assert "Asha Verma" in inbox.detail.toPlainText() and "Redmi" in inbox.detail.toPlainText()
    assert inbox.count_label.text() == "1 item, 1 new"

    qtbot.waitExposed(window)
    window.activateWindow()
    inbox.table.setFocus()
    with qtbot.waitSignal(inbox.table.activated):
        qtbot.keyClick(inbox.table, Qt.Key.Key_Return)  # "open": straight to the answer
    assert inbox.status_combo.hasFocus()
    inbox.status_combo.setCurrentIndex(inbox.status_combo.findData("acknowledged"))
    inbox.remarks.setPlainText("Called the applicant; enquiry by SI Meena.")
    inbox.save_button.click()
    qtbot.waitUntil(lambda: "answer not sent yet" in inbox.model.index(0, COL_STATUS).data(), timeout=WAIT_MS)
    # The answer queued something, so the debounced commit trigger syncs it without "Sync now".
    qtbot.waitUntil(lambda: inbox.model.index(0, COL_STATUS).data() == "Acknowledged", timeout=WAIT_MS)
    assert "· 0 queued" in window.sync_label.text()
    assert inbox.remarks.toPlainText() == "Called the applicant; enquiry by SI Meena."


def test_a_real_station_cannot_enrol_with_a_training_server(qtbot, rig_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rig: Rig = rig_factory()
    training_db = ServerDatabase(f"sqlite:///{tmp_path / 'training-server.db'}")
    training_db.migrate()
    server = start_server(training_db, training=True)
    try:
        code = admin.create_station(training_db, IDENTITY.station_code, IDENTITY.station_name)
        dialog = EnrolDialog(rig.worker, rig.actor, IDENTITY)
        qtbot.addWidget(dialog)
        dialog.server.setText(server.url)
        dialog.code.setText(code)
        dialog.enrol_button.click()
        qtbot.waitUntil(lambda: dialog.form.error_text("server") != "", timeout=WAIT_MS)
        text = dialog.form.error_text("server")
        assert text.startswith("The state server refused this station") and "training" in text
        assert dialog.reply is None and not rig.worker.status.online
    finally:
        server.stop()
        training_db.dispose()


def _item(status: str, code: str | None = None, n: int = 1) -> OutboxItem:
    return OutboxItem(
        f"m-{n}", n, "register_fir", "fir", f"0190f3a2-0000-7000-8000-00000000000{n}", status, 2,
        NOW - timedelta(minutes=5), False, code, "FIR 12/2026 of this station is already on record" if code else None,
    )  # fmt: skip


def test_the_sync_models_pass_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    queue = OutboxModel(QUEUE_COLUMNS)
    queue.set_rows([_item("pending"), _item("inflight", n=2)], NOW)
    qtmodeltester.check(queue)
    assert [queue.index(0, c).data() for c in range(queue.columnCount())] == [
        "14:25", "FIR registration", "FIR …00000001", "waiting", "2", "with the next sync", "",
    ]  # fmt: skip
    held = OutboxModel(HELD_COLUMNS)
    held.set_rows([_item("conflict", "number_taken")], NOW)
    qtmodeltester.check(held)
    assert (
        held.index(0, HELD_COLUMNS.index(KEY_REASON))
        .data()
        .startswith("its number is already used by another record")
    )
    inbox = InboxModel()
    inbox.set_rows(
        [InboxEntry("v-1", "verification_request", "Tenant verification", "R. Khanna", "new", True, {}, NOW)]
    )
    qtmodeltester.check(inbox)
    assert inbox.index(0, COL_STATUS).data() == "New (answer not sent yet)"


def _picture(worker: WorkerStatus | None = None, **queue: object) -> SyncPicture:
    base: dict[str, object] = {
        "server_url": "https://sync.up.example.in",
        "last_sync": NOW - timedelta(minutes=5),
    }
    return SyncPicture(QueueSnapshot(**{**base, **queue}), worker, NOW)  # type: ignore[arg-type]


def test_status_bar_words() -> None:
    online = WorkerStatus(online=True)
    assert (
        status_bar_text(_picture(online, pending=3))
        == "Sync: online · 3 queued · last sync 5 min ago (14:25 IST)"
    )
    offline = WorkerStatus(online=False, next_try_at=NOW + timedelta(minutes=4), failures=2)
    assert status_bar_text(_picture(offline, pending=1)).startswith(
        "Sync: offline, next try in 4 min · 1 queued"
    )
    attention = _picture(online, quarantined=2, conflict=1)
    assert status_bar_text(attention).endswith("· 2 quarantined · 1 conflict")
    update = WorkerStatus(online=True, last_report=CycleReport(outcome=Outcome.UPDATE_REQUIRED))
    assert status_bar_text(_picture(update)).endswith("· update required")
    assert status_bar_text(_picture(None, last_outcome="auth_required")).endswith("· enrol again")
    assert status_bar_text(_picture(None, last_outcome="tls_error")).endswith("· certificate not trusted")
    skewed = _picture(online, clock_offset_ms=26 * 3600 * 1000)
    assert status_bar_text(skewed).endswith("· PC clock wrong")
    assert status_bar_text(_picture(WorkerStatus(activity=Activity.SYNCING))).startswith("Sync: syncing…")
    assert status_bar_text(_picture(online, server_url=None)) == "Sync: not enrolled · 0 queued"
    assert status_bar_text(_picture(online, last_sync=None)).endswith("last sync never")
    assert relative(NOW - timedelta(hours=3), NOW) == "3 h ago"
    assert relative(NOW - timedelta(days=3), NOW) == "3 days ago"
    assert offset_text(26 * 3600 * 1000) == "1 day 2 h behind"
    assert offset_text(-1500) == "1 s ahead of"


def test_an_untrusted_certificate_is_named_and_the_states_ca_bundle_fixes_it(
    qtbot, rig_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rig: Rig = rig_factory()
    ca_file, cert_file, key_file = state_ca_and_server_cert(tmp_path)
    server = EmbeddedServer(
        Settings(database_url=rig.server_db.url), rig.server_db, ssl_certfile=cert_file, ssl_keyfile=key_file
    ).start()
    try:
        dialog = EnrolDialog(rig.worker, rig.actor, IDENTITY)
        qtbot.addWidget(dialog)
        dialog.server.setText(server.url)
        dialog.code.setText(admin.create_station(rig.server_db, IDENTITY.station_code, IDENTITY.station_name))
        dialog.enrol_button.click()
        qtbot.waitUntil(lambda: dialog.form.error_text("ca_bundle") != "", timeout=WAIT_MS)
        assert dialog.form.error_text("ca_bundle").startswith("The state server's certificate is not trusted")
        assert "--ca-bundle" in dialog.progress.text()  # the admin hint, at full width

        dialog.ca_bundle.setText(ca_file)
        with qtbot.waitSignal(dialog.enrolled, timeout=WAIT_MS):
            dialog.enrol_button.click()
        assert dialog.reply is not None and dialog.form.error_text("ca_bundle") == ""
    finally:
        server.stop()
