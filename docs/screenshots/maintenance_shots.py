"""The backup, restore and update screenshots (called by make_screenshots.py, or alone:
``QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/maintenance_shots.py``).

    backup-dashboard.png   the dashboard's backup card: last good backup (and the 2-day warning)
    backup-to-drive.png    Back up to a drive: a finished, checked copy on the "USB drive"
    backup-drive-full.png  Back up to a drive refused: not enough free space, nothing written
    restore-dialog.png     Station → Restore from a backup, a backup chosen
    update-dialog.png      Help → Install update from file: a genuine newer update, release notes
    update-refused.png     the same screen refusing an update file with one byte changed
"""

# ruff: noqa: TID251, E402 - a GUI tool outside station_app/ui

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QApplication, QWidget

from station_app.core.backups import BackupService
from station_app.core.clock import SystemClock
from station_app.core.identity import StationIdentity
from station_app.core.keys import InsecureFileKeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.core.runtime import set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.updates import make_bundle
from station_app.sign_update import public_key_text
from station_app.ui.context import Desk
from station_app.ui.dialogs.backup_dialogs import BackupToDriveDialog, RestoreDialog
from station_app.ui.dialogs.update_dialog import UpdateDialog
from station_app.ui.events import AppEvents
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.main_window import MainWindow
from station_app.ui.messages import QtMessages
from station_app.ui.ops import OpRunner

Save = Callable[[QWidget, str, QApplication], None]
PASSWORD = "hazrat-sho-26"
NOTES = """Station App 0.2.0 (December 2026)

- Backups: daily and on closing, kept 7 days, 4 weeks and 12 months; back up to a USB drive.
- Restore from a backup (Station → Restore), also on a new computer with the recovery key.
- Offline updates, signed by the state's station-app team.

बैकअप और पुनर्स्थापना, ऑफ़लाइन अपडेट।"""


def maintenance_shots(app: QApplication, tmp: Path, keystore: InsecureFileKeyStore, save: Save) -> None:  # noqa: PLR0915 - one screen after another
    identity = StationIdentity("Uttar Pradesh", "Lucknow", "Hazratganj", "हज़रतगंज", "UP-LKO-0042")
    sho = NewOfficer("sho.singh", "Anil Kumar Singh", "Inspector", "PIS-1001", Role.SHO)
    data_dir = DataDir(tmp / "backup-station")
    services = set_up_station(data_dir, keystore, SystemClock(), identity, sho, PASSWORD).services
    actor = services.accounts.login(sho.username, PASSWORD)
    events, messages = AppEvents(), QtMessages()
    ops = OpRunner(events, messages, lambda *_: None)
    publisher = Ed25519PrivateKey.generate()
    desk = Desk(data_dir, services, identity, actor, ops, events, messages,
                update_keys=(public_key_text(publisher),), installer=lambda _package: None)  # fmt: skip
    services.backups.backup_now()  # as the daily backup does when the station opens
    window = MainWindow(desk, IdleWatcher(app, interval_ms_override=3_600_000))
    try:
        window.resize(1280, 800)
        window.show()
        ops.wait_idle()
        scroll_to_backups(window, app)
        save(window, "backup-dashboard.png", app)

        usb = tmp / "media" / "USB-DRIVE"
        usb.mkdir(parents=True)
        dialog = BackupToDriveDialog(desk, window)
        dialog.show()
        dialog.folder_edit.setText(str(usb))
        dialog.start()
        ops.wait_idle(30_000)
        save(dialog, "backup-to-drive.png", app)
        dialog.close()

        tight = BackupService(
            services.db, data_dir, services.clock, services.station, space=lambda _f: 2**20 + 2**19
        )
        services.backups, real = tight, services.backups
        full = BackupToDriveDialog(desk, window)
        full.show()
        full.folder_edit.setText(str(usb))
        full.space_label.setText("1.5 MB free")
        full.start()
        ops.wait_idle(30_000)
        save(full, "backup-drive-full.png", app)
        full.close()
        services.backups = real

        restore = RestoreDialog(replacing=True, parent=window)
        restore.show()
        restore.file_edit.setText(str(next(usb.glob("station-*.db"))))
        save(restore, "restore-dialog.png", app)
        restore.close()

        package = tmp / "station-app_0.2.0_amd64.deb"
        package.write_bytes(os.urandom(3_400_000))
        bundle = tmp / "media" / "station-app_0.2.0.update"
        make_bundle(package, bundle, publisher, version="0.2.0", released_at="2026-12-05",
                    release_notes=NOTES, platform="debian-amd64")  # fmt: skip
        update = UpdateDialog(ops, desk.update_keys, desk.installer, window)
        update.resize(700, 520)
        update.show()
        update.file_edit.setText(str(bundle))
        update.check()
        ops.wait_idle()
        save(update, "update-dialog.png", app)
        data = bytearray(bundle.read_bytes())
        data[len(data) // 2] ^= 0x01
        tampered = bundle.with_name("station-app_0.2.0-copy.update")
        tampered.write_bytes(bytes(data))
        update.file_edit.setText(str(tampered))
        update.check()
        ops.wait_idle()
        save(update, "update-refused.png", app)
        update.close()
    finally:
        window.close_for_good()
        ops.shutdown()
        services.close()


def scroll_to_backups(window: MainWindow, app: QApplication) -> None:
    from PySide6.QtWidgets import QScrollArea  # noqa: PLC0415

    home = window.module("home")
    scroll = home.findChild(QScrollArea, "dashboardScroll")
    card = getattr(home, "backup_card", None)
    for _ in range(5):
        app.processEvents()
    if scroll is not None and card is not None:
        scroll.verticalScrollBar().setValue(card.y() - 360)


def main() -> int:
    from station_app.ui.theme import apply_theme  # noqa: PLC0415

    app = QApplication(["maintenance_shots"])
    app.setApplicationName("Station App")
    apply_theme(app)
    out = Path(__file__).resolve().parent
    tmp = Path(tempfile.mkdtemp(prefix="station-shots-"))

    def save(widget: QWidget, name: str, app: QApplication) -> None:
        for _ in range(3):
            app.processEvents()
        widget.grab().save(str(out / name))

    try:
        maintenance_shots(app, tmp, InsecureFileKeyStore(tmp / "keyring.json"), save)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
