"""Qt warnings fail tests: the session-wide message handler of tests/conftest.py."""

from __future__ import annotations

from PySide6.QtCore import QObject, qCritical, qWarning

from tests.conftest import QT_MESSAGES


def test_a_qt_warning_is_recorded_against_the_test() -> None:
    qWarning("QObject::connect: No such signal Desk::nothing()")
    qCritical("a critical message")
    found = QT_MESSAGES.take()  # taken here so that this test itself passes
    assert len(found) == 2
    assert "No such signal" in found[0] and found[0].startswith("QtWarningMsg")
    assert found[1].startswith("QtCriticalMsg")


def test_a_real_qt_warning_from_a_mistake_is_caught() -> None:
    obj = QObject()
    obj.startTimer(-5)  # Qt warns: "QObject::startTimer: Timers cannot have negative intervals"
    found = QT_MESSAGES.take()
    assert any("negative" in m for m in found), found


def test_the_offscreen_platform_notes_on_the_allow_list_are_not_recorded() -> None:
    qWarning("This plugin does not support propagateSizeHints()")
    assert QT_MESSAGES.take() == []
