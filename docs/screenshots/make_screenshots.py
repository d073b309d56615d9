"""Regenerate the GUI screenshots in this folder from a throw-away station.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py

Runs the real widgets, op runner and encrypted database in a temporary folder, with the test-only
key file (never the computer's keyring), and saves 1280x800 PNGs next to this script.
"""

# A GUI tool outside station_app/ui: Qt is its job, and it sets up sys.path before importing the app.
# ruff: noqa: TID251, E402

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from station_app.app import PDF_RENDERER
from station_app.core.clock import SystemClock
from station_app.core.keys import InsecureFileKeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.core.runtime import SetupOutcome
from station_app.core.services.accounts import NewOfficer
from station_app.ui.context import Desk
from station_app.ui.crash import ExceptionHook
from station_app.ui.dialogs.login import LoginDialog
from station_app.ui.dialogs.setup_wizard import SetupWizard
from station_app.ui.events import AppEvents
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.main_window import MainWindow
from station_app.ui.messages import QtMessages
from station_app.ui.ops import OpRunner
from station_app.ui.theme import apply_theme
from station_app.ui.views.dashboard import Dashboard
from station_app.ui.views.officers import OfficersView

OUT = Path(__file__).resolve().parent
SIZE = (1280, 800)
WIZARD_SIZE = (860, 640)
SHO_PASSWORD = "hazrat-sho-26"
STAFF = (
    ("si.meena", "Meena Kumari Yadav", "Sub-Inspector", "PIS-4471", Role.INVESTIGATING_OFFICER),
    (
        "asi.rathore",
        "Vikram Singh Rathore",
        "Assistant Sub-Inspector",
        "PIS-5102",
        Role.INVESTIGATING_OFFICER,
    ),
    ("hc.ansari", "Salim Ansari", "Head Constable", "HC-889", Role.DATA_ENTRY),
    ("ct.lakra", "Sunita Lakra", "Constable", "CT-1207", Role.DATA_ENTRY),
    ("dsp.tripathi", "R. K. Tripathi", "Deputy Superintendent", "PIS-2008", Role.VIEWER),
)


def save(widget: QWidget, name: str, app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()
    widget.grab().save(str(OUT / name))
    print(f"wrote {OUT / name}")


def wizard_shots(
    app: QApplication, data_dir: DataDir, keystore: InsecureFileKeyStore, ops: OpRunner
) -> SetupOutcome:
    wizard = SetupWizard(data_dir, keystore, SystemClock(), ops, QtMessages(), PDF_RENDERER)
    wizard.resize(*WIZARD_SIZE)
    wizard.show()
    wizard.next()
    page = wizard.identity_page
    page.state.setText("Uttar Pradesh")
    page.district.setText("Lucknow")
    page.station_name.setText("Hazratganj")
    page.station_name_hi.setText("हज़रतगंज")
    page.station_code.setText("UP-LKO-0042")
    save(wizard, "setup-wizard-identity.png", app)
    wizard.next()
    officer = wizard.officer_page
    officer.username.setText("sho.singh")
    officer.full_name.setText("Anil Kumar Singh")
    officer.belt.setText("PIS-1001")
    officer.password.setText(SHO_PASSWORD)
    officer.password_again.setText(SHO_PASSWORD)
    wizard.next()
    ops.wait_idle(30_000)
    save(wizard, "setup-wizard-recovery-key.png", app)
    outcome = wizard.outcome
    assert outcome is not None
    wizard.next()
    wizard.confirm_page.key_edit.setText(outcome.recovery_key)
    wizard.accept()
    wizard.hide()
    return outcome


def desk_shots(app: QApplication, desk: Desk) -> None:
    login = LoginDialog(desk.identity, desk.services.accounts, desk.ops)
    login.show()
    login.username.setText(desk.actor.username)
    login.password.setText(SHO_PASSWORD)
    save(login, "login.png", app)
    login.hide()

    idle = IdleWatcher(app, interval_ms_override=3_600_000)
    window = MainWindow(desk, idle)
    window.resize(*SIZE)
    window.show()
    desk.ops.wait_idle()
    dashboard = window.module("home")
    assert isinstance(dashboard, Dashboard)
    dashboard.verify()
    desk.ops.wait_idle()
    save(window, "main-window-home.png", app)

    window.show_module("officers")
    officers = window.module("officers")
    assert isinstance(officers, OfficersView)
    desk.ops.wait_idle()
    officers.table.selectRow(1)
    save(window, "officers.png", app)

    window.lock()
    save(window, "lock-screen.png", app)
    window.close_for_good()


def main() -> int:
    # The offscreen platform has no window manager; its notes about that are not news here.
    qInstallMessageHandler(
        lambda _mode, _context, message: None if "does not support" in message else print(message)
    )
    app = QApplication(["make_screenshots"])
    app.setApplicationName("Station App")
    apply_theme(app)
    tmp = Path(tempfile.mkdtemp(prefix="station-shots-"))
    data_dir = DataDir(tmp / "station")
    keystore = InsecureFileKeyStore(tmp / "keyring.json")
    messages = QtMessages()
    events = AppEvents()
    ops = OpRunner(events, messages, ExceptionHook(data_dir.log_file, messages.unexpected).handle)
    outcome = wizard_shots(app, data_dir, keystore, ops)
    services = outcome.services
    sho = services.accounts.login("sho.singh", SHO_PASSWORD)
    for username, full_name, rank, belt, role in STAFF:
        services.accounts.create_officer(
            sho, NewOfficer(username, full_name, rank, belt, role), "first-pass-1"
        )
    try:
        desk_shots(app, Desk(data_dir, services, services.station.identity(), sho, ops, events, messages))
    finally:
        ops.shutdown()
        services.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
