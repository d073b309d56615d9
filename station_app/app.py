"""The GUI composition root: everything the windows use is built here and handed down.

    run_gui -> QApplication, logging, exception hook, theme
            -> StationGui.start: key store -> (first-run wizard | open the station, or recover the key)
            -> login -> (forced password change) -> main window -> sign out -> login ...

No globals, no singletons, no QApplication.instance() lookups: StationGui owns the key store,
services, op runner, events and idle watcher, and passes them through constructors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWizard

from station_app import __version__
from station_app.core.clock import Clock, SystemClock
from station_app.core.errors import MissingKeyError, StationError, WrongKeyError
from station_app.core.identity import StationIdentity
from station_app.core.keys import KeyStore, open_keystore
from station_app.core.logs import configure_logging
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.restore import RestoreReport, restore_station
from station_app.core.runtime import StationServices, open_services
from station_app.core.updates import PUBLISHER_KEYS, hand_to_installer
from station_app.ui.context import Desk
from station_app.ui.crash import ExceptionHook
from station_app.ui.dialogs.backup_dialogs import RestoreDialog, RestoreRequest, restore_report_text
from station_app.ui.dialogs.login import LoginDialog
from station_app.ui.dialogs.passwords import ChangePasswordDialog
from station_app.ui.dialogs.recovery import RecoveryDialog
from station_app.ui.dialogs.recovery_sheet import RecoverySheetRenderer
from station_app.ui.dialogs.setup_wizard import SetupWizard
from station_app.ui.events import AppEvents
from station_app.ui.heap import freeze_long_lived
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.messages import Messages, QtMessages
from station_app.ui.ops import OpRunner
from station_app.ui.theme import apply_theme

if TYPE_CHECKING:
    from station_app.ui.main_window import MainWindow
    from station_app.ui.sync_worker import SyncWorker


def render_recovery_sheet_pdf(station: StationIdentity, recovery_key: str, created_at: datetime) -> bytes:
    """The wizard's "Save as PDF…": reportlab is imported at the first print, not at start-up."""
    from station_app.core.printing.recovery_sheet import render_recovery_sheet  # noqa: PLC0415

    return render_recovery_sheet(station, recovery_key, created_at)


PDF_RENDERER: RecoverySheetRenderer = render_recovery_sheet_pdf

log = logging.getLogger("station_app.app")

APP_NAME = "Station App"
WINDOW_SIZE = (1280, 800)
BACKUP_CHECK_MS = 60 * 60 * 1000  # the daily backup is looked at every hour while the app runs


