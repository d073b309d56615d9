"""Which system packages Qt still needs on this Linux machine, found before Qt is loaded.

A plain Debian machine has Python but not the libraries that Qt's wheels link against (GLib, EGL,
fontconfig, xkbcommon, and the dozen xcb helpers of the X11 platform plugin). Without them Qt fails
one library at a time ("libglib-2.0.so.0: cannot open shared object file"), or aborts with "could not
load the Qt platform plugin". Here the dynamic loader (`ldd`) is asked about every Qt file the app
loads, and each missing library is named by its Debian package, so that one `apt-get install` line
fixes them all.

Standard library only: `dev.py` imports this with the system Python before any virtual environment
exists, and `station-app` uses it when Qt fails to import.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

# soname -> Debian package (Debian 12 names; on Debian 13 apt picks the renamed "t64" package that
# provides the old name, e.g. libglib2.0-0t64 for libglib2.0-0).
SONAME_PACKAGES: dict[str, str] = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libpng16.so.16": "libpng16-16",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXext.so.6": "libxext6",
    "libXrender.so.1": "libxrender1",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libcups.so.2": "libcups2",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}

# What the station app runs on with a display: the core Qt libraries, the Python bindings it
# imports, and the X11 platform plugin (its libQt6XcbQpa pulls in the xcb helpers).
QT_FILES_COMMON = (
    "Qt/lib/libQt6Core.so.6",
    "Qt/lib/libQt6Gui.so.6",
    "Qt/lib/libQt6Widgets.so.6",
    "Qt/lib/libQt6PrintSupport.so.6",
    "QtCore.abi3.so",
    "QtGui.abi3.so",
    "QtWidgets.abi3.so",
    "QtPrintSupport.abi3.so",
)
QT_PLATFORM_PLUGINS = {
    "xcb": "Qt/plugins/platforms/libqxcb.so",
    "offscreen": "Qt/plugins/platforms/libqoffscreen.so",
}


def platform_in_use(environ: dict[str, str] | None = None) -> str:
    """The Qt platform plugin this run will load: the tests use "offscreen", a desktop "xcb"."""
    env = os.environ if environ is None else environ
    wanted = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0].strip()
    return wanted if wanted in QT_PLATFORM_PLUGINS else "xcb"


def missing_sonames(files: Iterable[Path]) -> list[str]:
    """Libraries the dynamic loader cannot find for any of ``files`` (all of them, not the first)."""
    ldd = shutil.which("ldd")
    present = [str(f) for f in files if f.exists()]
    if ldd is None or not present:
        return []
    result = subprocess.run(
        [ldd, *present],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    missing: list[str] = []
    for line in result.stdout.splitlines():
        name, sep, where = line.strip().partition("=>")
        if sep and where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def qt_files(pyside_dir: Path, platform: str) -> list[Path]:
    return [pyside_dir / rel for rel in (*QT_FILES_COMMON, QT_PLATFORM_PLUGINS[platform])]


class MissingSystemPackages:
    """What is missing, as Debian packages where known and as bare library names otherwise."""

    def __init__(self, sonames: list[str]) -> None:
        self.sonames = sonames
        self.packages = sorted({SONAME_PACKAGES[s] for s in sonames if s in SONAME_PACKAGES})
        self.unknown = [s for s in sonames if s not in SONAME_PACKAGES]

    def __bool__(self) -> bool:
        return bool(self.sonames)

    def apt_line(self) -> str:
        return "sudo apt-get install -y " + " ".join(shlex.quote(p) for p in self.packages)

    def message(self, what: str) -> str:
        lines = [f"{what} needs system libraries that this computer does not have yet."]
        if self.packages and shutil.which("apt-get"):
            lines += ["Install them with this one command, then try again:", "", f"    {self.apt_line()}", ""]
        elif self.packages:
            lines.append("On Debian or Ubuntu they come in: " + " ".join(self.packages))
        if self.unknown:
            lines.append(
                "Missing libraries (install the packages that provide them): " + " ".join(self.unknown)
            )
        return "\n".join(lines)


def missing_for_qt(pyside_dir: Path, platform: str | None = None) -> MissingSystemPackages:
    if not sys.platform.startswith("linux"):
        return MissingSystemPackages([])
    return MissingSystemPackages(missing_sonames(qt_files(pyside_dir, platform or platform_in_use())))


def find_pyside_dir() -> Path | None:
    """PySide6's folder in this interpreter's site-packages, found without importing it."""
    import importlib.util  # noqa: PLC0415 - only when asked

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))
