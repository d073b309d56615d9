"""The case diary of one FIR (BNSS 192): its entries day by day with their CD pages, read-only.

Append-only: the only way to change the diary is to write the next entry. Each entry shows its
place in the hash chain, so a printed page can be checked against the one on screen.
Keyboard: Ctrl+N writes today's entry; Up/Down move through the entries.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from station_app.core.localtime import format_ist, to_ist
from station_app.core.permissions import Permission
from station_app.core.services.case_diary import DiaryEntryInfo
from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.dialogs.memo_dialog import MemoDialog
from station_app.ui.dialogs.pdf_dialog import PdfDialog
from station_app.ui.events import CASE_DIARY, ChangeSet
from station_app.ui.models.record_table import RecordTableModel
from station_app.ui.views.case_common import (
    action_button,
    memo_html,
    open_dialog,
    record_table,
    selected_row,
    when,
)
from station_app.ui.widgets import named


def pages_text(entry: DiaryEntryInfo) -> str:
    if entry.page_start == entry.page_end:
        return f"CD page {entry.page_start}"
    return f"CD pages {entry.page_start}–{entry.page_end}"


def hours_text(entry: DiaryEntryInfo) -> str:
    """ "10:00–16:30" on the entry's own day; the dates too when the work ran past midnight."""
    values = entry.content["values"]
    start, close = when(values.get("started_at")), when(values.get("closed_at"))
    if start[:10] == close[:10] == f"{entry.entry_date:%d-%m-%Y}":
        return f"{start[11:]}–{close[11:]}"
    return f"{start} – {close}"


class CaseDiaryTab(QWidget):
    def __init__(self, desk: Desk, record: FirRecord) -> None:
        super().__init__()
        self._desk = desk
        self.record = record
        self.entry_dialog: MemoDialog | None = None
        self.setObjectName("caseDiaryTab")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        self.write_button = action_button(
            self,
            "Write today's entry…",
            "writeDiary",
            self.write_entry,
            "Ctrl+N",
            desk.actor.can(Permission.INVESTIGATE),
        )
        self.print_button = action_button(
            self, "Print &volume…", "printDiary", self.print_volume, "", desk.actor.can(Permission.PRINT)
        )
        row.addWidget(self.write_button)
        row.addStretch()
        row.addWidget(self.print_button)
        layout.addLayout(row)
        note = QLabel(
            "The case diary is one volume with numbered pages. Entries are never changed: a correction "
            "or an afterthought goes into the next day's entry."
        )
        note.setWordWrap(True)
        note.setProperty("role", "help")
        layout.addWidget(note)
        self.model: RecordTableModel[DiaryEntryInfo] = RecordTableModel(
            [
                ("No.", lambda e: str(e.seq)),
                ("Date", lambda e: f"{e.entry_date:%d-%m-%Y}"),
                ("Pages", pages_text),
                ("Investigation", hours_text),
                (
                    "Places visited",
                    lambda e: str(e.content["values"].get("places_visited", "")).split("\n")[0],
                ),
            ],
            self,
        )
        self.table = record_table(self.model, "caseDiaryTable", "Case diary entries")
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.entry_view = named(QTextBrowser(), "caseDiaryEntry", "The selected case diary entry (read-only)")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.entry_view)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.empty = QLabel("No entry yet. Ctrl+N writes today's entry.")
        self.empty.setObjectName("caseDiaryEmpty")
        self.empty.setProperty("role", "help")
        layout.addWidget(self.empty)
        desk.events.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        diary, actor, fir_id = self._desk.services.case_diary, self._desk.actor, self.record.id
        self._desk.ops.run(lambda: diary.entries(actor, fir_id), on_success=self._show, owner=self)

    def _show(self, entries: list[DiaryEntryInfo]) -> None:
        self.model.set_rows(entries)
        self.empty.setVisible(not entries)
        self.print_button.defaultAction().setEnabled(self._desk.actor.can(Permission.PRINT) and bool(entries))
        if entries:
            self.table.selectRow(len(entries) - 1)  # the latest day
        self._selected()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(CASE_DIARY):
            self.refresh()

    def current(self) -> DiaryEntryInfo | None:
        row = selected_row(self.table)
        return self.model.record(row) if row is not None else None

    def _selected(self) -> None:
        entry = self.current()
        if entry is None:
            self.entry_view.clear()
            return
        content = entry.content
        officer = content.get("officer") or {}
        heading = (
            f"Case diary entry {entry.seq} · {entry.entry_date:%d-%m-%Y} · {pages_text(entry)} · "
            f"FIR {content.get('fir_no', '')}"
        )
        body = memo_html(self._desk.services.case_diary.form, content["values"], heading, {})
        footer = (
            f"<p style='color:#5f6368'>Written by {officer.get('name', '')} ({officer.get('rank', '')}) "
            f"at {when(content.get('recorded_at'))}.<br>Chain digest: <tt>{entry.entry_hash[:16]}…</tt> "
            f"(follows <tt>{entry.prev_hash[:16]}…</tt>)</p>"
        )
        self.entry_view.setHtml(body + footer)

    # --- actions ----------------------------------------------------------------------------------

    def today(self) -> date:
        return to_ist(self._desk.services.clock.now()).date()

    def write_entry(self) -> MemoDialog | None:
        if not self._desk.actor.can(Permission.INVESTIGATE):
            return None
        diary, actor, fir_id = self._desk.services.case_diary, self._desk.actor, self.record.id
        registered = self.record.summary.registered_at
        note = "Today's work under this FIR"
        if registered is not None:
            note += f" (registered {format_ist(registered)})"
        note += ": when the information reached you, when you began and closed, places, circumstances, statements."
        dialog = MemoDialog(
            self._desk,
            self.record,
            diary.form,
            lambda values: diary.add_entry(actor, fir_id, values),
            ChangeSet.of(CASE_DIARY),
            name="caseDiaryDialog",
            initial={"entry_date": self.today().isoformat()},
            note=note,
            parent=self,
        )
        self.entry_dialog = dialog
        open_dialog(dialog, self.table)
        return dialog

    def print_volume(self) -> PdfDialog:
        printer, actor, fir_id = self._desk.services.investigation_print, self._desk.actor, self.record.id
        number = (self.record.summary.fir_no or "fir").replace("/", "-")
        dialog = PdfDialog(
            self._desk,
            f"Case diary of FIR {self.record.summary.fir_no}",
            f"case-diary-{number}.pdf",
            lambda: printer.case_diary_pdf(actor, fir_id),
            parent=self,
        )
        open_dialog(dialog)
        return dialog
