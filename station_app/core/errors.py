"""Typed errors an officer can act on.

Every failure that a person at the desk can meet is one of these: a plain message for the officer
and a hint for the district IT admin. The GUI shows both in a dialog; the CLI prints both and exits
with ``exit_code``. Anything else is a bug: logged with its traceback, shown as a generic message.
"""

from __future__ import annotations

# The base of every user-facing error and the field-level input error live in forms/, the lowest
# layer, so that sync/ (which must not import the station's core) raises the same types.
from forms.errors import StationError, ValidationError

__all__ = ["StationError", "ValidationError"]


# --- storage -------------------------------------------------------------------------------------


class StorageError(StationError):
    exit_code = 3
    title = "The station database cannot be opened"


class NotSetUpError(StorageError):
    exit_code = 4
    title = "This computer has no station yet"


class AlreadySetUpError(StorageError):
    exit_code = 5
    title = "A station already exists here"


class MissingKeyError(StorageError):
    exit_code = 6
    title = "The database key is missing"


class WrongKeyError(StorageError):
    exit_code = 7
    title = "The database key does not fit"


class CorruptDatabaseError(StorageError):
    exit_code = 8
    title = "The station database is damaged"


class DatabaseLockedError(StorageError):
    exit_code = 9
    title = "The station database is in use"


class DiskFullError(StorageError):
    exit_code = 10
    title = "The disk is full"


class ReadOnlyError(StorageError):
    exit_code = 11
    title = "The data folder cannot be written"


class DatabaseTooNewError(StorageError):
    exit_code = 12
    title = "The database is newer than this app"


class InsecureKeyringError(StorageError):
    exit_code = 13
    title = "No secure key store on this computer"


class OutputFileError(StationError):
    exit_code = 16
    title = "The file could not be written"


class RecoveryKeyError(StationError):
    exit_code = 14
    title = "Recovery key not accepted"


# --- people and permissions ----------------------------------------------------------------------


class AuthenticationError(StationError):
    exit_code = 20
    title = "Sign-in failed"


class AccountLockedError(AuthenticationError):
    title = "Account locked"


class PasswordChangeRequiredError(AuthenticationError):
    """Signed in with a password the SHO or the IT admin set: nothing but changing it is allowed."""

    title = "Choose a new password first"


class PermissionDeniedError(StationError):
    exit_code = 21
    title = "Not allowed for your role"


# --- input ---------------------------------------------------------------------------------------


class UsageError(StationError):
    """A command line put together wrongly (options that do not go together, one missing). The CLI
    answers it as argparse answers every other usage mistake: the usage line and exit 2."""

    exit_code = 2
    title = "Wrong usage"


class NotFoundError(StationError):
    exit_code = 23
    title = "Record not found"


class ConflictError(StationError):
    """The action does not fit the record's state (already registered, already exists...)."""

    exit_code = 24
    title = "This cannot be done now"
