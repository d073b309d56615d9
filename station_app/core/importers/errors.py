"""The error for a file that cannot be imported at all (its own exit code, 25)."""

from __future__ import annotations

from station_app.core.errors import StationError


class ImportFileError(StationError):
    """The file as a whole cannot be imported (encoding, not a template, the wrong template, damaged)."""

    exit_code = 25
    title = "This file cannot be imported"
