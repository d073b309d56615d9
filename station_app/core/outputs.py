"""The one gate for files written where a person chose: reports, templates, PDFs, backups, exports.

- Never inside the station's data folder: only the database layer writes there. A report named
  ``station.db`` once replaced the live database. Symbolic links are resolved before the check, and
  names are compared without regard to case on Windows (``STATION.DB`` is the same file there).
- An existing file is replaced only when the person said so (``--force``, or a save dialog that
  already asked "replace it?"); otherwise a clear refusal, and the file is left alone.
- Written through ``station_app.core.fsutil``: a private temporary file in the target folder,
  fsync'd, then renamed, so a power cut leaves the old file or the new one; 0600 on POSIX.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from station_app.core.errors import OutputExistsError, OutputFileError, OutputInDataFolderError
from station_app.core.fsutil import atomic_output, atomic_output_path, private_folder

WINDOWS = os.name == "nt"
CANNOT_WRITE_HINT = "Check that the folder exists and that this user may write there."


def _comparable(path: Path, case_insensitive: bool) -> tuple[str, ...]:
    parts = path.parts
    return tuple(p.casefold() for p in parts) if case_insensitive else parts


def is_inside(path: Path, folder: Path, *, case_insensitive: bool = WINDOWS) -> bool:
    """Whether ``path`` is ``folder`` or lies anywhere under it, after resolving symbolic links
    (and ``..``) on both; a path that does not exist yet is resolved as far as it exists."""
    target = _comparable(path.expanduser().resolve(), case_insensitive)
    root = _comparable(folder.expanduser().resolve(), case_insensitive)
    return target[: len(root)] == root


@dataclass(frozen=True)
class OutputFiles:
    """Checks and writes output files for one station (``data_folder`` is the one it protects)."""

    data_folder: Path

    def check(self, path: Path, *, what: str, replace: bool) -> Path:
        """The refusals, before any work is done: in the data folder; exists and not to be replaced;
        a folder where a file is wanted; no such folder. ``what`` names the file in messages."""
        self._outside_data_folder(path, what)
        if path.is_dir():
            raise OutputFileError(
                f"{what} cannot be written to {path}: that is a folder. Give a file name.",
                CANNOT_WRITE_HINT,
            )
        if path.exists() and not replace:
            raise self._exists(path, what)
        if not path.parent.is_dir():
            raise OutputFileError(
                f"{what} could not be written to {path}: there is no folder {path.parent}.",
                CANNOT_WRITE_HINT,
            )
        return path

    def check_folder(self, path: Path, *, what: str) -> Path:
        """The refusals for a folder of output files (``backup -o DIR``), before any work."""
        self._outside_data_folder(path, what)
        if path.exists() and not path.is_dir():
            raise OutputFileError(
                f"{what} cannot be written to {path}: that is a file, and a folder is wanted.",
                CANNOT_WRITE_HINT,
            )
        return path

    def folder(self, path: Path, *, what: str) -> Path:
        """A folder for output files (``backup -o DIR``): outside the data folder; made 0700 if new."""
        self.check_folder(path, what=what)
        try:
            return private_folder(path, tighten=False)
        except OSError as exc:
            raise OutputFileError(
                f"{what} cannot be written to {path}: {exc.strerror}.", CANNOT_WRITE_HINT
            ) from exc

    @contextlib.contextmanager
    def open(self, path: Path, *, what: str, replace: bool) -> Iterator[BinaryIO]:
        """The file to write, as a temporary file that becomes ``path`` when the block ends cleanly."""
        self.check(path, what=what, replace=replace)
        with self._translated(path, what), atomic_output(path, replace=replace) as handle:
            yield handle

    @contextlib.contextmanager
    def open_path(self, path: Path, *, what: str, replace: bool) -> Iterator[Path]:
        """As ``open``, for writers that need a file name (SQLite's backup API)."""
        self.check(path, what=what, replace=replace)
        with self._translated(path, what), atomic_output_path(path, replace=replace) as tmp:
            yield tmp

    def write_bytes(self, path: Path, data: bytes, *, what: str, replace: bool) -> Path:
        with self.open(path, what=what, replace=replace) as handle:
            handle.write(data)
        return path

    # --- messages ----------------------------------------------------------------------------------

    def _outside_data_folder(self, path: Path, what: str) -> None:
        if is_inside(path, self.data_folder):
            raise OutputInDataFolderError(
                f"{what} was not written: {path} is inside the station's data folder "
                f"({self.data_folder}), which holds the records and only the app itself may change.",
                "Choose a file in another folder, for example Documents or a USB stick.",
            )

    @staticmethod
    def _exists(path: Path, what: str) -> OutputExistsError:
        return OutputExistsError(
            f"{what} was not written: {path} already exists and was left as it is.",
            "Choose another name, or add --force to replace the file.",
        )

    @contextlib.contextmanager
    def _translated(self, path: Path, what: str) -> Iterator[None]:
        try:
            yield
        except FileExistsError as exc:  # the name was taken between the check and the rename
            raise self._exists(path, what) from exc
        except OSError as exc:
            raise OutputFileError(
                f"{what} could not be written to {path}: {exc.strerror or exc}.", CANNOT_WRITE_HINT
            ) from exc
