"""The Digitise module: paper registers keyed in (FIR, GD, arrests), imported from spreadsheets, and
checked by double entry. For officers who may digitise (data-entry operators and the SHO); the main
window hides it from others, and it refuses them should it be built for one.

Keyboard: Alt+F / Alt+D / Alt+A / Alt+I / Alt+U choose the tab (Ctrl+Tab steps through them), F9
turns Hindi typing on or off, Shift+F9 for one field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QTabWidget, QToolButton, QVBoxLayout, QWidget

from station_app.core.importers.spec import KINDS, Kind
from station_app.core.permissions import PERMISSION_TEXT, Permission
from station_app.ui.context import Desk
from station_app.ui.hindi_input import STYLE, HindiTyping
from station_app.ui.views.digitise_form import DigitiseForm
from station_app.ui.views.double_entry_view import DoubleEntryView
from station_app.ui.views.import_view import ImportView
from station_app.ui.widgets import heading, named

TAB_TITLES: dict[Kind, str] = {"fir": "&FIR", "gd": "G&D entry", "arrest": "&Arrest"}
TOGGLE_STYLE = """
QToolButton#hindiToggle { padding: 4px 10px; border: 1px solid #9aa0a6; border-radius: 3px; }
QToolButton#hindiToggle:checked { background: #e65100; color: #ffffff; font-weight: bold; border-color: #e65100; }
"""


class DigitiseView(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self.setObjectName("digitiseView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 10)
        top = QHBoxLayout()
        title = heading("Digitise paper registers / पुराने अभिलेख")
        title.setWordWrap(False)  # beside the Hindi toggle a wrapping label splits the title in two
        top.addWidget(title, 1)
        layout.addLayout(top)
        self.forms: dict[Kind, DigitiseForm] = {}
        if not desk.actor.can(Permission.DIGITISE_LEGACY):
            refusal = QLabel(
                f"Your role ({desk.actor.role.label}) may not {PERMISSION_TEXT[Permission.DIGITISE_LEGACY]}."
            )
            refusal.setObjectName("digitiseRefused")
            refusal.setProperty("role", "error")
            layout.addWidget(refusal)
            layout.addStretch()
            return
        self.setStyleSheet(STYLE + TOGGLE_STYLE)
        self.hindi = HindiTyping(self)
        self.hindi_button = named(QToolButton(), "hindiToggle", "Hindi typing",
                                  "Type Hindi with English letters (F9 for all fields, Shift+F9 for one)")  # fmt: skip
        self.hindi_button.setDefaultAction(self.hindi.action)
        self.hindi_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.hindi_button.setFocusPolicy(
            Qt.FocusPolicy.NoFocus
        )  # F9 is the keyboard's way; Tab stays in the form
        top.addWidget(self.hindi_button)
        self.tabs = named(QTabWidget(), "digitiseTabs", "Digitise")
        for kind in KINDS:
            form = DigitiseForm(desk, kind, self.hindi)
            self.forms[kind] = form
            self.tabs.addTab(form, TAB_TITLES[kind])
        self.import_view = ImportView(desk)
        self.tabs.addTab(self.import_view, "&Import a spreadsheet")
        self.double_entry_view = DoubleEntryView(desk, self.hindi)
        self.tabs.addTab(self.double_entry_view, "Do&uble entry")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)

    def unfinished_work(self) -> str | None:
        """Asked before quitting or signing out (MainWindow): a paper record typed but not saved, or an
        import running (it would be stopped after its current batch and resume next time)."""
        if not self.forms:
            return None
        typed = [TAB_TITLES[kind].replace("&", "") for kind, form in self.forms.items() if form.typed]
        parts = [f"A record being keyed on the {', '.join(typed)} tab is not saved." if typed else ""]
        if self.import_view.running:
            parts.append("An import is running; it stops after the rows being written and resumes next time.")
        return " ".join(p for p in parts if p) or None

    def leave(self) -> None:
        """The officer chose to leave: stop an import at its next batch, so the desk closes at once."""
        if self.forms and self.import_view.running:
            self.import_view.cancel()

    def form(self, kind: Kind) -> DigitiseForm:
        return self.forms[kind]

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    def _tab_changed(self, _index: int) -> None:
        self.hindi.commit()
        current = self.tabs.currentWidget()
        if isinstance(current, DigitiseForm):
            current.focus_first()
        elif current is self.double_entry_view:
            self.double_entry_view.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        current = self.tabs.currentWidget() if self.forms else None
        focus = QApplication.focusWidget()
        if isinstance(current, DigitiseForm) and (focus is None or not current.isAncestorOf(focus)):
            current.focus_first()
