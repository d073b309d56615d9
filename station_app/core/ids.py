"""Record identifiers: UUIDv7 strings made on the client (time-ordered, globally unique)."""

from __future__ import annotations

import os
import threading
import time
import uuid


class UuidV7Factory:
    """Makes UUIDv7 values that are strictly increasing within this process.

    Monotonic order matters because ids double as a stable tie-breaker in lists; the random tail
    keeps ids from two stations apart without any coordination.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = 0
        self._counter = 0

    def new(self) -> str:
        with self._lock:
            now_ms = time.time_ns() // 1_000_000
            if now_ms <= self._last_ms:
                self._counter += 1
                if self._counter >= 1 << 12:  # 12-bit counter exhausted: borrow the next millisecond
                    self._last_ms += 1
                    self._counter = 0
                now_ms = self._last_ms
            else:
                self._last_ms = now_ms
                self._counter = 0
            counter = self._counter
        rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (now_ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76  # version 7
        value |= counter << 64
        value |= 0b10 << 62  # RFC 4122 variant
        value |= rand
        return str(uuid.UUID(int=value))


_factory = UuidV7Factory()


def new_id() -> str:
    """A new UUIDv7 string. The factory holds only a monotonic counter, no application state."""
    return _factory.new()
