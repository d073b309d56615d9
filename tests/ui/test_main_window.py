"""The desk: navigation, menus, status bar, dashboard, names for every control, idle lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from station_app.core.clock import SystemClock
from station_app.core.permissions import Role
from station_app.core.runtime import StationServices
from station_app.ui.context import Desk
from station_app.ui.dialogs.login import LoginDialog
from station_app.ui.dialogs.officer_dialog import OfficerDialog
from station_app.ui.dialogs.passwords import ChangePasswordDialog, ResetPasswordDialog
from station_app.ui.dialogs.recovery import RecoveryDialog
from station_app.ui.dialogs.setup_wizard import SetupWizard
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.main_window import MODULES, MainWindow
from station_app.ui.views.dashboard import Dashboard
from station_app.ui.views.officers import OfficersView
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.ui.conftest import RecordingMessages, add_officer, make_desk

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def _inside_qt_composite(widget: QWidget) -> bool:
    """A line edit inside a spin box, a combo's popup list, a table's corner button, a clear button."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractItemView | QLineEdit):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets without objectName or accessibleName (Qt's own sub-widgets excepted)."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or widget.objectName().startswith("qt_"):
            continue
        if _inside_qt_composite(widget):
            continue
        if not widget.objectName() or not widget.accessibleName():
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} {getattr(widget, 'text', lambda: '')()!r}"
            )
    return missing


def test_status_bar_menus_and_navigation(qtbot, sho_desk: Desk, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    assert window.officer_label.text() == f"{SHO.full_name}, {SHO.rank}"
    assert window.station_label.text() == f"{IDENTITY.station_name} ({IDENTITY.station_code})"
    assert window.sync_label.text() == "Sync: not enrolled · 0 queued"
    assert [a.text() for a in window.menuBar().actions()] == ["&Station", "&Go", "&Records", "&Help"]
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert window.sync_now_action.shortcut().toString() == "Ctrl+Shift+S"
    assert [a.shortcut().toString() for a in window.go_actions] == [
        f"Ctrl+{n}" for n in range(1, min(len(MODULES), 9) + 1)
    ]
    assert window.new_fir_action.shortcut().toString() == "Ctrl+Shift+N"
    assert isinstance(window.modules.currentWidget(), Dashboard)

    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.modules.currentWidget(), OfficersView)
    assert window.nav.currentRow() == 4
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.modules.currentWidget(), Dashboard)


