"""The FIR register's filter bar: year, number, registration dates, act and section, name, status,
drafts, sort. It only builds a ``RegisterQuery``; the view runs it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from forms.law_master import LawMaster
from station_app.core.clock import Clock
from station_app.core.localtime import IST
from station_app.core.services.fir_register import RegisterQuery, RegisterSort
from station_app.ui.forms.inputs import BadInput, IstDateTimeEdit
from station_app.ui.widgets import error_label, named, set_error

FILTER_DELAY_MS = 350
STATUSES = (
    ("All FIRs", None),  # registered and transferred; drafts come with "Include drafts"
    ("Registered", "registered"),
    ("Transferred (Zero FIRs)", "transferred"),
    ("Drafts only", "draft"),
)
SORTS = (
    ("FIR No., newest first", RegisterSort.NUMBER, True),
    ("FIR No., oldest first", RegisterSort.NUMBER, False),
    ("Registered, newest first", RegisterSort.REGISTERED, True),
    ("Occurrence, newest first", RegisterSort.OCCURRENCE, True),
    ("Complainant, A to Z", RegisterSort.COMPLAINANT, False),
)


class RegisterFilters(QWidget):
    changed = Signal()  # debounced: the query to run changed

    def __init__(self, laws: LawMaster, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerFilters")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        self.year = named(QComboBox(), "registerYear", "Year")
        self.year.addItem("All years", None)
        self.number = named(QLineEdit(), "registerNumber", "FIR number")
        self.number.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,6}"), self.number))
        self.number.setPlaceholderText("e.g. 7")
        self.number.setMaximumWidth(90)
        self.date_from = named(IstDateTimeEdit(clock.now, with_time=False), "registerFrom", "Registered from")
        self.date_to = named(IstDateTimeEdit(clock.now, with_time=False), "registerTo", "Registered up to")
        self.act = named(QComboBox(), "registerAct", "Act")
        self.act.addItem("Any act", None)
        for act in laws.acts():
            self.act.addItem(act.short_en, act.code)
        self.section = named(QLineEdit(), "registerSection", "Section")
        self.section.setPlaceholderText("e.g. 303(2)")
        self.section.setMaximumWidth(110)
        self.name = named(QLineEdit(), "registerName", "Name of complainant or accused")
        self.name.setPlaceholderText("complainant or accused, any part of the name")
        self.name.setClearButtonEnabled(True)
        self.status = named(QComboBox(), "registerStatus", "Status")
        for text, value in STATUSES:
            self.status.addItem(text, value)
        self.drafts = named(QCheckBox("Include &drafts"), "registerDrafts", "Include drafts")
        self.sort = named(QComboBox(), "registerSort", "Sort order")
        for text, sort, descending in SORTS:
            self.sort.addItem(text, (sort, descending))
        self.error = error_label("registerFilterError")
        # Three short rows rather than one long one: the register must fit a 1024-pixel screen.
        rows = (
            (
                ("&Year:", self.year),
                ("FIR &No.:", self.number),
                ("Registered &from:", self.date_from),
                ("&to:", self.date_to),
            ),
            (("&Act:", self.act), ("Sectio&n:", self.section), ("Na&me:", self.name)),
            (("Stat&us:", self.status), ("&Sort:", self.sort)),
        )
        for r, items in enumerate(rows):
            for n, (text, widget) in enumerate(items):
                label = QLabel(text)
                label.setBuddy(widget)
                grid.addWidget(label, r, 2 * n, Qt.AlignmentFlag.AlignRight)
                span = 3 if widget is self.name else 1  # the name box takes the rest of its row
                grid.addWidget(widget, r, 2 * n + 1, 1, span)
        grid.addWidget(self.drafts, 2, 5)
        grid.addWidget(self.error, 3, 0, 1, 9)
        grid.setColumnStretch(8, 1)
        for combo in (self.year, self.act, self.status, self.sort):
            # Sized to a short text, not the longest choice (the list still shows it whole), so the
            # register fits the 1024-pixel screens of old station PCs.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.drafts.toggled.connect(lambda _on: self.changed.emit())
        for edit in (self.number, self.section, self.name):
            edit.textChanged.connect(lambda _t: self._timer.start())
        for moment in (self.date_from, self.date_to):
            moment.editingFinished.connect(self._timer.start)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()  # a closed window runs no queries
        super().hideEvent(event)

    def set_years(self, years: list[int]) -> None:
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem("All years", None)
        for year in years:
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(self.year.findData(current), 0))
        self.year.blockSignals(False)

    def _day(self, edit: IstDateTimeEdit) -> date | None:
        moment = edit.moment()
        return moment.date() if isinstance(moment, datetime) else moment

    def query(self) -> RegisterQuery | None:
        """The query, or None (with a message shown) if a date cannot be read."""
        set_error(self.error, "")
        try:
            start, end = self._day(self.date_from), self._day(self.date_to)
        except BadInput as exc:
            set_error(self.error, f"Registration dates: {exc}")
            return None
        sort, descending = self.sort.currentData()
        status = self.status.currentData()
        return RegisterQuery(
            year=self.year.currentData(),
            number=int(self.number.text()) if self.number.text() else None,
            # Whole days in IST: "up to 31-12-2026" includes everything registered that day.
            registered_from=datetime.combine(start, time(0, 0), IST) if start else None,
            registered_to=(datetime.combine(end, time(0, 0), IST) + timedelta(days=1, microseconds=-1))
            if end
            else None,
            act=self.act.currentData(),
            section=self.section.text().strip() or None,
            name=self.name.text().strip(),
            status=status,
            include_drafts=self.drafts.isChecked() and status is None,
            sort=sort,
            descending=descending,
        )

    def show_sort(self, sort: RegisterSort, descending: bool) -> None:
        """A header click sorted the table: show it in the sort box without re-running the query."""
        index = self.sort.findData((sort, descending))
        self.sort.blockSignals(True)
        if index < 0:
            label = f"{sort.value.replace('_', ' ')}, {'descending' if descending else 'ascending'}"
            self.sort.addItem(label, (sort, descending))
            index = self.sort.count() - 1
        self.sort.setCurrentIndex(index)
        self.sort.blockSignals(False)
