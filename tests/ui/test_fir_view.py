"""A registered FIR, read-only: badges, alteration memo, dispatch to court, Zero FIR transfer, roles,
and the print preview (page images through pdfium, printing through Qt, saving the PDF)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices
from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.dialogs.clock_act_dialogs import SearchDialog, SearchSentDialog
from station_app.ui.dialogs.fir_event_dialogs import AlterationDialog, DispatchDialog, TransferDialog
from station_app.ui.dialogs.fir_print_dialog import FirPrintDialog
from station_app.ui.views.fir_view import SENSITIVE_BADGE, FirView
from tests.ui.conftest import add_officer, make_desk
from tests.ui.fir_helpers import complaint_gd, recent_theft, type_text


def register(station: StationServices, sho: Actor, **overrides: object) -> FirRecord:
    gd = complaint_gd(station, sho)
    draft = station.firs.new_draft(sho, recent_theft(station, gd, **overrides))
    return station.firs.register(sho, draft.id, draft.summary.version)


@pytest.fixture
def view(qtbot, sho_desk: Desk, station: StationServices, sho: Actor) -> FirView:  # type: ignore[no-untyped-def]
    widget = FirView(sho_desk, register(station, sho))
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    sho_desk.ops.wait_idle()
    return widget


def test_alteration_memo_and_dispatch_are_linked_records(qtbot, view: FirView, sho_desk: Desk) -> None:  # type: ignore[no-untyped-def]
    assert not view.sensitive_badge.isVisibleTo(view) and not view.transfer_button.isVisibleTo(view)
    assert view.events_list.item(0).text() == "None yet."
    view.alter_button.click()
    dialog = view.findChild(AlterationDialog)
    assert dialog is not None
    dialog.added.input.setFocus()
    type_text(dialog.added.input, "317(2)")
    qtbot.keyClick(dialog.added.input, Qt.Key.Key_Return)
    type_text(dialog.reason, "short")
    dialog.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert "reason" in dialog.form.error_text("reason")  # the service's message, at its field
    type_text(dialog.reason, ": the motorcycle was found with a receiver of stolen goods.")
    dialog.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert view.record.summary.sections_text == "BNS 303(2), BNS 317(2)"
    memo = view.events_list.item(0).text()
    assert "Alteration memo 1: added BNS 317(2). Reason: short: the motorcycle was found" in memo
    assert memo.endswith("with a receiver of stolen goods.")

    view.dispatch_button.click()
    dispatch = view.findChild(DispatchDialog)
    assert dispatch is not None
    dispatch.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert "Name the officer" in dispatch.form.error_text("carried_by")
    type_text(dispatch.carried_by, "HC Salim Ansari, No. 889")
    dispatch.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert "carried by HC Salim Ansari" in view.events_list.item(1).text()
    assert not view.dispatch_button.defaultAction().isEnabled()  # once only


def test_a_search_and_its_record_to_the_magistrate_from_the_fir_view(  # type: ignore[no-untyped-def]
    qtbot, view: FirView, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    """The BNSS 185(5) clock starts with the search recorded here and stops with its record sent."""
    menu = view.acts_button.menu()
    assert [a.text() for a in menu.actions()][:2] == [
        "Search made (BNSS 185)…",
        "Search record sent to the Magistrate (185(5))…",
    ]
    menu.actions()[0].trigger()
    search = view.findChild(SearchDialog)
    assert search is not None
    type_text(search.place, "House of Raju Khan, Daliganj")
    search.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert "grounds" in search.form.error_text("grounds").lower()
    type_text(search.grounds, "Stolen motorcycle parts kept there; delay would lose them.")
    search.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert "Search of House of Raju Khan, Daliganj" in view.events_list.item(0).text()
    clocks = [i.rule.id for i in station.deadlines.open_deadlines(sho, view.record.id)]
    assert "search_record_to_magistrate" in clocks
    menu.actions()[1].trigger()
    sent = view.findChild(SearchSentDialog)
    assert sent is not None and sent.which.count() == 1
    assert sent.which.itemText(0).startswith("Search 1: House of Raju Khan")
    type_text(sent.magistrate, "CJM Lucknow")
    sent.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert "Record of search 1 sent to CJM Lucknow" in view.events_list.item(1).text()
    clocks = [i.rule.id for i in station.deadlines.open_deadlines(sho, view.record.id)]
    assert "search_record_to_magistrate" not in clocks


def test_zero_fir_is_transferred(qtbot, sho_desk: Desk, station: StationServices, sho: Actor) -> None:  # type: ignore[no-untyped-def]
    record = register(
        station, sho, outside_limits=True, outside_station="Gomti Nagar", outside_district="Lucknow"
    )
    view = FirView(sho_desk, record)
    qtbot.addWidget(view)
    sho_desk.ops.wait_idle()
    assert view.zero_badge.isVisibleTo(view) and view.transfer_button.defaultAction().isEnabled()
    view.transfer_button.click()
    dialog = view.findChild(TransferDialog)
    assert dialog is not None and dialog.to_station.text() == "Gomti Nagar"
    type_text(dialog.reference, "Dak 17/26")
    dialog.buttons.accepted.emit()
    sho_desk.ops.wait_idle()
    assert view.record.summary.status == "transferred"
    assert view.status_badge.text() == "Transferred"
    assert not view.transfer_button.defaultAction().isEnabled()
    assert "Zero FIR transferred to Gomti Nagar, Lucknow" in view.events_list.item(0).text()


def test_sensitive_fir_shows_the_badge_and_roles_limit_actions(  # type: ignore[no-untyped-def]
    qtbot, data_dir, station: StationServices, sho: Actor, ops, events, messages
) -> None:
    # A sensitive section now needs the victim's details (issue 11): here she reports it herself.
    record = register(
        station, sho, acts_sections=[{"act": "BNS", "section": "64(1)"}], complainant_is_victim=True,
        complainant_age=30, complainant_sex="F",
    )  # fmt: skip
    officer = add_officer(station, sho, "si.meena", Role.INVESTIGATING_OFFICER, "Meena Kumari Yadav")
    view = FirView(make_desk(data_dir, station, officer, ops, events, messages), record)
    qtbot.addWidget(view)
    ops.wait_idle()
    assert view.sensitive_badge.isVisibleTo(view) and view.sensitive_badge.text() == SENSITIVE_BADGE
    assert not view.alter_button.defaultAction().isEnabled()  # alteration memos are the SHO's
    assert not view.dispatch_button.defaultAction().isEnabled()
    assert view.print_button.defaultAction().isEnabled()
    assert "Ramesh" in view.browser.toPlainText()  # the IO may see the victim's identity


def test_a_viewer_sees_labels_and_may_print_only_the_masked_copies_of_a_sensitive_fir(  # type: ignore[no-untyped-def]
    qtbot, data_dir, station: StationServices, sho: Actor, ops, events, messages
) -> None:
    record = register(
        station, sho, acts_sections=[{"act": "BNS", "section": "64(1)"}], complainant_is_victim=True,
        complainant_age=30, complainant_sex="F",
    )  # fmt: skip
    viewer = add_officer(station, sho, "dsp.viewer", Role.VIEWER, "R. K. Tripathi")
    desk = make_desk(data_dir, station, viewer, ops, events, messages)
    view = FirView(desk, record)
    qtbot.addWidget(view)
    ops.wait_idle()
    text = view.browser.toPlainText()
    assert "Ramesh" not in text and "[Victim V1 / पीड़ित V1]" in text
    dialog = FirPrintDialog(desk, record, view)
    qtbot.addWidget(dialog)
    ops.wait_idle()
    assert dialog.copy_kind == "sp" and messages.errors == []
    model = dialog.copy_combo.model()
    enabled = {
        dialog.copy_combo.itemData(i): model.item(i).isEnabled() for i in range(dialog.copy_combo.count())
    }  # type: ignore[attr-defined]
    assert enabled == {"informant": False, "court": False, "sp": True, "public": True}
    assert dialog.pdf is not None and dialog.pdf.startswith(b"%PDF")


def test_print_preview_renders_pages_prints_and_saves(
    qtbot, view: FirView, sho_desk: Desk, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view.print_button.click()
    dialog = view.findChild(FirPrintDialog)
    assert dialog is not None
    sho_desk.ops.wait_idle()
    assert dialog.pdf is not None and dialog.pdf.startswith(b"%PDF")
    assert len(dialog.pages) >= 1
    first = dialog.pages[0]
    assert not first.isNull() and 1.35 < first.height() / first.width() < 1.47  # A4 portrait
    assert first.pixelColor(first.width() // 2, 5).lightness() > 240  # paper, not a blank black bitmap
    shown = dialog.page_box.findChild(type(dialog.status), "page1")
    assert shown is not None and not shown.pixmap().isNull()
    assert dialog.status.text().endswith("page" + ("s" if len(dialog.pages) > 1 else ""))

    informant = dialog.pdf
    with qtbot.waitSignal(dialog.rendered, timeout=10_000):
        dialog.copy_combo.setCurrentIndex(dialog.copy_combo.findData("court"))
    assert dialog.copy_kind == "court" and dialog.pdf != informant

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    sho_desk.ops.wait_idle()
    printed = pdfium.PdfDocument(str(tmp_path / "printed.pdf"))
    try:
        assert len(printed) == len(dialog.pages)
    finally:
        printed.close()

    dialog.save_to(tmp_path / "copy.pdf")
    sho_desk.ops.wait_idle()
    assert (tmp_path / "copy.pdf").read_bytes() == dialog.pdf
    assert dialog.status.text() == "Saved copy.pdf"


def test_final_report_and_intimation_read_as_sentences_with_their_own_dates(  # type: ignore[no-untyped-def]
    qtbot, view: FirView, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    fir = view.record
    registered = fir.summary.registered_at
    assert registered is not None
    clock = station.clock
    station.fir_events.record_progress_intimation(sho, fir.id, at=clock.now(), to="The informant", how="SMS")
    station.fir_events.record_final_report(
        sho, fir.id, at=clock.now(), report_type="charge_sheet", number="CS 4/2026", court="CJM Lucknow"
    )
    view.refresh()
    sho_desk.ops.wait_idle()
    texts = [view.events_list.item(i).text() for i in range(view.events_list.count())]
    assert any("The informant told of the progress of investigation (SMS) on " in t for t in texts), texts
    assert any("Final report No. CS 4/2026 (charge sheet) filed in CJM Lucknow on " in t for t in texts), (
        texts
    )
    assert not any("final_report" in t or "progress_informed" in t for t in texts)
