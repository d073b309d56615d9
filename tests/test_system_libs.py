"""Qt's system libraries are found missing before Qt loads, and named by Debian package in one line
(the README's Quick start on a bare Debian; dev.py and `station-app` both use this)."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from station_app import cli
from station_app.system_libs import (
    MissingSystemPackages,
    find_pyside_dir,
    missing_for_qt,
    missing_sonames,
    platform_in_use,
)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd and sonames are Linux's")


def test_missing_libraries_are_named_by_package_in_one_install_line() -> None:
    missing = MissingSystemPackages(["libglib-2.0.so.0", "libxcb-cursor.so.0", "libgthread-2.0.so.0"])
    assert missing.packages == ["libglib2.0-0", "libxcb-cursor0"]  # one package once, sorted
    assert missing.apt_line() == "sudo apt-get install -y libglib2.0-0 libxcb-cursor0"
    if shutil.which("apt-get"):
        assert missing.message("The station app").count("apt-get install") == 1


def test_a_library_of_no_known_package_is_still_named() -> None:
    missing = MissingSystemPackages(["libfoo.so.9"])
    assert missing.packages == [] and missing.unknown == ["libfoo.so.9"]
    assert "libfoo.so.9" in missing.message("The station app")


def test_nothing_missing_is_falsy() -> None:
    assert not MissingSystemPackages([])


def test_the_platform_follows_qt_qpa_platform() -> None:
    assert platform_in_use({}) == "xcb"
    assert platform_in_use({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert (
        platform_in_use({"QT_QPA_PLATFORM": "wayland;xcb"}) == "xcb"
    )  # no wayland check: xcb is the fallback


@linux_only
def test_this_machine_has_what_the_tests_platform_needs() -> None:
    pyside = find_pyside_dir()
    assert pyside is not None
    assert not missing_for_qt(pyside, "offscreen"), "the GUI tests run here, so nothing may be missing"


@linux_only
def test_ldd_reports_every_missing_library_of_a_moved_plugin(tmp_path: Path) -> None:
    """The X11 plugin copied away from PySide6 no longer finds Qt's own libraries beside it."""
    pyside = find_pyside_dir()
    assert pyside is not None
    plugin = tmp_path / "libqxcb.so"
    shutil.copy2(pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so", plugin)
    missing = missing_sonames([plugin])
    assert {"libQt6XcbQpa.so.6", "libQt6Gui.so.6", "libQt6Core.so.6"} <= set(missing)
    assert missing_sonames([pyside / "Qt" / "lib" / "libQt6Core.so.6"]) == []  # in place: all found


def test_the_gui_command_names_what_is_missing_when_qt_cannot_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "station_app.app", None)  # importing it now raises ImportError
    monkeypatch.setattr(cli, "missing_for_qt", lambda _pyside: MissingSystemPackages(["libEGL.so.1"]))
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--data-dir", "/nonexistent/station"], out=out, err=err)
    assert code == 19
    assert "libegl1" in err.getvalue()
    assert "Something unexpected" not in err.getvalue()
