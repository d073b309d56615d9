"""The generic form renderer: any ``FormDef`` (IIF-1 FIR, GD entry…) as a scrollable, keyboard-first form.

Groups come in paper order with their IIF item numbers and bilingual titles; each field gets the
editor for its type (see ``editor_for``). Tab follows paper order. The renderer speaks the services'
language both ways: ``values()`` is the dict they take (datetimes as aware ISO text in IST, tables as
lists of row dicts) and ``show_errors`` takes ``ValidationError.field_errors`` as they come, including
table cells such as "accused[2].age".

    form = FormRenderer(load_form("iif1_fir"), FormSources.for_desk(desk))
    form.set_values(record.values); form.changed.connect(autosave.schedule)
    form.show_errors(exc.field_errors)     # each message under its field; focus on the first
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.schema import FieldDef, FormDef
from station_app.core.localtime import IST
from station_app.ui.forms.fields import (
    BoolEditor,
    CellPath,
    ChoiceEditor,
    FieldEditor,
    MomentEditor,
    MultilineEditor,
    NumberEditor,
    TextEditor,
)
from station_app.ui.forms.person_field import PersonEditor
from station_app.ui.forms.pickers import GdRefEditor, LoadedChoiceEditor, OfficerEditor
from station_app.ui.forms.section_picker import SectionPicker
from station_app.ui.forms.sources import FormSources
from station_app.ui.forms.table_field import TableEditor
from station_app.ui.widgets import error_label, set_error

_KEY_RE = re.compile(r"^(?P<name>\w+)(?:\[(?P<row>\d+)\](?:\.(?P<col>\w+))?)?$")
LABEL_WIDTH = 250
WIDE_TYPES = frozenset({"table", "sections"})


def parse_error_key(key: str) -> tuple[str, CellPath | None]:
    """ "accused[2].age" -> ("accused", (2, "age")); "narrative" -> ("narrative", None)."""
    match = _KEY_RE.match(key)
    if match is None:
        return key, None
    if match.group("row") is None:
        return match.group("name"), None
    return match.group("name"), (int(match.group("row")), match.group("col"))


def editor_for(field: FieldDef, sources: FormSources | None) -> FieldEditor:
    now = sources.now if sources is not None else (lambda: datetime.now(IST))
    if field.type == "text":
        return TextEditor(field)
    if field.type == "multiline":
        return MultilineEditor(field)
    if field.type in ("date", "datetime"):
        return MomentEditor(field, now)
    if field.type in ("int", "money"):
        return NumberEditor(field)
    if field.type == "choice":
        return ChoiceEditor(field)
    if field.type == "bool":
        return BoolEditor(field)
    if field.type == "table":
        return TableEditor(field)
    if field.type == "sections":
        if sources is None:
            raise ValueError(f"{field.name}: a sections field needs the law master (FormSources)")
        return SectionPicker(field, sources.laws)
    if field.type == "gd_ref":
        return GdRefEditor(field, sources.ops if sources else None, sources.gd_entries if sources else None)
    if field.type == "officer":
        return OfficerEditor(field, sources.ops if sources else None, sources.officers if sources else None)
    if field.type == "person":
        if sources is None:
            raise ValueError(f"{field.name}: a person field needs the person register (FormSources)")
        return PersonEditor(field, sources)
    raise ValueError(f"{field.name}: no editor for field type {field.type!r}")


def field_label(field: FieldDef) -> QLabel:
    """English on the first line (with * when required), Hindi under it."""
    mark = ' <span style="color:#b3261e">*</span>' if field.required else ""
    label = QLabel(
        f"{html.escape(field.label_en)}{mark}<br>"
        f'<span style="color:#5f6368">{html.escape(field.label_hi)}</span>'
    )
    label.setObjectName(f"{field.name}Label")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if field.required:
        label.setToolTip("Required / आवश्यक")
    return label


class FormRenderer(QScrollArea):
    changed = Signal()

    def __init__(
        self,
        form: FormDef,
        sources: FormSources | None,
        parent: QWidget | None = None,
        *,
        show_title: bool = True,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.setObjectName(f"{form.id}Form")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._loading = False
        self._extra: dict[str, Any] = {}  # values of items this form version does not know
        self.editors: dict[str, FieldEditor] = {}
        self.groups: dict[str, QFrame] = {}
        self.group_notes: dict[str, QLabel] = {}
        page = QWidget()
        page.setObjectName(f"{form.id}Page")
        column = QVBoxLayout(page)
        column.setContentsMargins(12, 8, 12, 12)
        column.setSpacing(10)
        if show_title:
            title = QLabel(f"{form.title_en}<br>{form.title_hi}")
            title.setObjectName("formTitle")
            title.setTextFormat(Qt.TextFormat.RichText)
            title.setWordWrap(True)
            column.addWidget(title)
        self.general_error = error_label("formGeneralError")
        column.addWidget(self.general_error)
        for group in form.groups:
            heading = QLabel(self._group_title(group.item, group.label_en, group.label_hi))
            heading.setObjectName("groupTitle")
            heading.setWordWrap(True)
            column.addWidget(heading)
            box = QFrame()
            box.setObjectName(f"group_{group.key}")
            box.setProperty("role", "formGroup")
            grid = QGridLayout(box)
            grid.setColumnMinimumWidth(0, LABEL_WIDTH)
            grid.setColumnStretch(1, 1)
            grid.setVerticalSpacing(8)
            for field in form.fields_in(group.key):
                self._add_field(grid, field, sources)
            self.groups[group.key] = box
            column.addWidget(box)
        column.addStretch()
        self.setWidget(page)
        self._law_link = self._find_law_link()
        self._set_tab_order()

    def set_group_note(self, key: str, text: str) -> None:
        """A note shown above a group's fields, e.g. why they became required; "" hides it."""
        note = self.group_notes.get(key)
        if note is None:
            if not text:
                return
            box = self.groups[key]
            page = box.parentWidget()
            column = page.layout() if page is not None else None
            assert isinstance(column, QVBoxLayout)
            note = QLabel()
            note.setObjectName(f"note_{key}")
            note.setWordWrap(True)
            note.setProperty("role", "groupNote")
            note.setStyleSheet("color: #b3261e; font-weight: 600;")
            column.insertWidget(column.indexOf(box), note)
            self.group_notes[key] = note
        note.setText(text)
        note.setVisible(bool(text))

    @staticmethod
    def _group_title(item: str, english: str, hindi: str) -> str:
        prefix = f"{item}. " if item else ""
        return f"{prefix}{english} / {hindi}"

    def _add_field(self, grid: QGridLayout, field: FieldDef, sources: FormSources | None) -> None:
        editor = editor_for(field, sources)
        self.editors[field.name] = editor
        editor.changed.connect(lambda name=field.name: self._editor_changed(name))
        row = grid.rowCount()
        if field.type == "bool":  # the check box carries its own bilingual text
            grid.addWidget(editor, row, 1)
            return
        label = field_label(field)
        label.setBuddy(editor.control())
        wide = field.type in WIDE_TYPES or (field.type == "multiline" and (field.max_length or 0) > 5000)
        if wide:
            label.setMaximumWidth(16_777_215)
            grid.addWidget(label, row, 0, 1, 2)
            grid.addWidget(editor, row + 1, 0, 1, 2)
        else:
            label.setFixedWidth(LABEL_WIDTH)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, row, 1)

    def _find_law_link(self) -> tuple[str, str] | None:
        """(sections field, date field) from the form's "law_in_force" rule: the date decides the law."""
        for rule in self.form.rules:
            if rule.kind == "law_in_force" and len(rule.fields) == 2:
                sections, when = rule.fields
                if isinstance(self.editors.get(sections), SectionPicker):
                    return sections, when
        return None

    def _set_tab_order(self) -> None:
        chain = [w for editor in self.editors.values() for w in editor.focus_chain()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- values -----------------------------------------------------------------------------------

    def _editor_changed(self, name: str) -> None:
        if self._law_link is not None and name == self._law_link[1]:
            self._update_law_date()
        if not self._loading:
            self.changed.emit()

    def _update_law_date(self) -> None:
        if self._law_link is None:
            return
        sections, when = self._law_link
        picker = self.editors[sections]
        moment_editor = self.editors.get(when)
        on: date | None = None
        if isinstance(moment_editor, MomentEditor):
            moment = moment_editor.moment()
            if isinstance(moment, datetime):
                on = moment.astimezone(IST).date()
            elif isinstance(moment, date):
                on = moment
        assert isinstance(picker, SectionPicker)
        picker.set_occurrence_date(on)

    def values(self) -> dict[str, Any]:
        out = dict(self._extra)
        for name, editor in self.editors.items():
            value = editor.value()
            if value is not None:
                out[name] = value
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill every field (fields missing from ``values`` are cleared); emits no ``changed``."""
        self._loading = True
        try:
            for name, editor in self.editors.items():
                editor.set_value(values.get(name))
            self._extra = {k: v for k, v in values.items() if k not in self.editors}
        finally:
            self._loading = False
        self._update_law_date()

    def apply_defaults(self) -> None:
        """A new form: the definition's defaults (nationality "Indian", unticked boxes)."""
        self.set_values({f.name: f.default for f in self.form.fields if f.default is not None})

    def editor(self, name: str) -> FieldEditor:
        return self.editors[name]

    def reload_sources(self) -> None:
        """Ask the pickers for fresh lists (a new GD entry was written, an officer was added)."""
        for editor in self.editors.values():
            if isinstance(editor, LoadedChoiceEditor):
                editor.reload()

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)

    def focus_first(self) -> None:
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.control().setFocus(Qt.FocusReason.TabFocusReason)

    # --- errors -----------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for editor in self.editors.values():
            editor.clear_error()
        set_error(self.general_error, "")

    def show_errors(self, field_errors: dict[str, str]) -> list[str]:
        """Put each message under its field (cells highlighted for table keys), scroll to and focus
        the first in paper order. Returns the keys of messages that belong to no field (also shown at
        the top of the form), so the caller may show them elsewhere as well."""
        self.clear_errors()
        order = {name: i for i, name in enumerate(self.editors)}
        placed: list[tuple[int, str, CellPath | None]] = []
        general: list[str] = []
        for key, message in field_errors.items():
            name, path = parse_error_key(key)
            editor = self.editors.get(name)
            if editor is None:
                general.append(key)
                continue
            editor.show_error(message, path)
            placed.append((order[name], name, path))
        set_error(self.general_error, "\n".join(field_errors[k] for k in general))
        if placed:
            _pos, name, path = min(placed, key=lambda p: (p[0], p[2][0] if p[2] else -1))
            editor = self.editors[name]
            target = editor.focus_target(path)
            self.ensureWidgetVisible(editor, 20, 40)
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        elif general:
            self.ensureWidgetVisible(self.general_error)
        return general

    def describe(self, key: str) -> str:
        """Where an error key is on the paper: "Date and time to (item 3)", "Accused, row 2 (item 7)"."""
        name, path = parse_error_key(key)
        editor = self.editors.get(name)
        if editor is None:
            return key
        item = next((g.item for g in self.form.groups if g.key == editor.field.group), "")
        where = editor.field.label_en + (f", row {path[0] + 1}" if path is not None else "")
        return f"{where} (item {item})" if item else where

    def error_text(self, key: str) -> str:
        name, _path = parse_error_key(key)
        editor = self.editors.get(name)
        return editor.error_text() if editor is not None else self.general_error.text()
