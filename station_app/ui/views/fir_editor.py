"""The FIR draft editor: the IIF-1 form, autosaved; Check; Register (SHO); the e-FIR signature.

Keyboard: Ctrl+S saves now, Ctrl+K checks, Ctrl+R registers, Ctrl+W closes (the draft stays).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from station_app.core.errors import ConflictError, StationError, ValidationError
from station_app.core.localtime import format_ist
from station_app.core.permissions import Permission
from station_app.core.services.firs import EFIR_SIGNING_WINDOW, FirRecord
from station_app.ui.context import Desk
from station_app.ui.dialogs.efir_dialogs import SignatureDialog
from station_app.ui.events import FIR, GD_ENTRY, ChangeSet
from station_app.ui.forms.renderer import FormRenderer
from station_app.ui.forms.sources import FormSources
from station_app.ui.views.fir_autosave import DraftAutosaver
from station_app.ui.widgets import error_label, heading, named, set_error

NOT_SHO_TIP = "Only the SHO (officer in charge) can register an FIR. Save the draft; the SHO registers it."


def efir_deadline_text(record: FirRecord, now: datetime) -> str:
    received = record.efir_received_at
    if received is None:
        return ""
    deadline = received + EFIR_SIGNING_WINDOW
    text = f"e-FIR received {format_ist(received)}. "
    if record.informant_signed_at is not None:
        return text + f"Informant signed {format_ist(record.informant_signed_at)}."
    left = deadline - now
    if left.total_seconds() <= 0:
        return text + f"The 3-day limit for the informant's signature passed on {format_ist(deadline)}."
    hours = int(left.total_seconds() // 3600)
    return text + f"The informant must sign by {format_ist(deadline)} ({hours // 24} d {hours % 24} h left)."


class FirEditor(QWidget):
    registered = Signal(object)  # FirRecord
    closed = Signal()

    def __init__(self, desk: Desk, record: FirRecord | None = None, autosave_ms: int | None = None) -> None:
        super().__init__()
        self._desk = desk
        self.record = record
        self.setObjectName("firEditor")
        firs = desk.services.firs
        self.form = FormRenderer(firs.form, FormSources.for_desk(desk))
        extra = {} if autosave_ms is None else {"delay_ms": autosave_ms}
        self.autosave = DraftAutosaver(
            firs, desk.actor, desk.ops, self.form.values, record, parent=self, **extra
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 6)
        layout.addLayout(self._build_header())
        layout.addWidget(self._build_conflict_banner())
        layout.addWidget(self._build_efir_banner())
        self.problems_label = error_label("firProblems")
        layout.addWidget(self.problems_label)
        layout.addWidget(self.form, 1)
        if record is None:
            self.form.apply_defaults()
        else:
            self.form.set_values(record.values)
        self.form.changed.connect(self.autosave.schedule)
        self.form.changed.connect(self._update_victim_note)
        self._update_victim_note()
        self.autosave.status.connect(self.status_label.setText)
        self.autosave.saved.connect(self._saved)
        self.autosave.field_errors.connect(self._save_refused)
        self.autosave.conflict.connect(self._conflict)
        self.autosave.failed.connect(self._save_failed)
        desk.events.changed.connect(self._changed)
        if not desk.actor.can(Permission.DRAFT_FIR):  # a viewer may read a draft, not change it
            self.form.set_read_only(True)
            self.autosave.stop()
            for button in (self.save_button, self.discard_button):
                button.defaultAction().setEnabled(False)
        self._show_record()

    # --- building ---------------------------------------------------------------------------------

    def _button(self, text: str, name: str, slot: object, shortcut: str, accessible: str) -> QToolButton:
        action = QAction(text, self)
        action.setObjectName(name.replace("Button", "Action"))
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text.replace('&', '')} ({shortcut})")
        action.triggered.connect(slot)
        self.addAction(action)
        button = named(QToolButton(), name, accessible)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _build_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.title = heading("New FIR (draft)")
        row.addWidget(self.title)
        self.status_label = QLabel("Not saved yet: the draft is saved as you type.")
        self.status_label.setObjectName("saveStatus")
        self.status_label.setProperty("role", "help")
        row.addWidget(self.status_label, 1)
        self.save_button = self._button("&Save now", "saveDraftButton", self.save_now, "Ctrl+S", "Save now")
        self.check_button = self._button("C&heck", "checkButton", self.check, "Ctrl+K", "Check the FIR")
        self.register_button = self._button(
            "&Register FIR…", "registerButton", self.register, "Ctrl+R", "Register FIR"
        )
        self.discard_button = self._button(
            "&Discard draft…", "discardButton", self.discard, "Ctrl+Shift+Delete", "Discard draft"
        )
        self.close_button = self._button("&Close", "closeEditorButton", self.close_editor, "Ctrl+W", "Close")
        can_register = self._desk.actor.can(Permission.REGISTER_FIR)
        self.register_button.defaultAction().setEnabled(can_register)
        if not can_register:
            self.register_button.defaultAction().setToolTip(NOT_SHO_TIP)
            self.register_button.setToolTip(NOT_SHO_TIP)
        for button in (
            self.save_button,
            self.check_button,
            self.register_button,
            self.discard_button,
            self.close_button,
        ):
            row.addWidget(button)
        return row

    def _build_conflict_banner(self) -> QWidget:
        self.conflict_banner = QWidget()
        self.conflict_banner.setObjectName("conflictBanner")
        row = QHBoxLayout(self.conflict_banner)
        row.setContentsMargins(0, 0, 0, 0)
        self.conflict_label = error_label("conflictLabel")
        self.reload_button = named(QPushButton("Re&load the saved draft"), "reloadButton", "Reload draft")
        self.reload_button.clicked.connect(self.reload)
        row.addWidget(self.conflict_label, 1)
        row.addWidget(self.reload_button)
        self.conflict_banner.hide()
        return self.conflict_banner

    def _build_efir_banner(self) -> QWidget:
        self.efir_banner = QWidget()
        self.efir_banner.setObjectName("efirBanner")
        row = QHBoxLayout(self.efir_banner)
        row.setContentsMargins(0, 0, 0, 0)
        self.efir_label = QLabel()
        self.efir_label.setObjectName("efirDeadline")
        self.efir_label.setProperty("role", "info-badge")
        self.efir_label.setWordWrap(True)
        self.sign_button = named(
            QPushButton("Record informant's si&gnature…"), "signButton", "Record informant's signature"
        )
        self.sign_button.clicked.connect(self.record_signature)
        row.addWidget(self.efir_label, 1)
        row.addWidget(self.sign_button)
        self.efir_banner.hide()
        return self.efir_banner

    def _update_victim_note(self) -> None:
        """Item 6A says its details are required while a sensitive section is chosen (issue 11)."""
        self.form.set_group_note("victim", self._desk.services.firs.victim_note(self.form.values()))

    def _show_record(self) -> None:
        record = self.record
        efir = record is not None and record.summary.source == "efir"
        self.title.setText("e-FIR (draft)" if efir else "FIR (draft)" if record else "New FIR (draft)")
        self.efir_banner.setVisible(efir)
        if efir and record is not None:
            self.efir_label.setText(efir_deadline_text(record, self._desk.services.clock.now()))
            self.sign_button.setVisible(record.informant_signed_at is None)

    # --- autosave ---------------------------------------------------------------------------------

    @property
    def fir_id(self) -> str | None:
        return self.autosave.fir_id

    def _saved(self, record: FirRecord) -> None:
        self.record = record
        self._show_record()

    def _save_refused(self, errors: dict[str, str]) -> None:
        self.form.show_errors(errors)

    def _save_failed(self, exc: StationError) -> None:
        self.form.setEnabled(True)
        set_error(self.problems_label, exc.message)

    def _conflict(self, message: str) -> None:
        self.form.setEnabled(True)
        self.conflict_label.setText(message)
        self.conflict_label.show()
        self.conflict_banner.show()

    def save_now(self) -> None:
        self.autosave.flush()

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the editor (another module, the idle lock, sign-out, quit) stores what was typed.
        self.autosave.flush()
        super().hideEvent(event)

    def reload(self) -> None:
        fir_id, firs, actor = self.fir_id, self._desk.services.firs, self._desk.actor
        if fir_id is None:
            return
        self._desk.ops.run(lambda: firs.get(actor, fir_id), on_success=self._reloaded, owner=self)

    def _reloaded(self, record: FirRecord) -> None:
        self.record = record
        self.autosave.adopt(record)
        self.autosave.dirty = False
        self.form.set_values(record.values)
        self.form.clear_errors()
        self.conflict_banner.hide()
        self.status_label.setText(f"Reloaded the draft saved {format_ist(record.summary.updated_at)}")
        self._show_record()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(GD_ENTRY):
            self.form.reload_sources()  # a complaint just entered in the diary can be cited

    # --- check and register -----------------------------------------------------------------------

    def check(self) -> None:
        self.autosave.flush(create=True)
        self.autosave.then(lambda: self._problems(self._checked))

    def _problems(self, then: object) -> None:
        fir_id, firs, actor = self.fir_id, self._desk.services.firs, self._desk.actor
        if fir_id is None:
            return
        self._desk.ops.run(lambda: firs.problems(actor, fir_id), on_success=then, owner=self)  # type: ignore[arg-type]

    def _checked(self, problems: dict[str, str]) -> None:
        self._show_problems(problems)
        if not problems:
            self.status_label.setText("Checked: nothing stops registration.")

    def _show_problems(self, problems: dict[str, str]) -> None:
        general = self.form.show_errors(problems)
        count = len(problems)
        text = ""
        if count:
            order = {name: i for i, name in enumerate(self.form.editors)}
            keys = sorted(problems, key=lambda k: order.get(k.split("[")[0], len(order)))
            places = "; ".join(self.form.describe(k) for k in keys if k not in general)
            text = f"{count} item{'s' if count != 1 else ''} to correct before registration"
            text += f": {places}." if places else "."
        if general:
            text += "\n" + "\n".join(problems[k] for k in general)
        set_error(self.problems_label, text)

    def register(self) -> None:
        if not self._desk.actor.can(Permission.REGISTER_FIR):
            return
        self.form.setEnabled(False)  # nothing may change between the check and the registration
        self.autosave.flush(create=True)
        self.autosave.then(lambda: self._problems(self._confirm_registration))
        if self.autosave.paused:
            self.form.setEnabled(True)

    def _confirm_registration(self, problems: dict[str, str]) -> None:
        if problems:
            self.form.setEnabled(True)
            self._show_problems(problems)
            return
        set_error(self.problems_label, "")
        self.form.clear_errors()
        if not self._desk.messages.confirm(self, "Register this FIR?", self._summary(), "&Register FIR"):
            self.form.setEnabled(True)
            return
        firs, actor = self._desk.services.firs, self._desk.actor
        fir_id, version = self.fir_id, self.autosave.version
        assert fir_id is not None and version is not None
        self.autosave.stop()
        self._desk.ops.run(
            lambda: firs.register(actor, fir_id, version),
            on_success=self._registered,
            on_failure=self._register_failed,
            changes=ChangeSet.of(FIR, GD_ENTRY),
            owner=self,
        )

    def _summary(self) -> str:
        values = self.form.values()
        sections = ", ".join(f"{r['act']} {r['section']}" for r in values.get("acts_sections", []))
        gd = self.form.editor("gd_entry").control()
        lines = [
            f"Sections: {sections}",
            f"Complainant: {values.get('complainant_name', '')}",
            f"Occurrence: {self.form.editor('occurrence_from').control().text()}",  # type: ignore[attr-defined]
            f"General Diary: {gd.currentText()}",  # type: ignore[attr-defined]
            "",
            "The FIR gets the next number of this year and can no longer be changed: corrections need an "
            "alteration memo. An 'FIR registered' entry is written in the General Diary.",
        ]
        return "\n".join(lines)

    def _registered(self, record: FirRecord) -> None:
        self.record = record
        self.status_label.setText(f"FIR {record.summary.fir_no} registered")
        self._desk.messages.info(self, "FIR registered", f"FIR {record.summary.fir_no} registered.")
        self.registered.emit(record)

    def _register_failed(self, exc: StationError) -> None:
        self.form.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show_problems(exc.field_errors)
        elif isinstance(exc, ConflictError):
            self._conflict(exc.message)
        else:
            self._desk.messages.station_error(self, exc)
        if self.record is not None:
            self.autosave.adopt(self.record)

    # --- e-FIR, discard, close --------------------------------------------------------------------

    def record_signature(self) -> None:
        dialog = SignatureDialog(self._desk.services.clock.now, parent=self)
        dialog.chosen.connect(self._sign)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.signature_dialog = dialog

    def _sign(self, signed_at: datetime) -> None:
        firs, actor = self._desk.services.firs, self._desk.actor

        def run() -> None:
            fir_id = self.fir_id
            assert fir_id is not None
            self._desk.ops.run(
                lambda: firs.record_informant_signature(actor, fir_id, signed_at),
                on_success=self._signed,
                on_failure=self._sign_failed,
                changes=ChangeSet.of(FIR),
                owner=self,
            )

        self.autosave.then(run)

    def _signed(self, record: FirRecord) -> None:
        self.autosave.adopt(record)
        self.record = record
        self._show_record()
        dialog = getattr(self, "signature_dialog", None)
        if dialog is not None:
            dialog.accept_signed()

    def _sign_failed(self, exc: StationError) -> None:
        dialog = getattr(self, "signature_dialog", None)
        if isinstance(exc, ValidationError) and dialog is not None:
            dialog.show_errors(exc)
        else:
            self._desk.messages.station_error(self, exc)

    def discard(self) -> None:
        if self.fir_id is None and not self.autosave.dirty:
            self.closed.emit()
            return
        if not self._desk.messages.confirm(
            self,
            "Discard this draft?",
            "The draft and everything typed in it will be deleted. A registered FIR is never affected.",
            "&Discard draft",
        ):
            return
        self.autosave.flush(create=True)

        def run() -> None:
            self.autosave.stop()
            firs, actor, fir_id = self._desk.services.firs, self._desk.actor, self.fir_id
            assert fir_id is not None
            self._desk.ops.run(
                lambda: firs.discard_draft(actor, fir_id),
                on_success=lambda _r: self.closed.emit(),
                changes=ChangeSet.of(FIR),
                owner=self,
            )

        self.autosave.then(run)

    def close_editor(self) -> None:
        self.autosave.flush()
        self.closed.emit()
