"""The server inside another process: uvicorn on a loopback port in a background thread.

For a server on the same PC as a station (training rooms), for tests and for benchmarks.
"""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from state_server.app import create_app
from state_server.config import Settings
from state_server.db import ServerDatabase


class EmbeddedServer:
    def __init__(
        self,
        settings: Settings,
        db: ServerDatabase | None = None,
        host: str = "127.0.0.1",
        ssl_certfile: str | None = None,
        ssl_keyfile: str | None = None,
    ) -> None:
        self.settings = settings
        self.db = db or ServerDatabase(settings.database_url)
        self.app = create_app(settings, self.db)
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, 0))
        self.host = host
        self.port = int(self._sock.getsockname()[1])
        self.scheme = "https" if ssl_certfile else "http"
        config = uvicorn.Config(
            self.app, log_level="error", lifespan="off", timeout_graceful_shutdown=1,
            ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
        )  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> EmbeddedServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the embedded state server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()
