#!/usr/bin/env python3
"""Wrap the PyInstaller onedir build (dist/station-app/) into dist/station-app_<version>_amd64.deb.

    python3 installer/debian/build_deb.py [--version V] [--onedir DIR] [--out DIR]

Layout of the package:
    /opt/station-app/                      the onedir build, as PyInstaller made it
    /usr/bin/station-app                   symbolic link to /opt/station-app/station-app
    /usr/share/applications/station-app.desktop, /usr/share/icons/hicolor/256x256/apps/station-app.png
    /usr/share/doc/station-app/copyright
The Depends line is worked out from the build itself: every system library that a bundled file
links against (ldd) is looked up in the dpkg database of the build machine (Qt's xcb libraries, GL,
fontconfig, GLib, ...), the way dpkg-shlibdeps does. Station data (the per-user data folder, the key
store) is never touched by the maintainer scripts, not even on purge.

Standard library only, plus dpkg-deb and dpkg (both in every Debian's base system).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
from station_app.system_libs import SONAME_PACKAGES  # noqa: E402 - stdlib-only module of the app

PACKAGE = "station-app"
# Declared even though PyInstaller bundles some of them: the X11 platform plugin's libraries come from
# the system, so a security update of Debian's reaches them and a desktop without X11 gets them.
ALWAYS = [
    "libc6", "libfontconfig1", "libfreetype6", "libegl1", "libgl1", "libdbus-1-3", "libglib2.0-0",
    "libx11-6", "libx11-xcb1", "libxkbcommon0", "libxkbcommon-x11-0", "libxcb1", "libxcb-cursor0",
    "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0",
    "libxcb-shape0", "libxcb-xfixes0", "libxcb-xkb1",
]  # fmt: skip


def app_version() -> str:
    text = (ROOT / "station_app" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if found is None:
        sys.exit("station_app/__init__.py has no __version__")
    return found[1]


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def system_dependencies(onedir: Path) -> list[str]:
    """Debian packages owning the libraries outside the bundle that bundled files link against."""
    onedir = onedir.resolve()
    libraries: set[str] = set()
    not_found: set[str] = set()
    files = [str(f) for f in elf_files(onedir)]
    for start in range(0, len(files), 50):
        out = subprocess.run(
            ["ldd", *files[start : start + 50]],
            capture_output=True,
            text=True,
            check=False,
            # As at run time (PyInstaller's bootloader sets it): bundled libraries resolve inside the
            # bundle, so only what the system must provide is left outside.
            env={"LC_ALL": "C", "PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": str(onedir / "_internal")},
        ).stdout
        for line in out.splitlines():
            name, sep, where = line.strip().partition("=>")
            target = where.strip().split(" (")[0].strip()
            if not sep:
                continue
            if target == "not found":
                not_found.add(name.strip())
            elif target.startswith("/") and not target.startswith(str(onedir.resolve())):
                libraries.add(os.path.realpath(target))
    bundled = {p.name for p in onedir.rglob("*.so*")}
    packages = set(ALWAYS)
    # Libraries this build machine lacks (e.g. Wayland's, on a machine without a Wayland desktop) are
    # named by the same table `dev.py` uses; any other gap stops the build rather than ship a hole.
    missing = sorted(n for n in not_found if n not in bundled and n not in SONAME_PACKAGES)
    if missing:
        sys.exit(f"These libraries are needed by the build but missing on this machine: {' '.join(missing)}")
    packages |= {SONAME_PACKAGES[n] for n in not_found if n not in bundled and n in SONAME_PACKAGES}
    packages |= _owners(sorted(libraries))
    return sorted(packages)


def _owners(paths: list[str]) -> set[str]:
    """The packages owning ``paths`` (one dpkg call; usr-merge means dpkg may know /lib for /usr/lib)."""
    candidates = [*paths, *[p[4:] if p.startswith("/usr/") else "/usr" + p for p in paths]]
    out = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True, check=False).stdout
    owners: set[str] = set()
    for line in out.splitlines():
        names, _, _path = line.partition(": ")
        owners |= {name.split(":")[0].strip() for name in names.split(",")}
    return owners


def installed_size_kib(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) // 1024 + 1


def control_file(version: str, depends: list[str], size_kib: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        "Architecture: amd64\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Maintainer: Station app maintainers <station-app@localhost>\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        "Description: Offline-first records desktop for Indian police stations\n"
        " FIR registration (IIF-1), the General Diary, arrests, case diaries and seizures\n"
        " in an encrypted local database that works without a network and syncs to the\n"
        " state server. The program lives in /opt/station-app; each officer's station\n"
        " data stays in the per-user data folder and is never removed by this package.\n"
    )


def desktop_entry() -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Station App\n"
        "Name[hi]=थाना ऐप\n"
        "GenericName=Police station records\n"
        "Comment=FIRs, General Diary, arrests and case diaries\n"
        "Exec=/usr/bin/station-app\n"
        "Icon=station-app\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        "StartupWMClass=station-app\n"
    )


def build(onedir: Path, out_dir: Path, version: str) -> Path:
    if not (onedir / PACKAGE).is_file():
        sys.exit(
            f"{onedir} has no {PACKAGE} program: run the PyInstaller build first (python3 dev.py package)."
        )
    stage = ROOT / "build" / "deb" / f"{PACKAGE}_{version}_amd64"
    shutil.rmtree(stage, ignore_errors=True)
    opt = stage / "opt" / PACKAGE
    shutil.copytree(onedir, opt, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / PACKAGE).symlink_to(f"/opt/{PACKAGE}/{PACKAGE}")
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / f"{PACKAGE}.desktop").write_text(desktop_entry(), encoding="utf-8")
    icons = stage / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "icons" / "station-app.png", icons / f"{PACKAGE}.png")
    doc = stage / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copy2(HERE / "copyright", doc / "copyright")
    control = stage / "DEBIAN"
    control.mkdir()
    depends = system_dependencies(onedir)
    (control / "control").write_text(
        control_file(version, depends, installed_size_kib(stage)), encoding="utf-8"
    )
    for script in ("postinst", "postrm"):
        shutil.copy2(HERE / script, control / script)
        (control / script).chmod(0o755)
    for path in stage.rglob("*"):  # dpkg-deb wants sane modes whatever the umask of the build was
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{version}_amd64.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zzstd", "-z3", "--build", str(stage), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(stage)
    print(f"{target} ({target.stat().st_size // (1024 * 1024)} MiB), Depends: {', '.join(depends)}")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=None, help="package version (default: the app's __version__)")
    parser.add_argument("--onedir", default=str(ROOT / "dist" / PACKAGE), help="the PyInstaller onedir build")
    parser.add_argument("--out", default=str(ROOT / "dist"), help="folder for the .deb")
    args = parser.parse_args()
    build(Path(args.onedir), Path(args.out), args.version or app_version())
    return 0


if __name__ == "__main__":
    sys.exit(main())
