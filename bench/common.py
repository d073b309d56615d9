"""What every benchmark reports: our figure, the raw baseline's figure, and their ratio."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Result:
    name: str
    ours: float
    baseline_name: str
    baseline: float
    unit: str
    samples: int
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ratio": round(self.ratio, 3)}


def median_ms(func: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def bench_environment() -> Iterator[Path]:
    """A scratch folder and a test-only key file, so benchmarks never touch a real keyring."""
    with tempfile.TemporaryDirectory(prefix="station-bench-") as tmp:
        old = {
            k: os.environ.get(k)
            for k in ("STATION_APP_ALLOW_INSECURE_KEYRING", "STATION_APP_INSECURE_KEYRING_FILE")
        }
        os.environ["STATION_APP_ALLOW_INSECURE_KEYRING"] = "1"
        os.environ["STATION_APP_INSECURE_KEYRING_FILE"] = str(Path(tmp) / "bench-keyring.json")
        try:
            yield Path(tmp)
        finally:
            for key, value in old.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
