"""The person field and the person register: a spelling or script variant of someone already in the
register is offered while the new person is typed, and picking them makes no duplicate; the SHO
merges duplicates (and undoes a merge), a data-entry operator cannot."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt

from forms.schema import load_form
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices
from station_app.core.services.person_input import PersonInput
from station_app.ui.context import Desk
from station_app.ui.dialogs.merge_dialog import MergeDialog, UnmergeDialog
from station_app.ui.dialogs.person_dialog import PersonDialog
from station_app.ui.forms.person_field import PersonEditor
from station_app.ui.forms.sources import FormSources
from station_app.ui.views.persons_view import PersonsView
from tests.ui.conftest import RecordingMessages, add_officer, make_desk
from tests.ui.fir_helpers import type_text, wait_active
from tests.ui.keys import focused, press, unnamed_controls

IRFAN = PersonInput(
    name="Mohd. Irfan",
    relative_name="Abdul Rashid",
    relative_relation="father",
    age=38,
    sex="M",
    present_address="Village Rampur, Post Kakori, Lucknow",
    phones=("9876543210",),
)


def person_count(station: StationServices) -> int:
    return station.station.counts()["person"]


def person_editor(qtbot, desk: Desk) -> PersonEditor:  # type: ignore[no-untyped-def]
    editor = PersonEditor(load_form("iif3_arrest").field("person"), FormSources.for_desk(desk))
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_a_script_variant_is_offered_and_picking_it_makes_no_duplicate(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    irfan = station.persons.create(sho, IRFAN)
    editor = person_editor(qtbot, sho_desk)
    dialog = editor.new_person("मोहम्मद इरफ़ान")  # typed in Hindi in the field, then "New person…"
    assert isinstance(dialog, PersonDialog)
    wait_active(qtbot, dialog)
    fields = dialog.fields
    assert fields.name.text() == "मोहम्मद इरफ़ान"
    fields.relative_name.setFocus()
    type_text(fields.relative_name, "अब्दुल रशीद")
    qtbot.waitUntil(
        lambda: dialog.matches.count() == 1 and "likely" in dialog.match_status.text(), timeout=5000
    )
    text = dialog.matches.item(0).text()
    assert text.startswith("Likely the same") and "Mohd. Irfan s/o Abdul Rashid" in text
    assert "name sounds alike: मोहम्मद इरफ़ान ≈ Mohd. Irfan" in text
    assert "same father's/husband's name: Abdul Rashid" in text

    # Creating anyway is held back once; then the officer picks the existing person instead.
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "likely the same person" in dialog.warning.text() and focused() is dialog.matches
    press(qtbot, Qt.Key.Key_Return)  # Enter on the match: use it
    sho_desk.ops.wait_idle()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert editor.value() == irfan.id
    assert editor.chosen_text() == f"Chosen: {irfan.label}"
    assert person_count(station) == 1  # no duplicate was made


def test_the_field_finds_a_person_as_typed_and_enter_picks_them(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    irfan = station.persons.create(sho, IRFAN)
    editor = person_editor(qtbot, sho_desk)
    wait_active(qtbot, editor)
    editor.input.setFocus()
    type_text(editor.input, "इरफ़ान")
    qtbot.waitUntil(lambda: editor.results.isVisible() and editor.results.count() == 2, timeout=5000)
    assert editor.results.item(0).text().startswith("Mohd. Irfan s/o Abdul Rashid")
    assert editor.results.item(1).text() == "+ New person “इरफ़ान”…"
    press(qtbot, Qt.Key.Key_Return)
    assert editor.value() == irfan.id and not editor.results.isVisible()


def test_the_new_person_dialog_masks_aadhaar_and_creates_the_person(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    editor = person_editor(qtbot, sho_desk)
    dialog = editor.new_person("Sunita Devi")
    assert dialog is not None
    wait_active(qtbot, dialog)
    fields = dialog.fields
    fields.aadhaar.setFocus()
    type_text(fields.aadhaar, "2345 6789 0125")  # made up, with a wrong check digit
    fields.age.setFocus()  # leaving the field masks the number, or says why it cannot
    assert "check digit" in fields.error_text("aadhaar") and "2345" not in fields.error_text("aadhaar")
    fields.aadhaar.setFocus()
    fields.aadhaar.selectAll()
    type_text(fields.aadhaar, "2345 6789 0124")
    fields.age.setFocus()
    assert fields.aadhaar.text() == "XXXX-XXXX-0124"  # the full number goes no further than the field
    type_text(fields.age, "41")
    dialog.create_person()
    sho_desk.ops.wait_idle()
    record = dialog.created if shiboken6.isValid(dialog) else None
    assert editor.value() is not None
    stored = station.persons.get(sho, editor.value())
    assert stored.age == 41 and [(d.kind, d.number) for d in stored.id_documents] == [
        ("aadhaar", "XXXX-XXXX-0124")
    ]
    assert record is None or record.name == "Sunita Devi"


def test_the_sho_merges_a_duplicate_and_undoes_it(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    keep = station.persons.create(sho, IRFAN)
    duplicate = station.persons.create(
        sho, PersonInput(name="मोहम्मद इरफ़ान", relative_name="अब्दुल रशीद", relative_relation="father", age=37)
    )
    view = PersonsView(sho_desk)
    qtbot.addWidget(view)
    view.show()
    view.open_person(keep.id)
    sho_desk.ops.wait_idle()
    assert view.duplicates.count() == 1 and "मोहम्मद इरफ़ान" in view.duplicates.item(0).text()
    assert view.merge_button.isVisible() and view.merge_button.defaultAction().isEnabled()
    dialog = view.merge()
    assert isinstance(dialog, MergeDialog)
    assert dialog.chosen_id() == duplicate.id  # the suggestion comes first
    assert unnamed_controls(dialog) == []
    dialog.reason.setText("Same father, village and age; the Hindi record was made at the desk.")
    dialog.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert station.persons.get(sho, duplicate.id).merged_into == keep.id
    assert view.history.count() == 1 and "merged into this record" in view.history.item(0).text()
    assert station.search.search_persons(sho, "इरफ़ान") and all(
        h.id == keep.id for h in station.search.search_persons(sho, "इरफ़ान")
    )

    undo = view.unmerge()
    assert isinstance(undo, UnmergeDialog) and unnamed_controls(undo) == []
    undo.reason.setText("Different persons: the father's names only sound alike.")
    undo.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert station.persons.get(sho, duplicate.id).merged_into is None
    assert "[undone" in view.history.item(0).text()


def test_a_data_entry_operator_cannot_merge(  # type: ignore[no-untyped-def]
    qtbot, data_dir, station: StationServices, sho: Actor, ops, events, messages: RecordingMessages
) -> None:
    keep = station.persons.create(sho, IRFAN)
    station.persons.create(sho, PersonInput(name="मोहम्मद इरफ़ान", relative_name="अब्दुल रशीद"))
    operator = add_officer(station, sho, "hc.ansari", Role.DATA_ENTRY, "Salim Ansari")
    desk = make_desk(data_dir, station, operator, ops, events, messages)
    view = PersonsView(desk)
    qtbot.addWidget(view)
    view.show()
    view.open_person(keep.id)
    ops.wait_idle()
    assert view.duplicates.count() == 1  # the operator sees the likely duplicate…
    assert not view.merge_button.isVisible() and not view.merge_button.defaultAction().isEnabled()
    assert not view.unmerge_button.isVisible()
    assert view.merge() is None  # …but only the SHO may merge (the service refuses others too)
    assert view.new_button.defaultAction().isEnabled()  # entering persons is the operator's job
