"""The base of every error an officer can act on, shared by all layers.

It lives here, in the lowest layer (forms/ imports nothing of the app), so that sync/ and the
station's core raise the same types without sync/ importing the core: the CLI and the GUI catch
``StationError`` and show ``message`` and ``hint``. ``station_app.core.errors`` re-exports both names
and defines every other error.
"""

from __future__ import annotations


class StationError(Exception):
    """Base of all user-facing errors. ``str(err)`` is the officer's message."""

    exit_code = 1
    title = "The station app cannot continue"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def full_text(self) -> str:
        if self.hint:
            return f"{self.message}\n\nFor the district IT admin: {self.hint}"
        return self.message


class ValidationError(StationError):
    """Bad input. ``field_errors`` maps a field name to its message so the form can show it there."""

    exit_code = 22
    title = "Please correct these items"

    def __init__(self, field_errors: dict[str, str], message: str = "") -> None:
        self.field_errors = dict(field_errors)
        text = message or "; ".join(f"{name}: {msg}" for name, msg in self.field_errors.items())
        super().__init__(text)
