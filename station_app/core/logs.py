"""The rotating log in the data folder. It must never hold a secret.

Code never logs passwords or keys; the redaction filter is a second line of defence for text that
comes from elsewhere (exception messages, SQL fragments): anything shaped like a raw 256-bit key, a
recovery key or an Argon2 hash is replaced before it reaches the file.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path
from typing import Any

from station_app.core.fsutil import PRIVATE_FILE, private_folder

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5

_SECRET_PATTERNS = (
    re.compile(r"x'[0-9a-fA-F]{64}'"),  # SQLCipher raw key literal
    re.compile(r"\b[0-9a-fA-F]{64}\b"),  # hex key (also hides digests; they are not needed in logs)
    re.compile(r"\b(?:[A-Z0-9]{4}-){9}[A-Z0-9]{4}\b"),  # recovery key
    re.compile(r"\$argon2id?\$[^\s'\"]+"),  # password hash
)


def redact(text: str) -> str:
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub("[redacted]", text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(formatted)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log names officers and records: readable by its owner only (0600), whatever the umask,
    the first file and each new one after a rotation (rotated files keep their mode when renamed)."""

    def __init__(self, filename: Path, **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self._make_private()

    def doRollover(self) -> None:
        super().doRollover()
        self._make_private()

    def _make_private(self) -> None:
        if os.name != "nt" and os.path.exists(self.baseFilename):
            os.chmod(self.baseFilename, PRIVATE_FILE)


def configure_logging(log_file: Path, level: int = logging.INFO) -> logging.Handler | None:
    """Send the app's log to ``log_file`` (rotated at 1 MB, 5 kept). Returns the handler, or None if
    the folder cannot be written (the app still runs; messages then go to stderr only)."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in root.handlers:
        if getattr(handler, "station_app_log", False):
            return handler
    try:
        private_folder(log_file.parent)
        file_handler = PrivateRotatingFileHandler(
            log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    file_handler.addFilter(RedactingFilter())
    file_handler.station_app_log = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    return file_handler
