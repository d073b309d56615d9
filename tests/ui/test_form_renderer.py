"""The generic form renderer over the IIF-1 FIR and GD definitions: values both ways, errors at their
fields (table cells too), tab order in paper order, names on every control, IST date entry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from forms.schema import load_form
from station_app.core.localtime import IST
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.ui.context import Desk
from station_app.ui.forms.fields import MomentEditor
from station_app.ui.forms.inputs import BadInput, parse_ist_datetime
from station_app.ui.forms.pickers import GdRefEditor, OfficerEditor
from station_app.ui.forms.renderer import FormRenderer, parse_error_key
from station_app.ui.forms.sources import FormSources
from station_app.ui.forms.table_field import BAD_CELL, TableEditor
from tests.ui.fir_helpers import complaint_gd, recent_theft, wait_active
from tests.ui.test_main_window import unnamed_controls


@pytest.fixture
def form(qtbot, sho_desk: Desk) -> FormRenderer:  # type: ignore[no-untyped-def]
    renderer = FormRenderer(load_form("iif1_fir"), FormSources.for_desk(sho_desk))
    qtbot.addWidget(renderer)
    renderer.resize(1100, 800)
    renderer.show()
    wait_active(qtbot, renderer)  # key clicks go where the focus is, as for an officer at the desk
    sho_desk.ops.wait_idle()  # the GD and officer pickers have their lists
    return renderer


def full_values(station: StationServices, sho: Actor) -> dict[str, Any]:
    """Every field type filled: sections, datetimes, date, ints, money, choices, bools, tables, pickers."""
    gd = complaint_gd(station, sho)
    officer = station.accounts.list_officers(sho)[0].id
    return recent_theft(
        station,
        gd,
        acts_sections=[{"act": "BNS", "section": "303(2)"}, {"act": "BNS", "section": "317(2)"}],
        other_acts="Section 3 of the Example Act",
        place_direction_distance="उत्तर, 2 कि.मी.",
        beat_no="4",
        outside_limits=True,
        outside_station="Gomti Nagar",
        complainant_relative_kind="father",
        complainant_relative_name="सुरेश चंद्र गुप्ता",
        complainant_dob="1980-05-17",
        complainant_age=46,
        complainant_sex="M",
        complainant_nationality="Indian",
        complainant_id_documents=[{"doc_type": "voter_id", "doc_number": "UP/12/345/678901"}],
        accused=[
            {"status": "known", "name": "राजू", "alias": "Raju Tempo", "age": 31, "sex": "M"},
            {"status": "unknown"},
        ],
        properties=[
            {"category": "Vehicle", "type": "Motorcycle", "description": "Hero Splendor", "value": "45000.50"}
        ],
        delay_reason="शिकायतकर्ता बाहर था।",
        investigating_officer=officer,
        action_taken="directed_io",
    )


def test_set_values_then_values_round_trips(
    form: FormRenderer, station: StationServices, sho: Actor, sho_desk: Desk
) -> None:
    values = full_values(station, sho)
    changes: list[bool] = []
    form.changed.connect(lambda: changes.append(True))
    form.set_values(values)
    assert form.values() == values
    form.reload_sources()  # the GD entry was written after the form opened
    sho_desk.ops.wait_idle()
    assert form.values() == values
    assert changes == []  # loading a draft is not an edit
    gd = form.editor("gd_entry")
    assert isinstance(gd, GdRefEditor) and gd.control().currentText().startswith("GD 0001/")  # type: ignore[attr-defined]
    officer = form.editor("investigating_officer")
    assert isinstance(officer, OfficerEditor)
    assert officer.control().currentText() == "Anil Kumar Singh, Inspector (No. PIS-1001)"  # type: ignore[attr-defined]
    occurrence = form.editor("occurrence_from").control()
    assert isinstance(occurrence, QLineEdit)
    expected = datetime.fromisoformat(values["occurrence_from"]).astimezone(IST).strftime("%d-%m-%Y %H:%M")
    assert occurrence.text() == expected  # shown in IST as DD-MM-YYYY HH:MM


def test_a_new_form_has_the_definition_defaults(form: FormRenderer) -> None:
    form.apply_defaults()
    assert form.values() == {
        "s377_not_consenting_adults": False,  # issue 11: the IPC 377 confirmation starts unticked
        "complainant_nationality": "Indian",
        "outside_limits": False,
        "complainant_is_victim": False,
    }


def test_errors_are_shown_at_their_fields_and_table_cells(
    qtbot, form: FormRenderer, station: StationServices, sho: Actor
) -> None:  # type: ignore[no-untyped-def]
    form.set_values(full_values(station, sho))
    unplaced = form.show_errors(
        {
            "accused[1].age": "Must be at least 7.",
            "accused[0]": "This row is empty: fill it in or remove it.",
            "occurrence_to": "The occurrence cannot end before it began.",
            "informant_signed_at": "An e-FIR is registered only after the informant signs it.",
        }
    )
    assert unplaced == ["informant_signed_at"]
    assert "informant signs" in form.general_error.text()
    assert form.error_text("occurrence_to") == "The occurrence cannot end before it began."
    accused = form.editor("accused")
    assert isinstance(accused, TableEditor)
    assert "Row 2, Age: Must be at least 7." in accused.error_text()
    assert "Row 1: This row is empty" in accused.error_text()
    age_col = [c.name for c in accused.field.columns].index("age")
    bad = accused.table.item(1, age_col)
    assert bad is not None and bad.background() == QBrush(BAD_CELL) and bad.toolTip() == "Must be at least 7."
    good = accused.table.item(1, 0)
    assert good is not None and good.toolTip() == ""
    # Focus goes to the first problem in paper order (item 3 comes before item 7).
    assert QApplication.focusWidget() is form.editor("occurrence_to").control()
    assert form.editor("occurrence_to").control().property("invalid") is True

    form.show_errors({"accused[1].age": "Must be at least 7."})
    assert form.error_text("occurrence_to") == ""
    assert QApplication.focusWidget() is accused.table
    assert (accused.table.currentRow(), accused.table.currentColumn()) == (1, age_col)


def test_tab_order_follows_the_paper(form: FormRenderer) -> None:
    fields = [f.name for f in form.form.fields]
    seen: list[str] = []
    widget: QWidget = form.editor(fields[0]).control()
    for _ in range(400):
        if widget.objectName() in fields and widget.objectName() not in seen:
            seen.append(widget.objectName())
        widget = widget.nextInFocusChain()
    assert seen[: len(fields)] == fields


def test_every_control_is_named_with_its_english_label(form: FormRenderer) -> None:
    assert unnamed_controls(form) == []
    for field in form.form.fields:
        control = form.editor(field.name).control()
        assert control.objectName() == field.name
        assert control.accessibleName() == field.label_en


def test_gd_entry_form_renders_too(qtbot, sho_desk: Desk) -> None:  # type: ignore[no-untyped-def]
    form = FormRenderer(load_form("gd_entry"), FormSources.for_desk(sho_desk), show_title=False)
    qtbot.addWidget(form)
    assert list(form.editors) == ["kind", "entry_at", "subject", "details"]
    kind = form.editor("kind").control()
    assert kind.itemText(1) == "Complaint / information received / शिकायत / सूचना प्राप्त"  # type: ignore[attr-defined]
    assert "*" in form.findChild(QWidget, "subjectLabel").text()  # type: ignore[union-attr]


def test_dates_are_typed_in_ist(qtbot, form: FormRenderer) -> None:  # type: ignore[no-untyped-def]
    editor = form.editor("occurrence_from")
    assert isinstance(editor, MomentEditor)
    edit = editor.control()
    assert isinstance(edit, QLineEdit)
    qtbot.keyClicks(edit, "011120262115")
    edit.editingFinished.emit()
    assert edit.text() == "01-11-2026 21:15"
    assert form.values()["occurrence_from"] == "2026-11-01T21:15:00+05:30"
    edit.clear()
    qtbot.keyClicks(edit, "31-02-2026 10:00")
    edit.editingFinished.emit()
    assert editor.error_text() == "There is no such date: 31-02-2026."
    assert form.values()["occurrence_from"] == "31-02-2026 10:00"  # kept for the service's own message
    edit.clear()
    qtbot.keyClicks(edit, "now")
    edit.editingFinished.emit()
    assert parse_ist_datetime(edit.text()) is not None
    with pytest.raises(BadInput, match="Add the time"):
        parse_ist_datetime("01-11-2026")
    assert parse_error_key("accused[2].age") == ("accused", (2, "age"))
    assert parse_error_key("accused[2]") == ("accused", (2, None))


def test_table_rows_by_keyboard(qtbot, form: FormRenderer) -> None:  # type: ignore[no-untyped-def]
    accused = form.editor("accused")
    assert isinstance(accused, TableEditor)
    table = accused.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert table.rowCount() == 2
    table.setCurrentCell(0, 1)  # Name
    for char in "Raju":  # the first key opens the cell's editor, the rest go to it
        qtbot.keyClicks(QApplication.focusWidget() or table, char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # Qt's delegate commits a cell on Enter through a queued call.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert form.values()["accused"] == [{"name": "Raju"}, {}]
    table.setCurrentCell(1, 0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert form.values()["accused"] == [{"name": "Raju"}]
