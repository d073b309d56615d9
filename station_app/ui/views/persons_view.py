"""The person register: find a person by name (either script) or phone, open them, add a new one.

An open person shows their particulars (Aadhaar only masked), photo, the other records in the
register that may be the same person, and their merge history. The SHO merges a duplicate into the
open person ("Merge a duplicate…") and undoes a wrong merge from the history.

Keyboard: Ctrl+F (in this module) the search box; Down/Enter open a result; Ctrl+N new person;
Ctrl+M merge (SHO); Alt+U undo the merge selected in the history.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from station_app.core.localtime import format_ist, to_ist
from station_app.core.permissions import Permission
from station_app.core.services.arrests import ArrestInfo
from station_app.core.services.person_input import MergeRecord, PersonInput, PersonMatch, PersonRecord
from station_app.core.services.search import SearchHit
from station_app.ui.context import Desk
from station_app.ui.dialogs.merge_dialog import MergeDialog, UnmergeDialog
from station_app.ui.dialogs.person_dialog import MatchList, PersonDialog
from station_app.ui.events import PERSON, ChangeSet
from station_app.ui.forms.person_source import PersonSource
from station_app.ui.models.record_table import RecordTableModel
from station_app.ui.views.case_common import action_button, open_dialog, record_table, selected_row
from station_app.ui.widgets import heading, named

SEARCH_DELAY_MS = 150
RESULTS = 50
PHOTO_SIZE = 150
MergeRole = Qt.ItemDataRole.UserRole + 1
SEX = {"M": "Male", "F": "Female", "T": "Transgender"}


@dataclass(frozen=True)
class PersonPage:
    """Everything shown for one open person, read in one op."""

    record: PersonRecord
    photo: QImage | None
    merges: list[MergeRecord]
    names: dict[str, str]  # person id -> label, for the merge history
    matches: list[PersonMatch]
    arrests: list[ArrestInfo]  # where this person appears as an accused


def appearances_html(arrests: list[ArrestInfo]) -> str:
    """The cases this person was arrested in, newest last, as the officer reads them off the register."""
    if not arrests:
        return "<p><b>Arrests:</b> none recorded.</p>"
    rows = "".join(
        f"<li>FIR {html.escape(a.fir_no)} · {html.escape(a.accused_code)} · arrested "
        f"{format_ist(a.arrested_at)} · {html.escape(a.status.replace('_', ' '))}</li>"
        for a in arrests
    )
    return f"<p><b>Arrests:</b></p><ul>{rows}</ul>"


def input_of(record: PersonRecord) -> PersonInput:
    return PersonInput(
        name=record.name, name_alt=record.name_alt, aliases=record.aliases, relative_name=record.relative_name,
        relative_relation=record.relative_relation, dob=record.dob, birth_year=record.birth_year, age=record.age,
        age_on=record.age_on, sex=record.sex, present_address=record.present_address,
        permanent_address=record.permanent_address, phones=record.phones, id_documents=record.id_documents,
    )  # fmt: skip


def person_html(record: PersonRecord) -> str:
    born = (
        f"{record.dob:%d-%m-%Y}" if record.dob else str(record.birth_year) if record.birth_year
        else f"about {record.birth_year_est} (age {record.age} on {record.age_on:%d-%m-%Y})"
        if record.age is not None and record.age_on else "—"
    )  # fmt: skip
    rows = [
        ("Name / नाम", record.name),
        ("Other script / दूसरी लिपि", record.name_alt),
        ("Aliases / उपनाम", ", ".join(record.aliases)),
        (f"{record.relative_relation.capitalize() or 'Relative'} / संबंधी", record.relative_name),
        ("Born / जन्म", born),
        ("Sex / लिंग", SEX.get(record.sex, "")),
        ("Present address / वर्तमान पता", record.present_address),
        ("Permanent address / स्थायी पता", record.permanent_address),
        ("Phone / फ़ोन", ", ".join(record.phones)),
        ("ID documents / पहचान", ", ".join(f"{d.kind.upper()} {d.number}" for d in record.id_documents)),
        ("In the register since", f"{format_ist(record.created_at)} · version {record.version}"),
    ]
    body = "".join(
        f"<tr><td valign='top' width='38%'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
        for k, v in rows
        if v
    )
    return f"<table cellpadding='3' width='100%'>{body}</table>"


def merge_text(merge: MergeRecord, this_id: str, names: dict[str, str]) -> str:
    other = merge.duplicate_id if merge.keep_id == this_id else merge.keep_id
    who = names.get(other, other[:8])
    if merge.keep_id == this_id:
        text = f"{format_ist(merge.merged_at)}: {who} merged into this record — {merge.reason}"
    else:
        text = f"{format_ist(merge.merged_at)}: this record merged into {who} — {merge.reason}"
    if merge.undone_at is not None:
        text += f"  [undone {format_ist(merge.undone_at)}: {merge.undo_reason}]"
    return text


class PersonsView(QWidget):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self._source = PersonSource.for_desk(desk)
        self.page: PersonPage | None = None
        self._shown_for: str | None = None
        self._open_first = False
        self.setObjectName("personsView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading("Persons / व्यक्ति पंजी"))
        layout.addLayout(self._build_toolbar())
        self.results_model: RecordTableModel[SearchHit] = RecordTableModel(
            [("Person", lambda h: h.label), ("Phone", lambda h: h.detail)], self
        )
        self.results = record_table(self.results_model, "personResults", "Persons found")
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results.horizontalHeader().setStretchLastSection(False)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole line is its tooltip
        self.results.activated.connect(lambda _i: self.open_selected())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.results)
        splitter.addWidget(self._build_details())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        desk.events.changed.connect(self._changed)

    def _build_toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&Find:")
        self.search_edit = named(QLineEdit(), "personsSearch", "Find a person by name or phone")
        self.search_edit.setPlaceholderText("a name in Hindi or English, or a phone number…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textEdited.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self._enter_in_search)
        label.setBuddy(self.search_edit)
        find = QAction(self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(lambda: self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.addAction(find)
        actor = self._desk.actor
        self.new_button = action_button(
            self, "New person…", "newPerson", self.new_person, "Ctrl+N", self._source.can_create
        )
        self.merge_button = action_button(
            self,
            "Merge a duplicate…",
            "mergePerson",
            self.merge,
            "Ctrl+M",
            actor.can(Permission.MERGE_PERSONS),
        )
        self.merge_button.setVisible(actor.can(Permission.MERGE_PERSONS))
        self.merge_button.defaultAction().setEnabled(False)
        for widget in (label, self.search_edit, self.new_button, self.merge_button):
            row.addWidget(widget, 1 if widget is self.search_edit else 0)
        return row

    def _build_details(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(8, 0, 0, 0)
        top = QHBoxLayout()
        self.title = heading("Find a person on the left, or add a new one (Ctrl+N).", "cardTitle")
        top.addWidget(self.title, 1)
        self.photo = QLabel()
        self.photo.setObjectName("personPhoto")
        self.photo.setFixedSize(PHOTO_SIZE, PHOTO_SIZE)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.hide()
        top.addWidget(self.photo)
        column.addLayout(top)
        self.merged_banner = QLabel()
        self.merged_banner.setObjectName("mergedBanner")
        self.merged_banner.setProperty("role", "badge")
        self.merged_banner.setWordWrap(True)
        self.merged_banner.hide()
        column.addWidget(self.merged_banner)
        self.details = named(QTextBrowser(), "personDetails", "The person's particulars")
        column.addWidget(self.details, 3)
        duplicates = QLabel("Possible duplicates in the register:")
        duplicates.setObjectName("cardTitle")
        column.addWidget(duplicates)
        self.duplicates = named(MatchList(), "possibleDuplicates", "Other records that may be this person")
        self.duplicates.setAlternatingRowColors(True)
        self.duplicates.used.connect(lambda person_id, _label: self.open_person(person_id))
        column.addWidget(self.duplicates, 4)
        history = QHBoxLayout()
        history_label = QLabel("Merge history:")
        history_label.setObjectName("cardTitle")
        history.addWidget(history_label, 1)
        self.unmerge_button = action_button(
            self, "&Undo merge…", "unmerge", self.unmerge, "", self._desk.actor.can(Permission.MERGE_PERSONS)
        )
        self.unmerge_button.setVisible(self._desk.actor.can(Permission.MERGE_PERSONS))
        history.addWidget(self.unmerge_button)
        column.addLayout(history)
        self.history = named(QListWidget(), "mergeHistory", "Merges of this person")
        self.history.setMaximumHeight(90)
        self.history.currentRowChanged.connect(lambda _r: self._update_actions())
        column.addWidget(self.history)
        self._update_actions()
        return box

    # --- search -----------------------------------------------------------------------------------

    def search(self) -> None:
        self._timer.stop()
        text = self.search_edit.text().strip()
        search, actor = self._desk.services.search, self._desk.actor
        self._desk.ops.run(
            lambda: search.search_persons(actor, text, RESULTS) if text else [],
            on_success=lambda hits: self._found(text, hits),
            owner=self,
        )

    def _found(self, text: str, hits: list[SearchHit]) -> None:
        if text != self.search_edit.text().strip():
            return  # typed on meanwhile; that search follows
        self._shown_for = text
        self.results_model.set_rows(hits)
        if hits:
            self.results.selectRow(0)
        if self._open_first:
            self._open_top()

    def _enter_in_search(self) -> None:
        """Enter opens the first person found (once the search for what was typed has answered)."""
        if self._timer.isActive() or self._shown_for != self.search_edit.text().strip():
            self._open_first = True
            self.search()
            return
        self._open_top()

    def _open_top(self) -> None:
        self._open_first = False
        if self.results_model.rowCount():
            self.results.setFocus()
            self.open_selected()

    def open_selected(self) -> None:
        row = selected_row(self.results)
        if row is not None:
            self.open_person(self.results_model.record(row).id)

    # --- one person -------------------------------------------------------------------------------

    def open_person(self, person_id: str) -> None:
        persons, actor = self._desk.services.persons, self._desk.actor

        def work() -> PersonPage:
            record = persons.get(actor, person_id)
            data = persons.photo(actor, person_id)
            photo = QImage.fromData(data) if data else None
            merges = persons.merges(actor, person_id)
            others = (
                {m.keep_id for m in merges} | {m.duplicate_id for m in merges} | {record.merged_into or ""}
            )
            names = {i: persons.get(actor, i).label for i in others - {person_id, ""}}
            matches = (
                []
                if record.merged_into
                else persons.find_matches(actor, input_of(record), exclude_id=person_id)
            )
            arrests = self._desk.services.arrests.for_person(actor, person_id)
            return PersonPage(record, photo, merges, names, matches, arrests)

        self._desk.ops.run(work, on_success=self._show_person, owner=self)

    def _show_person(self, page: PersonPage) -> None:
        self.page = page
        record = page.record
        self.title.setText(record.label)
        self.details.setHtml(person_html(record) + appearances_html(page.arrests))
        if page.photo is not None and not page.photo.isNull():
            pixmap = QPixmap.fromImage(page.photo).scaled(
                PHOTO_SIZE,
                PHOTO_SIZE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.photo.setPixmap(pixmap)
            self.photo.show()
        else:
            self.photo.clear()
            self.photo.hide()
        merged = record.merged_into
        self.merged_banner.setVisible(merged is not None)
        if merged is not None:
            self.merged_banner.setText(
                f"Merged into {page.names.get(merged, merged)}: this record is not searched."
            )
        self.duplicates.show_matches(page.matches)
        if not page.matches:
            none = QListWidgetItem("None found.")
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.duplicates.addItem(none)
        self.history.clear()
        for merge in page.merges:
            item = QListWidgetItem(merge_text(merge, record.id, page.names))
            item.setData(MergeRole, merge.id)
            self.history.addItem(item)
        if page.merges:
            self.history.setCurrentRow(len(page.merges) - 1)
        self._update_actions()

    def _update_actions(self) -> None:
        can = self._desk.actor.can(Permission.MERGE_PERSONS)
        page = self.page
        open_kept = page is not None and page.record.merged_into is None
        self.merge_button.defaultAction().setEnabled(can and open_kept)
        merge = self.selected_merge()
        self.unmerge_button.defaultAction().setEnabled(can and merge is not None and merge.undone_at is None)

    def selected_merge(self) -> MergeRecord | None:
        item = self.history.currentItem()
        if item is None or self.page is None:
            return None
        return next((m for m in self.page.merges if m.id == item.data(MergeRole)), None)

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(PERSON):
            if self.page is not None:
                self.open_person(self.page.record.id)
            if self.search_edit.text().strip():
                self.search()

    # --- actions ----------------------------------------------------------------------------------

    def new_person(self) -> PersonDialog | None:
        if not self._source.can_create:
            return None
        today = to_ist(self._desk.services.clock.now()).date()
        dialog = PersonDialog(self._desk.ops, self._source, today, self.search_edit.text(), parent=self)
        dialog.picked.connect(lambda person_id, _label: self.open_person(person_id))
        open_dialog(dialog)
        return dialog

    def merge(self) -> MergeDialog | None:
        page = self.page
        if page is None or not self._desk.actor.can(Permission.MERGE_PERSONS) or page.record.merged_into:
            return None
        dialog = MergeDialog(self._desk, page.record, page.matches, parent=self)
        open_dialog(dialog)
        return dialog

    def unmerge(self) -> UnmergeDialog | None:
        merge = self.selected_merge()
        if merge is None or self.page is None or not self._desk.actor.can(Permission.MERGE_PERSONS):
            return None
        label = self.page.names.get(merge.duplicate_id, self.page.record.label)
        dialog = UnmergeDialog(self._desk, merge, label, parent=self)
        open_dialog(dialog)
        return dialog
