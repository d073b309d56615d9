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


class OutputExistsError(OutputFileError):
    """The output file exists and the person did not ask to replace it (``--force``)."""

    exit_code = 17
    title = "The file already exists"


class OutputInDataFolderError(OutputFileError):
    """An output path inside the station's data folder: only the database layer writes there."""

    exit_code = 18
    title = "Not in the station's data folder"


class RecoveryKeyError(StationError):
    exit_code = 14
    title = "Recovery key not accepted"


class SystemLibrariesMissingError(StationError):
    """Qt cannot load: the computer lacks system libraries (named by their packages in the message)."""

    exit_code = 19
    title = "System libraries missing"


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


# --- backups and restore (exit codes 40-44) ------------------------------------------------------


class BackupDamagedError(StationError):
    """A backup that is cut off, altered, or does not open with its key file: never restored."""

    exit_code = 40
    title = "The backup is damaged"


class BackupFromOtherStationError(StationError):
    exit_code = 41
    title = "The backup is from another station"


class RecoveryKeyNeededError(StationError):
    """This computer's key store has no key for the backup (a new machine): the printed recovery
    key is needed, and is then the authority for the restore."""

    exit_code = 42
    title = "The recovery key is needed"


class StationPresentError(StationError):
    """A restore onto a data folder that holds a station, without saying it is to be replaced."""

    exit_code = 43
    title = "A station is already here"


class BackupWriteError(StationError):
    """The copy could not be finished (drive full, removed or failing): nothing was left behind
    that looks like a good backup."""

    exit_code = 44
    title = "The backup was not made"


# --- offline updates (exit codes 50-53) ----------------------------------------------------------


class UpdateRejectedError(StationError):
    """An update bundle that is not exactly what was signed: altered, cut off, or not signed by us."""

    exit_code = 50
    title = "The update file is not genuine"


class UpdateProductError(StationError):
    exit_code = 51
    title = "The update is for another product"


class UpdateDowngradeError(StationError):
    exit_code = 52
    title = "The update is not newer"


class UpdateInstallError(StationError):
    exit_code = 53
    title = "The update could not be installed"
