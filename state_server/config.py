"""Server settings: one immutable object made by the command line and handed to the app factory."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from sync.ops import PAYLOAD_VERSION

DATABASE_URL_ENV = "STATE_SERVER_DATABASE_URL"


def default_database_url() -> str:
    configured = os.environ.get(DATABASE_URL_ENV)
    if configured:
        return configured
    folder = Path(platformdirs.user_data_dir("state-server", appauthor=False))
    return f"sqlite:///{folder / 'state-server.db'}"


@dataclass(frozen=True)
class Limits:
    max_batch_count: int = 500
    max_batch_bytes: int = 1_000_000  # uncompressed JSON of one push
    max_body_bytes: int = 2_000_000  # any request body as sent
    max_pull_items: int = 500
    max_blob_bytes: int = 16 * 1024 * 1024  # one scanned page (the station app takes at most 10 MiB)


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=default_database_url)
    training: bool = False
    server_name: str = "State police sync server"
    payload_version: int = PAYLOAD_VERSION
    limits: Limits = field(default_factory=Limits)
    enrol_code_hours: int = 72
    # Beyond this a mutation's clock is flagged for audit (Anki refuses at 300 s; we only flag).
    clock_suspect_ms: int = 5 * 60 * 1000
    # Per client address in a sliding window (429 + Retry-After beyond): refused enrolment codes,
    # and requests whose bearer credential was refused (a healthy station has neither).
    enrol_attempts: int = 10
    auth_failures: int = 20
    attempt_window_s: int = 15 * 60
