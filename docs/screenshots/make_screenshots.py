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

from datetime import datetime, timedelta

from PySide6.QtCore import qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from docs.screenshots.digitise_shots import digitise_shots
from docs.screenshots.investigation_shots import investigation_shots
from docs.screenshots.maintenance_shots import maintenance_shots
from docs.screenshots.sync_shots import sync_shots
from station_app.app import PDF_RENDERER
from station_app.core.clock import SystemClock
from station_app.core.identity import StationIdentity
from station_app.core.keys import InsecureFileKeyStore
from station_app.core.localtime import IST
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.core.runtime import SetupOutcome, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.services.fir_register import RegisterQuery
from station_app.ui.context import Desk
from station_app.ui.crash import ExceptionHook
from station_app.ui.dialogs.fir_print_dialog import FirPrintDialog
from station_app.ui.dialogs.login import LoginDialog
from station_app.ui.dialogs.setup_wizard import SetupWizard
from station_app.ui.events import AppEvents
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.main_window import MainWindow
from station_app.ui.messages import QtMessages
from station_app.ui.ops import OpRunner
from station_app.ui.theme import apply_theme
from station_app.ui.views.dashboard import Dashboard
from station_app.ui.views.diary import DiaryView
from station_app.ui.views.fir_register import FirRegisterView
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


def _wait(app: QApplication, desk: Desk) -> None:
    desk.ops.wait_idle(30_000)
    for _ in range(5):
        app.processEvents()


def training_desk(tmp: Path, keystore: InsecureFileKeyStore, ops: OpRunner, events: AppEvents) -> Desk:
    """A training station (practice FIRs from 2024 to today) with a fresh complaint in the diary."""
    identity = StationIdentity(
        "Uttar Pradesh", "Lucknow", "Hazratganj", "हज़रतगंज", "UP-LKO-0042", training=True
    )
    sho = NewOfficer("sho.singh", "Anil Kumar Singh", "Inspector", "PIS-1001", Role.SHO)
    outcome = set_up_station(DataDir(tmp / "training"), keystore, SystemClock(), identity, sho, SHO_PASSWORD)
    services = outcome.services
    actor = services.accounts.login(sho.username, SHO_PASSWORD)
    services.diary.add_entry(
        actor,
        {
            "kind": "complaint_received",
            "entry_at": (services.clock.now() - timedelta(minutes=12)).isoformat(),
            "subject": "मोबाइल फ़ोन छीनने की लिखित शिकायत",
            "details": "श्रीमती कविता शर्मा, निवासी नरही, ने थाने पर आकर लिखित शिकायत (तहरीर) दी।",
        },
    )
    return Desk(DataDir(tmp / "training"), services, identity, actor, ops, events, QtMessages())


def snatching_draft(desk: Desk) -> dict[str, object]:
    """A half-typed FIR in Hindi, as an officer would have it on screen."""
    services = desk.services
    ist_now = services.clock.now().astimezone(IST).replace(second=0, microsecond=0)
    return {
        "acts_sections": [{"act": "BNS", "section": "304(2)"}],
        "occurrence_from": (ist_now - timedelta(hours=3, minutes=10)).isoformat(),
        "occurrence_to": (ist_now - timedelta(hours=3)).isoformat(),
        "info_received_at": (ist_now - timedelta(minutes=15)).isoformat(),
        "gd_entry": services.diary.list_entries(desk.actor, limit=1)[0].id,
        "info_type": "written",
        "place_direction_distance": "उत्तर-पूर्व, 1.5 कि.मी.",
        "beat_no": "3",
        "place_address": "कपूरथला चौराहा, अलीगंज, लखनऊ",
        "complainant_name": "कविता शर्मा",
        "complainant_relative_kind": "husband",
        "complainant_relative_name": "राजेश शर्मा",
        "complainant_age": 34,
        "complainant_sex": "F",
        "complainant_nationality": "Indian",
        "complainant_present_address": "मकान सं. 12/4, नरही, हज़रतगंज, लखनऊ",
        "narrative": "मैं शाम को सब्ज़ी लेकर घर लौट रही थी। कपूरथला चौराहे पर मोटरसाइकिल सवार दो "
        "लड़के मेरा मोबाइल फ़ोन छीनकर अलीगंज की ओर भाग गए।",
        "outside_limits": False,
        "complainant_is_victim": True,
    }


def fir_form_shots(app: QApplication, window: MainWindow, desk: Desk) -> None:
    window.new_fir()
    editor = window.fir_desk().editor
    assert editor is not None
    _wait(app, desk)
    values = snatching_draft(desk)
    editor.form.set_values(values)
    editor.form.editor("complainant_name").control().setFocus()
    # Items 5 and 6: the place and the complainant, typed in Hindi.
    editor.form.verticalScrollBar().setValue(editor.form.groups["place"].y() - 40)
    save(window, "fir-form.png", app)

    start = datetime.fromisoformat(str(values["occurrence_from"]))
    editor.form.editor("occurrence_to").set_value((start - timedelta(minutes=50)).isoformat())
    editor.form.changed.emit()
    editor.check()
    _wait(app, desk)
    editor.form.verticalScrollBar().setValue(0)
    save(window, "fir-form-errors.png", app)
    editor.autosave.stop()


def print_preview_shot(app: QApplication, window: MainWindow, desk: Desk) -> None:
    registered = desk.services.fir_register.page(desk.actor, RegisterQuery(), 0, 40)
    hindi = [
        f
        for f in registered
        if not f.sensitive and any("\u0900" <= c <= "\u097f" for c in f.complainant_name)
    ]
    window.open_fir((hindi or registered)[0].id)
    _wait(app, desk)
    view = window.fir_desk().view
    assert view is not None
    view.print_copies()
    dialog = view.findChild(FirPrintDialog)
    assert dialog is not None
    dialog.resize(1000, 900)
    _wait(app, desk)
    save(dialog, "fir-print-preview.png", app)
    dialog.close()


def fir_shots(
    app: QApplication, tmp: Path, keystore: InsecureFileKeyStore, ops: OpRunner, events: AppEvents
) -> None:
    """The FIR and GD screens on a training station."""
    desk = training_desk(tmp, keystore, ops, events)
    window = MainWindow(desk, IdleWatcher(app, interval_ms_override=3_600_000))
    window.resize(*SIZE)
    window.show()
    _wait(app, desk)

    window.show_module("diary")
    diary = window.module("diary")
    assert isinstance(diary, DiaryView)
    _wait(app, desk)
    diary.table.selectRow(0)
    save(window, "gd-diary.png", app)

    window.show_module("register")
    register = window.module("register")
    assert isinstance(register, FirRegisterView)
    _wait(app, desk)
    register.table.selectRow(2)
    save(window, "fir-register.png", app)

    fir_form_shots(app, window, desk)
    print_preview_shot(app, window, desk)
    investigation_shots(app, window, desk, save)
    window.close_for_good()
    desk.services.close()


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
        fir_shots(app, tmp, keystore, ops, events)
        sync_shots(app, tmp, keystore, save)
        digitise_shots(app, tmp, keystore, save)
        maintenance_shots(app, tmp, keystore, save)
    finally:
        ops.shutdown()
        services.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
