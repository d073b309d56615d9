"""Merging duplicate person records (SHO only) and undoing a merge.

A merge marks the duplicate as the same human being as the kept record: nothing is deleted, the
duplicate leaves search, and memos that named it are read as the kept person. It is audited, and
undone from the kept person's merge history (with a reason) if it was wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from station_app.core.errors import ValidationError
from station_app.core.localtime import format_ist
from station_app.core.permissions import Permission
from station_app.core.services.person_input import MergeRecord, PersonMatch, PersonRecord
from station_app.core.services.search import SearchHit
from station_app.ui.context import Desk
from station_app.ui.dialogs.act_dialog import ActDialog
from station_app.ui.dialogs.person_dialog import match_text
from station_app.ui.events import PERSON, ChangeSet
from station_app.ui.widgets import named

IdRole = Qt.ItemDataRole.UserRole + 1
SEARCH_DELAY_MS = 200


class _ReasonDialog(ActDialog):
    """A merge or its undoing: a reason for the audit trail, one service call."""

    def __init__(self, desk: Desk, name: str, title: str, parent: QWidget | None) -> None:
        super().__init__(desk, name, title, parent, width=680)
        self.reason = named(QLineEdit(), "reason", "Reason")

    @property
    def result_merge(self) -> MergeRecord | None:
        return self.result_value if isinstance(self.result_value, MergeRecord) else None

    def _finish(self, save_text: str) -> None:
        self.form.add_field("reason", "&Reason:", self.reason, "Recorded in the audit trail.")
        super()._finish(save_text)

    def _record(self, work: Callable[[], MergeRecord]) -> None:
        self._run(work, ChangeSet.of(PERSON))


class MergeDialog(_ReasonDialog):
    """Pick the duplicate (the register's suggestions, or any person found by name or phone) and say why."""

    def __init__(
        self, desk: Desk, keep: PersonRecord, suggestions: list[PersonMatch], parent: QWidget | None = None
    ) -> None:
        super().__init__(desk, "mergeDialog", f"Merge a duplicate into {keep.name}", parent)
        self._keep = keep
        kept = QLabel(f"Keep: {keep.label}")
        kept.setObjectName("keptPerson")
        kept.setProperty("role", "info-badge")
        kept.setWordWrap(True)
        self.layout_.addWidget(kept)
        note = QLabel(
            "The duplicate is not deleted: it leaves search and its memos are read as the kept person's. "
            "The merge can be undone from the kept person's merge history."
        )
        note.setWordWrap(True)
        note.setProperty("role", "help")
        self.layout_.addWidget(note)
        self.find_edit = named(QLineEdit(), "findDuplicate", "Find another person by name or phone")
        self.find_edit.setPlaceholderText("or type a name or phone to find another record")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.find_edit.textEdited.connect(lambda _t: self._timer.start())
        self.form.add_field("find", "&Find:", self.find_edit)
        self.candidates = named(QListWidget(), "duplicateCandidates", "The duplicate record to merge")
        self.candidates.setWordWrap(True)
        self.candidates.setMinimumHeight(160)
        self.form.add_field("duplicate_id", "&Duplicate:", self.candidates)
        self._show_suggestions(suggestions)
        self._finish("&Merge")
        self.candidates.setFocus()

    def _show_suggestions(self, suggestions: list[PersonMatch]) -> None:
        self.candidates.clear()
        for match in suggestions:
            item = QListWidgetItem(match_text(match))
            item.setData(IdRole, match.person.id)
            self.candidates.addItem(item)
        if suggestions:
            self.candidates.setCurrentRow(0)

    def _search(self) -> None:
        text = self.find_edit.text().strip()
        if len(text) < 2:
            return
        search, actor, keep_id = self._desk.services.search, self._desk.actor, self._keep.id
        self._desk.ops.run(
            lambda: [h for h in search.search_persons(actor, text, 12) if h.id != keep_id],
            on_success=lambda hits: self._found(text, hits),
            owner=self,
        )

    def _found(self, text: str, hits: list[SearchHit]) -> None:
        if text != self.find_edit.text().strip():
            return
        self.candidates.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.label}   {hit.detail}".rstrip())
            item.setData(IdRole, hit.id)
            self.candidates.addItem(item)
        if hits:
            self.candidates.setCurrentRow(0)

    def chosen_id(self) -> str | None:
        item = self.candidates.currentItem()
        return str(item.data(IdRole)) if item is not None else None

    def _submit(self) -> None:
        duplicate = self.chosen_id()
        if duplicate is None:
            self.form.show_errors(ValidationError({"duplicate_id": "Choose the duplicate record."}))
            return
        if not self._desk.actor.can(Permission.MERGE_PERSONS):
            return
        persons, actor, keep_id, reason = (
            self._desk.services.persons,
            self._desk.actor,
            self._keep.id,
            self.reason.text(),
        )
        self._record(lambda: persons.merge(actor, keep_id, duplicate, reason))


class UnmergeDialog(_ReasonDialog):
    def __init__(
        self, desk: Desk, merge: MergeRecord, duplicate_label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(desk, "unmergeDialog", "Undo a merge", parent)
        self._merge = merge
        what = QLabel(
            f"{duplicate_label} was merged on {format_ist(merge.merged_at)} because: {merge.reason}\n"
            "Undoing makes it a person of its own again; the merge stays on record."
        )
        what.setObjectName("mergeToUndo")
        what.setWordWrap(True)
        self.layout_.addWidget(what)
        self._finish("&Undo merge")
        self.reason.setFocus()

    def _submit(self) -> None:
        persons, actor, merge_id, reason = (
            self._desk.services.persons,
            self._desk.actor,
            self._merge.id,
            self.reason.text(),
        )
        self._record(lambda: persons.unmerge(actor, merge_id, reason))
