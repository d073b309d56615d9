"""Child process for the cold-start benchmark: prints "ready" when a window is usable, then exits.

    python -m bench.gui_probe bare            a bare PySide6 window (the baseline)
    python -m bench.gui_probe app DATA_DIR    the real start-up path to the sign-in window

Both import what they need after the process starts, so the parent's spawn-to-"ready" time covers
interpreter start, imports, key store, opening the encrypted database and the first paint.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _report_when_visible(app: object, predicate: object) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)

    def poll() -> None:
        for widget in app.topLevelWidgets():
            if predicate(widget) and widget.isVisible():  # type: ignore[operator]
                widget.repaint()  # the first paint has happened once this returns
                print("ready", flush=True)
                app.exit(0)
                return
        QTimer.singleShot(2, poll)

    QTimer.singleShot(0, poll)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(["probe"])
    label = QLabel("Sign in")
    label.resize(480, 320)
    label.show()
    _report_when_visible(app, lambda w: w is label)
    return app.exec()


def real_app(data_dir: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from station_app.app import StationGui
    from station_app.core.clock import SystemClock
    from station_app.core.paths import DataDir
    from station_app.ui.dialogs.login import LoginDialog
    from station_app.ui.messages import QtMessages
    from station_app.ui.theme import apply_theme

    app = QApplication(["station-app"])  # the same steps as station_app.app.run_gui
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)
    gui = StationGui(app, DataDir(data_dir), SystemClock(), QtMessages())
    QTimer.singleShot(0, gui.start)
    _report_when_visible(app, lambda w: isinstance(w, LoginDialog))
    try:
        return app.exec()
    finally:
        gui.shutdown()


if __name__ == "__main__":
    mode = sys.argv[1]
    sys.exit(bare() if mode == "bare" else real_app(Path(sys.argv[2])))
