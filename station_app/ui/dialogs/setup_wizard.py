"""The first-run wizard: kind of station, identity, first SHO, then the station is made (off the
GUI thread), the recovery key is shown once and must be typed back before Finish.

Cancelling after the station was made removes it again: a station whose recovery key nobody wrote
down must not start holding records.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from station_app.core.clock import Clock
from station_app.core.errors import RecoveryKeyError, StationError
from station_app.core.keys import KeyStore, normalise_recovery_key
from station_app.core.outputs import OutputFiles
from station_app.core.paths import DataDir
from station_app.core.runtime import SetupOutcome, set_up_station
from station_app.ui.dialogs.recovery_sheet import (
    RecoverySheetRenderer,
    ask_pdf_path,
    key_lines,
    print_sheet,
)
from station_app.ui.dialogs.setup_pages import IdentityPage, OfficerPage, WelcomePage
from station_app.ui.messages import Messages, admin_hint_text
from station_app.ui.ops import OpRunner
from station_app.ui.theme import monospace_font
from station_app.ui.widgets import error_label, named, set_error


class RecoveryKeyPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("The recovery key")
        layout = QVBoxLayout(self)
        self.progress_label = QLabel("Creating the encrypted station database…")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator: the step takes a second or two
        self.intro = QLabel(
            "Write this key down or print it now, and keep it in the station safe. It is shown only "
            "once. It is the only way to open this station's records if this computer's key store "
            "is lost (a new Windows profile, a reinstalled computer)."
        )
        self.intro.setWordWrap(True)
        self.key_label = named(QLabel(), "recoveryKeyLabel", "Recovery key")
        self.key_label.setFont(monospace_font(20))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Not selectable: no route to the clipboard for this secret.
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.next_note = QLabel("Next, you will type it back to check it was written down correctly.")
        self.next_note.setProperty("role", "help")
        self.error = error_label("setupError")
        self.retry = named(QPushButton("&Try again"), "retryButton", "Try again")
        self.retry.clicked.connect(self._wizard.start_setup)
        self.print_button = named(QPushButton("&Print…"), "printButton", "Print the recovery sheet")
        self.print_button.clicked.connect(self._wizard.print_sheet)
        self.pdf_button = named(
            QPushButton("Save as P&DF…"), "savePdfButton", "Save the recovery sheet as PDF"
        )
        self.pdf_button.clicked.connect(self._wizard.save_pdf)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch()
        for widget in (self.progress_label, self.progress, self.intro, self.key_label, self.error):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.retry)
        layout.addStretch()
        layout.insertWidget(layout.indexOf(self.key_label) + 1, self.next_note)
        self._key_widgets: tuple[QWidget, ...] = (
            self.intro,
            self.key_label,
            self.next_note,
            self.print_button,
        )

    def initializePage(self) -> None:
        if self._wizard.outcome is None:
            self._wizard.start_setup()

    def show_creating(self) -> None:
        self.setSubTitle("")
        for widget in (*self._key_widgets, self.pdf_button, self.retry, self.error):
            widget.hide()
        self.progress_label.show()
        self.progress.show()

    def show_key(self, recovery_key: str, can_save_pdf: bool) -> None:
        self.setSubTitle("Shown once. Print it or write it down before you continue.")
        self.progress_label.hide()
        self.progress.hide()
        self.key_label.setText("\n".join(key_lines(recovery_key)))
        for widget in self._key_widgets:
            widget.show()
        self.pdf_button.setVisible(can_save_pdf)
        self.completeChanged.emit()

    def show_failure(self, exc: StationError) -> None:
        self.progress_label.hide()
        self.progress.hide()
        hint = admin_hint_text(exc)
        set_error(self.error, f"{exc.title}. {exc.message}" + (f"\n\n{hint}" if hint else ""))
        self.retry.show()

    def isComplete(self) -> bool:
        return self._wizard.outcome is not None


class ConfirmKeyPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._matches = False
        self.setTitle("Confirm the recovery key")
        self.setSubTitle("Type the key from your paper to show it was written down correctly.")
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        label = QLabel("&Recovery key (dashes and spaces do not matter):")
        self.key_edit = named(QLineEdit(), "confirmKeyEdit", "Recovery key, typed again")
        self.key_edit.setFont(monospace_font(14))
        label.setBuddy(self.key_edit)
        self.status = error_label("confirmKeyStatus")
        layout.addWidget(label)
        layout.addWidget(self.key_edit)
        layout.addWidget(self.status)
        layout.addStretch()
        self.key_edit.textChanged.connect(self._check)

    def initializePage(self) -> None:
        self.key_edit.clear()
        self.key_edit.setFocus()

    def _check(self, text: str) -> None:
        outcome = self._wizard.outcome
        matches = False
        message = ""
        if outcome is not None and text.strip():
            try:
                matches = normalise_recovery_key(text) == normalise_recovery_key(outcome.recovery_key)
                if not matches:
                    message = "That is a different key. Compare it with the paper group by group."
            except RecoveryKeyError as exc:
                message = exc.message
        set_error(self.status, message)
        if matches != self._matches:
            self._matches = matches
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._matches


class SetupWizard(QWizard):
    def __init__(
        self,
        data_dir: DataDir,
        keystore: KeyStore,
        clock: Clock,
        ops: OpRunner,
        messages: Messages,
        render_pdf: RecoverySheetRenderer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._keystore = keystore
        self._clock = clock
        self._ops = ops
        self._messages = messages
        self._render_pdf = render_pdf
        self.outcome: SetupOutcome | None = None
        self.created_at: datetime | None = None
        self._busy = False
        named(self, "setupWizard", "Station setup")
        self.setWindowTitle("First-run setup")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Finish")
        self.welcome = WelcomePage()
        self.identity_page = IdentityPage(self.welcome)
        self.officer_page = OfficerPage()
        self.key_page = RecoveryKeyPage(self)
        self.confirm_page = ConfirmKeyPage(self)
        for page in (self.welcome, self.identity_page, self.officer_page, self.key_page, self.confirm_page):
            self.addPage(page)
        for which, name in (
            (QWizard.WizardButton.NextButton, "nextButton"),
            (QWizard.WizardButton.BackButton, "backButton"),
            (QWizard.WizardButton.CommitButton, "commitButton"),
            (QWizard.WizardButton.FinishButton, "finishButton"),
            (QWizard.WizardButton.CancelButton, "cancelButton"),
        ):
            button = self.button(which)
            named(button, name, button.text().replace("&", "").strip(" <>"))
        self.resize(860, 640)

    # --- creating the station -----------------------------------------------------------------

    def start_setup(self) -> None:
        identity, officer = self.identity_page.identity, self.officer_page.officer
        if identity is None or officer is None or self._busy:
            return
        password = self.officer_page.password_text
        self._set_busy(True)
        self.key_page.show_creating()
        self._ops.run(
            lambda: set_up_station(self._data_dir, self._keystore, self._clock, identity, officer, password),
            on_success=self._created,
            on_failure=self.key_page.show_failure,
            on_done=self._setup_attempt_done,
            owner=self,
        )

    def _setup_attempt_done(self) -> None:
        self._set_busy(False)
        if self.outcome is None and self.key_page.error.isHidden():
            # A bug, not a StationError: the exception hook has logged it and told the officer.
            self.key_page.show_failure(
                StationError(
                    "Setup stopped because of an unexpected error; nothing was kept.",
                    "Details are in the log file in the data folder's logs folder.",
                )
            )

    def _created(self, outcome: SetupOutcome) -> None:
        self.outcome = outcome
        # The moment written into the key file, so the printed sheet and the file agree.
        self.created_at = datetime.fromisoformat(outcome.created.metadata.created_at)
        self.officer_page.password_text = ""
        self.officer_page.password.clear()
        self.officer_page.password_again.clear()
        self.key_page.show_key(outcome.recovery_key, self._render_pdf is not None)

    def _set_busy(self, busy: bool) -> None:
        # While the station is being made there is nothing to cancel safely.
        self._busy = busy
        self.button(QWizard.WizardButton.CancelButton).setEnabled(not busy)

    # --- the recovery sheet -------------------------------------------------------------------

    def print_sheet(self) -> None:
        identity = self.identity_page.identity
        if self.outcome is not None and identity is not None and self.created_at is not None:
            print_sheet(self, identity, self.outcome.recovery_key, self.created_at)

    def save_pdf(self) -> None:
        identity, outcome, render = self.identity_page.identity, self.outcome, self._render_pdf
        if identity is None or outcome is None or render is None or self.created_at is None:
            return
        path = ask_pdf_path(self, identity.station_code)
        if path is None:
            return
        created_at, outputs = self.created_at, OutputFiles(self._data_dir.root)
        # Never beside the database it unlocks; the save dialog asked before replacing a file.
        self._ops.run(
            lambda: outputs.write_bytes(
                path,
                render(identity, outcome.recovery_key, created_at),
                what="The recovery sheet",
                replace=True,
            ),
            on_success=lambda _n: self._messages.info(
                self, "Recovery sheet saved", f"Saved to {path}. Print it, then delete the file."
            ),
            owner=self,
        )

    # --- finishing and cancelling -------------------------------------------------------------

    def reject(self) -> None:
        if self._busy:
            return
        outcome = self.outcome
        if outcome is None:
            super().reject()
            return
        if not self._messages.confirm(
            self,
            "Cancel setup?",
            "Cancel setup? The new station will be removed.",
            "&Remove station",
        ):
            return
        self._set_busy(True)
        self._ops.run(
            lambda: outcome.undo(self._keystore),
            on_success=lambda _none: self._removed(),
            on_done=lambda: self._set_busy(False),
            owner=self,
        )

    def _removed(self) -> None:
        self.outcome = None
        super().reject()
