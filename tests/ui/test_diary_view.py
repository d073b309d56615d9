"""The General Diary module: a new entry through the dialog (keyboard), errors at the field, the list
newest first with its filters, and no way to edit or delete."""

from __future__ import annotations

from datetime import timedelta

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog

from station_app.core.localtime import ist_year
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.ui.context import Desk
from station_app.ui.dialogs.gd_entry_dialog import GdEntryDialog, GdEntryViewDialog
from station_app.ui.models.diary_model import COL_KIND, COL_NUMBER
from station_app.ui.views.diary import DiaryView
from tests.ui.fir_helpers import type_text, typed, wait_active


def diary_of(window) -> DiaryView:  # type: ignore[no-untyped-def]
    view = window.module("diary")
    assert isinstance(view, DiaryView)
    return view


def test_new_entry_through_the_dialog_by_keyboard(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, open_window, station: StationServices, sho: Actor
) -> None:
    window = open_window(sho_desk)
    wait_active(qtbot, window)
    qtbot.keyClick(
        window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    view = diary_of(window)
    assert window.modules.currentWidget() is view
    dialog = view.findChild(GdEntryDialog)
    assert dialog is not None and dialog.isVisible()
    wait_active(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.form.editor("kind").control()
    qtbot.keyClicks(QApplication.focusWidget(), "c")  # Complaint / information received
    entry_at = dialog.form.editor("entry_at").control()
    assert entry_at.text() == typed(station.clock.now())  # type: ignore[attr-defined]  # defaults to now
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "मोबाइल चोरी की लिखित शिकायत")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "श्रीमती कविता शर्मा ने थाने पर आकर लिखित शिकायत दी।")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    sho_desk.ops.wait_idle()

    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    [entry] = station.diary.list_entries(sho)
    assert (entry.kind, entry.subject) == ("complaint_received", "मोबाइल चोरी की लिखित शिकायत")
    year = ist_year(station.clock.now())
    assert view.model.index(0, COL_NUMBER).data() == f"0001/{year}"
    assert view.model.index(0, COL_KIND).data() == "Complaint received"


def test_a_future_time_is_refused_at_its_field(
    qtbot, sho_desk: Desk, open_window, station: StationServices, sho: Actor
) -> None:  # type: ignore[no-untyped-def]
    view = diary_of(open_window(sho_desk))
    dialog = view.new_entry()
    assert dialog is not None
    form = dialog.form
    form.set_values(
        {
            "kind": "other",
            "entry_at": (station.clock.now() + timedelta(days=1)).isoformat(),
            "subject": "Night patrol",
            "details": "Left for the night patrol.",
        }
    )
    dialog.submit()
    sho_desk.ops.wait_idle()
    assert form.error_text("entry_at") == "This date and time is in the future."
    assert dialog.isVisible() and station.diary.list_entries(sho) == []


def test_list_is_newest_first_filters_and_is_append_only(qtbot, training_desk: Desk, open_window) -> None:  # type: ignore[no-untyped-def]
    view = diary_of(open_window(training_desk))
    ops = training_desk.ops
    model = view.model
    # The whole practice diary (FIRs, arrests, seizures... each with its GD entry) fits in one page.
    assert model.rowCount() == training_desk.services.station.counts()["gd_entry"] > 36
    numbers = [model.entry(r) for r in range(model.rowCount())]
    assert [(e.year, e.number) for e in numbers] == sorted(
        ((e.year, e.number) for e in numbers), reverse=True
    )

    view.kind_combo.setCurrentIndex(view.kind_combo.findData("fir_registered"))
    ops.wait_idle()
    assert model.rowCount() == 36
    assert {model.entry(r).kind for r in range(model.rowCount())} == {"fir_registered"}

    year = model.entry(0).year
    view.year_combo.setCurrentIndex(view.year_combo.findData(year))
    ops.wait_idle()
    assert model.rowCount() and {model.entry(r).year for r in range(model.rowCount())} == {year}

    view.year_combo.setCurrentIndex(0)
    view.kind_combo.setCurrentIndex(0)
    qtbot.keyClicks(view.search_edit, "motorcycle")
    view.apply_filter()
    ops.wait_idle()
    assert model.rowCount() >= 1
    assert all(
        "motorcycle" in (e.subject + e.details).lower()
        for e in (model.entry(r) for r in range(model.rowCount()))
    )

    texts = [a.text().replace("&", "").lower() for a in view.findChildren(QAction)]
    assert not any(word in t for t in texts for word in ("edit", "delete", "remove"))
    view.table.selectRow(0)
    view.open_selected()
    opened = view.findChild(GdEntryViewDialog)
    assert isinstance(opened, QDialog) and model.entry(0).subject in opened.browser.toPlainText()
