"""A new General Diary entry (rendered from the gd_entry form definition) and the read-only view of one.

The diary is append-only: there is no edit or delete anywhere; a correction is a new entry.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from station_app.core.errors import StationError, ValidationError
from station_app.core.localtime import format_ist
from station_app.core.services.diary import GdEntryInfo
from station_app.ui.context import Desk
from station_app.ui.events import GD_ENTRY, ChangeSet
from station_app.ui.forms.pickers import GD_KIND_LABELS
from station_app.ui.forms.renderer import FormRenderer
from station_app.ui.forms.sources import FormSources
from station_app.ui.widgets import named


class GdEntryDialog(QDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.saved: GdEntryInfo | None = None
        named(self, "gdEntryDialog", "New General Diary entry")
        self.setWindowTitle("New General Diary entry / नई रोज़नामचा प्रविष्टि")
        self.resize(760, 620)
        layout = QVBoxLayout(self)
        note = QLabel(
            "Entries are numbered when saved and can never be changed afterwards; to correct one, "
            "write a new entry that refers to it."
        )
        note.setWordWrap(True)
        note.setProperty("role", "help")
        layout.addWidget(note)
        self.form = FormRenderer(desk.services.diary.form, FormSources.for_desk(desk), show_title=False)
        # The time field shows the moment the dialog opened; the officer changes it for a late entry.
        self.form.set_values({"entry_at": desk.services.clock.now().isoformat()})
        layout.addWidget(self.form, 1)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Save entry", QDialogButtonBox.ButtonRole.AcceptRole)
        named(self.save_button, "saveButton", "Save entry")
        self.save_button.setToolTip("Save entry (Ctrl+Enter)")
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        cancel = self.buttons.addButton("&Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        named(cancel, "cancelButton", "Cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.form.focus_first()

    def submit(self) -> None:
        diary, actor, values = self._desk.services.diary, self._desk.actor, self.form.values()
        self.form.clear_errors()
        self.buttons.setEnabled(False)
        self._desk.ops.run(
            lambda: diary.add_entry(actor, values),
            on_success=self._saved,
            on_failure=self._failed,
            on_done=lambda: self.buttons.setEnabled(True),
            changes=ChangeSet.of(GD_ENTRY),
            owner=self,
        )

    def _saved(self, entry: GdEntryInfo) -> None:
        self.saved = entry
        self.accept()

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.field_errors)
        else:
            self._desk.messages.station_error(self, exc)


def entry_html(entry: GdEntryInfo) -> str:
    rows = [
        ("GD No. / रोज़नामचा सं.", f"{entry.number:04d}/{entry.year}"),
        ("Time of the event / घटना का समय", format_ist(entry.entry_at)),
        ("Written at / अंकन का समय", format_ist(entry.recorded_at)),
        ("Officer / अधिकारी", entry.officer_name),
        ("Type / प्रकार", GD_KIND_LABELS.get(entry.kind, entry.kind)),
        ("Subject / विषय", entry.subject),
    ]
    table = "".join(
        f"<tr><td valign='top'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows
    )
    details = html.escape(entry.details).replace("\n", "<br>")
    return f"<table cellpadding='4'>{table}</table><h4>Details / विवरण</h4><p>{details}</p>"


class GdEntryViewDialog(QDialog):
    """One entry, read-only."""

    def __init__(self, entry: GdEntryInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "gdEntryView", f"General Diary entry {entry.number:04d}/{entry.year}")
        self.setWindowTitle(f"General Diary entry {entry.number:04d}/{entry.year}")
        self.resize(680, 520)
        layout = QVBoxLayout(self)
        self.browser = named(QTextBrowser(), "gdEntryText", "Entry text")
        self.browser.setHtml(entry_html(entry))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "closeButton", "Close")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
