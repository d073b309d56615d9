"""The FIR module: the drafts list, the draft editor and the read-only view of a registered FIR.

One page at a time in a stack. Drafts are in the database, so reopening this module after a crash,
the idle lock or a sign-out shows them in the list; opening one restores it as it was saved.
Keyboard: Ctrl+N new FIR, Enter opens the selected draft.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError, ValidationError
from station_app.core.permissions import Permission
from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.dialogs.efir_dialogs import ReceiveEfirDialog
from station_app.ui.events import FIR, ChangeSet
from station_app.ui.models.drafts_model import DraftRow, DraftsModel, load_draft_rows
from station_app.ui.views.fir_editor import FirEditor
from station_app.ui.views.fir_view import FirView
from station_app.ui.widgets import action_button, heading, named


class DraftsPage(QWidget):
    def __init__(self, desk: Desk, fir_desk: FirDesk) -> None:
        super().__init__()
        self.setObjectName("draftsPage")
        self._desk = desk
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading("FIR drafts awaiting registration"))
        note = QLabel(
            "Drafts are saved as you type and stay here until the SHO registers them. "
            "Ctrl+N starts a new FIR; Enter opens the selected draft."
        )
        note.setWordWrap(True)
        note.setProperty("role", "help")
        layout.addWidget(note)
        row = QHBoxLayout()
        can_draft = desk.actor.can(Permission.DRAFT_FIR)
        self.new_button = self._button("&New FIR", "newFir", fir_desk.new_fir, "Ctrl+N", can_draft)
        self.efir_button = self._button(
            "Receive &e-FIR…", "receiveEfir", fir_desk.receive_efir, "", can_draft
        )
        self.open_button = self._button("&Open draft", "openDraft", self.open_selected, "", True)
        for button in (self.new_button, self.efir_button, self.open_button):
            row.addWidget(button)
        row.addStretch()
        layout.addLayout(row)
        self.model = DraftsModel(self)
        self.table = named(QTableView(), "draftsTable", "FIR drafts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        self._fir_desk = fir_desk

    def _button(
        self, text: str, name: str, slot: Callable[[], object], shortcut: str, enabled: bool
    ) -> QToolButton:
        return action_button(self, text, name, slot, shortcut, enabled, alt_key=False)

    def refresh(self) -> None:
        firs, actor, clock = self._desk.services.firs, self._desk.actor, self._desk.services.clock
        self._desk.ops.run(
            lambda: (load_draft_rows(firs, actor), clock.now()), on_success=self._show, owner=self
        )

    def _show(self, result: tuple[list[DraftRow], datetime]) -> None:
        rows, now = result
        self.model.set_rows(rows, now)
        if rows:
            self.table.selectRow(0)

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._fir_desk.open_fir(self.model.draft(rows[0].row()).summary.id)


class FirDesk(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self.setObjectName("firDesk")
        self.stack = QStackedWidget()
        self.stack.setObjectName("firStack")
        self.drafts = DraftsPage(desk, self)
        self.stack.addWidget(self.drafts)
        self.editor: FirEditor | None = None
        self.view: FirView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        desk.events.changed.connect(self._changed)
        self.drafts.refresh()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(FIR):
            self.drafts.refresh()

    def _replace(self, widget: QWidget) -> None:
        """Show ``widget``, dropping the editor or view it replaces (an editor saves as it hides)."""
        for old in (self.editor, self.view):
            if old is not None and old is not widget:
                self.stack.removeWidget(old)
                old.hide()
                old.deleteLater()
        self.editor = widget if isinstance(widget, FirEditor) else None
        self.view = widget if isinstance(widget, FirView) else None
        if self.stack.indexOf(widget) < 0:
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)

    def show_drafts(self) -> None:
        self._replace(self.drafts)
        self.drafts.table.setFocus()

    def new_fir(self) -> None:
        if not self._desk.actor.can(Permission.DRAFT_FIR):
            return
        if self.editor is not None and self.editor.fir_id is None and not self.editor.autosave.dirty:
            self.stack.setCurrentWidget(self.editor)  # an untouched new form is already up
        else:
            self._open_editor(None)
        assert self.editor is not None
        self.editor.form.focus_first()

    def _open_editor(self, record: FirRecord | None) -> None:
        editor = FirEditor(self._desk, record)
        editor.closed.connect(self.show_drafts)
        editor.registered.connect(self._registered)
        self._replace(editor)

    def _registered(self, record: FirRecord) -> None:
        self.show_record(record)

    def open_fir(self, fir_id: str) -> None:
        """A draft opens in the editor, a registered FIR in the read-only view."""
        if self.editor is not None and self.editor.fir_id == fir_id:
            self.stack.setCurrentWidget(self.editor)
            return
        firs, actor = self._desk.services.firs, self._desk.actor
        self._desk.ops.run(lambda: firs.get(actor, fir_id), on_success=self.show_record, owner=self)

    def show_record(self, record: FirRecord) -> None:
        if record.registered:
            view = FirView(self._desk, record)
            view.closed.connect(self.show_drafts)
            self._replace(view)
            view.browser.setFocus()
        else:
            self._open_editor(record)
            assert self.editor is not None
            self.editor.form.focus_first()

    def receive_efir(self) -> None:
        dialog = ReceiveEfirDialog(self._desk.services.clock.now, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(lambda at, values: self._receive(dialog, at, values))
        dialog.open()
        self.efir_dialog = dialog

    def _receive(self, dialog: ReceiveEfirDialog, received_at: datetime, values: dict[str, Any]) -> None:
        firs, actor = self._desk.services.firs, self._desk.actor

        def received(record: FirRecord) -> None:
            dialog.accept()
            self.show_record(record)

        def failed(exc: StationError) -> None:
            if isinstance(exc, ValidationError):
                dialog.show_errors(exc)
            else:
                dialog.form.show_general(exc.message)

        self._desk.ops.run(
            lambda: firs.receive_efir(actor, values, received_at),
            on_success=received,
            on_failure=failed,
            changes=ChangeSet.of(FIR),
            owner=dialog,
        )