def test_about_names_version_data_folder_and_log(
    sho_desk: Desk, open_window, messages: RecordingMessages
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    window.about_action.trigger()
    title, text = messages.infos[-1]
    assert title == "About Station App"
    assert str(sho_desk.data_dir.root) in text and str(sho_desk.data_dir.log_file) in text
    assert "0.1.0" in text


def test_every_control_is_named(qtbot, sho_desk: Desk, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    assert unnamed_controls(window) == []
    window.module("officers").add_action.trigger()
    dialog = window.findChild(OfficerDialog)
    assert unnamed_controls(dialog) == []


def test_dashboard_shows_station_officer_and_counts(
    sho_desk: Desk, open_window, station: StationServices
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    dashboard = window.module("home")
    texts = [w.text() for w in dashboard.findChildren(type(dashboard.audit_label))]
    assert IDENTITY.station_name in texts and IDENTITY.station_name_hi in texts
    assert any(SHO.full_name in t and "Station House Officer" in t for t in texts)
    assert dashboard.count_labels["officer"].text() == "1"
    assert dashboard.audit_label.text() == str(station.station.audit_entry_count())


def test_verify_database_runs_off_thread_and_reports(sho_desk: Desk, open_window) -> None:  # type: ignore[no-untyped-def]
    dashboard = open_window(sho_desk).module("home")
    dashboard.verify_button.click()
    assert not dashboard.verify_button.isEnabled()
    sho_desk.ops.wait_idle()
    assert dashboard.verify_button.isEnabled()
    assert dashboard.verify_result.text().startswith("The station database is intact")


def test_sho_changes_the_idle_lock_time(themed_app, sho_desk: Desk, station: StationServices, qtbot) -> None:  # type: ignore[no-untyped-def]
    watcher = IdleWatcher(themed_app)  # real minutes: the setting must reach the watcher
    window = MainWindow(sho_desk, watcher)
    qtbot.addWidget(window)
    try:
        sho_desk.ops.wait_idle()
        assert watcher.interval_ms == 10 * 60_000
        dashboard = window.module("home")
        dashboard.idle_spin.setValue(3)
        dashboard.idle_save.click()
        sho_desk.ops.wait_idle()
        assert station.station.idle_lock_minutes() == 3
        assert watcher.interval_ms == 3 * 60_000
        assert "3 minutes" in dashboard.idle_note.text()
    finally:
        window.close_for_good()


def test_sho_sets_the_station_location_for_sunset_and_sunrise(  # type: ignore[no-untyped-def]
    sho_desk: Desk, open_window, station: StationServices
) -> None:
    card = open_window(sho_desk).module("home").location_card
    sho_desk.ops.wait_idle()
    assert "Not set" in card.note.text() and "Uttar Pradesh" in card.note.text()
    assert card.latitude.text() == "—" and card.longitude.text() == "—"  # not a position in the sea
    card.latitude.setValue(26.8467)
    card.save.click()  # the longitude still unset: refused at the card, nothing saved
    sho_desk.ops.wait_idle()
    assert "longitude" in card.error.text() and station.station.coordinates() is None
    card.longitude.setValue(80.9462)
    card.save.click()
    sho_desk.ops.wait_idle()
    assert station.station.coordinates() == (26.8467, 80.9462)
    assert "26.8467° N, 80.9462° E" in card.note.text()


# --- the lock -------------------------------------------------------------------------------------


def test_idle_lock_covers_the_desk_and_keeps_typed_text(qtbot, themed_app, sho_desk: Desk) -> None:  # type: ignore[no-untyped-def]
    watcher = IdleWatcher(themed_app, interval_ms_override=300)
    window = MainWindow(sho_desk, watcher)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        sho_desk.ops.wait_idle()
        window.show_module("officers")
        view = window.module("officers")
        qtbot.keyClicks(view.filter_edit, "singh")
        assert not window.locked  # typing keeps the desk awake

        qtbot.waitUntil(lambda: window.locked, timeout=5000)
        assert window.desk_stack.currentWidget() is window.lock_screen
        assert not view.isVisible() and window.lock_screen.isVisible()
        assert not window.lock_action.isEnabled() and not window.go_actions[0].isEnabled()
        assert not watcher.active

        lock = window.lock_screen
        qtbot.keyClicks(lock.password, "not-my-password")
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
        sho_desk.ops.wait_idle()
        assert window.locked
        assert lock.error.text() == "The password is not correct."

        qtbot.keyClicks(lock.password, SHO_PASSWORD)
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
        sho_desk.ops.wait_idle()
        watcher.stop()  # keep it from locking again while we look
        assert not window.locked
        assert view.isVisible()
        assert view.filter_edit.text() == "singh"  # the half-done work is still there
        assert view.proxy.rowCount() == 1
        assert window.lock_action.isEnabled()
    finally:
        window.close_for_good()


def test_open_dialog_survives_the_lock(qtbot, sho_desk: Desk, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    window.module("officers").add_action.trigger()
    dialog = window.findChild(OfficerDialog)
    qtbot.keyClicks(dialog.full_name, "Half typed name")
    window.lock_action.trigger()
    assert window.locked and not dialog.isVisible()
    qtbot.keyClicks(window.lock_screen.password, SHO_PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    sho_desk.ops.wait_idle()
    assert not window.locked
    assert dialog.isVisible() and dialog.full_name.text() == "Half typed name"


def test_five_wrong_passwords_leave_only_sign_out(
    qtbot, data_dir, station: StationServices, sho, ops, events, messages, open_window
) -> None:  # type: ignore[no-untyped-def]
    officer = add_officer(station, sho, "si.meena", Role.INVESTIGATING_OFFICER, "Meena Kumari Yadav")
    window = open_window(make_desk(data_dir, station, officer, ops, events, messages))
    window.lock()
    lock = window.lock_screen
    for attempt in range(5):
        qtbot.keyClicks(lock.password, f"wrong-{attempt}-x")
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
        ops.wait_idle()
    assert "locked" in lock.error.text()
    assert lock.account_locked
    assert not lock.password.isVisible() and not lock.unlock_button.isVisible()
    assert lock.sign_out_button.isVisible() and lock.sign_out_button.isDefault()
    with qtbot.waitSignal(window.sign_out_requested, timeout=2000):
        qtbot.mouseClick(lock.sign_out_button, Qt.MouseButton.LeftButton)


def test_closing_the_window_asks_the_composition_root(qtbot, sho_desk: Desk, open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window(sho_desk)
    with qtbot.waitSignal(window.quit_requested, timeout=1000):
        window.close()
    assert window.isVisible()


def test_dialogs_name_every_control(  # type: ignore[no-untyped-def]
    qtbot, station: StationServices, sho, ops, messages, keystore, data_dir
) -> None:
    officer = station.accounts.list_officers(sho)[0]
    dialogs = [
        SetupWizard(data_dir, keystore, SystemClock(), ops, messages),
        LoginDialog(IDENTITY, station.accounts, ops),
        RecoveryDialog(data_dir, keystore, SystemClock(), ops),
        ChangePasswordDialog(sho, station.accounts, ops, forced=True),
        ResetPasswordDialog(sho, officer, station.accounts, ops),
        OfficerDialog(sho, station.accounts, ops, officer),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert unnamed_controls(dialog) == [], type(dialog).__name__


def test_every_module_fits_the_1024_pixel_screen_of_an_old_station_pc(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, open_window
) -> None:
    window = open_window(sho_desk)
    assert "digitise" in window.module_widgets and "register" in window.module_widgets
    too_wide = {n: w.minimumSizeHint().width() for n, w in window.module_widgets.items()}
    assert window.minimumSizeHint().width() <= 1000, too_wide  # 1024 less the window frame
