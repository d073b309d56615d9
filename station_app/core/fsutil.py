"""File-system helpers that survive a power cut and keep files private.

Every file the app writes in one go (reports, templates, PDFs, exports, backups, key files) goes
through ``atomic_output_path``: a temporary file in the target's own folder (so the rename never
crosses a disk), created readable by its owner only (0600 whatever the umask), fsync'd, then renamed
over the target (``replace=True``) or moved into place only if the name is still free
(``replace=False``). A power cut leaves the old file or the new, never half of one.
Folders the app makes for its files are 0700 (``private_folder``). Where a person chose the path,
``station_app.core.outputs.OutputFiles`` checks it first and then calls these.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

POSIX = os.name != "nt"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def fsync_dir(path: Path) -> None:
    if not POSIX:  # Windows cannot open a directory for fsync; NTFS journals the rename itself
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private_folder(path: Path, *, tighten: bool = True) -> Path:
    """Make ``path`` (and missing parents) and leave the folder itself 0700 on POSIX.

    ``tighten`` also narrows a folder that already existed: right for the app's own folders (data
    folder, logs, backups) made by an older version under a loose umask; wrong for a folder a person
    named for an export (their USB stick's root), which is left as it is.
    """
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    if POSIX and (tighten or not existed):
        os.chmod(path, PRIVATE_FOLDER)  # mkdir's mode is narrowed by the umask, never widened: set it
    return path


def _move_into_place(tmp: Path, path: Path, replace: bool) -> None:
    if replace:
        os.replace(tmp, path)
        return
    if not POSIX:
        os.rename(tmp, path)  # Windows refuses to rename onto an existing name: FileExistsError
        return
    try:
        os.link(tmp, path)  # fails with EEXIST if the name was taken meanwhile: never replaces
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # FAT/exFAT (a USB stick) has no hard links: check, then rename (a tiny window, on removable media)
        if path.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(path)) from exc
        os.rename(tmp, path)
        return
    os.unlink(tmp)


@contextlib.contextmanager
def atomic_output_path(path: Path, *, replace: bool = True) -> Iterator[Path]:
    """A private, empty temporary file beside ``path`` for the caller to fill (by name, e.g. SQLite's
    backup API); moved into place when the block ends without an error, removed otherwise.

    ``replace=False`` raises FileExistsError (and leaves the existing file alone) if ``path`` exists.
    """
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    tmp = Path(name)
    try:
        if POSIX:
            os.fchmod(fd, PRIVATE_FILE)
        os.close(fd)
        yield tmp
        _move_into_place(tmp, path, replace)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


@contextlib.contextmanager
def atomic_output(path: Path, *, replace: bool = True) -> Iterator[BinaryIO]:
    """Like ``atomic_output_path``, yielding the open temporary file; it is fsync'd before the rename."""
    with atomic_output_path(path, replace=replace) as tmp, tmp.open("r+b") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write_bytes(path: Path, data: bytes, *, replace: bool = True, private: bool = True) -> None:
    """Write ``data`` to ``path`` so that a power cut leaves the old file or the new, never half.
    Every file is readable by its owner only now; ``private`` stays for callers that still say so."""
    del private
    with atomic_output(path, replace=replace) as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
