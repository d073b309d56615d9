"""The window carries the packages' icon and names their desktop entry (installer/README.md)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from station_app.ui.theme import app_icon


def test_the_app_has_the_shield_icon_and_its_desktop_entry(themed_app: QApplication) -> None:
    icon = themed_app.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(64, 64).size().width() == 64
    assert themed_app.desktopFileName() == "station-app"


def test_the_icon_is_the_shipped_picture() -> None:
    sizes = app_icon().availableSizes()
    assert [(s.width(), s.height()) for s in sizes] == [(256, 256)]
