"""The digitising screenshots (called by make_screenshots.py), on a station of their own with two
data-entry operators:

    digitise-fir.png     a paper FIR being keyed in: what repeats carried over from the one saved
                         before, the complainant's name typed in English letters and shown in Hindi
    import-dry-run.png   a register's spreadsheet checked: the problem table, nothing written
    import-progress.png  the import under way: progress, rate and time left
    double-entry.png     the second operator's check: the differences, one resolved
"""

# ruff: noqa: TID251 - a GUI tool outside station_app/ui

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from station_app.core.clock import SystemClock
from station_app.core.identity import StationIdentity
from station_app.core.importers.spec import SPECS
from station_app.core.importers.summary import ImportProgress
from station_app.core.keys import InsecureFileKeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.ui.context import Desk
from station_app.ui.events import AppEvents
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.main_window import MainWindow
from station_app.ui.messages import QtMessages
from station_app.ui.ops import OpRunner
from station_app.ui.views.digitise_view import DigitiseView

Save = Callable[[QWidget, str, QApplication], None]
PASSWORD = "digitise-2026"
OWN_PASSWORD = "own-choice-2026"
SIZE = (1280, 800)
FIR = {
    "fir_number": "12", "fir_year": "2019", "registered_on": "05-03-2019", "registered_time": "11:20",
    "acts_sections": "IPC 379, 411", "occurrence_on": "04-03-2019", "occurrence_time": "21:00",
    "gd_reference": "GD 23, 05-03-2019 10:40", "place": "साहू सिनेमा के बाहर, हज़रतगंज",
    "complainant_name": "राम लाल", "complainant_relative_name": "शिव प्रसाद", "complainant_address": "14 नरही, लखनऊ",
    "brief_facts": "सिनेमा के बाहर खड़ी मोटरसाइकिल UP32 AB 1234 चोरी हो गई।", "original_officer": "SI R. K. Verma",
    "register": "FIR register", "volume": "3", "page": "118",
}  # fmt: skip


def _wait(app: QApplication, desk: Desk) -> None:
    desk.ops.wait_idle(120_000)
    for _ in range(5):
        app.processEvents()


