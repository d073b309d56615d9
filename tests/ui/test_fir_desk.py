"""Around the FIR screens: names on every control of the new views and dialogs, and the dashboard's
card of drafts awaiting registration and e-FIRs close to their 3-day limit."""

from __future__ import annotations

from datetime import timedelta

from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.ui.context import Desk
from station_app.ui.dialogs.efir_dialogs import ReceiveEfirDialog, SignatureDialog
from station_app.ui.dialogs.fir_event_dialogs import AlterationDialog, DispatchDialog, TransferDialog
from station_app.ui.dialogs.fir_print_dialog import FirPrintDialog
from station_app.ui.dialogs.gd_entry_dialog import GdEntryDialog
from station_app.ui.views.dashboard import Dashboard
from station_app.ui.views.fir_editor import FirEditor
from tests.ui.fir_helpers import complaint_gd, recent_theft
from tests.ui.test_main_window import unnamed_controls


def test_new_views_and_dialogs_name_every_control(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, station: StationServices, sho: Actor
) -> None:
    gd = complaint_gd(station, sho)
    draft = station.firs.new_draft(
        sho, recent_theft(station, gd, outside_limits=True, outside_station="Gomti Nagar")
    )
    record = station.firs.register(sho, draft.id, draft.summary.version)
    now = station.clock.now
    widgets = [
        FirEditor(sho_desk, None),
        GdEntryDialog(sho_desk),
        ReceiveEfirDialog(now),
        SignatureDialog(now),
        AlterationDialog(sho_desk, record),
        DispatchDialog(sho_desk, record),
        TransferDialog(sho_desk, record),
        FirPrintDialog(sho_desk, record),
    ]
    for widget in widgets:
        qtbot.addWidget(widget)
        assert unnamed_controls(widget) == [], type(widget).__name__
    sho_desk.ops.wait_idle()


def test_dashboard_counts_drafts_and_warns_of_efirs_near_their_limit(  # type: ignore[no-untyped-def]
    qtbot, sho_desk: Desk, open_window, station: StationServices, sho: Actor
) -> None:
    station.firs.new_draft(sho, {"complainant_name": "Kavita Sharma"})
    station.firs.receive_efir(
        sho, {"complainant_name": "Gurpreet Kaur"}, station.clock.now() - timedelta(days=2, hours=12)
    )
    window = open_window(sho_desk)
    dashboard = window.module("home")
    assert isinstance(dashboard, Dashboard)
    card = dashboard.fir_card
    assert card.summary.text() == "2 FIR drafts awaiting registration."
    assert card.warnings.isVisibleTo(card)
    assert "e-FIR of Gurpreet Kaur: the informant must sign by" in card.warnings.text()
    assert "11 h left" in card.warnings.text() or "12 h left" in card.warnings.text()
    card.open_button.click()
    assert window.modules.currentWidget() is window.fir_desk()
    assert window.fir_desk().drafts.model.rowCount() == 2
