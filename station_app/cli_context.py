"""What every `station-app` command gets: its parsed arguments, where it prints, the data folder and
the clock. Its own module so that cli.py and the command groups (cli_fir.py, cli_import.py,
cli_signin.py, cli_sync.py) all import it without importing each other.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from station_app.core.clock import SystemClock
from station_app.core.paths import DataDir, default_data_dir
from station_app.core.updates import PUBLISHER_KEYS


class CliContext:
    def __init__(
        self, args: argparse.Namespace, out: TextIO, err: TextIO, update_keys: Sequence[str] = PUBLISHER_KEYS
    ) -> None:
        self.args = args
        self.update_keys = update_keys  # the publisher's keys that updates must be signed with
        self.out = out
        self.err = err
        self.data_dir = DataDir(Path(args.data_dir).expanduser() if args.data_dir else default_data_dir())
        self.clock = SystemClock()

    def print(self, text: str = "") -> None:
        try:
            print(text, file=self.out, flush=True)
        except BrokenPipeError:
            self._reader_went_away()

    def _reader_went_away(self) -> None:
        """`station-app import ... | head` closed the pipe: the command carries on (an import must not
        stop half-way because nobody reads its summary) and what it prints goes nowhere."""
        if self.out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so that the interpreter's last flush is quiet too
            os.close(devnull)
        self.out = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the command
