"""When to sync: exponential backoff with full jitter, per-item retry delays, and the trigger rules
(after a commit, on a probe, on a timer, on "Sync now") as a pure, clock-driven state machine.

The GUI's worker thread asks ``SyncScheduler.due(now)`` and ``next_wakeup(now)``; nothing here
sleeps or starts threads, so the rules are tested without waiting.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Backoff:
    """Full jitter (AWS architecture blog): uniform in [0, min(cap, base * 2^failures)].

    Randomness spreads thousands of stations that lost the network together, so they do not all
    return at the same second when it comes back.
    """

    base_s: float = 30.0
    cap_s: float = 1800.0

    def delay(self, failures: int, rng: random.Random, retry_after: float | None = None) -> float:
        ceiling = min(self.cap_s, self.base_s * (2 ** max(0, failures - 1)))
        wait = rng.uniform(0, ceiling)
        if retry_after is not None:
            # The server said when: never earlier, and a little spread after it.
            wait = retry_after + rng.uniform(0, min(self.base_s, retry_after * 0.1 + 1))
        return wait


# A mutation the server cannot apply yet (its predecessor is missing) is retried on this scale;
# after HOLD_LIMIT tries it is surfaced to a person as a conflict, never dropped or forced.
ITEM_BACKOFF = Backoff(base_s=60.0, cap_s=6 * 3600.0)
HOLD_LIMIT = 8

# Beyond this the station's clock is treated as wrong and its records are flagged (Anki uses 300 s).
CLOCK_SUSPECT_MS = 5 * 60 * 1000


@dataclass
class SyncScheduler:
    """Single-flight trigger rules. Times are the caller's clock (UTC)."""

    debounce: timedelta = timedelta(seconds=10)
    probe_interval: timedelta = timedelta(minutes=2)
    safety_interval: timedelta = timedelta(minutes=15)
    backoff: Backoff = field(default_factory=Backoff)
    rng: random.Random = field(default_factory=random.Random)
    running: bool = False
    failures: int = 0
    requested_at: datetime | None = None
    last_run_at: datetime | None = None
    not_before: datetime | None = None
    paused: bool = False  # 401 / 426: only "Sync now" (after re-enrolment or update) tries again

    def on_commit(self, now: datetime) -> None:
        """A record was saved: sync soon, but let a burst of saves settle first."""
        self.requested_at = now + self.debounce

    def on_sync_now(self, now: datetime) -> None:
        self.paused = False
        self.not_before = None
        self.requested_at = now

    def on_probe_ok(self, now: datetime) -> None:
        """The server answered a probe while we were offline: go now, whatever the backoff said."""
        self.not_before = None
        self.requested_at = now

    def due(self, now: datetime) -> bool:
        if self.running or self.paused:
            return False
        if self.not_before is not None and now < self.not_before:
            return False
        if self.requested_at is not None and now >= self.requested_at:
            return True
        return self.last_run_at is None or now - self.last_run_at >= self.safety_interval

    def start(self, now: datetime) -> bool:
        """Claim the single flight; False if a cycle is already running."""
        if self.running:
            return False
        self.running = True
        self.requested_at = None
        self.last_run_at = now
        return True

    def finish(
        self, now: datetime, *, ok: bool, retry_after: float | None = None, pause: bool = False
    ) -> None:
        self.running = False
        self.paused = pause
        if ok:
            self.failures = 0
            self.not_before = None
            return
        self.failures += 1
        self.not_before = now + timedelta(seconds=self.backoff.delay(self.failures, self.rng, retry_after))

    def next_wakeup(self, now: datetime) -> datetime:
        """When the worker should look again (a probe while offline, else the nearest trigger)."""
        candidates = [
            now + self.safety_interval
            if self.last_run_at is None
            else self.last_run_at + self.safety_interval
        ]
        if self.requested_at is not None:
            candidates.append(self.requested_at)
        if self.not_before is not None:
            candidates = [max(c, self.not_before) for c in candidates]
            candidates.append(min(self.not_before, now + self.probe_interval))
        return max(now, min(candidates))
