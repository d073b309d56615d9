"""A registered FIR, read-only: every IIF-1 item, its badges, its linked records, and what may still
be done with it (print, alteration memo, dispatch to court, transfer of a Zero FIR). The FIR is the
first tab of its case; the investigation (arrests, case diary, seizures, deadlines) follows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.localtime import format_ist
from station_app.core.permissions import Permission
from station_app.core.services.fir_event_info import FirEventInfo
from station_app.core.services.firs import FirRecord
from station_app.core.services.legacy import LegacyArrestInfo
from station_app.ui.context import Desk
from station_app.ui.dialogs.clock_act_dialogs import (
    MedicalReportDialog,
    SearchDialog,
    SearchSentDialog,
    VictimExamDialog,
)
from station_app.ui.dialogs.fir_event_dialogs import AlterationDialog, DispatchDialog, TransferDialog
from station_app.ui.dialogs.fir_print_dialog import FirPrintDialog
from station_app.ui.events import FIR, ChangeSet
from station_app.ui.views.case_tabs import CaseTabs
from station_app.ui.views.fir_html import event_text, fir_html
from station_app.ui.widgets import action_button, named

SENSITIVE_BADGE = "Sensitive: victim identity withheld on SP and public copies"


def badge(text: str, name: str, role: str = "badge") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setProperty("role", role)
    return label


class FirView(QWidget):
    closed = Signal()

    def __init__(self, desk: Desk, record: FirRecord) -> None:
        super().__init__()
        self._desk = desk
        self.record = record
        self.events: list[FirEventInfo] = []
        self.setObjectName("firView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 6)
        top = QHBoxLayout()
        self.number_label = QLabel()
        self.number_label.setObjectName("firNumber")
        top.addWidget(self.number_label)
        self.sensitive_badge = badge(SENSITIVE_BADGE, "sensitiveBadge")
        self.zero_badge = badge("Zero FIR", "zeroFirBadge", "info-badge")
        self.status_badge = badge("", "statusBadge", "info-badge")
        self.digitised_badge = badge("", "digitisedBadge", "info-badge")  # a paper FIR, under its own number
        self.legacy_arrests: list[LegacyArrestInfo] = []
        for widget in (self.sensitive_badge, self.zero_badge, self.status_badge, self.digitised_badge):
            top.addWidget(widget)
        top.addStretch()
        layout.addLayout(top)
        layout.addLayout(self._build_actions())
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.browser = named(QTextBrowser(), "firText", "FIR contents")
        self.browser.setOpenLinks(False)
        splitter.addWidget(self.browser)
        events_box = QWidget()
        column = QVBoxLayout(events_box)
        column.setContentsMargins(0, 4, 0, 0)
        events_title = QLabel(
            "Linked records (alteration memos, dispatch to court, transfer, digitised arrests):"
        )
        events_title.setObjectName("cardTitle")
        column.addWidget(events_title)
        self.events_list = named(QListWidget(), "firEvents", "Linked records")
        column.addWidget(self.events_list)
        splitter.addWidget(events_box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        # The FIR is the first tab of its case: arrests, case diary, seizures and deadlines follow.
        self.case_tabs = CaseTabs(desk, record, splitter)
        layout.addWidget(self.case_tabs, 1)
        desk.events.changed.connect(self._changed)
        self._show()
        self.refresh()

    def _action(self, text: str, name: str, slot: Callable[[], object], shortcut: str = "") -> QToolButton:
        return action_button(self, text, name, slot, shortcut, alt_key=False)  # the case tabs own Alt keys

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.print_button = self._action("&Print / preview…", "print", self.print_copies, "Ctrl+P")
        self.alter_button = self._action("&Alteration memo…", "alteration", self.alteration)
        self.dispatch_button = self._action("&Dispatch to court…", "dispatch", self.dispatch)
        self.transfer_button = self._action("&Transfer Zero FIR…", "transfer", self.transfer)
        self.acts_button = self._clock_acts_button()
        self.back_button = self._action("&Close", "closeView", self.closed.emit, "Ctrl+W")
        for button in (
            self.print_button,
            self.alter_button,
            self.dispatch_button,
            self.transfer_button,
            self.acts_button,
            self.back_button,
        ):
            row.addWidget(button)
        row.addStretch()
        return row

    def _clock_acts_button(self) -> QToolButton:
        """Searches (BNSS 185) and a rape victim's medical examination (184): the acts that start and
        stop their clocks, under one button."""
        button = named(QToolButton(), "clockActsButton", "Search and medical examination")
        button.setText("Search / medical…")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.setObjectName("clockActsMenu")
        makers: tuple[tuple[str, Callable[[], QDialog]], ...] = (
            ("Search made (BNSS 185)…", lambda: SearchDialog(self._desk, self.record, parent=self)),
            ("Search record sent to the Magistrate (185(5))…",
             lambda: SearchSentDialog(self._desk, self.record, self.events, parent=self)),
            ("Rape victim medically examined (BNSS 184)…",
             lambda: VictimExamDialog(self._desk, self.record, parent=self)),
            ("Medical report received (184(6))…",
             lambda: MedicalReportDialog(self._desk, self.record, self.events, parent=self)),
        )  # fmt: skip
        for text, make in makers:
            action = menu.addAction(text)
            action.setObjectName(f"clockAct{len(menu.actions())}")
            action.triggered.connect(lambda _checked=False, make=make: self._open(make()))
        button.setMenu(menu)
        return button

    def _show(self) -> None:
        record, summary = self.record, self.record.summary
        registered = format_ist(summary.registered_at) if summary.registered_at else ""
        self.number_label.setText(f"FIR {summary.fir_no} · registered {registered}")
        self.sensitive_badge.setVisible(summary.sensitive)
        self.zero_badge.setVisible(summary.zero_fir)
        status = {"transferred": "Transferred", "registered": "Registered"}.get(
            summary.status, summary.status
        )
        self.status_badge.setText(status + (" · e-FIR" if summary.source == "efir" else ""))
        legacy = (record.content or {}).get("legacy") if summary.source == "legacy" else None
        self.digitised_badge.setVisible(isinstance(legacy, dict))
        if isinstance(legacy, dict):
            self.digitised_badge.setText(f"Digitised from paper · {legacy.get('source_reference', '')}")
        # An officer without the need to know sees the victim's identity as labels ("Victim V1").
        seen = self._desk.services.firs.as_seen(self._desk.actor, record)
        self.browser.setHtml(fir_html(self._desk.services.firs.form, seen))
        actor = self._desk.actor
        dispatched = any(e.kind == "court_dispatch" for e in self.events)
        self.alter_button.defaultAction().setEnabled(actor.can(Permission.AMEND_FIR))
        self.dispatch_button.defaultAction().setEnabled(actor.can(Permission.REGISTER_FIR) and not dispatched)
        self.transfer_button.defaultAction().setEnabled(
            actor.can(Permission.REGISTER_FIR) and summary.zero_fir and summary.status != "transferred"
        )
        self.transfer_button.setVisible(summary.zero_fir)
        self.print_button.defaultAction().setEnabled(actor.can(Permission.PRINT))
        self.acts_button.setEnabled(actor.can(Permission.INVESTIGATE))

    def refresh(self) -> None:
        firs, events, actor, fir_id = (
            self._desk.services.firs,
            self._desk.services.fir_events,
            self._desk.actor,
            self.record.id,
        )
        legacy = self._desk.services.legacy
        self._desk.ops.run(
            lambda: (
                firs.get(actor, fir_id),
                events.events(actor, fir_id),
                legacy.arrests_for_fir(actor, fir_id),
            ),
            on_success=self._loaded,
            owner=self,
        )

    def _loaded(self, result: tuple[FirRecord, list[FirEventInfo], list[LegacyArrestInfo]]) -> None:
        self.record, self.events, self.legacy_arrests = result
        self.case_tabs.set_record(self.record)
        self.events_list.clear()
        for event in self.events:
            self.events_list.addItem(event_text(event))
        for arrest in self.legacy_arrests:  # from the paper arrest register, citing this FIR
            relative = f" (father/husband: {arrest.relative_name})" if arrest.relative_name else ""
            self.events_list.addItem(f"Digitised arrest {arrest.register_no}: {arrest.name}{relative}, "
                                     f"{format_ist(arrest.arrested_at)} (u/s {arrest.sections_text})")  # fmt: skip
        if not self.events and not self.legacy_arrests:
            self.events_list.addItem("None yet.")
        self._show()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(FIR):
            self.refresh()

    # --- actions ----------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        # open(), never exec(): the desk may lock while a dialog is up, and must keep running.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def print_copies(self) -> None:
        self._open(FirPrintDialog(self._desk, self.record, parent=self))

    def alteration(self) -> None:
        self._open(AlterationDialog(self._desk, self.record, parent=self))

    def dispatch(self) -> None:
        self._open(DispatchDialog(self._desk, self.record, parent=self))

    def transfer(self) -> None:
        self._open(TransferDialog(self._desk, self.record, parent=self))
