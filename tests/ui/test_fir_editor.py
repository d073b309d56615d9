"""The FIR editor: the SHO registers an FIR with the keyboard alone; bad input stays at its field and
nothing is registered; drafts autosave and come back; roles; e-FIR; conflicts; a bad Aadhaar number."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from station_app.core.localtime import ist_year
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices
from station_app.core.services.fir_register import RegisterQuery
from station_app.ui.context import Desk
from station_app.ui.main_window import MainWindow
from station_app.ui.views.fir_desk import FirDesk
from station_app.ui.views.fir_editor import NOT_SHO_TIP, FirEditor
from station_app.ui.views.fir_view import FirView
from tests.ui.conftest import RecordingMessages, add_officer, make_desk
from tests.ui.fir_helpers import ago, complaint_gd, recent_theft, type_text, typed, wait_active

MAX_TABS = 120


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def tab_to(qtbot, name: str) -> QWidget:  # type: ignore[no-untyped-def]
    """Press Tab until the field called ``name`` has the focus, as an officer would."""
    for _ in range(MAX_TABS):
        if focused().objectName() == name:
            return focused()
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}; stuck at {focused().objectName()}")


def open_desk_window(qtbot, open_window, desk: Desk) -> MainWindow:  # type: ignore[no-untyped-def]
    window = open_window(desk)
    wait_active(qtbot, window)
    return window


def registered_count(station: StationServices, actor: Actor) -> int:
    return station.fir_register.count(actor, RegisterQuery())


def test_sho_registers_an_fir_with_the_keyboard_alone(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, open_window, station: StationServices, sho: Actor, messages: RecordingMessages
) -> None:
    complaint_gd(station, sho)
    window = open_desk_window(qtbot, open_window, sho_desk)
    qtbot.keyClick(
        focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    sho_desk.ops.wait_idle()
    fir_desk = window.module("fir")
    assert isinstance(fir_desk, FirDesk) and isinstance(fir_desk.editor, FirEditor)
    assert focused().objectName() == "acts_sections"  # the first item on the paper

    type_text(focused(), "303(2)")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    type_text(tab_to(qtbot, "occurrence_from"), typed(ago(station, days=1, hours=2)))
    type_text(tab_to(qtbot, "occurrence_to"), typed(ago(station, days=1)))
    type_text(tab_to(qtbot, "info_received_at"), typed(ago(station, minutes=30)))
    qtbot.keyClick(tab_to(qtbot, "gd_entry"), Qt.Key.Key_Down)  # the complaint, listed first
    qtbot.keyClicks(tab_to(qtbot, "info_type"), "w")  # Written / लिखित
    type_text(tab_to(qtbot, "place_address"), "सहू सिनेमा के बाहर, हज़रतगंज, लखनऊ")
    type_text(tab_to(qtbot, "complainant_name"), "रमेश चंद्र गुप्ता")
    type_text(tab_to(qtbot, "complainant_present_address"), "12/4 नरही, हज़रतगंज, लखनऊ")
    type_text(tab_to(qtbot, "narrative"), "मैंने अपनी मोटरसाइकिल सहू सिनेमा के बाहर खड़ी की थी; लौटने पर वह गायब थी।")
    qtbot.keyClicks(tab_to(qtbot, "action_taken"), "r")  # Registered the case and took up the investigation
    qtbot.keyClick(focused(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    sho_desk.ops.wait_idle()

    year = ist_year(station.clock.now())
    assert messages.confirms and "Sections: BNS 303(2)" in messages.confirms[-1]
    assert messages.infos[-1] == ("FIR registered", f"FIR 0001/{year} registered.")
    view = fir_desk.view
    assert isinstance(view, FirView) and fir_desk.stack.currentWidget() is view
    assert view.number_label.text().startswith(f"FIR 0001/{year}")
    record = station.firs.find(sho, year, 1)
    assert record.values["complainant_name"] == "रमेश चंद्र गुप्ता"
    text = view.browser.toPlainText()
    assert f"0001/{year}" in text and "रमेश चंद्र गुप्ता" in text and "BNS 303(2) — Theft / चोरी" in text
    assert station.firs.drafts(sho) == []


def test_occurrence_ending_before_it_began_is_shown_there_and_nothing_is_registered(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, open_window, station: StationServices, sho: Actor, messages: RecordingMessages
) -> None:
    gd = complaint_gd(station, sho)
    window = open_desk_window(qtbot, open_window, sho_desk)
    window.new_fir_action.trigger()
    editor = window.fir_desk().editor
    assert editor is not None
    values = recent_theft(station, gd)
    values.pop("occurrence_to")
    editor.form.set_values(values)
    type_text(tab_to(qtbot, "occurrence_to"), typed(ago(station, days=2)))
    qtbot.keyClick(focused(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    sho_desk.ops.wait_idle()

    assert editor.form.error_text("occurrence_to") == "The occurrence cannot end before it began."
    assert focused() is editor.form.editor("occurrence_to").control()
    assert editor.problems_label.text() == (
        "1 item to correct before registration: Date and time to (item 3)."
    )
    assert messages.confirms == []  # never asked: there was nothing to register
    assert registered_count(station, sho) == 0
    assert editor.form.isEnabled()
    assert len(station.firs.drafts(sho)) == 1  # the draft is kept for correction


def test_draft_autosaves_and_comes_back_after_closing_and_the_lock(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, open_window, station: StationServices, sho: Actor
) -> None:
    window = open_desk_window(qtbot, open_window, sho_desk)
    window.new_fir_action.trigger()
    fir_desk = window.fir_desk()
    editor = fir_desk.editor
    assert editor is not None
    type_text(tab_to(qtbot, "complainant_name"), "सुनीता देवी")
    assert editor.autosave.dirty and editor.fir_id is None
    window.lock()  # the idle lock hides the editor: what was typed is saved at once
    sho_desk.ops.wait_idle()
    drafts = station.firs.drafts(sho)
    assert [d.complainant_name for d in drafts] == ["सुनीता देवी"]
    qtbot.keyClicks(window.lock_screen.password, "thana-sho-2026")
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    sho_desk.ops.wait_idle()
    assert editor.isVisible() and editor.form.values()["complainant_name"] == "सुनीता देवी"

    type_text(tab_to(qtbot, "narrative"), "घर से गहने चोरी हुए।")
    qtbot.keyClick(focused(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # close the editor
    sho_desk.ops.wait_idle()
    assert fir_desk.stack.currentWidget() is fir_desk.drafts
    assert fir_desk.drafts.model.rowCount() == 1
    fir_desk.drafts.table.setFocus()
    qtbot.keyClick(fir_desk.drafts.table, Qt.Key.Key_Return)
    sho_desk.ops.wait_idle()
    reopened = fir_desk.editor
    assert reopened is not None and reopened is not editor
    assert reopened.form.values()["narrative"] == "घर से गहने चोरी हुए।"
    assert reopened.form.values()["complainant_name"] == "सुनीता देवी"


def test_debounced_autosave_keeps_the_version(
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:  # type: ignore[no-untyped-def]
    editor = FirEditor(sho_desk, None, autosave_ms=30)
    qtbot.addWidget(editor)
    editor.form.editor("complainant_name").set_value("Kavita")
    editor.form.changed.emit()
    qtbot.waitUntil(lambda: editor.fir_id is not None and not editor.autosave.in_flight, timeout=3000)
    first = editor.autosave.version
    editor.form.editor("narrative").set_value("First words.")
    editor.form.changed.emit()
    qtbot.waitUntil(lambda: editor.autosave.version == (first or 0) + 1, timeout=3000)
    assert station.firs.get(sho, editor.fir_id).values["narrative"] == "First words."  # type: ignore[arg-type]
    assert editor.status_label.text().startswith("Draft saved ")


def test_bad_aadhaar_is_shown_at_its_field_and_the_rest_is_saved(
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:  # type: ignore[no-untyped-def]
    editor = FirEditor(sho_desk, None)
    qtbot.addWidget(editor)
    editor.form.set_values({"complainant_name": "Priya Verma", "complainant_uid": "2345 6789 0123"})
    editor.autosave.flush(create=True)
    sho_desk.ops.wait_idle()
    assert "check digit" in editor.form.error_text("complainant_uid")
    saved = station.firs.get(sho, editor.fir_id).values  # type: ignore[arg-type]
    assert saved["complainant_name"] == "Priya Verma" and "complainant_uid" not in saved
    editor.form.editor("complainant_uid").set_value("2345 6789 0124")
    editor.form.changed.emit()
    editor.autosave.flush()
    sho_desk.ops.wait_idle()
    assert not editor.conflict_banner.isVisibleTo(editor)  # the version was kept: no false conflict
    assert station.firs.get(sho, editor.fir_id).values["complainant_uid"] == "XXXX-XXXX-0124"  # type: ignore[arg-type]


def test_another_desks_save_is_a_conflict_with_reload(
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:  # type: ignore[no-untyped-def]
    draft = station.firs.new_draft(sho, {"narrative": "as first written"})
    editor = FirEditor(sho_desk, draft)
    qtbot.addWidget(editor)
    station.firs.save_draft(sho, draft.id, {"narrative": "changed at desk 2"}, draft.summary.version)
    editor.form.editor("narrative").set_value("changed here")
    editor.form.changed.emit()
    editor.autosave.flush()
    sho_desk.ops.wait_idle()
    assert editor.conflict_banner.isVisibleTo(editor)
    assert "another desk" in editor.conflict_label.text()
    assert editor.autosave.paused
    editor.reload_button.click()
    sho_desk.ops.wait_idle()
    assert editor.form.values()["narrative"] == "changed at desk 2"
    assert not editor.conflict_banner.isVisibleTo(editor) and not editor.autosave.paused


def test_data_entry_operator_cannot_register(  # type: ignore[no-untyped-def]
    qtbot, data_dir, station: StationServices, sho: Actor, ops, events, messages: RecordingMessages
) -> None:
    operator = add_officer(station, sho, "hc.ansari", Role.DATA_ENTRY, "Salim Ansari")
    desk = make_desk(data_dir, station, operator, ops, events, messages)
    # The GD entry is the duty officer's or the SHO's, never data entry's (issue 12).
    gd = complaint_gd(station, sho)
    editor = FirEditor(desk, station.firs.new_draft(operator, recent_theft(station, gd)))
    qtbot.addWidget(editor)
    action = editor.register_button.defaultAction()
    assert not action.isEnabled()
    assert editor.register_button.toolTip() == NOT_SHO_TIP
    editor.register()  # even if asked directly, nothing happens
    ops.wait_idle()
    assert messages.confirms == [] and registered_count(station, sho) == 0
    editor.check_button.click()  # the operator can still check the draft
    ops.wait_idle()
    assert editor.status_label.text() == "Checked: nothing stops registration."


def test_efir_is_received_signed_and_its_deadline_shown(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, open_window, station: StationServices, sho: Actor
) -> None:
    window = open_desk_window(qtbot, open_window, sho_desk)
    window.show_drafts()
    fir_desk = window.fir_desk()
    fir_desk.drafts.efir_button.click()
    dialog = fir_desk.efir_dialog
    type_text(dialog.name, "Gurpreet Kaur")
    type_text(dialog.narrative, "My phone was stolen in the metro.")
    dialog.ok_button.click()
    sho_desk.ops.wait_idle()
    editor = fir_desk.editor
    assert editor is not None and editor.efir_banner.isVisibleTo(editor)
    assert "The informant must sign by" in editor.efir_label.text() and "left" in editor.efir_label.text()
    assert editor.form.values()["info_type"] == "electronic"
    editor.sign_button.click()
    editor.signature_dialog.ok_button.click()
    sho_desk.ops.wait_idle()
    assert "Informant signed" in editor.efir_label.text()
    assert not editor.sign_button.isVisibleTo(editor)
    assert station.firs.get(sho, editor.fir_id).informant_signed_at is not None  # type: ignore[arg-type]


def test_a_sensitive_section_makes_the_victims_details_required_on_the_form(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    """Issue 11 §1: item 6A says its details are required while a sensitive section is chosen, and
    Check shows what is missing at the victim's fields."""
    gd = complaint_gd(station, sho)
    rape = station.firs.new_draft(
        sho,
        recent_theft(
            station, gd, acts_sections=[{"act": "BNS", "section": "64(1)"}], complainant_is_victim=False
        ),
    )
    editor = FirEditor(sho_desk, rape)
    qtbot.addWidget(editor)
    note = editor.form.group_notes["victim"]
    assert not note.isHidden() and "victim's name, age and sex are required" in note.text()
    editor.check()
    sho_desk.ops.wait_idle()
    assert "tick 'The complainant is the victim'" in editor.form.error_text("victim_name")
    assert "age" in editor.form.error_text("victim_age")
    theft = station.firs.new_draft(sho, recent_theft(station, complaint_gd(station, sho, minutes_ago=10)))
    plain = FirEditor(sho_desk, theft)
    qtbot.addWidget(plain)
    assert "victim" not in plain.form.group_notes or plain.form.group_notes["victim"].isHidden()
