"""Run a command with the station's data folder on a tiny or read-only file system.

A private mount namespace (``unshare``) holds a tmpfs of the given size, so the disk really fills
(ENOSPC) or really refuses writes (EROFS), as on a full or write-protected station PC. Nothing is
mounted outside the child. The folder's final contents are copied back to ``out_dir`` for checks.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path


def _unshare_prefix() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare is None:
        raise RuntimeError("util-linux 'unshare' is needed for the disk-full and read-only tests")
    probe = subprocess.run(
        [unshare, "--user", "--map-root-user", "--mount", "true"], capture_output=True, check=False
    )
    if probe.returncode == 0:
        return [unshare, "--user", "--map-root-user", "--mount"]
    if os.geteuid() == 0:
        return [unshare, "--mount"]
    raise RuntimeError("neither user namespaces nor root are available for a private tmpfs mount")


def run_on_small_fs(
    src_dir: Path, out_dir: Path, command: list[str], *, size_kb: int = 0, read_only: bool = False
) -> subprocess.CompletedProcess[str]:
    """Copy ``src_dir`` onto a fresh tmpfs, run ``command`` with ``{DIR}`` replaced by its mount point."""
    mount_point = out_dir.parent / (out_dir.name + "-mnt")
    mount_point.mkdir(parents=True)
    out_dir.mkdir(parents=True)
    size = f"size={size_kb}k" if size_kb else "size=64m"
    cmd = " ".join(shlex.quote(part.replace("{DIR}", str(mount_point))) for part in command)
    script = "\n".join(
        [
            "set -e",
            f"mount -t tmpfs -o {size},mode=0755 tmpfs {shlex.quote(str(mount_point))}",
            f"cp -a {shlex.quote(str(src_dir))}/. {shlex.quote(str(mount_point))}/",
            f"mount -o remount,ro {shlex.quote(str(mount_point))}" if read_only else "true",
            "set +e",
            cmd,
            "rc=$?",
            f"cp -a {shlex.quote(str(mount_point))}/. {shlex.quote(str(out_dir))}/",
            "exit $rc",
        ]
    )
    return subprocess.run(
        [*_unshare_prefix(), "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
