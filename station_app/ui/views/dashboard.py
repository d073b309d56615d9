"""Home: who and where this desk is, what the station holds, and a database check."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError, ValidationError
from station_app.core.permissions import Permission
from station_app.core.services.station import MAX_IDLE_LOCK_MINUTES, MIN_IDLE_LOCK_MINUTES, IntegrityReport
from station_app.ui.context import Desk
from station_app.ui.dialogs.login import station_header, training_banner
from station_app.ui.events import STATION, ChangeSet
from station_app.ui.views.dashboard_backup import BackupCard
from station_app.ui.views.dashboard_deadlines import DeadlinesCard
from station_app.ui.views.dashboard_firs import FirAlertsCard
from station_app.ui.views.dashboard_location import LocationCard
from station_app.ui.widgets import card_layout, error_label, named, set_error

# Readable names for the record types in StationService.counts(); unknown ones get a fallback.
RECORD_LABELS = {
    "officer": "Officers' accounts",
    "fir": "FIRs",
    "fir_draft": "FIR drafts",
    "gd_entry": "General Diary entries",
    "arrest": "Arrest memos",
    "attachment": "Scanned pages",
    "case_diary_entry": "Case diary entries",
    "legacy_arrest": "Digitised arrests",
    "person": "Persons",
    "seizure": "Seizure memos",
}
_ACRONYMS = {"fir", "gd", "ncr", "io", "sho", "cctns"}


def record_label(record_type: str) -> str:
    if record_type in RECORD_LABELS:
        return RECORD_LABELS[record_type]
    words = [w.upper() if w in _ACRONYMS else w for w in record_type.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def integrity_text(report: IntegrityReport) -> str:
    if report.ok:
        return (
            f"The station database is intact: encryption, structure and the audit chain "
            f"({report.audit_entries} entries) were checked."
        )
    lines = ["Problems were found. Do not delete anything; call the district IT admin."]
    if not report.sqlcipher_ok:
        lines.append("Encrypted pages: " + "; ".join(report.sqlcipher_messages[:3]))
    if not report.sqlite_ok:
        lines.append("Structure: " + "; ".join(report.sqlite_messages[:3]))
    if not report.foreign_keys_ok:
        lines.append("Links between records are broken.")
    if report.audit_problems:
        lines.append("Audit chain: " + report.audit_problems[0])
    return "\n".join(lines)


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    return frame, card_layout(frame, title)


class Dashboard(QWidget):
    drafts_requested = Signal()

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self.setObjectName("dashboard")
        actor, identity = desk.actor, desk.identity
        # Scrolls rather than forcing the window taller than a small station screen (1366x768).
        scroll = QScrollArea()
        scroll.setObjectName("dashboardScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        page.setObjectName("dashboardPage")
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 18, 24, 18)
        banner = training_banner(identity)
        if banner is not None:
            layout.addWidget(banner)
        for label in station_header(identity):
            layout.addWidget(label)
        who = QLabel(
            f"Signed in: {actor.full_name}, {actor.rank} (No. {actor.belt_number or '–'}) · {actor.role.label}"
        )
        who.setObjectName("signedInLabel")
        who.setWordWrap(True)
        layout.addWidget(who)
        layout.addSpacing(8)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(16)
        # The legal clocks first: the SHO's most urgent business (they refresh themselves on changes).
        # Both cards name cases: none for a role that reads no records (the IT admin).
        reads_records = actor.can(Permission.VIEW_RECORDS)
        self.deadlines_card: DeadlinesCard | None = DeadlinesCard(desk) if reads_records else None
        if self.deadlines_card is not None:
            grid.addWidget(self.deadlines_card, 0, 0, 1, 2)
        grid.addWidget(self._build_counts(), 1, 0)
        grid.addWidget(self._build_verify(), 1, 1)
        self.fir_card: FirAlertsCard | None = FirAlertsCard(desk) if reads_records else None
        if self.fir_card is not None:
            self.fir_card.drafts_requested.connect(self.drafts_requested)
            grid.addWidget(self.fir_card, 2, 0)
        grid.addWidget(self._build_idle(), 2, 1)
        self.backup_card = BackupCard(desk)  # above the fold: a missing backup must be seen
        grid.addWidget(self.backup_card, 3, 0, 1, 2)
        self.location_card = LocationCard(desk)
        grid.addWidget(self.location_card, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addStretch()
        desk.events.changed.connect(self._changed)
        self.refresh()

    def _build_counts(self) -> QFrame:
        frame, layout = _card("Records in this station")
        self.counts_form = QFormLayout()
        layout.addLayout(self.counts_form)
        self.audit_label = QLabel("…")
        self.audit_label.setObjectName("auditCountLabel")
        self.counts_form.addRow("Audit entries:", self.audit_label)
        self.count_labels: dict[str, QLabel] = {}
        return frame

    def _build_verify(self) -> QFrame:
        frame, layout = _card("Database check")
        note = QLabel("Checks the encryption, the file structure and that no history was altered.")
        note.setWordWrap(True)
        note.setProperty("role", "help")
        layout.addWidget(note)
        self.verify_button = named(QPushButton("&Verify database"), "verifyButton", "Verify database")
        self.verify_button.clicked.connect(self.verify)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addStretch()
        layout.addLayout(row)
        self.verify_result = QLabel()
        self.verify_result.setObjectName("verifyResult")
        self.verify_result.setWordWrap(True)
        layout.addWidget(self.verify_result)
        layout.addStretch()
        return frame

    def _build_idle(self) -> QFrame:
        frame, layout = _card("Desk lock")
        self.idle_note = QLabel()
        self.idle_note.setObjectName("idleNote")
        self.idle_note.setWordWrap(True)
        layout.addWidget(self.idle_note)
        self.idle_spin = named(QSpinBox(), "idleMinutesSpin", "Minutes without input before the desk locks")
        self.idle_spin.setRange(MIN_IDLE_LOCK_MINUTES, MAX_IDLE_LOCK_MINUTES)
        self.idle_spin.setSuffix(" min")
        self.idle_save = named(QPushButton("&Apply"), "idleSaveButton", "Apply the desk lock time")
        self.idle_save.clicked.connect(self._save_idle)
        self.idle_error = error_label("idleError")
        can_change = self._desk.actor.can(Permission.MANAGE_STATION)
        setting = QWidget()
        row = QHBoxLayout(setting)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Lock the desk after:")
        label.setBuddy(self.idle_spin)
        for widget in (label, self.idle_spin, self.idle_save):
            row.addWidget(widget)
        row.addStretch()
        layout.addWidget(setting)
        layout.addWidget(self.idle_error)
        # Only the SHO changes station settings; the service refuses others as well.
        setting.setVisible(can_change)
        self.idle_spin.setEnabled(can_change)
        self.idle_save.setEnabled(can_change)
        return frame

    # --- data -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        station = self._desk.services.station
        self._desk.ops.run(
            lambda: (station.counts(), station.audit_entry_count(), station.idle_lock_minutes()),
            on_success=self._show_counts,
            owner=self,
        )
        if self.fir_card is not None:
            self.fir_card.refresh()

    def _changed(self, _changes: ChangeSet) -> None:
        self.refresh()  # every write adds an audit entry, so the audit count always moves

    def _show_counts(self, result: tuple[dict[str, int], int, int]) -> None:
        counts, audit_entries, idle_minutes = result
        for record_type, count in counts.items():
            label = self.count_labels.get(record_type)
            if label is None:
                label = QLabel()
                label.setObjectName(f"count_{record_type}")
                self.count_labels[record_type] = label
                self.counts_form.insertRow(
                    self.counts_form.rowCount() - 1, f"{record_label(record_type)}:", label
                )
            label.setText(str(count))
        self.audit_label.setText(str(audit_entries))
        self.idle_note.setText(
            f"The desk locks after {idle_minutes} minute{'s' if idle_minutes != 1 else ''} without "
            "keyboard or mouse input; your open work stays as it is."
        )
        if not self.idle_spin.hasFocus():
            self.idle_spin.setValue(idle_minutes)

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.verify_result.setProperty("role", "help")
        self.verify_result.setText("Checking… this can take a minute on a large station.")
        self._desk.ops.run(
            self._desk.services.station.check_integrity,
            on_success=self._verified,
            on_failure=self._verify_failed,
            on_done=lambda: self.verify_button.setEnabled(True),
            owner=self,
        )

    def _verified(self, report: IntegrityReport) -> None:
        self._set_result(integrity_text(report), "ok" if report.ok else "error")

    def _verify_failed(self, exc: StationError) -> None:
        self._set_result(f"{exc.title}. {exc.message}", "error")

    def _set_result(self, text: str, role: str) -> None:
        self.verify_result.setText(text)
        self.verify_result.setProperty("role", role)
        self.verify_result.style().unpolish(self.verify_result)
        self.verify_result.style().polish(self.verify_result)

    def _save_idle(self) -> None:
        minutes = self.idle_spin.value()
        actor, station = self._desk.actor, self._desk.services.station
        set_error(self.idle_error, "")
        self._desk.ops.run(
            lambda: station.set_idle_lock_minutes(actor, minutes),
            on_failure=self._idle_failed,
            changes=ChangeSet.of(STATION),
            owner=self,
        )

    def _idle_failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            set_error(self.idle_error, "; ".join(exc.field_errors.values()))
        else:
            self._desk.messages.station_error(self, exc)
