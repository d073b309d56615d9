"""The Sync screen: where the station syncs to and how the last cycle went, the queue, and what is
held back for a person (quarantined items and conflicts), with Retry, Export and Enrol.

Lists are read through the op runner when the monitor says the queue changed and the screen is
shown; network work (Sync now, Enrol) goes through the sync worker. Nothing here waits on either.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.core.fsutil import atomic_write_bytes
from station_app.core.localtime import format_ist
from station_app.core.outbox import OutboxItem
from station_app.core.permissions import Actor, Permission
from station_app.ui.context import Desk
from station_app.ui.dialogs.enrol_dialog import EnrolDialog
from station_app.ui.dialogs.login import training_banner
from station_app.ui.events import SYNC_QUEUE, ChangeSet
from station_app.ui.models.outbox_model import QUEUE_COLUMNS, OutboxModel
from station_app.ui.sync_monitor import QueueSnapshot, SyncMonitor, SyncPicture
from station_app.ui.sync_text import (
    OUTCOME_TEXT,
    connection_text,
    last_outcome,
    offset_text,
    problems,
    scope_label,
    when,
)
from station_app.ui.sync_worker import Activity
from station_app.ui.views.sync_held import HeldPanel
from station_app.ui.widgets import heading, named

LIST_LIMIT = 500
Lists = tuple[list[OutboxItem], list[OutboxItem], list[OutboxItem], dict[str, dict[str, Any]], datetime]
ChooseSavePath = Callable[[QWidget, str], str | None]


def may_export(actor: Actor) -> bool:
    """The held-back items carry the records themselves (OutboxService.export checks the same)."""
    return actor.can(Permission.SYNC) and actor.can(Permission.VIEW_RECORDS)


def choose_export_path(parent: QWidget, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Export held-back items", suggested, "JSON (*.json)")
    return path or None


def _card(title: str, name: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    layout.addWidget(heading(title, "cardTitle"))
    body = QLabel()
    body.setObjectName(name)
    body.setWordWrap(True)
    body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(body)
    return frame, layout


def _label(layout: QVBoxLayout) -> QLabel:
    item = layout.itemAt(1)
    widget = item.widget() if item is not None else None
    assert isinstance(widget, QLabel)
    return widget


class SyncView(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self._monitor: SyncMonitor | None = None
        self._shown_queue: QueueSnapshot | None = None
        self._stale = True
        self.choose_export_path: ChooseSavePath = choose_export_path  # tests answer instead
        self.enrol_dialog: EnrolDialog | None = None
        self.setObjectName("syncView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading("Sync with the state server"))
        banner = training_banner(desk.identity)
        if banner is not None:
            banner.setText("TRAINING STATION: it syncs only with a training server, never a real one.")
            layout.addWidget(banner)
        layout.addLayout(self._build_cards())
        layout.addWidget(self._build_tabs(), 1)
        self.list_note = QLabel()
        self.list_note.setObjectName("listNote")
        self.list_note.setProperty("role", "help")
        layout.addWidget(self.list_note)

    def _build_cards(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        server_card, server_layout = _card("State server", "serverLabel")
        self.server_label = _label(server_layout)
        buttons = QHBoxLayout()
        self.sync_button = named(QPushButton("Sync &now"), "syncNowButton", "Sync now")
        self.sync_button.setToolTip("Ctrl+Shift+S")
        self.sync_button.clicked.connect(self.sync_now)
        # The station syncs by itself whoever is signed in; asking for it now is the sync right's.
        self.sync_button.setVisible(self._desk.actor.can(Permission.SYNC))
        self.enrol_button = named(QPushButton("&Enrol…"), "enrolButton", "Enrol with the state server")
        self.enrol_button.clicked.connect(self.open_enrol)
        # Only the SHO connects the station (the worker checks it again before enrolling).
        self.enrol_button.setVisible(self._desk.actor.can(Permission.MANAGE_STATION))
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.enrol_button)
        buttons.addStretch()
        server_layout.addLayout(buttons)
        server_layout.addStretch()  # the two cards share a row: keep each one's text at its top
        cycle_card, cycle_layout = _card("Last sync cycle", "cycleLabel")
        self.cycle_label = _label(cycle_layout)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clockLabel")
        self.clock_label.setWordWrap(True)
        cycle_layout.addWidget(self.clock_label)
        cycle_layout.addStretch()
        grid.addWidget(server_card, 0, 0)
        grid.addWidget(cycle_card, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _build_tabs(self) -> QTabWidget:
        actor = self._desk.actor
        self.tabs = named(QTabWidget(), "syncTabs", "Sync queue and held-back items")
        self.queue_model = OutboxModel(QUEUE_COLUMNS, self)
        self.queue_table = named(QTableView(), "queueTable", "Queued for the state server")
        self.queue_table.setModel(self.queue_model)
        self.queue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_table.verticalHeader().hide()
        self.queue_table.setWordWrap(False)
        for col, width in enumerate((110, 170, 140, 90, 70, 140)):
            self.queue_table.setColumnWidth(col, width)
        self.queue_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.queue_table.horizontalHeader().setStretchLastSection(True)
        can_sync = actor.can(Permission.SYNC)
        can_retry = actor.can(Permission.MANAGE_STATION) and can_sync
        can_export = may_export(actor)
        self.quarantined = HeldPanel("quarantined", "Quarantined items", can_retry, can_export)
        self.conflicts = HeldPanel("conflicts", "Conflicts", can_retry, can_export)
        for panel in (self.quarantined, self.conflicts):
            panel.retry_requested.connect(self.retry)
            panel.export_requested.connect(self.export)
        self.tabs.addTab(self.queue_table, "&Queue")
        self.tabs.addTab(self.quarantined, "Q&uarantined")
        self.tabs.addTab(self.conflicts, "C&onflicts")
        return self.tabs

    # --- wiring -----------------------------------------------------------------------------------

    def attach(self, monitor: SyncMonitor) -> None:
        """Called once by the main window, which owns the monitor of this desk."""
        self._monitor = monitor
        has_worker = monitor.worker is not None
        self.sync_button.setEnabled(has_worker)
        self.enrol_button.setEnabled(has_worker)
        if not has_worker:
            self.sync_button.setToolTip("This desk was opened without a sync worker.")
        monitor.updated.connect(self.show_picture)
        self.show_picture(monitor.picture)

    def show_picture(self, picture: SyncPicture) -> None:
        queue, worker = picture.queue, picture.worker
        if not picture.loaded:
            return
        if queue.enrolled:
            server = f"<b>{queue.server_url}</b>" + (f" ({queue.server_name})" if queue.server_name else "")
            enrolled = f"Enrolled {format_ist(queue.enrolled_at)} IST." if queue.enrolled_at else "Enrolled."
        else:
            server = "<b>Not enrolled.</b>"
            enrolled = "The SHO enrols the station with a one-time code from the state server's admin."
        status = f"Status: <b>{connection_text(picture)}</b> · {queue.pending} queued"
        trouble = problems(picture)
        if trouble:
            status += f" · <span style='color:#b3261e'><b>{', '.join(trouble)}</b></span>"
        self.server_label.setText(f"{server}<br>{enrolled}<br>{status}")
        self.enrol_button.setText("&Enrol again…" if queue.enrolled else "&Enrol…")
        self._show_cycle(picture)
        self.tabs.setTabText(0, f"&Queue ({queue.pending})")
        self.tabs.setTabText(1, f"Q&uarantined ({queue.quarantined})")
        self.tabs.setTabText(2, f"C&onflicts ({queue.conflict})")
        syncing = worker is not None and worker.activity is Activity.SYNCING
        self.sync_button.setText("Syncing…" if syncing else "Sync &now")
        if queue != self._shown_queue:  # an unchanged queue (a draft saved) needs no new read
            self._shown_queue = queue
            self._stale = True
            if self.isVisible():
                self.reload()

    def _show_cycle(self, picture: SyncPicture) -> None:
        queue, worker = picture.queue, picture.worker
        outcome = last_outcome(queue, worker)
        report = worker.last_report if worker is not None else None
        lines = [
            f"Last attempt: {when(queue.last_attempt, picture.now)}. Last success: {when(queue.last_sync, picture.now)}."
        ]
        if outcome is not None:
            lines.append(f"<b>{OUTCOME_TEXT.get(outcome, outcome.value)}</b>")
        if report is not None:
            if report.message and not report.ok:  # a success's message repeats the outcome's words
                lines.append(report.message)
            p = report.pushed
            lines.append(
                f"Sent: {p.applied} delivered, {p.duplicate} already there, {p.quarantined} quarantined, "
                f"{p.conflict} conflicts, {p.retry_later} to retry."
            )
            received = [f"{n} {scope_label(scope)}" for scope, n in report.pulled.items() if n]
            if report.ok:
                lines.append("Received: " + (", ".join(received) if received else "nothing new") + ".")
        elif queue.problem:
            lines.append(queue.problem)
        if worker is not None and worker.next_try_at is not None and worker.online is False:
            lines.append(f"Next try {format_ist(worker.next_try_at, seconds=True)} IST (backing off).")
        self.cycle_label.setText("<br>".join(lines))
        offset = queue.clock_offset_ms
        if offset is None:
            self.clock_label.setText("Server time: not compared yet.")
            role = "help"
        elif queue.clock_suspect:
            self.clock_label.setText(
                f"This computer's clock is {offset_text(offset)} the state server. Set the date and time: "
                "records written meanwhile are flagged."
            )
            role = "error"
        else:
            self.clock_label.setText(
                f"Server time offset: this computer is {offset_text(offset)} the server (fine)."
            )
            role = "help"
        self.clock_label.setProperty("role", role)
        self.clock_label.style().unpolish(self.clock_label)
        self.clock_label.style().polish(self.clock_label)

    # --- lists ------------------------------------------------------------------------------------

    def reload(self) -> None:
        self._stale = False
        outbox, actor = self._desk.services.outbox, self._desk.actor
        can_export = may_export(actor)

        def work() -> Lists:
            queue = outbox.items(("pending", "inflight"), LIST_LIMIT)
            quarantined = outbox.items(("quarantined",), LIST_LIMIT)
            conflicts = outbox.items(("conflict",), LIST_LIMIT)
            exported: dict[str, dict[str, Any]] = {}
            if can_export and (quarantined or conflicts):
                exported = {i["mutation_id"]: i for i in json.loads(outbox.export(actor))["items"]}
            return queue, quarantined, conflicts, exported, datetime.now(UTC)

        self._desk.ops.run(work, on_success=self._show_lists, owner=self)

    def _show_lists(self, lists: Lists) -> None:
        queue, quarantined, conflicts, exported, now = lists
        self.queue_model.set_rows(queue, now)
        self.quarantined.set_items(quarantined, exported, now)
        self.conflicts.set_items(conflicts, exported, now)
        pending = self._shown_queue.pending if self._shown_queue else len(queue)
        self.list_note.setText(
            f"Showing the first {LIST_LIMIT} of {pending:,} queued items." if pending > len(queue) else ""
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._monitor is not None:
            self.reload()

    # --- actions ----------------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self._monitor is not None and self._desk.actor.can(Permission.SYNC):
            self._monitor.sync_now()

    def open_enrol(self) -> None:
        monitor = self._monitor
        if monitor is None or monitor.worker is None:
            return
        desk = self._desk
        dialog = EnrolDialog(
            monitor.worker, desk.actor, desk.identity, monitor.picture.queue.server_url, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.enrolled.connect(lambda reply: self._enrolled(reply.server_name))
        self.enrol_dialog = dialog
        dialog.open()

    def _enrolled(self, server_name: str) -> None:
        if self._monitor is not None:
            self._monitor.refresh()
        self._desk.messages.info(
            self, "Enrolled", f"This station is now connected to {server_name}. Its records are being sent."
        )

    def retry(self, mutation_id: str) -> None:
        outbox, actor = self._desk.services.outbox, self._desk.actor
        self._desk.ops.run(
            lambda: outbox.retry(actor, mutation_id),
            on_success=lambda _none: self.sync_now(),
            changes=ChangeSet.of(SYNC_QUEUE),
            owner=self,
        )

    def export(self) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        suggested = f"sync-held-back-{self._desk.identity.station_code}-{stamp}.json"
        path = self.choose_export_path(self, suggested)
        if not path:
            return
        outbox, actor = self._desk.services.outbox, self._desk.actor

        def work() -> int:
            text = outbox.export(actor)
            atomic_write_bytes(Path(path), text.encode("utf-8"))
            return len(json.loads(text)["items"])

        self._desk.ops.run(
            work,
            on_success=lambda n: self._desk.messages.info(
                self, "Exported", f"{n} held-back item{'s' if n != 1 else ''} written to {path}."
            ),
            owner=self,
        )
