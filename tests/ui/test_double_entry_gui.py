"""Double entry on screen: one operator keys a batch, another re-keys it blind by keyboard; a
deliberate difference is listed with both values, resolved (the record is corrected) and the batch
accepted. The first operator is refused the second pass."""

from __future__ import annotations

from PySide6.QtCore import Qt

from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.ui.events import AppEvents
from station_app.ui.ops import OpRunner
from tests.fixtures.import_files import row
from tests.ui.conftest import RecordingMessages
from tests.ui.digitise_rig import alt, enter, keys, open_digitise, operator_desk, tab
from tests.ui.fir_helpers import type_text, wait_active
from tests.ui.keys import focused, tab_to

SECOND_PASS = (  # what the second operator reads on each paper page: number, year, date, sections, name
    ("12", "2019", "05-03-2019", "IPC 379, 411", "Ram Lal"),
    ("13", "2019", "6-3-2019", "IPC 411, 379", "Geeta Devi"),  # the first operator typed "Sita Devi"
)


def test_a_batch_rekeyed_by_another_operator_with_a_difference_resolved(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    first = operator_desk(data_dir, station, sho, ops, events, messages)
    _window_a, view_a = open_digitise(qtbot, open_window, first)
    form = view_a.form("fir")
    alt(qtbot, Qt.Key.Key_E)  # "Double entry" on: the records saved go into a batch
    assert form.double_entry.isChecked()
    for values in (row("fir"), row("fir", fir_number="13", registered_on="06-03-2019", page="119",
                                    complainant_name="Sita Devi")):  # fmt: skip
        form.set_values(values)
        tab_to(qtbot, "page")
        enter(qtbot)
        first.ops.wait_idle()
    assert form.batch is not None and form.batch.records == 2
    assert form.batch_label.text().endswith(": 2 record(s)")
    alt(qtbot, Qt.Key.Key_C)  # close the batch for checking
    first.ops.wait_idle()
    assert form.batch is None and not form.double_entry.isChecked()
    assert "is closed: another operator re-keys it" in form.status.text()

    # The first operator cannot re-key their own batch: the screen does not offer it.
    alt(qtbot, Qt.Key.Key_U)
    first.ops.wait_idle()
    assert view_a.tabs.currentWidget() is view_a.double_entry_view
    assert not view_a.double_entry_view.rekey_button.isEnabled()
    assert (
        view_a.double_entry_view.status.text()
        == "You keyed this batch: another operator re-keys and checks it."
    )

    second = operator_desk(data_dir, station, sho, ops, events, messages, "deo.bilal", "Bilal Ahmad")
    window_b, view_b = open_digitise(qtbot, open_window, second)
    wait_active(qtbot, window_b)
    alt(qtbot, Qt.Key.Key_U)
    second.ops.wait_idle()
    checks = view_b.double_entry_view
    assert checks.batch_table.rowCount() == 1
    assert [checks.batch_table.item(0, c).text() for c in (1, 2, 3, 4)] == [
        "FIR",
        "to check",
        "Asha Rani",
        "2",
    ]
    alt(qtbot, Qt.Key.Key_K)  # re-key this batch
    second.ops.wait_idle()
    for number, values in enumerate(SECOND_PASS, start=1):
        assert f"Record {number} of 2 (FIR)" in checks.record_label.text()
        assert f"p. {117 + number}" in checks.record_label.text()  # where to find it; never the first values
        assert focused().objectName() == "rekey_fir_number"
        for index, text in enumerate(values):
            if index:
                tab(qtbot)
            keys(qtbot, text)
        enter(qtbot)
        second.ops.wait_idle()
    assert checks.panel.isHidden()
    assert checks.status.text().startswith("Every record is re-keyed")

    table = checks.mismatch_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(5)] == [
        "FIR 0013/2019", "Complainant", "Sita Devi", "Geeta Devi", "to resolve",
    ]  # fmt: skip
    assert not checks.accept_button.isEnabled()
    alt(qtbot, Qt.Key.Key_N)  # the paper says Geeta Devi: use the second value
    second.ops.wait_idle()
    assert table.item(0, 4).text() == "corrected to the second value (Bilal Ahmad)"
    assert station.firs.find(sho, 2019, 13).summary.complainant_name == "Geeta Devi"
    assert checks.accept_button.isEnabled()
    alt(qtbot, Qt.Key.Key_C)  # accept the batch
    second.ops.wait_idle()
    assert checks.batch_table.item(0, 2).text() == "accepted"
    assert [b.status for b in station.double_entry.batches(sho)] == ["accepted"]
    assert messages.errors == []