def _register_file(path: Path, rows: int, bad: bool) -> Path:
    spec = SPECS["fir"]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([c.header for c in spec.columns])
        for n in range(1, rows + 1):
            day, month = 1 + n % 28, 1 + (n // 28) % 12
            values = {**FIR, "fir_number": str(100 + n), "registered_on": f"{day:02d}-{month:02d}-2018",
                      "occurrence_on": f"{day:02d}-{month:02d}-2018", "fir_year": "2018", "page": str(10 + n),
                      "complainant_name": ("सुनीता देवी", "Mohd. Irfan", "गीता देवी", "Ram Prakash")[n % 4]}  # fmt: skip
            if bad and n == 4:
                values["registered_on"] = "31-02-2018"
            if bad and n == 9:
                values["acts_sections"] = "BNS 303(2)"
            if bad and n == 13:
                values["complainant_name"] = ""
            if bad and n == 17:
                values["registered_on"] = "03-15-2018"
            out.writerow([values.get(c.key, "") for c in spec.columns])
    return path


def _desk(services: StationServices, identity: StationIdentity, username: str, ops: OpRunner,
          events: AppEvents, data_dir: DataDir) -> Desk:  # fmt: skip
    actor = services.accounts.login(username, OWN_PASSWORD)
    return Desk(data_dir, services, identity, actor, ops, events, QtMessages())


def _window(app: QApplication, desk: Desk) -> tuple[MainWindow, DigitiseView]:
    window = MainWindow(desk, IdleWatcher(app, interval_ms_override=3_600_000))
    window.resize(*SIZE)
    window.show()
    window.show_module("digitise")
    view = window.module("digitise")
    assert isinstance(view, DigitiseView)
    return window, view


def digitise_shots(app: QApplication, tmp: Path, keystore: InsecureFileKeyStore, save: Save) -> None:
    identity = StationIdentity("Uttar Pradesh", "Lucknow", "Hazratganj", "हज़रतगंज", "UP-LKO-0042")
    data_dir = DataDir(tmp / "digitise")
    sho = NewOfficer("sho.singh", "Anil Kumar Singh", "Inspector", "PIS-1001", Role.SHO)
    services = set_up_station(data_dir, keystore, SystemClock(), identity, sho, PASSWORD).services
    admin = services.accounts.login(sho.username, PASSWORD)
    for username, name in (("hc.ansari", "Salim Ansari"), ("ct.lakra", "Sunita Lakra")):
        services.accounts.create_officer(
            admin, NewOfficer(username, name, "Head Constable", "HC-9", Role.DATA_ENTRY), PASSWORD
        )
        # A new account chooses its own password before the services let it do anything else.
        services.accounts.change_password(services.accounts.login(username, PASSWORD), PASSWORD, OWN_PASSWORD)
    events = AppEvents()
    ops = OpRunner(events, QtMessages(), lambda *_a: None)
    first = _desk(services, identity, "hc.ansari", ops, events, data_dir)
    window, view = _window(app, first)
    _wait(app, first)
    _keying_shots(app, first, window, view, save)
    _import_shots(app, first, window, view, save, tmp)
    window.close_for_good()
    _double_entry_shots(app, _desk(services, identity, "ct.lakra", ops, events, data_dir), save)
    ops.shutdown()
    services.close()


def _keying_shots(app: QApplication, first: Desk, window: MainWindow, view: DigitiseView, save: Save) -> None:
    """One FIR saved into a double-entry batch, the next being keyed in."""
    form = view.form("fir")
    form.double_entry.setChecked(True)
    form.set_values(FIR)
    form.save()
    _wait(app, first)
    later = {"registered_on": "06-03-2019", "registered_time": "09:05", "acts_sections": "IPC 323, 504, 506",
             "occurrence_on": "05-03-2019", "occurrence_time": "20:30", "place": "मोहल्ला नरही"}  # fmt: skip
    for key, value in later.items():
        form.field(key).set_value(value)
    view.hindi.set_enabled(True)
    name = form.field("complainant_name").control
    assert isinstance(name, QLineEdit)
    name.setFocus()
    QTest.keyClicks(name, "sunita devi")  # shown as सुनीता देवी, typed in English letters
    relative = form.field("complainant_relative_name").control
    relative.setFocus()
    QTest.keyClicks(relative, "raam prakaash")
    _wait(app, first)
    form.check_now()
    _wait(app, first)
    form.fields_area.ensureWidgetVisible(form.field("original_officer"), 0, 10)
    save(window, "digitise-fir.png", app)
    view.hindi.set_enabled(False)
    form.set_values({**FIR, "fir_number": "13", "page": "119", "complainant_name": "सीता देवी",
                     "registered_on": "06-03-2019"})  # fmt: skip
    form.save()
    _wait(app, first)
    form.close_batch()
    _wait(app, first)


def _import_shots(
    app: QApplication, first: Desk, window: MainWindow, view: DigitiseView, save: Save, tmp: Path
) -> None:
    """The import: a dry run with its problems, then the import under way."""
    view.show_tab(view.import_view)
    screen = view.import_view
    screen.set_path(_register_file(tmp / "fir-register-2018.csv", 40, bad=True))
    screen.dry_run()
    _wait(app, first)
    screen.table.resizeRowsToContents()
    save(window, "import-dry-run.png", app)

    screen.set_path(_register_file(tmp / "fir-register-2018-vol-4.csv", 6000, bad=False))
    taken: list[bool] = []

    def shoot(progress: ImportProgress) -> None:
        if not taken and progress.fraction >= 0.4:
            taken.append(True)
            save(window, "import-progress.png", app)

    screen._relay.progress.connect(shoot)
    screen.start_import()
    _wait(app, first)


def _double_entry_shots(app: QApplication, second: Desk, save: Save) -> None:
    """The second operator re-keys the batch: one name differs from the paper."""
    window, view = _window(app, second)
    view.show_tab(view.double_entry_view)
    _wait(app, second)
    checks = view.double_entry_view
    checks.start_rekey()
    for values in (("12", "2019", "05-03-2019", "IPC 379, 411", "राम लाल"),
                   ("13", "2019", "06-03-2019", "IPC 379, 411", "गीता देवी")):  # fmt: skip
        for control, value in zip(checks.inputs.values(), values, strict=True):
            if isinstance(control, QLineEdit):
                control.setText(value)
        checks.save_rekey()
        _wait(app, second)
    _wait(app, second)
    checks.mismatch_table.selectRow(0)
    checks.mismatch_table.setFocus(Qt.FocusReason.OtherFocusReason)
    save(window, "double-entry.png", app)
    window.close_for_good()
