"""Double entry, the second pass: re-key a batch another operator keyed, resolve the differences,
accept the batch.

The re-keying is blind: only where to find each record on paper is shown (register, volume, page),
never what the first operator typed. Enter saves a record and brings up the next. The differences are
listed with both values; "Keep first value" or "Use second value" resolves one (the second corrects
the record, audited). The service refuses the first operator at every step; the screen says why.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError, ValidationError
from station_app.core.importers.spec import GD_KIND_CHOICES
from station_app.core.services.double_entry import BatchInfo, ItemInfo, MismatchInfo
from station_app.ui.context import Desk
from station_app.ui.events import ARREST, FIR, GD_ENTRY, ChangeSet
from station_app.ui.forms.pickers import GD_KIND_LABELS
from station_app.ui.hindi_input import HindiTyping
from station_app.ui.views.digitise_form import DOUBLE_ENTRY
from station_app.ui.widgets import error_label, heading, named, set_error

STATUS_TEXT = {"first_pass": "being keyed", "second_pass": "to check", "accepted": "accepted"}
KIND_TEXT = {"fir": "FIR", "gd": "GD", "arrest": "Arrest"}
BATCH_HEADERS = ("Batch", "Register", "Status", "Keyed by", "Records", "Re-keyed", "Differences open")
MISMATCH_HEADERS = ("Record", "Item", "First operator", "Second operator", "Resolution")
CHANGES = ChangeSet.of(DOUBLE_ENTRY, FIR, GD_ENTRY, ARREST)


def _table(name: str, accessible: str, headers: tuple[str, ...]) -> QTableWidget:
    table = named(QTableWidget(0, len(headers)), name, accessible)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(text))


class DoubleEntryView(QWidget):
    def __init__(self, desk: Desk, hindi: HindiTyping) -> None:
        super().__init__()
        self._desk = desk
        self.setObjectName("doubleEntryView")
        self.batches: list[BatchInfo] = []
        self.items: list[ItemInfo] = []
        self.mismatches: list[MismatchInfo] = []
        self.current: ItemInfo | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(heading("Batches to check: re-key each record from the paper", "cardTitle"))
        self.batch_table = _table("batchTable", "Double-entry batches", BATCH_HEADERS)
        self.batch_table.setMaximumHeight(150)
        self.batch_table.itemSelectionChanged.connect(self._batch_chosen)
        layout.addWidget(self.batch_table)
        row = QHBoxLayout()
        self.rekey_button = self._button("Re-&key this batch", "rekeyBatchButton", self.start_rekey)
        self.accept_button = self._button("A&ccept batch", "acceptBatchButton", self.accept)
        self.status = QLabel("Choose a batch another operator keyed.")
        self.status.setObjectName("doubleEntryStatus")
        self.status.setWordWrap(True)
        for widget in (self.rekey_button, self.accept_button):
            row.addWidget(widget)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.error = error_label("doubleEntryError")
        layout.addWidget(self.error)
        layout.addWidget(self._build_panel(hindi))
        layout.addWidget(heading("Differences between the two passes", "cardTitle"))
        self.mismatch_table = _table("mismatchTable", "Differences between the two passes", MISMATCH_HEADERS)
        layout.addWidget(self.mismatch_table, 1)
        row = QHBoxLayout()
        self.keep_button = self._button("Keep first &value", "keepFirstButton", lambda: self.resolve("first"))
        self.use_button = self._button("Use seco&nd value (corrects the record)", "useSecondButton",
                                       lambda: self.resolve("second"))  # fmt: skip
        row.addWidget(self.keep_button)
        row.addWidget(self.use_button)
        row.addStretch()
        layout.addLayout(row)
        # A method, not a lambda: Qt drops it with this view, so a signed-out desk's view stops
        # querying as its officer when the next officer's changes come (the events are the app's).
        desk.events.changed.connect(self._changed)
        self._update_buttons()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(DOUBLE_ENTRY):
            self.reload()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = named(QPushButton(text), name, text.replace("&", ""))
        button.clicked.connect(slot)
        return button

    def _build_panel(self, hindi: HindiTyping) -> QFrame:
        self.panel = QFrame()
        self.panel.setObjectName("rekeyPanel")
        self.panel.setProperty("role", "formGroup")
        column = QVBoxLayout(self.panel)
        self.record_label = QLabel()
        self.record_label.setObjectName("rekeyRecord")
        self.record_label.setWordWrap(True)
        column.addWidget(self.record_label)
        self.form = QFormLayout()
        column.addLayout(self.form)
        self.save_button = self._button("Save this record (Enter)", "saveRekeyButton", self.save_rekey)
        self.save_button.installEventFilter(self)  # Enter on the focused button saves too
        column.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._hindi = hindi
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.input_errors: dict[str, QLabel] = {}
        self.panel.hide()
        return self.panel

    # --- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        service, actor = self._desk.services.double_entry, self._desk.actor
        self._desk.ops.run(lambda: service.batches(actor), on_success=self._show_batches, owner=self)

    def _show_batches(self, batches: list[BatchInfo]) -> None:
        chosen = self.batch.id if self.batch is not None else None
        self.batches = batches
        self.batch_table.blockSignals(True)
        _fill(self.batch_table, [(b.label, KIND_TEXT[b.kind], STATUS_TEXT.get(b.status, b.status), b.first_by_name,
                                  str(b.records), str(b.rekeyed), str(b.open_mismatches)) for b in batches])  # fmt: skip
        index = next((i for i, b in enumerate(batches) if b.id == chosen), 0 if batches else -1)
        if index >= 0:
            self.batch_table.selectRow(index)
        self.batch_table.blockSignals(False)
        self._batch_chosen()

    @property
    def batch(self) -> BatchInfo | None:
        rows = self.batch_table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows and rows[0].row() < len(self.batches) else None

    def _batch_chosen(self) -> None:
        batch = self.batch
        self._update_buttons()
        if batch is None:
            return
        service, actor = self._desk.services.double_entry, self._desk.actor
        self._desk.ops.run(lambda: (service.items(actor, batch.id), service.mismatches(actor, batch.id)),
                           on_success=self._show_batch, owner=self)  # fmt: skip

    def _show_batch(self, loaded: tuple[list[ItemInfo], list[MismatchInfo]]) -> None:
        self.items, self.mismatches = loaded
        _fill(self.mismatch_table, [(m.record_label, m.field_label, m.first_value, m.second_value,
                                     self._resolution(m)) for m in self.mismatches])  # fmt: skip
        first_open = next((i for i, m in enumerate(self.mismatches) if m.resolution is None), -1)
        if first_open >= 0:
            self.mismatch_table.selectRow(first_open)
        self._update_buttons()

    @staticmethod
    def _resolution(m: MismatchInfo) -> str:
        if m.resolution == "first":
            return f"first value kept ({m.resolved_by_name})"
        if m.resolution == "second":
            return f"corrected to the second value ({m.resolved_by_name})"
        return "to resolve"

    def _update_buttons(self) -> None:
        batch = self.batch
        mine = batch is not None and batch.first_by == self._desk.actor.officer_id
        self.rekey_button.setEnabled(batch is not None and batch.status == "second_pass" and not mine)
        self.accept_button.setEnabled(batch is not None and batch.can_accept and not mine)
        has_open = any(m.resolution is None for m in self.mismatches)
        self.keep_button.setEnabled(has_open and not mine)
        self.use_button.setEnabled(has_open and not mine)
        if mine:
            self.status.setText("You keyed this batch: another operator re-keys and checks it.")

    # --- re-keying --------------------------------------------------------------------------------

    def start_rekey(self) -> None:
        batch = self.batch
        if batch is None:
            return
        self._build_inputs(batch)
        self._next_item()

    def _build_inputs(self, batch: BatchInfo) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.inputs, self.input_errors = {}, {}
        for column in self._desk.services.double_entry.key_columns(batch.kind):
            control: QLineEdit | QComboBox
            if column.type == "choice":
                control = QComboBox()
                for choice in GD_KIND_CHOICES:
                    control.addItem(GD_KIND_LABELS.get(choice, choice), choice)
            else:
                control = QLineEdit()
                control.setPlaceholderText(
                    {"date": "DD-MM-YYYY", "time": "HH:MM"}.get(column.type, column.help_en)
                )
                if column.type == "name":
                    self._hindi.attach(control)
            named(control, f"rekey_{column.key}", column.label_en, column.help_en)
            control.installEventFilter(self)
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(control)
            error = error_label(f"rekey_{column.key}Error")
            inner.addWidget(error)
            label = QLabel(f"{column.label_en} / {column.label_hi}")
            label.setBuddy(control)
            self.form.addRow(label, box)
            self.inputs[column.key], self.input_errors[column.key] = control, error
        # The inputs are made after the button: without this, Tab from the last one leaves the panel.
        for first, second in pairwise([*self.inputs.values(), self.save_button]):
            QWidget.setTabOrder(first, second)

    def _next_item(self) -> None:
        remaining = [i for i in self.items if not i.rekeyed]
        self.current = remaining[0] if remaining else None
        if self.current is None:
            self.panel.hide()
            self.status.setText(
                "Every record is re-keyed: resolve the differences below, then accept the batch."
            )
            self.mismatch_table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        done = len(self.items) - len(remaining)
        kind = self.batch.kind if self.batch else "fir"
        self.record_label.setText(f"Record {done + 1} of {len(self.items)} ({KIND_TEXT[kind]}): find it in "
                                  f"<b>{self.current.source_reference}</b> and key in what the paper says.")  # fmt: skip
        for key, control in self.inputs.items():
            if isinstance(control, QLineEdit):
                control.clear()
            else:
                control.setCurrentIndex(0)
            set_error(self.input_errors[key], "")
        self.panel.show()
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and (
            watched in self.inputs.values() or watched is self.save_button
        ):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.save_rekey()
                return True
        return super().eventFilter(watched, event)

    def save_rekey(self) -> None:
        item = self.current
        if item is None:
            return
        values = {
            k: c.currentData() if isinstance(c, QComboBox) else c.text() for k, c in self.inputs.items()
        }
        service, actor = self._desk.services.double_entry, self._desk.actor
        self._desk.ops.run(lambda: service.rekey(actor, item.id, values), on_success=lambda _m: self._rekeyed(),
                           on_failure=self._rekey_failed, changes=CHANGES, owner=self)  # fmt: skip

    def _rekeyed(self) -> None:
        set_error(self.error, "")
        self.items = [ItemInfo(i.id, i.seq, i.record_type, i.record_id, i.label, i.source_reference,
                               i.rekeyed or (self.current is not None and i.id == self.current.id)) for i in self.items]  # fmt: skip
        self._next_item()

    def _rekey_failed(self, exc: StationError) -> None:
        for error in self.input_errors.values():
            set_error(error, "")
        if isinstance(exc, ValidationError):
            for key, message in exc.field_errors.items():
                if key in self.input_errors:
                    set_error(self.input_errors[key], message)
            first = next((k for k in self.inputs if k in exc.field_errors), None)
            if first is not None:
                self.inputs[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        set_error(self.error, exc.message)

    # --- resolving and accepting ------------------------------------------------------------------

    def resolve(self, choice: str) -> None:
        rows = self.mismatch_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.mismatches):
            return
        mismatch = self.mismatches[rows[0].row()]
        service, actor = self._desk.services.double_entry, self._desk.actor
        self._desk.ops.run(lambda: service.resolve(actor, mismatch.id, "first" if choice == "first" else "second"),
                           on_success=lambda _m: set_error(self.error, ""), on_failure=self._failed,
                           changes=CHANGES, owner=self)  # fmt: skip

    def accept(self) -> None:
        batch = self.batch
        if batch is None:
            return
        service, actor = self._desk.services.double_entry, self._desk.actor
        self._desk.ops.run(lambda: service.accept(actor, batch.id),
                           on_success=lambda b: self.status.setText(f"Batch “{b.label}” accepted."),
                           on_failure=self._failed, changes=CHANGES, owner=self)  # fmt: skip

    def _failed(self, exc: StationError) -> None:
        text = "\n".join(exc.field_errors.values()) if isinstance(exc, ValidationError) else exc.message
        set_error(self.error, text)
