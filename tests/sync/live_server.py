"""The real state server on a loopback port: in this process (uvicorn in a thread) or as a child
process that a test can kill -9."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from state_server.config import Settings
from state_server.db import ServerDatabase
from state_server.embedded import EmbeddedServer

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer(EmbeddedServer):
    """uvicorn serving ``create_app`` on 127.0.0.1 in a background thread."""

    def __init__(self, settings: Settings, db: ServerDatabase) -> None:
        super().__init__(settings, db)

    def start(self, timeout: float = 10.0) -> LiveServer:
        super().start(timeout)
        return self


class ServerProcess:
    """`python -m state_server serve` as a child process (for kill -9 of the server)."""

    def __init__(self, database_url: str, port: int | None = None, training: bool = False) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.training = training
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        args = [sys.executable, "-m", "state_server", "--database-url", self.database_url]
        if self.training:
            args.append("--training")
        args += ["serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self.proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(self.url + "/sync/v1/hello", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"state-server did not start: {err[-2000:]}")
            time.sleep(0.1)

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        if self.proc.stderr:
            self.proc.stderr.close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill9()
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
