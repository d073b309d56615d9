"""The SHO's legal clocks: the 24-hour production countdown moves on its own (no database query per
tick), turns red in its last 4 hours, names its section, and its row opens the case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt

from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.ui.context import Desk
from station_app.ui.events import ARREST, ChangeSet
from station_app.ui.views.dashboard import Dashboard
from station_app.ui.views.deadline_list import TICK_MS
from station_app.ui.views.fir_view import FirView
from tests.helpers.clock import ManualClock
from tests.helpers.investigation import accused, arrest_values, gd_at
from tests.ui.fir_helpers import wait_active

pytest_plugins = ["tests.ui.investigation_rig"]


def arrest_an_hour_ago(station: StationServices, sho: Actor, clock: ManualClock, fir: Any) -> None:
    clock.advance(hours=3)  # 13:00 IST; arrested at 12:00, the GD entry at 12:05
    at = clock.now() - timedelta(hours=1)
    gd = gd_at(station, sho, "arrest", at + timedelta(minutes=5), "Arrest")
    station.arrests.record_arrest(sho, fir.id, arrest_values(gd, accused(station, sho), at))


def test_production_clock_counts_down_without_queries_and_turns_red_in_its_last_4_hours(  # type: ignore[no-untyped-def]
    qtbot, open_window, case_desk: Desk, case_station: StationServices, case_sho: Actor, case_fir: Any,
    clock: ManualClock, monkeypatch,
) -> None:  # fmt: skip
    arrest_an_hour_ago(case_station, case_sho, clock, case_fir)
    queries: list[str | None] = []
    real = case_station.deadlines.open_deadlines

    def counted(actor: Actor, fir_id: str | None = None) -> Any:
        queries.append(fir_id)
        return real(actor, fir_id)

    monkeypatch.setattr(case_station.deadlines, "open_deadlines", counted)
    window = open_window(case_desk)
    dashboard = window.module("home")
    assert isinstance(dashboard, Dashboard)
    clocks = dashboard.deadlines_card.list
    case_desk.ops.wait_idle()
    assert queries == [None]
    assert clocks.items()[0].rule.id == "production_24h"  # the most urgent first
    left, subject, due, rule = clocks.row_texts(0)
    assert subject == "FIR 0001/2026 · A1 Raju Khan"
    assert rule.startswith("Produce the arrested person before a Magistrate within 24 hours (BNSS 58")
    assert due == "03-11-2026 12:00" and left == "23 h 00 min left"
    assert clocks.row_tone(0) is None

    clock.advance(hours=19, minutes=59)  # 08:59 next day: 3 h 01 min left
    clocks.tick()  # what the 30-second timer does
    assert TICK_MS == 30_000
    assert clocks.row_texts(0)[0] == "3 h 01 min left"
    assert clocks.row_tone(0) == "error"  # red in the last 4 hours
    assert clocks.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert queries == [None]  # the countdown moved without asking the database

    clock.advance(hours=3, minutes=30)
    clocks.tick()
    assert clocks.row_texts(0)[0] == "OVERDUE by 29 min"
    case_desk.events.emit_changed(ChangeSet.of(ARREST))  # a change to arrests: asked again
    case_desk.ops.wait_idle()
    assert queries == [None, None]

    wait_active(qtbot, window)
    clocks.table.setFocus()
    clocks.table.selectRow(0)
    qtbot.keyClick(clocks.table, Qt.Key.Key_Return)  # the row opens its case
    case_desk.ops.wait_idle()
    view = window.fir_desk().view
    assert isinstance(view, FirView) and view.record.id == case_fir.id
    assert window.modules.currentWidget() is window.fir_desk()
