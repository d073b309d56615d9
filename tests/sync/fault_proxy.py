"""A small fault-injecting HTTP/1.1 proxy at the TCP level, between the station and the server.

It reads each request and response whole (both sides send Content-Length), then does what the
test planned for that path: pass it on, reset the connection, drop the reply after the server has
acted (a lost ACK), cut the reply short, stall, answer by itself (5xx, 429, 413 like nginx), or
carry the bytes through a slow, lossy link model (2G). It also counts the bytes on the wire.
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Action:
    pass


@dataclass(frozen=True)
class Pass(Action):
    pass


@dataclass(frozen=True)
class ResetBeforeSend(Action):
    """RST the client's connection before the request reaches the server."""


@dataclass(frozen=True)
class ResetMidBody(Action):
    """Forward the headers and part of the body to the server, then RST both connections (an upload
    cut in the middle: the server sees a request body end early)."""

    keep: float = 0.5  # share of the body that reaches the server


@dataclass(frozen=True)
class ResetAfterServer(Action):
    """The server gets the request and answers; the client gets a RST instead of the answer."""


@dataclass(frozen=True)
class DropResponse(Action):
    """The server acts and answers; the client's connection is closed without the answer."""


@dataclass(frozen=True)
class Truncate(Action):
    keep: float = 0.5  # share of the reply (headers included) that gets through


@dataclass(frozen=True)
class Stall(Action):
    seconds: float = 5.0  # hold the reply this long (longer than the client's stall timeout)


@dataclass(frozen=True)
class Respond(Action):
    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LimitBody(Action):
    """Answer 413 for request bodies over ``max_bytes``, as a reverse proxy would."""

    max_bytes: int


@dataclass
class LinkModel:
    """A slow link: bandwidth in bit/s each way, round-trip time, packet loss (1460-byte segments).

    A lost segment costs one retransmission timeout (RFC 6298's 1 s initial RTO); a new TCP
    connection costs one RTT for the handshake.
    """

    bandwidth_bps: float = 32_000
    rtt_s: float = 0.6
    loss: float = 0.03
    rto_s: float = 1.0
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    mss: int = 1460

    def carry(self, data: bytes) -> None:
        """Block as long as sending ``data`` one way takes (latency + serialisation + losses)."""
        delay = self.rtt_s / 2
        segments = max(1, -(-len(data) // self.mss))
        delay += (len(data) + 40 * segments) * 8 / self.bandwidth_bps
        delay += sum(self.rto_s for _ in range(segments) if self.rng.random() < self.loss)
        time.sleep(delay)


@dataclass
class _Rule:
    prefix: str
    action: Action
    times: int | None  # None: always
    method: str | None = None  # None: any method


def _read_message(sock: socket.socket, buf: bytearray, bodiless: bool = False) -> bytes | None:
    """One HTTP/1.1 message with a Content-Length body (or none: ``bodiless``, the reply to a HEAD);
    None when the peer closed."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head_end = buf.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buf[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and not bodiless:
            length = int(value.strip())
    while len(buf) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    message = bytes(buf[: head_end + length])
    del buf[: head_end + length]
    return message


def _rst(sock: socket.socket) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class FaultProxy:
    def __init__(self, upstream_port: int, link: LinkModel | None = None) -> None:
        self.upstream_port = upstream_port
        self.link = link
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = int(self._listener.getsockname()[1])
        self.bytes_up = 0
        self.bytes_down = 0
        self.log: list[tuple[str, str]] = []  # (path, what happened)
        self.requests: list[tuple[str, str, str]] = []  # (method, path, what happened)
        self.on_request: Callable[[str], None] | None = None
        self._closed = False
        threading.Thread(target=self._accept_loop, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def plan(self, prefix: str, action: Action, times: int | None = 1, method: str | None = None) -> None:
        with self._lock:
            self._rules.append(_Rule(prefix, action, times, method))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _action_for(self, path: str, method: str) -> Action:
        with self._lock:
            for rule in self._rules:
                if path.startswith(rule.prefix) and rule.method in (None, method):
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self._rules.remove(rule)
                    return rule.action
        return Pass()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        cbuf, ubuf = bytearray(), bytearray()
        first = True
        try:
            while True:
                request = _read_message(client, cbuf)
                if request is None:
                    return
                method, path = (part.decode() for part in request.split(b" ", 2)[:2])
                action = self._action_for(path, method)
                if self.on_request is not None:
                    self.on_request(path)
                self.log.append((path, type(action).__name__))
                self.requests.append((method, path, type(action).__name__))
                if self.link is not None:
                    if first:
                        time.sleep(self.link.rtt_s)  # TCP handshake of the client's connection
                        first = False
                    self.link.carry(request)
                self.bytes_up += len(request)
                if isinstance(action, ResetBeforeSend):
                    _rst(client)
                    return
                if isinstance(action, Respond):
                    self._reply(client, _response(action.status, action.body, action.headers))
                    continue
                if (
                    isinstance(action, LimitBody)
                    and len(request) - request.index(b"\r\n\r\n") - 4 > action.max_bytes
                ):
                    self._reply(client, _response(413, b"<html>413 Request Entity Too Large</html>", ()))
                    continue
                # A fresh upstream connection per request: a slow link may outlast the server's
                # keep-alive, which must not look like a fault of the server.
                if upstream is not None:
                    upstream.close()
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
                ubuf.clear()
                if isinstance(action, ResetMidBody):
                    head_end = request.index(b"\r\n\r\n") + 4
                    upstream.sendall(request[: head_end + int((len(request) - head_end) * action.keep)])
                    time.sleep(0.05)  # let the server start reading the body
                    _rst(upstream)
                    upstream = None
                    _rst(client)
                    return
                upstream.sendall(request)
                response = _read_message(upstream, ubuf, bodiless=method == "HEAD")
                if response is None:
                    _rst(client)
                    return
                if isinstance(action, ResetAfterServer):
                    _rst(client)
                    return
                if isinstance(action, DropResponse):
                    client.close()
                    return
                if isinstance(action, Truncate):
                    self._reply(client, response[: max(1, int(len(response) * action.keep))])
                    client.close()
                    return
                if isinstance(action, Stall):
                    time.sleep(action.seconds)
                self._reply(client, response)
        except OSError:
            return
        finally:
            if upstream is not None:
                upstream.close()
            with contextlib.suppress(OSError):
                client.close()

    def _reply(self, client: socket.socket, data: bytes) -> None:
        if self.link is not None:
            self.link.carry(data)
        self.bytes_down += len(data)
        client.sendall(data)


def _response(status: int, body: bytes, headers: tuple[tuple[str, str], ...]) -> bytes:
    lines = [f"HTTP/1.1 {status} Fault", f"Content-Length: {len(body)}", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
