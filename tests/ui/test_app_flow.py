"""The composition root's flow: start-up, recovery of a lost key, sign-in, forced password change,
sign-out, and fatal storage errors shown as dialogs with their exit codes."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel

from station_app.app import StationGui
from station_app.core.clock import SystemClock
from station_app.core.errors import CorruptDatabaseError, InsecureKeyringError, MissingKeyError
from station_app.core.keys import KeyMetadata, KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.core.runtime import SetupOutcome
from station_app.core.services.accounts import NewOfficer
from station_app.ui.sync_worker import Activity
from tests.conftest import SHO, SHO_PASSWORD
from tests.ui.conftest import NEVER_MS, OFFICER_PASSWORD, RecordingMessages


@pytest.fixture
def exits() -> list[int]:
    return []


@pytest.fixture
def make_gui(
    themed_app: QApplication,
    data_dir: DataDir,
    keystore: KeyStore,
    messages: RecordingMessages,
    exits: list[int],
) -> Iterator[object]:  # type: ignore[no-untyped-def]
    made: list[StationGui] = []

    def build(keystore_factory=lambda: keystore) -> StationGui:  # type: ignore[no-untyped-def]
        gui = StationGui(
            themed_app,
            data_dir,
            SystemClock(),
            messages,
            keystore_factory=keystore_factory,
            idle_ms_override=NEVER_MS,
            exit_app=exits.append,
        )
        made.append(gui)
        return gui

    yield build
    for gui in made:
        gui.ops.wait_idle()
        if gui.window is not None:
            gui.window.close_for_good()
            gui.window.deleteLater()  # with its timers, before its op runner shuts down
        for dialog in (gui.wizard, gui.login_dialog, gui.recovery_dialog, gui.password_dialog):
            if dialog is not None:
                dialog.hide()  # not close(): rejecting would run the app's own answer to it
        gui.ops.wait_idle()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if gui.wizard is not None and gui.wizard.outcome is not None and gui.services is None:
            gui.wizard.outcome.services.close()
        gui.shutdown()


def _sign_in(qtbot, gui: StationGui, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog = gui.login_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    gui.ops.wait_idle()


def test_empty_data_folder_starts_the_wizard(make_gui, exits: list[int]) -> None:  # type: ignore[no-untyped-def]
    gui = make_gui()
    gui.start()
    assert gui.wizard is not None and gui.wizard.isVisible()
    gui.wizard.reject()
    assert exits == [0]


def test_sign_in_opens_the_desk_and_sign_out_returns_to_login(
    qtbot, make_gui, closed_station: SetupOutcome, exits: list[int]
) -> None:  # type: ignore[no-untyped-def]
    gui = make_gui()
    gui.start()
    gui.ops.wait_idle()
    assert gui.wizard is None
    _sign_in(qtbot, gui, SHO.username, SHO_PASSWORD)
    assert gui.window is not None and gui.window.isVisible()
    assert not gui.login_dialog.isVisible()
    assert gui.window.officer_label.text() == f"{SHO.full_name}, {SHO.rank}"

    first_login = gui.login_dialog
    gui.window.sign_out_action.trigger()
    assert gui.window is None
    assert gui.login_dialog is not first_login and gui.login_dialog.isVisible()
    gui.login_dialog.reject()
    assert exits == [0]


def test_the_sync_thread_stops_on_sign_out_and_on_quit(
    qtbot, make_gui, closed_station: SetupOutcome, exits: list[int]
) -> None:  # type: ignore[no-untyped-def]
    gui = make_gui()
    gui.start()
    gui.ops.wait_idle()
    _sign_in(qtbot, gui, SHO.username, SHO_PASSWORD)
    first = gui.sync_worker
    assert first is not None and first.running
    # Not enrolled: the first cycle says so, and the status bar with it.
    qtbot.waitUntil(lambda: first.status.last_report is not None)
    assert gui.window.sync_label.text() == "Sync: not enrolled · 0 queued"

    gui.window.sign_out_action.trigger()
    assert gui.sync_worker is None and not first.running
    assert first.status.activity is Activity.STOPPED
    _sign_in(qtbot, gui, SHO.username, SHO_PASSWORD)
    second = gui.sync_worker
    assert second is not None and second is not first and second.running

    gui.window.quit_action.trigger()
    assert exits == [0] and not second.running
    assert [t for t in threading.enumerate() if t.name == "station-sync"] == []


def test_officer_with_a_given_password_must_change_it(  # type: ignore[no-untyped-def]
    qtbot, make_gui, closed_station: SetupOutcome, messages: RecordingMessages
) -> None:
    gui = make_gui()
    gui.start()
    gui.ops.wait_idle()
    services = gui.services
    sho = services.accounts.login(SHO.username, SHO_PASSWORD)
    services.accounts.create_officer(
        sho,
        NewOfficer("hc.ansari", "Salim Ansari", "Head Constable", "HC-889", Role.DATA_ENTRY),
        OFFICER_PASSWORD,
    )

    _sign_in(qtbot, gui, "hc.ansari", OFFICER_PASSWORD)
    assert gui.window is None
    dialog = gui.password_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(QLabel, "forcedNote") is not None
    qtbot.keyClicks(dialog.old, OFFICER_PASSWORD)
    qtbot.keyClicks(dialog.new, "my-own-secret-9")
    qtbot.keyClicks(dialog.again, "my-own-secret-9")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    gui.ops.wait_idle()
    assert gui.window is not None and gui.window.isVisible()
    assert not services.accounts.must_change_password(services.accounts.login("hc.ansari", "my-own-secret-9"))
    # The desk works as the officer after the change: the services refuse the sign-in's own actor.
    gui.window.show_module("diary")
    gui.ops.wait_idle()
    assert messages.errors == []


def test_missing_key_offers_recovery_with_the_recovery_key(
    qtbot,
    make_gui,
    closed_station: SetupOutcome,
    data_dir: DataDir,
    keystore: KeyStore,
    messages: RecordingMessages,
) -> None:  # type: ignore[no-untyped-def]
    keystore.delete(KeyMetadata.read(data_dir.key_metadata).keyring_name)
    gui = make_gui()
    gui.start()
    gui.ops.wait_idle()
    assert [type(e) for e in messages.recovery_offers] == [MissingKeyError]
    dialog = gui.recovery_dialog
    assert dialog is not None and dialog.isVisible()

    qtbot.keyClicks(dialog.key_edit, "AAAA-BBBB")
    qtbot.mouseClick(dialog.recover, Qt.MouseButton.LeftButton)
    gui.ops.wait_idle()
    assert "40 letters and digits" in dialog.error.text()
    assert gui.login_dialog is None

    dialog.key_edit.clear()
    qtbot.keyClicks(dialog.key_edit, closed_station.recovery_key.lower().replace("-", " "))
    qtbot.mouseClick(dialog.recover, Qt.MouseButton.LeftButton)
    gui.ops.wait_idle()
    assert gui.login_dialog is not None and gui.login_dialog.isVisible()
    _sign_in(qtbot, gui, SHO.username, SHO_PASSWORD)
    assert gui.window is not None


def test_declining_recovery_exits_with_the_error_code(
    make_gui,
    closed_station: SetupOutcome,
    data_dir: DataDir,
    keystore: KeyStore,
    messages: RecordingMessages,
    exits: list[int],
) -> None:  # type: ignore[no-untyped-def]
    keystore.delete(KeyMetadata.read(data_dir.key_metadata).keyring_name)
    messages.recover_answer = False
    gui = make_gui()
    gui.start()
    gui.ops.wait_idle()
    assert exits == [MissingKeyError.exit_code]


def test_damaged_database_is_a_dialog_and_an_exit_code(
    make_gui, closed_station: SetupOutcome, data_dir: DataDir, messages: RecordingMessages, exits: list[int]
) -> None:  # type: ignore[no-untyped-def]
    data_dir.database.write_bytes(data_dir.database.read_bytes()[:5000])  # cut short, as by a failed copy
    gui = make_gui()
    gui.start()
    gui.ops.wait_idle()
    assert [type(e) for e in messages.errors] == [CorruptDatabaseError]
    assert messages.errors[0].hint  # the part for the district IT admin
    assert exits == [CorruptDatabaseError.exit_code]


def test_no_secure_keyring_is_a_dialog_and_an_exit_code(
    make_gui, messages: RecordingMessages, exits: list[int]
) -> None:  # type: ignore[no-untyped-def]
    def refuse() -> KeyStore:
        raise InsecureKeyringError("no secure key store", "install GNOME Keyring")

    gui = make_gui(keystore_factory=refuse)
    gui.start()
    assert [e.hint for e in messages.errors] == ["install GNOME Keyring"]
    assert exits == [InsecureKeyringError.exit_code]
