"""Keyboard-first digitising: a paper FIR keyed in with Tab and Enter only, found in the register
under its own number; the next record with what repeats carried forward; the wrong code of law at
its field; a number the register already has, while typing; Hindi typing; scanned pages; viewers."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar, QTabBar, QWidget

from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices
from station_app.core.services.fir_register import RegisterQuery
from station_app.ui.events import AppEvents
from station_app.ui.hindi_input import OFF_TEXT, ON_TEXT
from station_app.ui.ops import OpRunner
from station_app.ui.views.digitise_view import DigitiseView
from station_app.ui.views.fir_register import FirRegisterView
from tests.fixtures.import_files import FIR_ROW, row
from tests.ui.conftest import RecordingMessages, make_desk
from tests.ui.digitise_rig import enter, keys, open_digitise, operator_desk, tab
from tests.ui.keys import focused, tab_to, unnamed_controls

PDF_SCAN = b"%PDF-1.4\n% register page\n" + bytes(range(256)) * 8


def test_a_paper_fir_keyed_in_with_tab_and_enter_only(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    window, view = open_digitise(qtbot, open_window, desk)
    form = view.form("fir")
    keys_in_order = list(form.spec.keys)
    assert focused().objectName() == keys_in_order[0]  # the first column of the paper register
    for key in keys_in_order:
        assert focused().objectName() == key, f"Tab reached {focused().objectName()} before {key}"
        if FIR_ROW[key]:
            keys(qtbot, FIR_ROW[key])
        if key == "acts_sections":
            enter(qtbot)  # "IPC 379, 411" becomes two rows; Tab then passes the rows and the Remove button
            assert [str(r) for r in form.field(key).picker.refs()] == ["IPC 379", "IPC 411"]  # type: ignore[union-attr]
            tab(qtbot, 3)
        elif key != keys_in_order[-1]:
            tab(qtbot)
    enter(qtbot)  # on the last field (page): saves
    desk.ops.wait_idle()

    assert messages.errors == [] and form.general_error.text() == ""
    record = station.firs.find(sho, 2019, 12)
    assert (record.summary.fir_no, record.summary.source, record.summary.complainant_name) == (
        "0012/2019", "legacy", "Ram Lal",
    )  # fmt: skip
    assert (
        record.content is not None
        and record.content["legacy"]["source_reference"] == "FIR register, vol. 3, p. 118"
    )
    assert form.status.text().startswith("Saved FIR 0012/2019 (FIR register, vol. 3, p. 118).")

    # The next blank record, with what repeats carried forward, the focus on its number.
    values = form.values()
    assert {k: values[k] for k in ("fir_number", "fir_year", "register", "volume", "page", "original_officer")} == {
        "fir_number": "13", "fir_year": "2019", "register": "FIR register", "volume": "3", "page": "119",
        "original_officer": "SI R. K. Verma",
    }  # fmt: skip
    assert all(values[k] == "" for k in ("registered_on", "acts_sections", "complainant_name", "brief_facts"))
    assert focused() is form.field("fir_number").control

    # In the register under its original number, marked as digitised.
    qtbot.keyClick(focused(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    register = window.module("register")
    assert isinstance(register, FirRegisterView) and window.modules.currentWidget() is register
    desk.ops.wait_idle()
    qtbot.waitUntil(lambda: register.model.rowCount() == 1)
    cells = [register.model.index(0, c).data() for c in range(register.model.columnCount())]
    assert cells[0] == "0012/2019" and cells[-1] == "Digitised" and "Ram Lal" in cells
    assert unnamed_controls(view) == []


def test_the_wrong_code_of_law_is_shown_at_its_field(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    _window, view = open_digitise(qtbot, open_window, desk)
    form = view.form("fir")
    form.set_values(row("fir", acts_sections="BNS 303(2)"))
    picker = form.field("acts_sections").picker
    assert picker is not None and [str(r) for r in picker.refs()] == ["BNS 303(2)"]
    assert "BNS came into force on 1 July 2024" in picker.law_note.text()  # live, for the offence of 2019
    tab_to(qtbot, "page")
    enter(qtbot)
    desk.ops.wait_idle()

    assert form.field("acts_sections").error_text() == (
        "BNS came into force on 1 July 2024; for an offence on 04-03-2019 use IPC 379 (Theft). "
        "Write IPC 379: the law in force on 04-03-2019."
    )
    assert focused() is picker.input  # the first item to correct has the focus
    assert picker.law_note.isHidden()  # said once, by the field's message
    assert form.status.text() == "Not saved: 1 item to correct (shown in red)."
    assert station.fir_register.count(sho, RegisterQuery()) == 0


def test_a_number_the_register_has_is_flagged_while_typing(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    station.legacy.digitise(sho, "fir", row("fir"))
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    _window, view = open_digitise(qtbot, open_window, desk)
    form = view.form("fir")
    keys(qtbot, "12")
    tab(qtbot)
    keys(qtbot, "2019")  # nothing else typed yet: the number is checked all the same
    error = form.field("fir_number")
    qtbot.waitUntil(lambda: error.error_text() != "", timeout=3000)
    assert error.error_text() == "FIR 0012/2019 is already in the register (digitised; complainant Ram Lal)."
    assert form.field("registered_on").error_text() == ""  # blanks wait for Enter
    keys(qtbot, "\b\b\b\b2020")
    qtbot.waitUntil(lambda: error.error_text() == "", timeout=3000)


def test_hindi_typing_by_f9_in_a_name_field(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    _window, view = open_digitise(qtbot, open_window, desk)
    form = view.form("fir")
    name = tab_to(qtbot, "complainant_name")
    assert view.hindi_button.text() == OFF_TEXT and not name.property("hindi")
    qtbot.keyClick(focused(), Qt.Key.Key_F9)
    assert view.hindi_button.isChecked() and view.hindi_button.text() == ON_TEXT
    assert name.property("hindi") is True and "Hindi typing on" in name.accessibleDescription()
    keys(qtbot, "sunita devi")
    assert form.field("complainant_name").value() == "सुनीता देवी"
    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)  # takes back the typed "i", not a whole letter
    assert form.field("complainant_name").value() == "सुनीता देव"
    keys(qtbot, "ii")
    assert form.field("complainant_name").value() == "सुनीता देवी"
    assert form.field("fir_number").control.property("hindi") in (None, False)  # numbers are never converted

    qtbot.keyClick(focused(), Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)  # this field only: off
    keys(qtbot, " w/o Ram")
    assert form.field("complainant_name").value() == "सुनीता देवी w/o Ram"
    place = tab_to(qtbot, "complainant_relative_name")
    assert place.property("hindi") is True  # the others stay in Hindi mode
    keys(qtbot, "raam prasaad")
    assert form.field("complainant_relative_name").value() == "राम प्रसाद"
    qtbot.keyClick(focused(), Qt.Key.Key_F9)
    assert view.hindi_button.text() == OFF_TEXT
    keys(qtbot, " ji")
    assert form.field("complainant_relative_name").value() == "राम प्रसाद ji"


def test_a_scanned_page_is_attached_to_the_record_just_saved(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner,
    events: AppEvents, messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    _window, view = open_digitise(qtbot, open_window, desk)
    form = view.form("fir")
    assert not form.scans.attach_action.isEnabled()  # nothing saved yet
    form.set_values(row("fir"))
    tab_to(qtbot, "page")
    enter(qtbot)
    desk.ops.wait_idle()
    scan = tmp_path / "register-p118.pdf"
    scan.write_bytes(PDF_SCAN)
    form.scans.choose_file = lambda _parent: str(scan)
    qtbot.keyClick(
        focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    desk.ops.wait_idle()
    assert form.scans.title.text() == "Scanned pages of FIR 0012/2019 (FIR register, vol. 3, p. 118):"
    assert form.scans.pages.count() == 1
    assert (
        form.scans.pages.item(0)
        .text()
        .startswith("FIR register, vol. 3, p. 118 · PDF, 2 KB · register-p118.pdf")
    )
    [page] = station.attachments.list_for(sho, "fir", station.firs.find(sho, 2019, 12).id)
    assert page.file_name == "register-p118.pdf" and page.mime == "application/pdf"

    (tmp_path / "notes.txt").write_text("not a scan")
    form.scans.choose_file = lambda _parent: str(tmp_path / "notes.txt")
    form.scans.attach()
    desk.ops.wait_idle()
    assert "PDF, JPEG, PNG or TIFF" in form.scans.error.text()


def test_viewers_neither_see_nor_may_use_digitise(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    viewer = operator_desk(data_dir, station, sho, ops, events, messages, "view.only", "Vinod", Role.VIEWER)
    window = open_window(viewer)
    assert "digitise" not in window.module_widgets
    assert [window.nav.item(i).text() for i in range(window.nav.count())][-1] == "Persons"
    assert len(window.go_actions) == window.nav.count() == 8
    refused = DigitiseView(viewer)
    qtbot.addWidget(refused)
    assert refused.forms == {}
    assert refused.findChild(object, "digitiseRefused").text() == (  # type: ignore[union-attr]
        "Your role (Viewer (read only)) may not digitise legacy records."
    )
    sho_window = open_window(make_desk(data_dir, station, sho, ops, events, messages))
    assert "digitise" in sho_window.module_widgets  # the SHO may digitise too
    assert sho_window.go_actions[-1].shortcut().toString() == "Ctrl+9"


def _mnemonics(root: QWidget) -> list[str]:
    """Alt+letter keys of what is on screen: buttons, labels with a buddy, tabs and the menu bar."""
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        texts: list[str] = []
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            texts.append(widget.text())
        if isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QMenuBar):
            texts += [a.text() for a in widget.actions()]
        plain = [re.sub(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", "", t, flags=re.I).replace("&&", "") for t in texts]
        found += [m.lower() for t in plain for m in re.findall(r"&([^&\s])", t)]
    return found


def test_every_alt_key_on_each_digitise_screen_is_unique(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    """Qt only focuses a button whose Alt+letter is shared with another; it must click."""
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    window, view = open_digitise(qtbot, open_window, desk)
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        keys_on_screen = _mnemonics(window)
        duplicates = {k for k in keys_on_screen if keys_on_screen.count(k) > 1}
        assert not duplicates, f"{view.tabs.tabText(index)}: Alt+{sorted(duplicates)} used twice"


def test_refused_saves_with_double_entry_ticked_open_no_batch(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    _window, view = open_digitise(qtbot, open_window, desk)
    form = view.form("fir")
    form.double_entry.setChecked(True)
    form.set_values(row("fir", complainant_name=""))
    tab_to(qtbot, "page")
    for _ in range(2):
        enter(qtbot)
        desk.ops.wait_idle()
    assert form.field("complainant_name").error_text().startswith("Complainant is blank.")
    assert station.double_entry.batches(sho) == [] and form.batch is None
    form.set_values(row("fir"))
    tab_to(qtbot, "page")
    enter(qtbot)
    desk.ops.wait_idle()
    [batch] = station.double_entry.batches(sho)
    assert batch.records == 1 and form.batch is not None and form.batch.id == batch.id


def test_enter_on_the_save_button_saves_and_the_next_record_is_in_view(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    window, view = open_digitise(qtbot, open_window, desk)
    window.resize(1024, 700)
    form = view.form("fir")
    form.set_values(row("fir"))
    tab_to(qtbot, "page")
    bar = form.fields_area.verticalScrollBar()
    assert bar.value() > 0  # the last field is far down the page
    tab(qtbot)
    assert focused() is form.save_button
    enter(qtbot)  # Enter on the focused button, not only Space
    desk.ops.wait_idle()
    assert station.firs.find(sho, 2019, 12).summary.complainant_name == "Ram Lal"
    assert focused() is form.field("fir_number").control and bar.value() == 0  # typed where it is seen
    form.set_values(row("fir", fir_number="13", page="119"))
    form.save_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Enter)  # the keypad's Enter
    desk.ops.wait_idle()
    assert station.firs.find(sho, 2019, 13).summary.fir_no == "0013/2019"


def test_sections_follow_the_fir_date_until_the_occurrence_is_typed(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    _window, view = open_digitise(qtbot, open_window, desk)
    form = view.form("fir")
    for text in ("40", "2019", "05-03-2019"):  # number, year, date of FIR; the occurrence comes later
        keys(qtbot, text)
        tab(qtbot)
    picker = form.field("acts_sections").picker
    assert picker is not None and tab_to(qtbot, "acts_sections") is picker.input
    keys(qtbot, "302")
    enter(qtbot)
    assert [str(r) for r in picker.refs()] == ["IPC 302"]  # not BNS 302, a law of 2024


def test_tab_goes_round_the_form_through_every_control(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    _window, view = open_digitise(qtbot, open_window, desk)
    form = view.form("fir")
    form.set_values(row("fir"))
    tab_to(qtbot, "page")
    enter(qtbot)  # saved: the scanned page may now be attached
    desk.ops.wait_idle()
    assert form.scans.attach_button.isEnabled()
    form.double_entry.setFocus()
    tab(qtbot)
    assert focused() is form.scans.attach_button
    tab(qtbot)
    assert focused() is form.field("fir_number").control  # round to the first field, not the second
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab)
    assert focused() is not form.fields_area and focused().isVisible()  # a control the eye can follow


def test_a_number_problem_stays_at_the_number_when_enter_finds_more(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    station.legacy.digitise(sho, "fir", row("fir"))
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    _window, view = open_digitise(qtbot, open_window, desk)
    form = view.form("fir")
    number = form.field("fir_number")
    form.set_values(row("fir", complainant_name=""))
    tab_to(qtbot, "page")
    enter(qtbot)
    desk.ops.wait_idle()
    assert number.error_text() == "FIR 0012/2019 is already in the register (digitised; complainant Ram Lal)."
    assert form.field("complainant_name").error_text().startswith("Complainant is blank.")
    assert focused() is number.control

    form.set_values(row("fir"))  # the very same record again
    form.check_now()
    desk.ops.wait_idle()
    assert number.error_text() == "FIR 0012/2019 is already digitised with these details."
    assert form.general_error.text() == ""
    tab_to(qtbot, "page")
    enter(qtbot)
    desk.ops.wait_idle()
    assert number.error_text() == "FIR 0012/2019 is already digitised with these details; nothing was added."
    assert form.general_error.text() == "" and focused() is number.control


def test_quitting_with_a_record_half_keyed_asks_first(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    window, view = open_digitise(qtbot, open_window, desk)
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    window.request_quit()
    assert quits == [True] and messages.confirms == []  # nothing typed: nothing to ask
    quits.clear()
    keys(qtbot, "12")  # FIR No. of a paper record, and then the officer reaches for Ctrl+Q
    messages.confirm_answer = False
    window.quit_action.trigger()
    assert quits == [] and "A record being keyed on the FIR tab is not saved." in messages.confirms[-1]
    assert view.form("fir").values()["fir_number"] == "12"  # still there to finish
    messages.confirm_answer = True
    window.request_sign_out()
    assert "Sign out anyway?" in messages.confirms[-1]
