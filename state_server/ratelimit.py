"""Refusals per client address in a sliding window: enrolment codes and bearer credentials.

A guessing run against enrolment codes or tokens is slowed to a few tries per quarter hour per
address, answered 429 with Retry-After. Kept in the worker's memory: with N worker processes an
address gets at most N times the limit, still far too few tries for a 12-symbol code or a 256-bit
token. Behind a reverse proxy the address is the one the proxy reports (uvicorn's proxy headers,
trusted from the proxy's address only).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

MAX_ADDRESSES = 100_000  # beyond this the longest-quiet addresses are forgotten (memory stays bounded)


class AttemptLimiter:
    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()  # handlers run in a thread pool

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self._seen.get(address)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may try again, or None if it may try now."""
        with self._lock:
            now = self._clock()
            times = self._recent(address, now)
            if len(times) < self.limit:
                return None
            return max(1, math.ceil(times[0] + self.window_s - now))

    def record(self, address: str) -> None:
        with self._lock:
            now = self._clock()
            times = self._recent(address, now)
            times.append(now)
            self._seen[address] = times
            self._seen.move_to_end(address)
            while len(self._seen) > MAX_ADDRESSES:
                self._seen.popitem(last=False)
