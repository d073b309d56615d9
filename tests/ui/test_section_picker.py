"""The acts-and-sections picker: completion by number or words on the date of occurrence, Enter to
add, Delete to remove, and the law master's message live for a section of the wrong code."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from forms.law_master import LawMaster, SectionRef
from forms.schema import load_form
from station_app.ui.forms.section_picker import SectionPicker
from tests.ui.fir_helpers import type_text


@pytest.fixture(scope="module")
def laws() -> LawMaster:
    return LawMaster.load()


@pytest.fixture
def picker(qtbot, laws: LawMaster) -> SectionPicker:  # type: ignore[no-untyped-def]
    widget = SectionPicker(load_form("iif1_fir").field("acts_sections"), laws)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_302_on_a_2025_date_completes_to_bns_103_1_with_ipc_302_beside_it(
    qtbot, picker: SectionPicker
) -> None:  # type: ignore[no-untyped-def]
    picker.set_occurrence_date(date(2025, 3, 14))
    qtbot.keyClicks(picker.input, "302")
    texts = picker.suggestion_texts()
    assert "BNS 103(1) Murder / हत्या — IPC 302" in texts
    # IPC 302 itself is offered too, marked as not in force on that date (and listed after).
    stale = next(t for t in texts if t.startswith("IPC 302 "))
    assert "not in force on 14-03-2025" in stale
    assert texts.index("BNS 103(1) Murder / हत्या — IPC 302") < texts.index(stale)
    target = texts.index("BNS 103(1) Murder / हत्या — IPC 302")
    for _ in range(target):
        qtbot.keyClick(picker.input, Qt.Key.Key_Down)
    qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert picker.value() == [{"act": "BNS", "section": "103(1)"}]
    assert picker.input.text() == "" and not picker.suggestions.isVisible()
    assert picker.rows.item(0).text() == "BNS 103(1) — Murder / हत्या  (IPC 302)"
    assert not picker.law_note.isVisible()


@pytest.mark.parametrize("typed", ["103", "murder", "हत्या"])
def test_number_or_words_put_murder_first(qtbot, picker: SectionPicker, typed: str) -> None:  # type: ignore[no-untyped-def]
    picker.set_occurrence_date(date(2025, 3, 14))
    type_text(picker.input, typed)
    assert picker.suggestion_texts()[0] == "BNS 103(1) Murder / हत्या — IPC 302"
    qtbot.keyClick(picker.input, Qt.Key.Key_Return)  # Enter takes the highlighted (first) suggestion
    assert picker.value() == [{"act": "BNS", "section": "103(1)"}]


def test_a_wrong_code_section_gets_the_law_masters_message_live(qtbot, picker: SectionPicker) -> None:  # type: ignore[no-untyped-def]
    picker.set_occurrence_date(date(2024, 6, 30))
    picker.add(SectionRef("BNS", "103(1)"))
    assert picker.law_note.isVisible()
    assert "use IPC 302 (Murder)" in picker.law_note.text()
    picker.set_occurrence_date(date(2024, 7, 1))  # the new code is in force from this day
    assert not picker.law_note.isVisible()
    qtbot.keyClicks(picker.input, "IPC 379")
    picker.suggestions.hide()  # Enter on a fully typed "act section" adds it as it stands
    qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert "use BNS 303(2) (Theft)" in picker.law_note.text()
    picker.rows.setFocus()
    picker.rows.setCurrentRow(1)
    qtbot.keyClick(picker.rows, Qt.Key.Key_Delete)
    assert picker.value() == [{"act": "BNS", "section": "103(1)"}]
    assert not picker.law_note.isVisible()


def test_the_same_section_twice_is_refused(qtbot, picker: SectionPicker) -> None:  # type: ignore[no-untyped-def]
    picker.set_occurrence_date(date(2026, 1, 5))
    for _ in range(2):
        qtbot.keyClicks(picker.input, "303(2)")
        qtbot.keyClick(picker.input, Qt.Key.Key_Return)
    assert picker.value() == [{"act": "BNS", "section": "303(2)"}]
    assert picker.law_note.text() == "BNS 303(2) is already listed."