def test_rekeyed_names_may_be_typed_in_hindi_and_bad_values_stay_at_their_field(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    first = operator_desk(data_dir, station, sho, ops, events, messages)
    actor = first.actor
    batch = station.double_entry.open_batch(actor, "fir")
    done = station.legacy.digitise(actor, "fir", row("fir", complainant_name="राम लाल"))
    station.double_entry.add_record(actor, batch.id, done.record_type, done.record_id)
    station.double_entry.close_first_pass(actor, batch.id)
    second = operator_desk(data_dir, station, sho, ops, events, messages, "deo.bilal", "Bilal Ahmad")
    _window, view = open_digitise(qtbot, open_window, second)
    alt(qtbot, Qt.Key.Key_U)
    second.ops.wait_idle()
    alt(qtbot, Qt.Key.Key_K)
    second.ops.wait_idle()
    checks = view.double_entry_view
    for text in ("12", "2019", "05-03-2019", "BNS 303(2)"):
        keys(qtbot, text)
        tab(qtbot)
    qtbot.keyClick(focused(), Qt.Key.Key_F9)
    keys(qtbot, "raam laal")
    assert checks.inputs["complainant_name"].text() == "राम लाल"  # type: ignore[union-attr]
    enter(qtbot)
    second.ops.wait_idle()
    assert checks.input_errors["acts_sections"].text().startswith("BNS came into force on 1 July 2024")
    assert focused() is checks.inputs["acts_sections"]
    focused().clear()  # type: ignore[attr-defined]
    type_text(focused(), "IPC 379, 411")
    enter(qtbot)
    second.ops.wait_idle()
    assert checks.mismatch_table.rowCount() == 0 and checks.accept_button.isEnabled()


def test_tab_from_the_last_rekeyed_item_reaches_save_and_enter_there_saves(  # type: ignore[no-untyped-def]
    qtbot, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner, events: AppEvents,
    messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    first = operator_desk(data_dir, station, sho, ops, events, messages)
    actor = first.actor
    batch = station.double_entry.open_batch(actor, "fir")
    done = station.legacy.digitise(actor, "fir", row("fir"))
    station.double_entry.add_record(actor, batch.id, done.record_type, done.record_id)
    station.double_entry.close_first_pass(actor, batch.id)
    second = operator_desk(data_dir, station, sho, ops, events, messages, "deo.bilal", "Bilal Ahmad")
    _window, view = open_digitise(qtbot, open_window, second)
    alt(qtbot, Qt.Key.Key_U)
    second.ops.wait_idle()
    alt(qtbot, Qt.Key.Key_K)
    second.ops.wait_idle()
    checks = view.double_entry_view
    for index, text in enumerate(SECOND_PASS[0]):
        if index:
            tab(qtbot)
        keys(qtbot, text)
    tab(qtbot)
    assert focused() is checks.save_button  # not the search box at the top of the window
    enter(qtbot)
    second.ops.wait_idle()
    assert checks.panel.isHidden() and checks.status.text().startswith("Every record is re-keyed")


def test_a_deleted_double_entry_view_no_longer_answers_changes(  # type: ignore[no-untyped-def]
    qtbot, sho_desk, events: AppEvents, ops: OpRunner
) -> None:
    """After sign-out the desk's views are deleted but the app's events live on: a change made at the
    next officer's desk must not make the old view query the database as the officer who left."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QWidget

    from station_app.ui.events import ChangeSet
    from station_app.ui.hindi_input import HindiTyping
    from station_app.ui.views.digitise_form import DOUBLE_ENTRY
    from station_app.ui.views.double_entry_view import DoubleEntryView

    host = QWidget()
    qtbot.addWidget(host)
    view = DoubleEntryView(sho_desk, HindiTyping(host))
    ops.wait_idle()
    events.emit_changed(ChangeSet.of(DOUBLE_ENTRY))
    assert ops.busy  # alive, it reloads
    ops.wait_idle()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    events.emit_changed(ChangeSet.of(DOUBLE_ENTRY))
    assert not ops.busy