class StationGui(QObject):
    """The running application: which window is up, and everything the windows share."""

    def __init__(
        self,
        app: QApplication,
        data_dir: DataDir,
        clock: Clock,
        messages: Messages,
        *,
        keystore_factory: Callable[[], KeyStore] = open_keystore,
        idle_ms_override: int | None = None,
        render_pdf: RecoverySheetRenderer | None = PDF_RENDERER,
        exit_app: Callable[[int], None] | None = None,
        update_keys: Sequence[str] = PUBLISHER_KEYS,
        installer: Callable[[Path], object] = hand_to_installer,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.clock = clock
        self.messages = messages
        self._keystore_factory = keystore_factory
        self._render_pdf = render_pdf
        self._exit_app = exit_app or app.exit
        self._update_keys = tuple(update_keys)  # the publisher's keys (tests pass a throwaway one)
        self._installer = installer
        self.events = AppEvents()
        self.hook = ExceptionHook(data_dir.log_file, messages.unexpected)
        self.ops = OpRunner(self.events, messages, self.hook.handle)
        self.idle = IdleWatcher(app, interval_ms_override=idle_ms_override)
        self.keystore: KeyStore | None = None
        self.services: StationServices | None = None
        self.identity: StationIdentity | None = None
        self.exit_code: int | None = None
        # The window or dialog currently up (tests look at these; nothing else does).
        self.wizard: SetupWizard | None = None
        self.recovery_dialog: RecoveryDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.window: MainWindow | None = None
        self._retired_window: MainWindow | None = None
        self.sync_worker: SyncWorker | None = None  # the network thread of the signed-in desk
        self.restore_dialog: RestoreDialog | None = None
        self.desk_actor: Actor | None = None  # who is signed in at the desk (Station → Restore acts as them)
        self.last_restore: RestoreReport | None = None
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self._daily_backup)

    # --- start-up ---------------------------------------------------------------------------------

    def start(self) -> None:
        log.info("Station App %s starting; data folder %s", __version__, self.data_dir.root)
        try:
            self.keystore = self._keystore_factory()
        except StationError as exc:
            self._fatal(exc)
            return
        if self.data_dir.is_set_up():
            self._open_station()
        else:
            self._show_wizard()

    def _show_wizard(self) -> None:
        assert self.keystore is not None
        self.wizard = SetupWizard(
            self.data_dir, self.keystore, self.clock, self.ops, self.messages, self._render_pdf
        )
        self.wizard.accepted.connect(self._setup_done)
        self.wizard.rejected.connect(lambda: self._finish(0))
        # A new computer for a station that exists: restore its backup instead of setting up anew.
        self.wizard.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.wizard.setButtonText(QWizard.WizardButton.CustomButton1, "Restore from a backup…")
        self.wizard.customButtonClicked.connect(self._restore_from_wizard)
        self.wizard.show()

    def _setup_done(self) -> None:
        assert self.wizard is not None and self.wizard.outcome is not None
        services = self.wizard.outcome.services
        log.info("station set up through the wizard")
        self.ops.run(lambda: (services, services.station.identity()), on_success=self._station_ready)

    def _open_station(self) -> None:
        keystore, data_dir, clock = self.keystore, self.data_dir, self.clock
        assert keystore is not None

        def work() -> tuple[StationServices, StationIdentity]:
            services = open_services(data_dir, keystore, clock)
            try:
                return services, services.station.identity()
            except BaseException:
                services.close()
                raise

        self.ops.run(work, on_success=self._station_ready, on_failure=self._open_failed)

    def _open_failed(self, exc: StationError) -> None:
        if isinstance(exc, MissingKeyError | WrongKeyError) and self.data_dir.key_metadata.exists():
            if self.messages.offer_recovery(None, exc):
                self._show_recovery(exc.exit_code)
            else:
                self._finish(exc.exit_code)
            return
        self._fatal(exc)

    def _show_recovery(self, exit_code: int) -> None:
        assert self.keystore is not None
        self.recovery_dialog = RecoveryDialog(self.data_dir, self.keystore, self.clock, self.ops)
        self.recovery_dialog.accepted.connect(self._open_station)
        self.recovery_dialog.rejected.connect(lambda: self._finish(exit_code))
        self.recovery_dialog.show()

    def _station_ready(self, opened: tuple[StationServices, StationIdentity]) -> None:
        self.services, self.identity = opened
        self._daily_backup()
        self._backup_timer.start()
        self.show_login()

    # --- backups and restore ----------------------------------------------------------------------

    def _daily_backup(self) -> None:
        services = self.services
        if services is None:
            return
        self.ops.run(services.backups.backup_if_due, on_failure=self._backup_failed)

    def _backup_failed(self, exc: StationError) -> None:
        # Not a dialog over the officer's work: the dashboard warns after 2 days without a backup.
        log.warning("automatic backup failed: %s: %s", type(exc).__name__, exc.message)

    def _restore_from_wizard(self, _which: int) -> None:
        self.restore_dialog = RestoreDialog(replacing=False, parent=self.wizard)
        self.restore_dialog.accepted.connect(self._run_restore_onto_empty)
        self.restore_dialog.open()

    def _run_restore_onto_empty(self) -> None:
        assert self.restore_dialog is not None and self.restore_dialog.request is not None
        request, keystore = self.restore_dialog.request, self.keystore
        assert keystore is not None
        data_dir, clock = self.data_dir, self.clock

        def work() -> RestoreReport:
            return restore_station(
                data_dir, keystore, clock, request.backup, recovery_key=request.recovery_key
            )

        self.ops.run(work, on_success=self._restored_onto_empty, on_failure=self._restore_refused_in_wizard)

    def _restored_onto_empty(self, report: RestoreReport) -> None:
        self.last_restore = report
        self.restore_dialog = None  # a child of the wizard, which goes now
        wizard, self.wizard = self.wizard, None
        if wizard is not None:
            wizard.rejected.disconnect()
            wizard.close()
            wizard.deleteLater()
        self.messages.info(None, "Restore finished", restore_report_text(report))
        self._open_station()

    def _restore_refused_in_wizard(self, exc: StationError) -> None:
        self.messages.station_error(self.wizard, exc)
        if self.restore_dialog is not None:
            self.restore_dialog.open()  # as filled in: add the recovery key, or choose another file

    def restore_over_desk(self, request: RestoreRequest) -> None:
        """Station → Restore: sign everyone out, close the station, swap the backup in, open it again.
        A refusal leaves the station as it was, and it is opened again just the same."""
        window, services, keystore, actor = self.window, self.services, self.keystore, self.desk_actor
        if window is None or services is None or keystore is None or actor is None:
            return
        log.info("restore of %s requested by %s", request.backup.name, actor.username)
        self._backup_timer.stop()
        self._stop_sync()
        window.close_for_good()
        window.deleteLater()
        self._retired_window, self.window = window, None
        self.services = None
        data_dir, clock = self.data_dir, self.clock

        def work() -> RestoreReport:
            services.close()
            return restore_station(
                data_dir, keystore, clock, request.backup,
                recovery_key=request.recovery_key, replace=True, actor=actor,
            )  # fmt: skip

        self.ops.run(work, on_success=self._restored_over_desk, on_failure=self._restore_refused)

    def _restored_over_desk(self, report: RestoreReport) -> None:
        self.last_restore = report
        self.messages.info(None, "Restore finished", restore_report_text(report))
        self._open_station()

    def _restore_refused(self, exc: StationError) -> None:
        self.messages.station_error(None, exc)
        self._open_station()

    # --- signing in and out -----------------------------------------------------------------------

    def show_login(self) -> None:
        assert self.services is not None and self.identity is not None
        self.login_dialog = LoginDialog(self.identity, self.services.accounts, self.ops)
        self.login_dialog.signed_in.connect(self._signed_in)
        self.login_dialog.rejected.connect(lambda: self._finish(0))
        self.login_dialog.show()

    def _signed_in(self, actor: Actor) -> None:
        assert self.services is not None
        accounts = self.services.accounts
        log.info("officer %s signed in", actor.username)
        self.ops.run(
            lambda: accounts.must_change_password(actor),
            on_success=lambda must: self._force_change(actor) if must else self._open_desk(actor),
        )

    def _force_change(self, actor: Actor) -> None:
        assert self.services is not None
        dialog = ChangePasswordDialog(actor, self.services.accounts, self.ops, forced=True)
        self.password_dialog = dialog
        # The services refuse everything to the actor that signed in until the password is changed:
        # the desk opens with the one the change returned.
        dialog.accepted.connect(lambda: self._open_desk(dialog.actor))
        self.password_dialog.rejected.connect(self.show_login)
        self.password_dialog.show()

    def _open_desk(self, actor: Actor) -> None:
        assert self.services is not None and self.identity is not None and self.keystore is not None
        # The desk's modules and the sync engine load at the first sign-in, not before the sign-in
        # window: about 0.2 s sooner to a window the officer can type into.
        from station_app.ui.main_window import MainWindow  # noqa: PLC0415
        from station_app.ui.sync_worker import SyncWorker  # noqa: PLC0415

        self._retired_window = None
        self.desk_actor = actor
        self._stop_sync()
        self.sync_worker = SyncWorker(self.services, self.keystore, on_bug=self.hook.handle)
        desk = Desk(
            self.data_dir, self.services, self.identity, actor, self.ops, self.events, self.messages,
            sync_worker=self.sync_worker, update_keys=self._update_keys, installer=self._installer,
        )  # fmt: skip
        self.window = MainWindow(desk, self.idle)
        self.window.sign_out_requested.connect(self._sign_out)
        self.window.restore_requested.connect(self.restore_over_desk)
        self.window.quit_requested.connect(lambda: self._finish(0))
        self.window.resize(*WINDOW_SIZE)
        self.window.show()
        self.sync_worker.start()
        # The desk's long-lived objects exist now: freeze them so that full collections (about 100 ms)
        # stop stalling typing during imports. After the first paint, not before the sign-in window.
        QTimer.singleShot(0, freeze_long_lived)

    def _stop_sync(self) -> None:
        """Sign-out and quit: no sync thread outlives the desk that started it."""
        worker, self.sync_worker = self.sync_worker, None
        if worker is not None:
            worker.stop()

    def _sign_out(self) -> None:
        window = self.window
        if window is None:
            return
        log.info("officer signed out")
        self._stop_sync()
        window.close_for_good()
        # Deleted later, not now: we may be inside one of its own signal handlers.
        window.deleteLater()
        self._retired_window, self.window = window, None
        self.show_login()

    # --- ending -----------------------------------------------------------------------------------

    def _fatal(self, exc: StationError) -> None:
        log.error("cannot continue: %s: %s", type(exc).__name__, exc.message)
        self.messages.station_error(None, exc)
        self._finish(exc.exit_code)

    def _finish(self, code: int) -> None:
        self._stop_sync()
        if self.window is not None:
            self.window.close_for_good()
        self.exit_code = code
        self._exit_app(code)

    def shutdown(self) -> None:
        """After the event loop: finish database work, close the database, restore the hooks."""
        self.idle.stop()
        self._stop_sync()  # before the database closes: the engine writes through it
        self.ops.shutdown()
        self._backup_timer.stop()
        if self.services is not None:
            _backup_on_close(self.services)
            self.services.close()
            self.services = None
        self.hook.uninstall()


def _backup_on_close(services: StationServices) -> None:
    """Closing the app after a change: one more backup, so the day's work is never only in one file."""
    try:
        services.backups.backup_on_close()
    except StationError as exc:
        log.warning("backup on closing failed: %s: %s", type(exc).__name__, exc.message)


def run_gui(data_dir: DataDir, qt_args: list[str]) -> int:
    configure_logging(data_dir.log_file)
    app = QApplication(["station-app", *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    # Windows come and go (wizard -> login -> desk -> login); StationGui decides when to quit.
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)
    gui = StationGui(app, data_dir, SystemClock(), QtMessages())
    gui.hook.install()
    QTimer.singleShot(0, gui.start)
    try:
        code = app.exec()
    finally:
        gui.shutdown()
    log.info("Station App closed with exit code %s", code)
    return code
