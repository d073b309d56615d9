"""FIR drafts awaiting registration, newest change first, with the e-FIR signing deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from station_app.core.localtime import format_ist
from station_app.core.permissions import Actor
from station_app.core.services.firs import EFIR_SIGNING_WINDOW, FirService, FirSummary
from station_app.ui.models.rows import RowsTableModel

COL_UPDATED, COL_SOURCE, COL_COMPLAINANT, COL_SECTIONS, COL_DEADLINE = range(5)
HEADERS = ("Last saved (IST)", "Source", "Complainant", "Sections", "e-FIR: sign by")
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class DraftRow:
    summary: FirSummary
    efir_received_at: datetime | None
    informant_signed_at: datetime | None

    @property
    def deadline(self) -> datetime | None:
        if self.summary.source != "efir" or self.efir_received_at is None:
            return None
        return self.efir_received_at + EFIR_SIGNING_WINDOW


def deadline_text(row: DraftRow, now: datetime) -> str:
    deadline = row.deadline
    if deadline is None:
        return ""
    if row.informant_signed_at is not None:
        return "signed"
    hours = int((deadline - now).total_seconds() // 3600)
    if hours < 0:
        return f"{format_ist(deadline)} (passed)"
    return f"{format_ist(deadline)} ({hours} h left)"


class DraftsModel(RowsTableModel[DraftRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HEADERS, parent)
        self._now = datetime.now(UTC)

    def set_rows(self, rows: list[DraftRow], now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now
        self.endResetModel()

    def draft(self, row: int) -> DraftRow:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        row = self._rows[index.row()]
        s = row.summary
        col = index.column()
        if col == COL_UPDATED:
            return format_ist(s.updated_at)
        if col == COL_SOURCE:
            return "e-FIR" if s.source == "efir" else "At the station"
        if col == COL_COMPLAINANT:
            return s.complainant_name or "(not yet entered)"
        if col == COL_SECTIONS:
            return s.sections_text
        if col == COL_DEADLINE:
            return deadline_text(row, self._now)
        return None


def load_draft_rows(firs: FirService, actor: Actor) -> list[DraftRow]:
    """Runs on the database thread: the drafts, with the e-FIR times their summaries do not carry."""
    rows = []
    for summary in firs.drafts(actor):
        if summary.source == "efir":
            record = firs.get(actor, summary.id)
            rows.append(DraftRow(summary, record.efir_received_at, record.informant_signed_at))
        else:
            rows.append(DraftRow(summary, None, None))
    return rows
