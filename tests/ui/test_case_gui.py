"""The case around a registered FIR, by keyboard: an investigating officer finds the FIR from the
search box, records an arrest inside the 24-hour clock (writing its GD entry on the way), the
production and a remand past the 15-day cap, the day's case diary and a seizure memo; a sequencing
violation (an arrest before the FIR) is shown at its field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from station_app.core.localtime import IST
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices
from station_app.core.services.person_input import PersonInput
from station_app.ui.context import Desk
from station_app.ui.dialogs.custody_dialogs import (
    MoveItemDialog,
    ProductionDialog,
    ReleaseDialog,
    RemandDialog,
)
from station_app.ui.dialogs.memo_dialog import MemoDialog
from station_app.ui.forms.person_field import PersonEditor
from station_app.ui.main_window import MainWindow
from station_app.ui.views.case_tabs import TAB_ARRESTS, TAB_DEADLINES, TAB_DIARY, TAB_SEIZURES, CaseTabs
from station_app.ui.views.fir_view import FirView
from tests.helpers.clock import ManualClock
from tests.helpers.investigation import accused, arrest_values, gd_at
from tests.ui.conftest import RecordingMessages, add_officer
from tests.ui.fir_helpers import type_text, wait_active
from tests.ui.keys import ALT, CTRL, focused, press, tab_to, unnamed_controls

pytest_plugins = ["tests.ui.investigation_rig"]  # the station on a hand-moved clock, with its FIR


def closed(dialog: MemoDialog) -> bool:
    """Recorded: the dialog closed (and was deleted); otherwise its problems say why not."""
    if not shiboken6.isValid(dialog):
        return True
    assert not dialog.isVisible(), dialog.problems.text()
    return True


def at(clock: ManualClock, **delta: float) -> str:
    """A time relative to the clock, as an officer types it (DD-MM-YYYY HH:MM, IST)."""
    return (clock.now() + timedelta(**delta)).astimezone(IST).strftime("%d-%m-%Y %H:%M")


def io_desk(case_desk: Desk, case_station: StationServices, case_sho: Actor) -> Desk:
    io = add_officer(case_station, case_sho, "si.meena", Role.INVESTIGATING_OFFICER, "Meena Kumari Yadav")
    return Desk(case_desk.data_dir, case_station, case_desk.identity, io, case_desk.ops, case_desk.events,
                case_desk.messages)  # fmt: skip


def open_case_by_search(qtbot, window: MainWindow, fir_no: str) -> CaseTabs:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_K, CTRL)
    box = window.search_bar.box
    assert focused() is box
    with qtbot.waitSignal(box.results_shown, timeout=5000):
        type_text(box, fir_no)
    assert box.popup.isVisible() and box.popup.current_hit() is not None
    press(qtbot, Qt.Key.Key_Return)
    window.fir_desk()._desk.ops.wait_idle()
    view = window.fir_desk().view
    assert isinstance(view, FirView)
    return view.case_tabs


def memo_dialog(qtbot, tabs: CaseTabs, name: str) -> MemoDialog:  # type: ignore[no-untyped-def]
    dialog = next(d for d in tabs.findChildren(MemoDialog) if d.objectName() == name and d.isVisible())
    wait_active(qtbot, dialog.form)
    return dialog


def test_io_records_an_arrest_production_and_remand_with_the_keyboard(  # type: ignore[no-untyped-def]
    qtbot, open_window, case_desk: Desk, case_station: StationServices, case_sho: Actor, case_fir: Any,
    clock: ManualClock, messages: RecordingMessages,
) -> None:  # fmt: skip
    accused(case_station, case_sho, "Raju Khan", "Salim Khan")
    clock.advance(hours=3)  # 13:00 IST; the arrest was at 12:00
    desk = io_desk(case_desk, case_station, case_sho)
    window = open_window(desk)
    wait_active(qtbot, window)
    tabs = open_case_by_search(qtbot, window, "1/2026")
    press(qtbot, Qt.Key.Key_E, ALT)  # Arr&ests
    assert tabs.currentIndex() == TAB_ARRESTS
    press(qtbot, Qt.Key.Key_N, CTRL)  # Record arrest…
    dialog = memo_dialog(qtbot, tabs, "arrestDialog")
    form = dialog.form
    assert form.values()["acts_sections"] == [{"act": "BNS", "section": "303(2)"}]  # the FIR's, filled in

    type_text(tab_to(qtbot, "arrested_at"), at(clock, hours=-1))
    press(qtbot, Qt.Key.Key_G, CTRL)  # write the GD entry of the arrest from the memo
    gd = dialog.gd_dialog
    assert gd is not None
    wait_active(qtbot, gd.form)
    assert gd.form.values()["kind"] == "arrest"
    type_text(focused(), "Arrest of Raju Khan in FIR 0001/2026")
    type_text(
        tab_to(qtbot, "details"),
        "Raju Khan s/o Salim Khan arrested near Charbagh at 12:00 and brought to the station.",
    )
    press(qtbot, Qt.Key.Key_Return, CTRL)
    desk.ops.wait_idle()
    qtbot.waitUntil(lambda: form.values().get("gd_entry") is not None and form.editor("gd_entry").loaded)
    wait_active(qtbot, form)

    type_text(tab_to(qtbot, "place"), "चारबाग रेलवे स्टेशन के पास, लखनऊ")
    qtbot.keyClicks(tab_to(qtbot, "outcome"), "a")  # Arrested and forwarded to court
    person = form.editor("person")
    assert isinstance(person, PersonEditor)
    type_text(tab_to(qtbot, "person"), "Raju")
    qtbot.waitUntil(lambda: person.results.isVisible() and person.results.count() > 1)
    press(qtbot, Qt.Key.Key_Return)
    assert person.chosen_text().startswith("Chosen: Raju Khan")
    type_text(tab_to(qtbot, "injuries"), "NIL")
    type_text(tab_to(qtbot, "medical_exam_at"), at(clock, minutes=-20))
    type_text(tab_to(qtbot, "medical_officer"), "Dr. S. K. Awasthi, Civil Hospital, Lucknow")
    type_text(
        tab_to(qtbot, "grounds_of_arrest"),
        "Found with the stolen motorcycle UP32 AB 1234; identified by the complainant.",
    )
    press(qtbot, Qt.Key.Key_Space) if tab_to(qtbot, "rights_explained") else None
    type_text(tab_to(qtbot, "personal_search"), "NIL")
    type_text(tab_to(qtbot, "informed_name"), "सलीम ख़ान")
    type_text(tab_to(qtbot, "informed_relation"), "Father")
    type_text(tab_to(qtbot, "informed_at"), at(clock, minutes=-40))
    type_text(tab_to(qtbot, "custody_place"), "Lock-up, P.S. Hazratganj")  # D.K. Basu: venue of custody
    type_text(tab_to(qtbot, "custody_place_told_to"), "सलीम ख़ान (father)")
    type_text(tab_to(qtbot, "designated_officer_informed_at"), at(clock, minutes=-35))
    type_text(tab_to(qtbot, "witness_name"), "Mohd. Aslam")
    type_text(tab_to(qtbot, "witness_address"), "Charbagh, Lucknow")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    desk.ops.wait_idle()

    assert closed(dialog)
    wait_active(qtbot, window)  # the offscreen platform hands activation back to no one by itself
    arrests = case_station.arrests.for_fir(case_sho, case_fir.id)
    assert [(a.accused_code, a.person_name, a.status) for a in arrests] == [("A1", "Raju Khan", "in_custody")]
    assert arrests[0].content["values"]["place"] == "चारबाग रेलवे स्टेशन के पास, लखनऊ"
    arrests_tab = tabs.arrests
    qtbot.waitUntil(lambda: arrests_tab.model.rowCount() == 1)

    # The 24-hour clock runs on the case's Deadlines tab, naming its section.
    press(qtbot, Qt.Key.Key_L, ALT)
    assert tabs.currentIndex() == TAB_DEADLINES
    deadlines = tabs.deadlines.list
    qtbot.waitUntil(
        lambda: any("BNSS 58" in t for t in deadlines.row_texts(0)) if deadlines.items() else False
    )
    assert deadlines.row_texts(0)[0] == "23 h 00 min left"

    # Production, then a police remand past the 15-day cap: the cap's message at "until".
    press(qtbot, Qt.Key.Key_E, ALT)
    press(qtbot, Qt.Key.Key_O, ALT)  # Pr&oduction…
    production = next(d for d in arrests_tab.findChildren(ProductionDialog) if d.isVisible())
    wait_active(qtbot, production)
    type_text(tab_to(qtbot, "court"), "CJM, Lucknow")
    press(qtbot, Qt.Key.Key_Return)
    desk.ops.wait_idle()
    qtbot.waitUntil(lambda: arrests_tab.current() is not None and arrests_tab.current().status == "produced")  # type: ignore[union-attr]
    wait_active(qtbot, window)
    press(qtbot, Qt.Key.Key_M, ALT)  # Re&mand…
    remand = next(d for d in arrests_tab.findChildren(RemandDialog) if d.isVisible())
    wait_active(qtbot, remand)
    assert "0 day(s) of at most 15" in remand.cap_note.text()
    assert "A 60-day case: police custody only within the first 40 days" in remand.cap_note.text()
    type_text(tab_to(qtbot, "until"), at(clock, days=16))
    type_text(tab_to(qtbot, "order"), "CJM Lucknow remand order 45/2026")
    press(qtbot, Qt.Key.Key_Return)
    desk.ops.wait_idle()
    assert remand.isVisible()
    assert "Police custody may not exceed 15 days in all (BNSS 187(2))" in remand.form.error_text("until")
    assert messages.errors == []


def test_a_woman_arrested_at_night_is_refused_at_the_bnss_43_5_items(  # type: ignore[no-untyped-def]
    qtbot, open_window, case_desk: Desk, case_station: StationServices, case_sho: Actor, case_fir: Any,
    clock: ManualClock, messages: RecordingMessages,
) -> None:  # fmt: skip
    """The arrest form shows each missing night safeguard at its own item (2(a) and the woman officer)."""
    woman = case_station.persons.create(case_sho, PersonInput(
        name="Sunita Devi", relative_name="Mohan Lal", relative_relation="husband", sex="F", age=34,
        present_address="Aminabad, Lucknow",
    )).id  # fmt: skip
    clock.advance(hours=13)  # 23:00 IST: after sunset in Lucknow (the state table: no coordinates set)
    at = clock.now() - timedelta(hours=1)
    gd = gd_at(case_station, case_sho, "arrest", at + timedelta(minutes=5), "Arrest")
    window = open_window(case_desk)
    window.open_fir(case_fir.id)
    case_desk.ops.wait_idle()
    view = window.fir_desk().view
    assert view is not None
    dialog = view.case_tabs.arrests.record_arrest()
    assert dialog is not None
    dialog.form.set_values({**dialog.form.values(), **arrest_values(gd, woman, at)})
    case_desk.ops.wait_idle()
    dialog.record_memo()
    case_desk.ops.wait_idle()
    assert "BNSS 43(5)" in dialog.form.error_text("night_reason")
    assert "woman police officer" in dialog.form.error_text("arrested_by_woman_officer")
    assert "prior permission" in dialog.form.error_text("magistrate_order_no")
    assert dialog.isVisible() and case_station.arrests.for_fir(case_sho, case_fir.id) == []
    messages.confirm_answer = True
    dialog.reject()


def test_arrest_before_the_fir_is_refused_at_its_field(  # type: ignore[no-untyped-def]
    qtbot, open_window, case_desk: Desk, case_station: StationServices, case_sho: Actor, case_fir: Any,
    clock: ManualClock, messages: RecordingMessages,
) -> None:  # fmt: skip
    person = accused(case_station, case_sho)
    clock.advance(hours=2)
    gd = gd_at(case_station, case_sho, "arrest", clock.now() - timedelta(minutes=30), "Arrest")
    window = open_window(case_desk)
    window.open_fir(case_fir.id)
    case_desk.ops.wait_idle()
    view = window.fir_desk().view
    assert view is not None
    dialog = view.case_tabs.arrests.record_arrest()
    assert dialog is not None
    before_fir = clock.now() - timedelta(hours=3)  # 09:00 IST; the FIR was registered at 10:00
    values = arrest_values(gd, person, before_fir)
    values["medical_exam_at"] = values["informed_at"] = values["designated_officer_informed_at"] = (
        clock.now() - timedelta(minutes=10)
    ).isoformat()
    dialog.form.set_values({**dialog.form.values(), **values})
    case_desk.ops.wait_idle()
    dialog.record_memo()
    case_desk.ops.wait_idle()
    message = dialog.form.error_text("arrested_at")
    assert message.startswith("Date and time (02-11-2026 09:00) is before FIR 0001/2026 was registered")
    assert "Register the FIR first, or correct the time." in message
    assert QApplication.focusWidget() is dialog.form.editor("arrested_at").control()
    assert dialog.isVisible() and case_station.arrests.for_fir(case_sho, case_fir.id) == []

    # Esc on a memo typed into asks first: the officer keeps it to correct the time.
    type_text(dialog.form.editor("place").control(), " (east gate)")
    messages.confirm_answer = False
    dialog.reject()
    assert dialog.isVisible() and messages.confirms == [
        "What you typed has not been recorded and will be lost."
    ]


def test_io_writes_the_days_case_diary_and_a_seizure_memo_with_the_keyboard(  # type: ignore[no-untyped-def]
    qtbot, open_window, case_desk: Desk, case_station: StationServices, case_sho: Actor, case_fir: Any,
    clock: ManualClock,
) -> None:  # fmt: skip
    clock.advance(hours=8)  # 18:00 IST
    gd_at(case_station, case_sho, "property", clock.now() - timedelta(hours=1), "Seizure of the motorcycle")
    desk = io_desk(case_desk, case_station, case_sho)
    window = open_window(desk)
    wait_active(qtbot, window)
    tabs = open_case_by_search(qtbot, window, "1/2026")

    press(qtbot, Qt.Key.Key_Y, ALT)  # Case diar&y
    assert tabs.currentIndex() == TAB_DIARY
    press(qtbot, Qt.Key.Key_N, CTRL)  # Write today's entry…
    dialog = memo_dialog(qtbot, tabs, "caseDiaryDialog")
    assert dialog.form.values()["entry_date"] == "2026-11-02"
    type_text(tab_to(qtbot, "info_reached_at"), at(clock, hours=-8))
    type_text(tab_to(qtbot, "started_at"), at(clock, hours=-7))
    type_text(tab_to(qtbot, "closed_at"), at(clock, hours=-1))
    type_text(tab_to(qtbot, "places_visited"), "घटनास्थल सहू सिनेमा के बाहर; चारबाग रेलवे स्टेशन।")
    type_text(
        tab_to(qtbot, "circumstances"),
        "CCTV of the cinema shows two persons leaving with the motorcycle at 21:40.",
    )
    press(qtbot, Qt.Key.Key_Return, CTRL)
    desk.ops.wait_idle()
    assert closed(dialog)
    wait_active(qtbot, window)
    diary = tabs.diary
    qtbot.waitUntil(lambda: diary.model.rowCount() == 1)
    assert diary.model.index(0, 2).data() == "CD page 1"
    assert "घटनास्थल सहू सिनेमा" in diary.entry_view.toPlainText()
    assert diary.write_button.isEnabled() and not hasattr(diary, "edit_entry")  # append-only

    press(qtbot, Qt.Key.Key_Z, ALT)  # Sei&zures
    assert tabs.currentIndex() == TAB_SEIZURES
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = memo_dialog(qtbot, tabs, "seizureDialog")
    qtbot.keyClicks(tab_to(qtbot, "nature"), "s")  # Stolen
    type_text(tab_to(qtbot, "seized_at"), at(clock, hours=-2))
    qtbot.keyClick(tab_to(qtbot, "gd_entry"), Qt.Key.Key_Down)  # the property entry, listed first
    type_text(tab_to(qtbot, "place"), "Garage behind Charbagh railway station")
    type_text(tab_to(qtbot, "witness1_name"), "Mohd. Aslam")
    type_text(tab_to(qtbot, "witness1_address"), "Charbagh, Lucknow")
    type_text(tab_to(qtbot, "witness2_name"), "प्रेम शंकर तिवारी")
    type_text(tab_to(qtbot, "witness2_address"), "नाका हिंडोला, लखनऊ")
    items = tab_to(qtbot, "items")
    assert isinstance(items, QAbstractItemView)
    press(qtbot, Qt.Key.Key_Insert)  # a row for the article; then each cell: type, Enter, Right
    for text in ("Vehicle", "Hero Splendor UP32 AB 1234, black", "1", "no.", "45000", "PS-HZG/1"):
        for char in text:  # the first key opens the cell's editor, the rest go to it
            type_text(focused(), char)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: items.state() != QAbstractItemView.State.EditingState)
        press(qtbot, Qt.Key.Key_Right)
    type_text(tab_to(qtbot, "grounds"), "The motorcycle stolen in this case was found here.")
    type_text(tab_to(qtbot, "av_recording"), "e-Sakshya 2026-11-02-000417")
    press(qtbot, Qt.Key.Key_Space) if tab_to(qtbot, "copy_given") else None
    press(qtbot, Qt.Key.Key_Return, CTRL)
    desk.ops.wait_idle()
    assert closed(dialog)
    seizures = tabs.seizures
    qtbot.waitUntil(lambda: seizures.item_model.rowCount() == 1)
    assert seizures.item_model.index(0, 0).data() == "M-0001/2026"
    assert seizures.item_model.index(0, 1).data() == "Hero Splendor UP32 AB 1234, black"
    qtbot.waitUntil(lambda: seizures.custody.count() == 1)
    assert "Seized and deposited in the malkhana" in seizures.custody.item(0).text()

    # The article goes to the FSL: "Move item…" adds a link to its chain of custody.
    wait_active(qtbot, window)
    seizures.items.setFocus()
    press(qtbot, Qt.Key.Key_V, ALT)  # Mo&ve item…
    move = next(d for d in seizures.findChildren(MoveItemDialog) if d.isVisible())
    wait_active(qtbot, move)
    assert unnamed_controls(move) == []
    type_text(tab_to(qtbot, "at"), at(clock, minutes=-30))
    type_text(tab_to(qtbot, "to_location"), "FSL, Mahanagar, Lucknow")
    type_text(tab_to(qtbot, "purpose"), "Forensic examination")
    type_text(tab_to(qtbot, "handed_over_by"), "HC Salim Ansari")
    type_text(tab_to(qtbot, "received_by"), "SI R. P. Verma, FSL")
    press(qtbot, Qt.Key.Key_Return)
    desk.ops.wait_idle()
    assert not shiboken6.isValid(move) or not move.isVisible()
    qtbot.waitUntil(lambda: seizures.custody.count() == 2)
    assert "→ FSL, Mahanagar, Lucknow — Forensic examination" in seizures.custody.item(1).text()
    assert seizures.item_model.index(0, 3).data() == "FSL, Mahanagar, Lucknow"


def test_every_control_of_the_case_and_its_dialogs_is_named(  # type: ignore[no-untyped-def]
    qtbot, open_window, case_desk: Desk, case_station: StationServices, case_sho: Actor, case_fir: Any,
    clock: ManualClock,
) -> None:  # fmt: skip
    clock.advance(hours=3)
    gd = gd_at(case_station, case_sho, "arrest", clock.now() - timedelta(minutes=50), "Arrest")
    case_station.arrests.record_arrest(
        case_sho,
        case_fir.id,
        arrest_values(gd, accused(case_station, case_sho), clock.now() - timedelta(hours=1)),
    )
    window = open_window(case_desk)
    window.open_fir(case_fir.id)
    case_desk.ops.wait_idle()
    view = window.fir_desk().view
    assert view is not None
    assert unnamed_controls(view) == []
    tabs = view.case_tabs
    arrests = tabs.arrests
    dialogs = [
        arrests.record_arrest(),
        tabs.diary.write_entry(),
        tabs.seizures.record_seizure(),
        arrests.print_memo(),
    ]
    arrests.production()
    arrests.release()
    case_desk.ops.wait_idle()
    dialogs += arrests.findChildren(ProductionDialog) + arrests.findChildren(ReleaseDialog)
    window.show_module("persons")
    dialogs.append(window.module("persons").new_person())  # type: ignore[attr-defined]
    for dialog in dialogs:
        assert dialog is not None
        assert unnamed_controls(dialog) == [], dialog.objectName()
        dialog.reject()

    # The arrest memo prints (investigation_print): previewed off the GUI thread, then shown.
    memo = arrests.print_memo()
    assert memo is not None
    with qtbot.waitSignal(memo.rendered, timeout=20_000):
        pass
    assert len(memo.pages) >= 1 and memo.print_button.isEnabled()
    memo.reject()
