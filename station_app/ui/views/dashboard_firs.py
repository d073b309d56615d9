"""The dashboard's FIR card: drafts awaiting registration, and e-FIRs close to their 3-day limit."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from station_app.core.localtime import format_ist
from station_app.ui.context import Desk
from station_app.ui.models.drafts_model import DraftRow, load_draft_rows
from station_app.ui.widgets import card_layout, named

NEAR_LIMIT = timedelta(hours=24)  # an e-FIR with less than a day left is called out by name


def alerts_text(rows: list[DraftRow], now: datetime) -> tuple[str, str]:
    """(summary line, e-FIR warnings) for the card."""
    count = len(rows)
    summary = (
        f"{count} FIR draft{'s' if count != 1 else ''} awaiting registration."
        if count
        else "No FIR drafts are waiting."
    )
    warnings = []
    for row in rows:
        deadline = row.deadline
        if deadline is None or row.informant_signed_at is not None:
            continue
        name = row.summary.complainant_name or "(informant not yet entered)"
        if deadline <= now:
            warnings.append(f"e-FIR of {name}: the 3-day limit passed on {format_ist(deadline)}.")
        elif deadline - now <= NEAR_LIMIT:
            hours = int((deadline - now).total_seconds() // 3600)
            warnings.append(
                f"e-FIR of {name}: the informant must sign by {format_ist(deadline)} ({hours} h left)."
            )
    return summary, "\n".join(warnings)


class FirAlertsCard(QFrame):
    drafts_requested = Signal()

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        layout = card_layout(self, "FIRs awaiting registration")
        self.summary = QLabel("…")
        self.summary.setObjectName("draftsSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.warnings = QLabel()
        self.warnings.setObjectName("efirWarnings")
        self.warnings.setProperty("role", "error")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        layout.addWidget(self.warnings)
        row = QHBoxLayout()
        self.open_button = named(QPushButton("Open &drafts"), "openDraftsButton", "Open FIR drafts")
        self.open_button.clicked.connect(self.drafts_requested)
        row.addWidget(self.open_button)
        row.addStretch()
        layout.addLayout(row)

    def refresh(self) -> None:
        firs, actor, clock = self._desk.services.firs, self._desk.actor, self._desk.services.clock
        self._desk.ops.run(
            lambda: (load_draft_rows(firs, actor), clock.now()), on_success=self._show, owner=self
        )

    def _show(self, result: tuple[list[DraftRow], datetime]) -> None:
        rows, now = result
        summary, warnings = alerts_text(rows, now)
        self.summary.setText(summary)
        self.warnings.setText(warnings)
        self.warnings.setVisible(bool(warnings))
