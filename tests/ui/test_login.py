"""Sign-in: inline messages for wrong passwords and the lockout after five."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from station_app.core.permissions import Role
from station_app.core.runtime import StationServices
from station_app.ui.dialogs.login import LoginDialog
from station_app.ui.ops import OpRunner
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD


def _dialog(qtbot, station: StationServices, ops: OpRunner, identity=IDENTITY) -> LoginDialog:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(identity, station.accounts, ops)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _sign_in(qtbot, dialog: LoginDialog, ops: OpRunner, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # the default button: Sign in
    ops.wait_idle()


def test_shows_the_station_in_both_languages(qtbot, station: StationServices, ops: OpRunner) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, station, ops)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert IDENTITY.station_name in texts and IDENTITY.station_name_hi in texts
    assert dialog.findChild(QLabel, "trainingBanner") is None
    assert dialog.sign_in.isDefault()


def test_training_station_shows_a_banner(qtbot, station: StationServices, ops: OpRunner) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, station, ops, replace(IDENTITY, training=True))
    banner = dialog.findChild(QLabel, "trainingBanner")
    assert banner is not None and "TRAINING" in banner.text()


def test_wrong_password_then_lockout_on_the_fifth(qtbot, station: StationServices, ops: OpRunner) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, station, ops)
    for attempt in range(1, 5):
        _sign_in(qtbot, dialog, ops, SHO.username, f"wrong-{attempt}")
        assert dialog.error_text == "The user name or password is not correct.", attempt
        assert dialog.password.text() == ""
        assert dialog.actor is None and dialog.isVisible()
    _sign_in(qtbot, dialog, ops, SHO.username, "wrong-5")
    assert "locked for 15 minutes" in dialog.error_text
    # Even the right password is refused now, with the time left.
    _sign_in(qtbot, dialog, ops, SHO.username, SHO_PASSWORD)
    assert "This account is locked" in dialog.error_text
    assert dialog.actor is None


def test_unknown_user_gets_the_same_message(qtbot, station: StationServices, ops: OpRunner) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, station, ops)
    _sign_in(qtbot, dialog, ops, "nobody", "whatever-1")
    assert dialog.error_text == "The user name or password is not correct."


def test_empty_fields_are_caught_before_any_work(qtbot, station: StationServices, ops: OpRunner) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, station, ops)
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    assert not ops.busy
    assert dialog.error_text == "Type your user name and password."


def test_right_password_signs_in(qtbot, station: StationServices, ops: OpRunner) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, station, ops)
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as signal:
        _sign_in(qtbot, dialog, ops, "  SHO.Singh ", SHO_PASSWORD)
    actor = signal.args[0]
    assert actor.username == SHO.username and actor.role is Role.SHO
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.password.text() == ""
