"""Fonts, the style sheet and the app's icon, applied once by the composition root.

The shipped Noto fonts are registered with Qt so Devanagari station names render the same on every
computer, including ones without Hindi fonts installed.
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QLoggingCategory
from PySide6.QtGui import QFont, QFontDatabase, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

FONT_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansDevanagari-Bold.ttf",
)
# Latin first: Noto Sans has no Devanagari and Noto Sans Devanagari no Latin, so Qt picks per script.
UI_FAMILIES = ["Noto Sans", "Noto Sans Devanagari"]
BASE_POINT_SIZE = 10

STYLE_SHEET = """
QLabel[role="error"] { color: #b3261e; }
QLabel[role="help"] { color: #5f6368; }
QLabel[role="ok"] { color: #1b6e2d; }
QLineEdit[invalid="true"], QComboBox[invalid="true"] { border: 1px solid #b3261e; }
QLabel#heading { font-size: 15pt; font-weight: bold; }
QLabel#cardTitle { font-size: 11pt; font-weight: bold; }
QStatusBar QLabel { padding: 0 10px; }
QLabel#stationName { font-size: 17pt; font-weight: bold; }
QLabel#stationNameHi { font-size: 16pt; }
QLabel#trainingBanner {
    background: #f9a825; color: #1f1f1f; font-weight: bold; padding: 6px; border-radius: 3px;
}
QLabel#lockTitle { font-size: 20pt; font-weight: bold; }
QLabel#recoveryKeyLabel {
    background: #ffffff; border: 2px solid #3c4043; padding: 12px; font-size: 17pt;
}
QListWidget#navigation { font-size: 11pt; }
QListWidget#navigation::item { padding: 8px 10px; }
QFrame#card { border: 1px solid #dadce0; border-radius: 4px; background: #ffffff; }
QFrame#searchPopup { border: 1px solid #9aa0a6; background: #ffffff; }
QLabel#formTitle { font-size: 13pt; font-weight: bold; }
QLabel#groupTitle { font-size: 11pt; font-weight: bold; color: #1a3a6b; padding-top: 6px; }
QFrame[role="formGroup"] { border: 1px solid #dadce0; border-radius: 4px; background: #ffffff; }
QLabel[role="badge"] {
    background: #fce8e6; color: #8c1d18; font-weight: bold; padding: 4px 8px; border-radius: 3px;
}
QLabel[role="info-badge"] {
    background: #e8f0fe; color: #174ea6; font-weight: bold; padding: 4px 8px; border-radius: 3px;
}
QLabel#firNumber { font-size: 15pt; font-weight: bold; }
QPlainTextEdit[invalid="true"], QTableWidget[invalid="true"] { border: 1px solid #b3261e; }
QPushButton#syncStatus { border: 1px solid transparent; padding: 1px 10px; text-align: left; }
QPushButton#syncStatus:focus { border: 1px dotted #3c4043; }
QPushButton#syncStatus:hover { background: #e8eaed; }
QPushButton#syncStatus[role="problem"] { color: #b3261e; font-weight: bold; }
"""


def load_fonts() -> list[str]:
    """Register the bundled fonts; returns the families Qt accepted."""
    # Qt notes (info/warning) each time it falls back from Noto Sans to Noto Sans Devanagari; that
    # split is deliberate, so the note would only be noise in the log and in tests.
    QLoggingCategory.setFilterRules("qt.text.font.db.info=false\nqt.text.font.db.warning=false")
    families: list[str] = []
    folder = resources.files("resources") / "fonts"
    for name in FONT_FILES:
        data = (folder / name).read_bytes()
        font_id = QFontDatabase.addApplicationFontFromData(data)
        if font_id < 0:
            log.warning("font %s could not be loaded", name)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def app_icon() -> QIcon:
    """The shield icon (resources/icons), the same the packages install for the desktop's menu."""
    pixmap = QPixmap()
    pixmap.loadFromData((resources.files("resources") / "icons" / "station-app.png").read_bytes())
    return QIcon(pixmap)


def apply_theme(app: QApplication) -> None:
    app.setWindowIcon(app_icon())
    # Lets the desktop match the windows with the packages' station-app.desktop (Wayland's app id).
    app.setDesktopFileName("station-app")
    loaded = load_fonts()
    font = QFont(app.font())
    if loaded:
        font.setFamilies(UI_FAMILIES)
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def monospace_font(point_size: int) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(point_size)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font
