"""An investigation record written on a registered FIR (arrest memo IIF-3, seizure memo IIF-4, the
day's case-diary entry), rendered from its form definition.

The service checks everything, sequencing included (nothing dated before the FIR, no diary going
back in time), and each refusal is shown at its field. The GD entry the memo cites can be written
from here ("New GD entry…"): it is then chosen in the memo.

Keyboard: Tab through the form in paper order; Ctrl+Enter records; Ctrl+G writes the GD entry;
Esc cancels (asking first once something was typed). Enter inside a field never records (a legal
memo is not sent by accident).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from forms.schema import FormDef
from station_app.core.errors import StationError, ValidationError
from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.dialogs.gd_entry_dialog import GdEntryDialog
from station_app.ui.events import GD_ENTRY, ChangeSet
from station_app.ui.forms.renderer import FormRenderer
from station_app.ui.forms.sources import FormSources
from station_app.ui.widgets import error_label, named, set_error


def case_line(record: FirRecord) -> str:
    summary = record.summary
    sections = f" u/s {summary.sections_text}" if summary.sections_text else ""
    return f"FIR {summary.fir_no}{sections} · complainant {summary.complainant_name or '—'}"


class MemoDialog(QDialog):
    recorded = Signal(object)  # what the service returned (ArrestInfo, DiaryEntryInfo, SeizureInfo)

    def __init__(
        self,
        desk: Desk,
        record: FirRecord,
        form: FormDef,
        submit: Callable[[dict[str, Any]], object],
        changes: ChangeSet,
        *,
        name: str,
        initial: dict[str, Any] | None = None,
        gd_kind: str | None = None,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._submit = submit
        self._changes = changes
        self._gd_kind = gd_kind
        self.result_record: object | None = None
        self.gd_dialog: GdEntryDialog | None = None
        named(self, name, form.title_en)
        self.setWindowTitle(f"{form.title_en} / {form.title_hi}: FIR {record.summary.fir_no}")
        self.resize(980, 760)
        layout = QVBoxLayout(self)
        case = QLabel(case_line(record))
        case.setObjectName("memoCase")
        case.setProperty("role", "info-badge")
        case.setWordWrap(True)
        layout.addWidget(case)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setProperty("role", "help")
            layout.addWidget(hint)
        self.form = FormRenderer(form, self._sources(desk, gd_kind))
        self.form.apply_defaults()
        if initial:
            self.form.set_values({**self.form.values(), **initial})
        layout.addWidget(self.form, 1)
        self.dirty = False  # typed into since it opened: Esc asks before throwing that away
        self.form.changed.connect(self._typed)
        self.problems = error_label("memoProblems")
        layout.addWidget(self.problems)
        layout.addLayout(self._build_buttons())
        for button in self.findChildren(QPushButton):  # the form's own buttons too (Remove section…)
            button.setAutoDefault(False)
        desk.events.changed.connect(self._changed)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.record_memo)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.record_memo)
        self.form.focus_first()

    @staticmethod
    def _sources(desk: Desk, gd_kind: str | None) -> FormSources:
        """The desk's sources, with GD entries of the memo's own kind listed first (an arrest memo
        cites the arrest entry, a seizure memo the property entry)."""
        sources = FormSources.for_desk(desk)
        if gd_kind is None:
            return sources
        load = sources.gd_entries
        return replace(sources, gd_entries=lambda: sorted(load(), key=lambda e: e.kind != gd_kind))

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.gd_button = named(QPushButton("New &GD entry…"), "newGdButton", "Write the General Diary entry")
        self.gd_button.setToolTip("Write the General Diary entry this memo cites (Ctrl+G)")
        self.gd_button.clicked.connect(self.new_gd_entry)
        self.gd_button.setVisible(self._gd_kind is not None and "gd_entry" in self.form.editors)
        QShortcut(QKeySequence("Ctrl+G"), self, self.new_gd_entry)
        self.save_button = named(QPushButton("&Record"), "recordButton", "Record")
        self.save_button.setToolTip("Record it (Ctrl+Enter); it cannot be changed afterwards")
        self.save_button.clicked.connect(self.record_memo)
        cancel = named(QPushButton("Cancel"), "cancelButton", "Cancel")
        cancel.clicked.connect(self.reject)
        row.addWidget(self.gd_button)
        row.addStretch()
        for button in (self.gd_button, self.save_button, cancel):
            button.setAutoDefault(False)
            row.addWidget(button)
        return row

    def _typed(self) -> None:
        self.dirty = True

    def reject(self) -> None:
        if self.dirty and self.result_record is None:
            keep = not self._desk.messages.confirm(
                self,
                "Discard this memo?",
                "What you typed has not been recorded and will be lost.",
                "&Discard",
            )
            if keep:
                return
        super().reject()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(GD_ENTRY):
            self.form.reload_sources()

    # --- the GD entry -----------------------------------------------------------------------------

    def new_gd_entry(self) -> None:
        if self._gd_kind is None or "gd_entry" not in self.form.editors:
            return
        dialog = GdEntryDialog(self._desk, parent=self)
        dialog.form.set_values({**dialog.form.values(), "kind": self._gd_kind})
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._gd_written(dialog))
        self.gd_dialog = dialog
        dialog.open()
        dialog.form.editor("subject").control().setFocus()

    def _gd_written(self, dialog: GdEntryDialog) -> None:
        if dialog.saved is not None:
            self.form.editor("gd_entry").set_value(dialog.saved.id)
            self.form.editor("gd_entry").control().setFocus()

    # --- recording --------------------------------------------------------------------------------

    def record_memo(self) -> None:
        if not self.save_button.isEnabled():
            return
        values = self.form.values()
        self.form.clear_errors()
        set_error(self.problems, "")
        self.save_button.setEnabled(False)
        submit = self._submit
        self._desk.ops.run(
            lambda: submit(values),
            on_success=self._recorded,
            on_failure=self._failed,
            on_done=lambda: self.save_button.setEnabled(True),
            changes=self._changes,
            owner=self,
        )

    def _recorded(self, result: object) -> None:
        self.result_record = result
        self.recorded.emit(result)
        self.accept()

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            general = self.form.show_errors(exc.field_errors)
            count = len(exc.field_errors)
            places = "; ".join(self.form.describe(k) for k in exc.field_errors if k not in general)
            text = f"{count} item{'s' if count != 1 else ''} to correct" + (f": {places}." if places else ".")
            set_error(self.problems, text)
        else:
            set_error(self.problems, exc.message)
