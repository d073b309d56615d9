"""Where a station keeps its files. One data folder holds one station."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "STATION_APP_DATA_DIR"


def default_data_dir() -> Path:
    """The data folder from ``STATION_APP_DATA_DIR`` or the platform's per-user data folder."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("station-app", appauthor=False, roaming=False))


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "station.db"

    @property
    def key_metadata(self) -> Path:
        """The recovery-wrapped database key and a key check value; holds no usable secret alone."""
        return self.root / "station-key.json"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "station-app.log"

    def is_set_up(self) -> bool:
        return self.database.exists() or self.key_metadata.exists()
