"""Keying in one paper register (FIR, GD or arrests) without the mouse.

The fields are the register's columns in paper order (``legacy.spec(kind)``). Tab goes through every
field; Enter saves the record under its original number (``legacy.digitise``) and opens the next
blank record with what repeats carried forward: the year, the register, volume and page (the next
page for an FIR), the officer, and the next number. The station and district come with every record.
While typing, the record is checked (debounced) and problems appear under their fields, including a
number the register already has; blanks are left alone until Enter. Shift+Enter starts a new line in
the facts; in the sections picker Enter adds the suggestion (or a whole "IPC 379, 411" typed there).
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError, ValidationError
from station_app.core.importers.spec import Kind
from station_app.core.localtime import to_ist
from station_app.core.services.accounts import OfficerInfo
from station_app.core.services.double_entry import BatchInfo
from station_app.ui.context import Desk
from station_app.ui.events import ARREST, FIR, GD_ENTRY, ChangeSet
from station_app.ui.forms.pickers import officer_choice_text
from station_app.ui.hindi_input import HindiTyping
from station_app.ui.views.legacy_fields import LegacyField, field_label
from station_app.ui.views.legacy_work import (
    LAW_DATE_KEYS,
    NUMBER_KEYS,
    Probe,
    Saved,
    law_date,
    next_page,
    probe,
    save,
)
from station_app.ui.views.scan_pages import ScanPages
from station_app.ui.widgets import error_label, named, set_error

CHECK_DELAY_MS = 600
DOUBLE_ENTRY = "double_entry_batch"  # a record type of ChangeSet: batches opened, closed, re-keyed
CHANGES = {"fir": ChangeSet.of(FIR, DOUBLE_ENTRY), "gd": ChangeSet.of(GD_ENTRY, DOUBLE_ENTRY),
           "arrest": ChangeSet.of(ARREST, DOUBLE_ENTRY)}  # fmt: skip
CARRIED = ("register", "volume", "original_officer")
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class DigitiseForm(QWidget):
    saved = Signal(object)  # Saved, after the next blank record is up

    def __init__(self, desk: Desk, kind: Kind, hindi: HindiTyping, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self.kind = kind
        self.spec = desk.services.legacy.spec(kind)
        self._saving = False
        self._loading = False
        self.typed = False  # something was typed since the record was blank (or carried forward)
        self._generation = 0
        self.batch: BatchInfo | None = None
        self.last: Saved | None = None
        self.setObjectName(f"digitise_{kind}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        identity = desk.identity
        station = QLabel(f"{self.spec.title_en} / {self.spec.title_hi} · {identity.station_name} "
                         f"({identity.station_code}), {identity.district}: carried to every record")  # fmt: skip
        station.setObjectName("digitiseStation")
        station.setWordWrap(True)
        layout.addWidget(station)
        self.status = QLabel("Enter saves and opens the next record · Tab moves on · F9 Hindi typing")
        self.status.setObjectName("digitiseStatus")
        self.status.setProperty("role", "help")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.general_error = error_label("digitiseGeneralError")
        layout.addWidget(self.general_error)
        self.fields: dict[str, LegacyField] = {}
        self.fields_area = self._build_fields(hindi)
        layout.addWidget(self.fields_area, 1)
        layout.addLayout(self._build_actions())
        self.scans = ScanPages(desk, self)
        layout.addWidget(self.scans)
        chain = [w for f in self.fields.values() for w in f.focus_chain()]
        chain += [self.save_button, self.double_entry, self.close_batch_button, self.scans.attach_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._chain = chain
        self.save_button.installEventFilter(self)  # Enter on the focused button saves, as Space does
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self._officers: list[str] = []
        self._load_officers()

    # --- building ---------------------------------------------------------------------------------

    def _build_fields(self, hindi: HindiTyping) -> QScrollArea:
        page = QFrame()
        page.setObjectName(f"digitise_{self.kind}_fields")
        page.setProperty("role", "formGroup")
        grid = QGridLayout(page)
        grid.setColumnMinimumWidth(0, 220)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(6)
        for row, column in enumerate(self.spec.columns):
            field = LegacyField(column, self._desk.services.laws)
            label = field_label(column)
            label.setBuddy(field.control)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(field, row, 1)
            self.fields[column.key] = field
            field.changed.connect(lambda key=column.key: self._changed(key))
            for widget in field.focus_chain():
                widget.installEventFilter(self)
            if field.hindi_capable and isinstance(field.control, QLineEdit | QPlainTextEdit):
                hindi.attach(field.control)
        scroll = QScrollArea()
        scroll.setObjectName(f"digitise_{self.kind}_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(
            Qt.FocusPolicy.NoFocus
        )  # Shift+Tab from the first field must not land on it unseen
        scroll.setWidget(page)
        return scroll

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.save_button = named(
            QPushButton("Save and ne&xt (Enter)"), "saveLegacyButton", "Save and next record"
        )
        self.save_button.clicked.connect(self.save)
        self.double_entry = named(QCheckBox("Double &entry: another operator re-keys these records"),
                                  "doubleEntryCheck", "Put the records saved into a double-entry batch")  # fmt: skip
        self.batch_label = QLabel()
        self.batch_label.setObjectName("batchLabel")
        self.batch_label.setProperty("role", "help")
        self.close_batch_button = named(QPushButton("&Close batch for checking"), "closeBatchButton",
                                        "Close the double-entry batch for checking")  # fmt: skip
        self.close_batch_button.clicked.connect(self.close_batch)
        self.close_batch_button.setEnabled(False)
        for widget in (self.save_button, self.double_entry, self.batch_label):
            row.addWidget(widget)
        row.addStretch()
        row.addWidget(self.close_batch_button)
        return row

    def _load_officers(self) -> None:
        accounts, actor = self._desk.services.accounts, self._desk.actor
        self._desk.ops.run(
            lambda: accounts.list_officers(actor), on_success=self._officers_loaded, owner=self
        )

    def _officers_loaded(self, officers: list[OfficerInfo]) -> None:
        self._officers = [officer_choice_text(o) for o in officers if o.active]
        self._update_completer()

    def _update_completer(self) -> None:
        edit = self.fields["original_officer"].control
        assert isinstance(edit, QLineEdit)
        if edit.completer() is None:
            completer = QCompleter(QStringListModel(self), edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
        completer = edit.completer()
        model = completer.model()
        assert isinstance(model, QStringListModel)
        completer.setCompletionPrefix("")  # a new list must not pop up what was last typed
        model.setStringList(self._officers)

    # --- values -----------------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return {key: field.value() for key, field in self.fields.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        self._loading = True
        self.typed = False
        try:
            for key, field in self.fields.items():
                field.set_value(str(values.get(key) or ""))
        finally:
            self._loading = False
        self._update_law_date()

    def field(self, key: str) -> LegacyField:
        return self.fields[key]

    def first_field(self) -> QWidget:
        return next(iter(self.fields.values())).control

    def focus_first(self) -> None:
        active = QApplication.activeWindow()
        if active is not None and active is not self.window() and active.windowType() == Qt.WindowType.Popup:
            self.window().activateWindow()  # the officer completion's list was the last window up
        first = self.first_field()
        first.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(first, QLineEdit):
            first.selectAll()
        # setFocus does not scroll: after Enter on the last field the operator would type out of sight.
        self.fields_area.ensureWidgetVisible(next(iter(self.fields.values())))

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab from the last control wraps to the first field (Qt's own chain would skip it: the
        fields were moved after it by setTabOrder)."""
        focus = QApplication.focusWidget()
        reachable = [w for w in self._chain if w.isEnabled() and w.isVisible()
                     and w.focusPolicy() & Qt.FocusPolicy.TabFocus]  # fmt: skip
        if forward and reachable and focus is reachable[-1]:
            self.focus_first()
            return True
        return super().focusNextPrevChild(forward)

    def _today(self) -> date:
        return to_ist(self._desk.services.clock.now()).date()

    def _update_law_date(self) -> None:
        on = law_date(self.kind, self.values(), self._today())
        for field in self.fields.values():
            field.set_law_date(on)

    def _changed(self, key: str) -> None:
        if self._loading:
            return
        self.typed = True
        if key in LAW_DATE_KEYS.get(self.kind, ()):
            self._update_law_date()
        self._timer.start()

    # --- the live check ---------------------------------------------------------------------------

    def check_now(self) -> None:
        self._timer.stop()
        values = self.values()
        number_key = NUMBER_KEYS[self.kind][0]
        if self._saving or not values.get(number_key):
            return
        self._generation += 1
        generation, services, actor, kind = self._generation, self._desk.services, self._desk.actor, self.kind
        self._desk.ops.run(lambda: probe(services, actor, kind, values),
                           on_success=lambda found: self._checked(generation, found), owner=self)  # fmt: skip

    def _checked(self, generation: int, found: Probe) -> None:
        if generation != self._generation or self._saving:
            return  # typed on, or saving: a newer answer is coming
        self.clear_errors()
        for key, message in found.issues.items():
            if key in self.fields:
                self.fields[key].show_error(message)
            else:
                set_error(self.general_error, message)
        count = len(found.issues)
        self.status.setText(
            (f"Checked as typed: {count} item{'s' if count != 1 else ''} to correct." if count
             else "Checked as typed: no problems so far. Enter saves.")
            + "".join(f"\nWarning (kept with the record): {w}" for w in found.warnings)
        )  # fmt: skip

    def clear_errors(self) -> None:
        for field in self.fields.values():
            field.clear_error()
        set_error(self.general_error, "")

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        general = [message for key, message in errors.items() if key not in self.fields]
        set_error(self.general_error, "\n".join(general))
        placed = [key for key in self.fields if key in errors]
        for key in placed:
            self.fields[key].show_error(errors[key])
        if placed:
            first = self.fields[placed[0]]
            self.fields_area.ensureWidgetVisible(first, 20, 40)
            first.control.setFocus(Qt.FocusReason.OtherFocusReason)
        count = len(errors)
        self.status.setText(f"Not saved: {count} item{'s' if count != 1 else ''} to correct (shown in red).")

    # --- keys -------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if event.key() not in ENTER_KEYS or event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return super().eventFilter(watched, event)
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if isinstance(watched, QPlainTextEdit) and shift:
            return False  # a new line in the facts
        for field in self.fields.values():
            if field.picker is not None and watched is field.picker.input:
                if field.take_typed_sections():
                    return True
                if field.picker.input.text().strip():
                    return False  # the picker adds its highlighted suggestion
        self.save()
        return True

    # --- saving -----------------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving:
            return
        self._timer.stop()
        self._generation += 1  # a check on its way is out of date
        self._saving = True
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")
        values, services, actor, kind = self.values(), self._desk.services, self._desk.actor, self.kind
        batch_id = self.batch.id if self.batch is not None else None
        wants_batch = self.double_entry.isChecked()

        def work() -> Saved:
            return save(services, actor, kind, values, batch_id, open_batch=wants_batch)

        self._desk.ops.run(work, on_success=lambda done: self._saved(done, values), on_failure=self._failed,
                           changes=CHANGES[kind], owner=self, on_done=self._save_done)  # fmt: skip

    def _save_done(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            self.show_errors(exc.field_errors)
            return
        self.clear_errors()
        set_error(self.general_error, exc.message)
        self.status.setText("Not saved.")

    def _saved(self, done: Saved, values: dict[str, str]) -> None:
        self.last = done
        if done.batch is not None:
            self.batch = done.batch
            self._show_batch()
        source = ", ".join(p for p in (values.get("register", ""), values.get("volume", "") and f"vol. {values['volume']}",
                                       f"p. {values.get('page', '')}") if p)  # fmt: skip
        self.scans.set_record(done.record, source)
        officer = values.get("original_officer", "")
        if officer and officer not in self._officers:
            self._officers.append(officer)
            self._update_completer()
        self.next_record(values)
        self.status.setText(f"Saved {done.record.label} ({source}). Next record: what repeats is filled in.")
        self.saved.emit(done)

    def next_record(self, previous: dict[str, str]) -> None:
        number_key, year_key = NUMBER_KEYS[self.kind]
        carried = {key: previous.get(key, "") for key in (*CARRIED, year_key)}
        carried["page"] = next_page(previous.get("page", ""), self.kind)
        number = previous.get(number_key, "")
        carried[number_key] = str(int(number) + 1) if number.isdigit() else ""
        self.clear_errors()
        self.set_values(carried)
        self.focus_first()

    # --- double entry -----------------------------------------------------------------------------

    def _show_batch(self) -> None:
        batch = self.batch
        self.close_batch_button.setEnabled(batch is not None)
        self.batch_label.setText(f"Batch “{batch.label}”: {batch.records} record(s)" if batch else "")

    def close_batch(self) -> None:
        if self.batch is None:
            return
        service, actor, batch_id = self._desk.services.double_entry, self._desk.actor, self.batch.id
        self._desk.ops.run(lambda: service.close_first_pass(actor, batch_id), on_success=self._batch_closed,
                           changes=CHANGES[self.kind], owner=self)  # fmt: skip

    def _batch_closed(self, batch: BatchInfo) -> None:
        self.batch = None
        self.double_entry.setChecked(False)
        self._show_batch()
        self.status.setText(f"Batch “{batch.label}” ({batch.records} records) is closed: another operator "
                            "re-keys it on the Double entry tab.")  # fmt: skip
