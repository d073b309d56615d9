"""Desks for the digitising tests: data-entry operators and a viewer on a real encrypted station,
and keyboard helpers for the entry form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices
from station_app.ui.context import Desk
from station_app.ui.events import AppEvents
from station_app.ui.main_window import MainWindow
from station_app.ui.ops import OpRunner
from station_app.ui.views.digitise_view import DigitiseView
from tests.ui.conftest import RecordingMessages, add_officer, make_desk
from tests.ui.fir_helpers import wait_active
from tests.ui.keys import focused

TAB = Qt.Key.Key_Tab


def operator_desk(  # type: ignore[no-untyped-def]
    data_dir: DataDir,
    station: StationServices,
    sho: Actor,
    ops: OpRunner,
    events: AppEvents,
    messages: RecordingMessages,
    username: str = "deo.asha",
    full_name: str = "Asha Rani",
    role: Role = Role.DATA_ENTRY,
) -> Desk:
    actor = add_officer(station, sho, username, role, full_name)
    return make_desk(data_dir, station, actor, ops, events, messages)


def open_digitise(qtbot, open_window, desk: Desk) -> tuple[MainWindow, DigitiseView]:  # type: ignore[no-untyped-def]
    """The desk's window with the Digitise module up, chosen by its keyboard shortcut (Ctrl+9)."""
    window = open_window(desk)
    wait_active(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    view = window.module("digitise")
    assert isinstance(view, DigitiseView) and window.modules.currentWidget() is view
    desk.ops.wait_idle()
    return window, view


def keys(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type Latin text where the focus is, as key presses (QTest sends each as its key code)."""
    qtbot.keyClicks(focused(), text)


def tab(qtbot, times: int = 1) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        qtbot.keyClick(focused(), TAB)


def enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def app_focus_name() -> str:
    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else ""


def alt(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """A button's Alt+letter: Qt presses the button and clicks it a moment later (animateClick)."""
    qtbot.keyClick(focused(), key, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(150)
