"""The backup card, Back up to a drive, Station → Restore (over the desk and from the wizard on a new
computer) and Help → Install update from file, with real stations and a throwaway publisher key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from station_app.app import StationGui
from station_app.core.clock import SystemClock
from station_app.core.errors import BackupFromOtherStationError
from station_app.core.identity import StationIdentity
from station_app.core.keys import InsecureFileKeyStore, KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import SetupOutcome, StationServices, set_up_station
from station_app.core.updates import make_bundle
from station_app.sign_update import public_key_text
from station_app.ui.context import Desk
from station_app.ui.dialogs.backup_dialogs import BackupToDriveDialog, RestoreRequest
from station_app.ui.dialogs.update_dialog import UpdateDialog
from station_app.ui.ops import OpRunner
from station_app.ui.views.dashboard import Dashboard
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.ui.conftest import NEVER_MS, RecordingMessages, add_officer, make_desk


def test_the_dashboard_warns_when_there_is_no_backup(open_window, sho_desk: Desk) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    home = window.module("home")
    assert isinstance(home, Dashboard)
    assert "No backup has been made yet" in home.backup_card.last_label.text()
    assert home.backup_card.last_label.property("role") == "error"
    sho_desk.services.backups.backup_now()
    home.backup_card.refresh()
    sho_desk.ops.wait_idle()
    assert home.backup_card.last_label.text().startswith("Last good backup:")
    assert home.backup_card.last_label.property("role") == "ok"


def test_backup_to_a_drive_with_progress(qtbot, sho_desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = BackupToDriveDialog(sho_desk)
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(usb))
    assert "MB free" in dialog.space_label.text()
    dialog.start_button.click()
    sho_desk.ops.wait_idle(30_000)
    QCoreApplication.processEvents()
    assert "written and checked" in dialog.result_label.text()
    assert dialog.progress_bar.value() == 100
    assert dialog.result_path is not None and dialog.result_path.exists()

    dialog.folder_edit.setText(str(tmp_path / "pulled-out"))
    assert "not there" in dialog.space_label.text()
    dialog.start_button.click()
    sho_desk.ops.wait_idle(30_000)
    assert "is not there" in dialog.result_label.text() and dialog.result_label.property("role") == "error"


def test_a_viewer_is_offered_no_backup_restore_or_update(  # type: ignore[no-untyped-def]
    open_window,
    data_dir: DataDir,
    station: StationServices,
    sho: Actor,
    ops: OpRunner,
    events,
    messages: RecordingMessages,
) -> None:
    viewer = add_officer(station, sho, "viewer.one", Role.VIEWER)
    window = open_window(make_desk(data_dir, station, viewer, ops, events, messages))
    m = window.maintenance
    assert (
        not m.backup_action.isEnabled()
        and not m.restore_action.isEnabled()
        and not m.update_action.isEnabled()
    )
    window.lock()
    window.unlock()
    assert not m.backup_action.isEnabled()  # unlocking turns on only what the role may use
    assert not window.module("home").backup_card.drive_button.isVisibleTo(window)


# --- updates -------------------------------------------------------------------------------------


def test_install_update_from_file(qtbot, ops: OpRunner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    publisher = Ed25519PrivateKey.generate()
    package = tmp_path / "station-app_9.0.0_amd64.deb"
    package.write_bytes(b"a debian package" * 1000)
    bundle = tmp_path / "station-app_9.0.0.update"
    make_bundle(package, bundle, publisher, version="9.0.0", released_at="2026-12-05",
                release_notes="New: restore.", platform="debian-amd64")  # fmt: skip
    handed: list[Path] = []
    dialog = UpdateDialog(ops, (public_key_text(publisher),), handed.append)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(bundle))
    dialog.check_button.click()
    ops.wait_idle()
    assert dialog.install_button.isEnabled() and "New: restore." in dialog.notes.toPlainText()
    assert dialog.version_label.text().startswith("9.0.0")
    dialog.install_button.click()
    ops.wait_idle()
    assert len(handed) == 1 and handed[0].read_bytes() == package.read_bytes()

    data = bytearray(bundle.read_bytes())
    data[100] ^= 0x01
    tampered = tmp_path / "tampered.update"
    tampered.write_bytes(bytes(data))
    dialog.file_edit.setText(str(tampered))
    assert not dialog.install_button.isEnabled()
    dialog.check_button.click()
    ops.wait_idle()
    assert "not a genuine" in dialog.status_label.text() and not dialog.install_button.isEnabled()

    older = tmp_path / "old.update"
    make_bundle(package, older, publisher, version="0.0.1", released_at="2020-01-01", release_notes="",
                platform="debian-amd64")  # fmt: skip
    dialog.file_edit.setText(str(older))
    dialog.check_button.click()
    ops.wait_idle()
    assert "Only a newer version" in dialog.status_label.text() and not dialog.install_button.isEnabled()
    assert len(handed) == 1


# --- restore through the composition root ---------------------------------------------------------


@pytest.fixture
def make_gui(themed_app: QApplication, data_dir: DataDir, keystore: KeyStore, messages: RecordingMessages) -> Iterator[object]:  # type: ignore[no-untyped-def]  # fmt: skip
    made: list[StationGui] = []

    def build(keystore_factory=lambda: keystore) -> StationGui:  # type: ignore[no-untyped-def]
        gui = StationGui(themed_app, data_dir, SystemClock(), messages, keystore_factory=keystore_factory,
                         idle_ms_override=NEVER_MS, exit_app=lambda _code: None)  # fmt: skip
        made.append(gui)
        return gui

    yield build
    for gui in made:
        gui.ops.wait_idle(30_000)
        if gui.window is not None:
            gui.window.close_for_good()
            gui.window.deleteLater()
        for dialog in (gui.wizard, gui.login_dialog, gui.restore_dialog):
            if dialog is not None:
                dialog.hide()
        gui.ops.wait_idle()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gui.shutdown()


def _sign_in(qtbot, gui: StationGui) -> None:  # type: ignore[no-untyped-def]
    gui.ops.wait_idle(30_000)
    dialog = gui.login_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.username, SHO.username)
    qtbot.keyClicks(dialog.password, SHO_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    gui.ops.wait_idle(30_000)
    assert gui.window is not None


def test_file_restore_replaces_the_station_and_opens_it_again(  # type: ignore[no-untyped-def]
    qtbot,
    make_gui,
    closed_station: SetupOutcome,
    messages: RecordingMessages,
    tmp_path: Path,
    keystore: KeyStore,
) -> None:
    gui = make_gui()
    gui.start()
    _sign_in(qtbot, gui)
    assert gui.services is not None
    backup = gui.services.backups.status().last_good  # the daily backup made when the station opened
    assert backup is not None
    counts = gui.services.station.counts()
    sho = gui.services.accounts.login(SHO.username, SHO_PASSWORD)
    gui.services.diary.add_entry(sho, {"kind": "departure", "entry_at": SystemClock().now().isoformat(),
                                       "subject": "After the backup", "details": "-"})  # fmt: skip

    other_dir = DataDir(tmp_path / "aliganj")
    other = set_up_station(other_dir, keystore, SystemClock(),
                           StationIdentity("Uttar Pradesh", "Lucknow", "Aliganj", "अलीगंज", "UP-LKO-0007"),
                           SHO, SHO_PASSWORD)  # fmt: skip
    other_backup = other.services.backups.backup_now()
    other.services.close()
    gui.window.restore_requested.emit(RestoreRequest(other_backup, other.recovery_key))
    gui.ops.wait_idle(30_000)
    assert isinstance(messages.errors[-1], BackupFromOtherStationError)
    assert gui.window is None and gui.login_dialog is not None and gui.login_dialog.isVisible()

    _sign_in(qtbot, gui)  # the station as it was, with the entry written after the backup
    assert gui.services is not None and gui.services.station.counts()["gd_entry"] == counts["gd_entry"] + 1
    gui.window.restore_requested.emit(RestoreRequest(backup.path, None))
    gui.ops.wait_idle(30_000)
    assert messages.infos[-1][0] == "Restore finished" and "intact" in messages.infos[-1][1]
    assert gui.last_restore is not None and gui.last_restore.safety_copy is not None
    assert gui.login_dialog is not None and gui.login_dialog.isVisible()
    assert gui.services is not None and gui.services.station.counts() == gui.last_restore.counts
    assert gui.services.station.counts()["gd_entry"] == counts["gd_entry"]


def test_a_new_computer_restores_from_the_wizard(  # type: ignore[no-untyped-def]
    make_gui, messages: RecordingMessages, tmp_path: Path
) -> None:
    old_keys = InsecureFileKeyStore(tmp_path / "old-keyring.json")
    old = set_up_station(DataDir(tmp_path / "old"), old_keys, SystemClock(), IDENTITY, SHO, SHO_PASSWORD)
    backup = old.services.backups.backup_now()
    old.services.close()

    gui = make_gui()  # an empty data folder and an empty key store
    gui.start()
    assert gui.wizard is not None
    gui._restore_from_wizard(0)
    assert gui.restore_dialog is not None
    gui.restore_dialog.file_edit.setText(str(backup))
    gui.restore_dialog.restore_button.click()
    gui.ops.wait_idle(30_000)
    assert messages.errors and "recovery key" in messages.errors[-1].message  # asked for the sheet
    assert gui.wizard is not None
    gui.restore_dialog.key_edit.setText(old.recovery_key)
    gui.restore_dialog.restore_button.click()
    gui.ops.wait_idle(30_000)
    gui.ops.wait_idle(30_000)
    assert gui.wizard is None and messages.infos[-1][0] == "Restore finished"
    assert gui.login_dialog is not None and gui.login_dialog.isVisible()
