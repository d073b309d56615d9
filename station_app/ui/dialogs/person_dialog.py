"""A new person for the register, with the existing persons who may be the same one offered live.

While the officer types (a name in either script, the relative's name, age, phone, address), the
register is asked for likely duplicates (``find_matches`` on the database thread, debounced); each is
listed with why it matches ("same phone", "name sounds alike: …"). Picking one returns that person
instead of creating a second record for the same human being.

Keyboard: Tab moves through the particulars and on to the matches; Up/Down choose a match, Enter
or Alt+U uses it; Ctrl+Enter or Alt+C creates the new person; Esc cancels.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError, ValidationError
from station_app.core.services.person_input import PersonInput, PersonMatch, PersonRecord
from station_app.ui.dialogs.person_fields import PersonFields
from station_app.ui.events import PERSON, ChangeSet
from station_app.ui.forms.person_source import PersonSource
from station_app.ui.ops import OpRunner
from station_app.ui.widgets import error_label, named, set_error

MATCH_DELAY_MS = 300
IdRole = Qt.ItemDataRole.UserRole + 1
LabelRole = Qt.ItemDataRole.UserRole + 2


def match_text(match: PersonMatch) -> str:
    """Two lines: who, and why they may be the same person (and what differs)."""
    level = "Likely the same" if match.level == "likely" else "Possibly the same"
    why = "; ".join(match.reasons) or "similar particulars"
    if match.conflicts:
        why += " — but " + "; ".join(match.conflicts)
    return f"{level} ({match.score:.0%}): {match.person.label}\n    {why}"


class MatchList(QListWidget):
    """Existing persons who may be the one being entered; Enter uses the current one."""

    used = Signal(str, str)  # person id, label

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "personMatches", "Existing persons who may be the same")
        self.setWordWrap(True)
        self.itemActivated.connect(self._activated)

    def show_matches(self, matches: list[PersonMatch]) -> None:
        self.clear()
        for match in matches:
            item = QListWidgetItem(match_text(match))
            item.setData(IdRole, match.person.id)
            item.setData(LabelRole, match.person.label)
            if match.level == "likely":
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.addItem(item)
        if matches:
            self.setCurrentRow(0)

    def current_person(self) -> tuple[str, str] | None:
        item = self.currentItem()
        if item is None:
            return None
        return str(item.data(IdRole)), str(item.data(LabelRole))

    def person_ids(self) -> list[str]:
        return [str(self.item(i).data(IdRole)) for i in range(self.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        self.used.emit(str(item.data(IdRole)), str(item.data(LabelRole)))


class PersonDialog(QDialog):
    picked = Signal(str, str)  # the person's id and one-line label: an existing one, or the new one

    def __init__(
        self,
        ops: OpRunner,
        source: PersonSource,
        today: date,
        initial: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._source = source
        self._asked: PersonInput | None = None  # the particulars the shown matches answer
        self._in_flight = False
        self._warned = False
        self.created: PersonRecord | None = None
        named(self, "personDialog", "New person")
        self.setWindowTitle("New person / नया व्यक्ति")
        self.resize(980, 620)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        note = QLabel(
            "Type what you know. Persons already in the register who may be the same are listed on the "
            "right as you type: use one of them rather than making a second record."
        )
        note.setWordWrap(True)
        note.setProperty("role", "help")
        left.addWidget(note)
        self.fields = PersonFields(today)
        self.fields.prefill(initial)
        self.fields.changed.connect(self._schedule)
        left.addWidget(self.fields)
        left.addStretch()
        layout.addLayout(left, 3)
        layout.addLayout(self._build_matches(), 2)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MATCH_DELAY_MS)
        self._timer.timeout.connect(self.look_for_matches)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.create_person)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.create_person)
        if initial.strip():
            self.look_for_matches()
        self.fields.name.setFocus()

    def _build_matches(self) -> QVBoxLayout:
        column = QVBoxLayout()
        title = QLabel("Already in the register? (Ma&tches)")
        title.setObjectName("cardTitle")
        column.addWidget(title)
        self.matches = MatchList()
        title.setBuddy(self.matches)
        self.matches.used.connect(self._use)
        column.addWidget(self.matches, 1)
        self.match_status = QLabel("Matches appear here as you type.")
        self.match_status.setObjectName("matchStatus")
        self.match_status.setProperty("role", "help")
        self.match_status.setWordWrap(True)
        column.addWidget(self.match_status)
        self.warning = error_label("duplicateWarning")
        column.addWidget(self.warning)
        buttons = QHBoxLayout()
        self.use_button = named(
            QPushButton("&Use the selected person"), "useButton", "Use the selected person"
        )
        self.use_button.clicked.connect(self.use_selected)
        self.create_button = named(QPushButton("&Create new person"), "createButton", "Create new person")
        self.create_button.setToolTip("Create a new record (Ctrl+Enter)")
        self.create_button.clicked.connect(self.create_person)
        self.create_button.setEnabled(self._source.can_create)
        cancel = named(QPushButton("Cancel"), "cancelButton", "Cancel")
        cancel.clicked.connect(self.reject)
        for button in (self.use_button, self.create_button, cancel):
            button.setAutoDefault(False)  # Enter in a field never creates a record by accident
            buttons.addWidget(button)
        column.addLayout(buttons)
        self.use_button.setEnabled(False)
        return column

    # --- live matches -----------------------------------------------------------------------------

    def _schedule(self) -> None:
        self._warned = False
        set_error(self.warning, "")
        self._timer.start()

    def look_for_matches(self) -> None:
        """Ask the register once; typing meanwhile asks again when this answer is in (stale dropped)."""
        self._timer.stop()
        if self._in_flight:
            return
        wanted = self.fields.person_input(strict=False)
        if wanted == self._asked:
            return
        self._in_flight = True
        source = self._source
        self._ops.run(
            lambda: source.matches(wanted),
            on_success=lambda found: self._matched(wanted, found),
            on_failure=lambda exc: self.match_status.setText(exc.message),
            on_done=self._match_done,
            owner=self,
        )

    def _match_done(self) -> None:
        self._in_flight = False
        if self.fields.person_input(strict=False) != self._asked:
            self._timer.start()

    def _matched(self, asked: PersonInput, found: list[PersonMatch]) -> None:
        self._asked = asked
        if asked != self.fields.person_input(strict=False):
            return  # typed on meanwhile: a fresher answer follows
        self.matches.show_matches(found)
        self.use_button.setEnabled(bool(found))
        likely = sum(1 for m in found if m.level == "likely")
        if not found:
            self.match_status.setText("No one in the register looks like this person.")
        else:
            self.match_status.setText(
                f"{len(found)} possible match{'es' if len(found) != 1 else ''}"
                + (f", {likely} likely" if likely else "")
                + ". Up/Down to choose, Enter to use."
            )

    # --- choosing ---------------------------------------------------------------------------------

    def use_selected(self) -> None:
        current = self.matches.current_person()
        if current is not None:
            self._use(*current)

    def _use(self, person_id: str, label: str) -> None:
        self.picked.emit(person_id, label)
        self.accept()

    def create_person(self) -> None:
        if not self._source.can_create:
            return
        try:
            data = self.fields.person_input(strict=True)
        except ValidationError as exc:
            self.fields.show_errors(exc)
            return
        likely = [m for m in range(self.matches.count()) if self.matches.item(m).font().bold()]
        if likely and not self._warned:
            self._warned = True
            set_error(
                self.warning,
                "Someone in the register is likely the same person. Use them (Alt+U), or press "
                "Create again to make a new record anyway.",
            )
            self.matches.setFocus()
            return
        self.fields.clear_errors()
        self.create_button.setEnabled(False)
        source = self._source
        self._ops.run(
            lambda: source.create(data),
            on_success=self._created,
            on_failure=self._failed,
            on_done=lambda: self.create_button.setEnabled(True),
            changes=ChangeSet.of(PERSON),
            owner=self,
        )

    def _created(self, record: PersonRecord) -> None:
        self.created = record
        self._use(record.id, record.label)

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            self.fields.show_service_errors(exc)
        else:
            self.fields.show_general(exc.message)
