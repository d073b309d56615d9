"""The case around a registered FIR: the FIR itself, its arrests, case diary, seizures and the legal
clocks running for it, one tab each.

Keyboard: Alt+F the FIR, Alt+E arrests, Alt+Y case diary, Alt+Z seizures, Alt+L deadlines (or
Ctrl+PgDown/PgUp); inside a tab, Ctrl+N writes that tab's record.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.views.arrests_tab import ArrestsTab
from station_app.ui.views.case_diary_tab import CaseDiaryTab
from station_app.ui.views.deadline_list import DeadlineList
from station_app.ui.views.seizures_tab import SeizuresTab

TAB_FIR, TAB_ARRESTS, TAB_DIARY, TAB_SEIZURES, TAB_DEADLINES = range(5)


class DeadlinesTab(QWidget):
    def __init__(self, desk: Desk, fir_id: str) -> None:
        super().__init__()
        self.setObjectName("deadlinesTab")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        note = QLabel(
            "Clocks computed from this case's records, each with the section that sets it. The 24-hour "
            "production clock turns red in its last 4 hours; the time left moves on its own."
        )
        note.setWordWrap(True)
        note.setProperty("role", "help")
        layout.addWidget(note)
        self.list = DeadlineList(desk, fir_id)
        layout.addWidget(self.list, 1)


class CaseTabs(QTabWidget):
    def __init__(self, desk: Desk, record: FirRecord, fir_page: QWidget) -> None:
        super().__init__()
        self.setObjectName("caseTabs")
        self.setAccessibleName("Case: FIR, arrests, case diary, seizures and deadlines")
        self.setDocumentMode(True)
        self.arrests = ArrestsTab(desk, record)
        self.diary = CaseDiaryTab(desk, record)
        self.seizures = SeizuresTab(desk, record)
        self.deadlines = DeadlinesTab(desk, record.id)
        self.addTab(fir_page, "&FIR")
        self.addTab(self.arrests, "Arr&ests")
        self.addTab(self.diary, "Case diar&y")
        self.addTab(self.seizures, "Sei&zures")
        self.addTab(self.deadlines, "Dead&lines")
        for index, tip in enumerate(("Alt+F", "Alt+E", "Alt+Y", "Alt+Z", "Alt+L")):
            self.setTabToolTip(index, f"{self.tabText(index).replace('&', '')} ({tip})")
        self.currentChanged.connect(self._focus_page)

    def _focus_page(self, index: int) -> None:
        """The page's list takes the keyboard, so Up/Down and Ctrl+N work at once."""
        page = self.widget(index)
        if page is None:
            return
        target = {
            self.arrests: self.arrests.table,
            self.diary: self.diary.table,
            self.seizures: self.seizures.seizures,
            self.deadlines: self.deadlines.list.table,
        }.get(page)
        if target is not None:
            target.setFocus()

    def set_record(self, record: FirRecord) -> None:
        """The FIR was reloaded (an alteration memo changed its sections): memos prefill from it."""
        for tab in (self.arrests, self.diary, self.seizures):
            tab.record = record
