"""FIR values relative to the real clock (the GUI tests run on SystemClock), and a complaint GD entry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from station_app.core.localtime import IST
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices


def minute(moment: datetime) -> datetime:
    return moment.astimezone(IST).replace(second=0, microsecond=0)


def ago(services: StationServices, **delta: float) -> datetime:
    return minute(services.clock.now() - timedelta(**delta))


def typed(moment: datetime) -> str:
    """How an officer types it: DD-MM-YYYY HH:MM in IST."""
    return moment.astimezone(IST).strftime("%d-%m-%Y %H:%M")


def complaint_gd(services: StationServices, actor: Actor, minutes_ago: int = 20) -> str:
    entry = services.diary.add_entry(
        actor,
        {
            "kind": "complaint_received",
            "entry_at": ago(services, minutes=minutes_ago).isoformat(),
            "subject": "Written complaint of theft of motorcycle",
            "details": "Sri Ramesh Chandra Gupta came to the station and gave a written complaint (tehrir).",
        },
    )
    return entry.id


def recent_theft(services: StationServices, gd_id: str, **overrides: Any) -> dict[str, Any]:
    """A complete theft FIR: occurred yesterday, reported half an hour ago, cites ``gd_id``."""
    values: dict[str, Any] = {
        "acts_sections": [{"act": "BNS", "section": "303(2)"}],
        "occurrence_from": ago(services, days=1, hours=2).isoformat(),
        "occurrence_to": ago(services, days=1).isoformat(),
        "info_received_at": ago(services, minutes=30).isoformat(),
        "gd_entry": gd_id,
        "info_type": "written",
        "place_address": "Outside Sahu Cinema, Hazratganj, Lucknow",
        "complainant_name": "Ramesh Chandra Gupta",
        "complainant_present_address": "12/4 Narhi, Hazratganj, Lucknow",
        "narrative": "I parked my motorcycle outside Sahu Cinema at 9 pm. When I came back it was gone.",
        "action_taken": "investigating",
        "outside_limits": False,
        "s377_not_consenting_adults": False,  # a tick box always has a value on the form
        "complainant_is_victim": True,
    }
    values.update(overrides)
    return values


def type_text(widget: QWidget, text: str) -> None:
    """Type as a keyboard does, Hindi included (an InScript layout sends key events carrying the
    Devanagari text; QTest.keyClicks only knows Latin-1 and aborts on anything else)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key = Qt.Key.Key_Space if char == " " else Qt.Key.Key_unknown
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))


def wait_active(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Make ``widget``'s window the active one, so that key clicks go where the focus is."""
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=3000)
