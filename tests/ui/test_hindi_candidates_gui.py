"""The candidate list of Hindi typing: three spellings under the field while a word is typed, Down/Up
choose, Space and Enter accept, Escape closes; the focus never leaves the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from station_app.ui.hindi_input import HindiTyping


def _field(qtbot):  # type: ignore[no-untyped-def]
    window = QWidget()
    layout = QVBoxLayout(window)
    edit = QLineEdit()
    layout.addWidget(edit)
    qtbot.addWidget(window)
    typing = HindiTyping(window)
    typing.attach(edit)
    typing.set_enabled(True)
    window.show()
    qtbot.waitExposed(window)
    edit.setFocus()
    return window, edit, typing


def test_candidates_are_listed_and_chosen_with_arrow_keys(qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, edit, typing = _field(qtbot)
    qtbot.keyClicks(edit, "aminabad")
    assert edit.text() == "अमीनाबाद"
    assert typing.popup.isVisible() and len(typing.popup.candidates()) == 3
    assert typing.popup.candidates()[0] == "अमीनाबाद" and typing.popup.chosen() == 0
    second = typing.popup.candidates()[1]
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.text() == second and typing.popup.chosen() == 1
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "अमीनाबाद"
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # wraps round to the last
    assert edit.text() == typing.popup.candidates()[2]
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # accepts the chosen one, the word is done
    assert not typing.popup.isVisible()
    accepted = edit.text()
    qtbot.keyClicks(edit, " lucknow ")  # Space accepts the top one and is typed
    assert edit.text() == accepted + " लखनऊ "
    assert not typing.popup.isVisible() and not typing.popup.hasFocus()


def test_escape_closes_the_list_and_keeps_the_word(qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, edit, typing = _field(qtbot)
    qtbot.keyClicks(edit, "mohd khan")
    assert edit.text() == "मोहम्मद ख़ान" and typing.popup.isVisible()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not typing.popup.isVisible() and edit.text() == "मोहम्मद ख़ान"
    qtbot.keyClick(edit, Qt.Key.Key_Down)  # no word being typed: the arrow key is the field's
    assert edit.text() == "मोहम्मद ख़ान"


def test_mixed_script_is_kept_as_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    _window, edit, _typing = _field(qtbot)
    edit.setText("थाना ")
    edit.end(False)
    qtbot.keyClicks(edit, "hazratganj")
    assert edit.text() == "थाना हज़रतगंज"
