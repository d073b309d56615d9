"""The sync error taxonomy: what went wrong, what the queue does about it, and the exit code of
`station-app sync`. Each is a StationError (forms/errors.py, shared by every layer), so the CLI and
GUI show a message and an admin hint.

| error               | queue behaviour                                   | exit |
|---------------------|---------------------------------------------------|------|
| TransportError      | stop the cycle, back off (exponential + jitter)   | 32   |
| ServerBusyError     | 5xx / 429 / 503: stop, back off, honour Retry-After | 32 |
| AuthRequiredError   | 401: pause until the station is enrolled again    | 33   |
| UpdateRequiredError | 426: keep queueing, say "update required"         | 34   |
| PayloadTooLargeError| 413: halve the batch; one item alone: quarantine  | -    |
|                     | (a scan's upload: quarantine that attachment)     |      |
| BlobRefusedError    | 422 on a scan's upload (bytes not their SHA-256): | -    |
|                     | damaged here: quarantine; else as TransportError  |      |
| ResetRequiredError  | 410: rebuild the scope in staging, then swap      | -    |
| ForbiddenError      | 403 (training mismatch, wrong station)            | 36   |
| ProtocolError       | a reply that is not the protocol (captive portal) | 37   |
| TlsError            | the server's certificate is not trusted           | 38   |
"""

from __future__ import annotations

from forms.errors import StationError

EXIT_ATTENTION = 31


class SyncError(StationError):
    exit_code = 32
    title = "Sync did not complete"
    retry_after: float | None = None


class TransportError(SyncError):
    """No usable reply: refused, reset, stalled, truncated. The state server may have acted on it."""

    title = "The state server cannot be reached"


class ServerBusyError(SyncError):
    title = "The state server is busy or failing"

    def __init__(
        self, message: str, hint: str = "", retry_after: float | None = None, status: int = 0
    ) -> None:
        super().__init__(message, hint)
        self.retry_after = retry_after
        self.status = status


class AuthRequiredError(SyncError):
    exit_code = 33
    title = "The station must be enrolled again"


class UpdateRequiredError(SyncError):
    exit_code = 34
    title = "Update required"


class NotEnrolledError(SyncError):
    exit_code = 35
    title = "Not connected to a state server"


class ForbiddenError(SyncError):
    exit_code = 36
    title = "The state server refused this station"

    def __init__(self, message: str, hint: str = "", code: str = "") -> None:
        super().__init__(message, hint)
        self.code = code


class ProtocolError(SyncError):
    exit_code = 37
    title = "The reply was not from a state server"


class TlsError(SyncError):
    exit_code = 38
    title = "The state server's certificate is not trusted"


class BusyError(SyncError):
    exit_code = 39
    title = "A sync is already running"


class EnrolmentError(SyncError):
    exit_code = 40
    title = "Enrolment refused"


class PayloadTooLargeError(SyncError):
    """413: the body was over a limit somewhere on the path (server, proxy)."""


class ResetRequiredError(SyncError):
    def __init__(self, scopes: list[str]) -> None:
        super().__init__(f"The state server rebuilt {', '.join(scopes)}; they are read again from the start.")
        self.scopes = scopes


class BlobRefusedError(SyncError):
    """The server refused a scan's bytes because they do not have the SHA-256 they were sent under."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"The state server refused a scanned page: {message}")
        self.code = code
