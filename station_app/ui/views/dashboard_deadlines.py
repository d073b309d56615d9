"""The SHO's home card of legal clocks: every running deadline of the station, most urgent first."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel

from station_app.ui.context import Desk
from station_app.ui.views.deadline_list import DeadlineList
from station_app.ui.widgets import card_layout

NOTE = (
    "Production before a Magistrate within 24 hours turns red in its last 4 hours. "
    "Enter or double-click opens the case."
)


class DeadlinesCard(QFrame):
    case_requested = Signal(str)  # an FIR id

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        layout = card_layout(self, "Legal clocks running / चल रही समय-सीमाएँ")
        note = QLabel(NOTE)
        note.setWordWrap(True)
        note.setProperty("role", "help")
        layout.addWidget(note)
        self.list = DeadlineList(desk)
        self.list.table.setMinimumHeight(140)  # about four clocks; the rest scroll
        self.list.case_requested.connect(self.case_requested)
        layout.addWidget(self.list, 1)

    def refresh(self) -> None:
        self.list.refresh()
