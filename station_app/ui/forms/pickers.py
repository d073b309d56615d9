"""Pickers whose choices come from the station: the GD entry an FIR cites, and an officer.

Both load through the op runner (the database thread) and fill their combo when the answer comes
back; a value set before that (a reopened draft) is kept and selected once the list arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from forms.schema import FieldDef
from station_app.core.localtime import format_ist
from station_app.core.services.accounts import OfficerInfo
from station_app.core.services.diary import GdEntryInfo
from station_app.ui.forms.fields import EMPTY_CHOICE, FieldEditor
from station_app.ui.ops import OpRunner

GD_KIND_LABELS = {
    "complaint_received": "Complaint received",
    "fir_registered": "FIR registered",
    "arrest": "Arrest",
    "departure": "Departure",
    "arrival": "Arrival",
    "property": "Property",
    "other": "Other",
}


def gd_choice_text(entry: GdEntryInfo) -> str:
    kind = GD_KIND_LABELS.get(entry.kind, entry.kind)
    return f"GD {entry.number:04d}/{entry.year} · {format_ist(entry.entry_at)} · {kind} · {entry.subject}"


def officer_choice_text(officer: OfficerInfo) -> str:
    number = f" (No. {officer.belt_number})" if officer.belt_number else ""
    return f"{officer.full_name}, {officer.rank}{number}"


class LoadedChoiceEditor(FieldEditor):
    """A combo filled by ``load`` on the database thread; the value is the chosen record's id."""

    def __init__(
        self,
        field: FieldDef,
        ops: OpRunner | None,
        load: Callable[[], Sequence[Any]] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(field, parent)
        self._ops = ops
        self._load = load
        self._value: str | None = None
        self._loading = False
        self.loaded = False
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(40)
        self.combo.addItem(EMPTY_CHOICE, None)
        self.combo.currentIndexChanged.connect(self._picked)
        self._column.addWidget(self.combo)
        self._finish(self.combo)
        self.reload()

    def describe(self, record: Any) -> tuple[str, str]:
        """(id, text) for one loaded record."""
        raise NotImplementedError

    def reload(self) -> None:
        if self._ops is None or self._load is None:
            return
        self._ops.run(self._load, on_success=self._fill, owner=self)

    def _fill(self, records: Sequence[Any]) -> None:
        self._loading = True
        try:
            self.combo.clear()
            self.combo.addItem(EMPTY_CHOICE, None)
            for record in records:
                key, text = self.describe(record)
                self.combo.addItem(text, key)
            self.loaded = True
            self._select(self._value)
        finally:
            self._loading = False

    def _select(self, value: str | None) -> None:
        if value and self.combo.findData(value) < 0:
            # Not among the loaded choices (no longer citable, or not loaded yet): keep it visible.
            self.combo.addItem(self.missing_text(value) if self.loaded else "(loading…)", value)
        index = self.combo.findData(value) if value else 0
        self.combo.setCurrentIndex(max(index, 0))

    def missing_text(self, value: str) -> str:
        return f"(saved choice {value[:8]}…)"

    def _picked(self, _index: int) -> None:
        if self._loading:
            return
        self._value = self.combo.currentData()
        self.changed.emit()

    def choices(self) -> list[str]:
        return [self.combo.itemText(i) for i in range(self.combo.count())]

    def control(self) -> QWidget:
        return self.combo

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = str(value) if value else None
        self._loading = True
        try:
            self._select(self._value)
        finally:
            self._loading = False


class GdRefEditor(LoadedChoiceEditor):
    """The General Diary entry the FIR cites: entries not later than now and not yet used by an FIR,
    complaints first (``DiaryService.citable_entries``)."""

    def describe(self, record: Any) -> tuple[str, str]:
        assert isinstance(record, GdEntryInfo)
        return record.id, gd_choice_text(record)

    def missing_text(self, value: str) -> str:
        return "(the saved GD entry is no longer citable: choose again)"


class OfficerEditor(LoadedChoiceEditor):
    def describe(self, record: Any) -> tuple[str, str]:
        assert isinstance(record, OfficerInfo)
        return record.id, officer_choice_text(record)

    def missing_text(self, value: str) -> str:
        return "(an officer who is no longer active: choose again)"
