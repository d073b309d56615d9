"""Cold start to a usable sign-in window vs a bare PySide6 window, each in a fresh process."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Result
from bench.station import bench_station

ROOT = Path(__file__).resolve().parents[1]


def _spawn_ms(args: list[str]) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    # An installed app starts from compiled bytecode; with PYTHONDONTWRITEBYTECODE (set on some CI
    # machines) every start would recompile our ~200 modules from source, about 0.3 s that no PC pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", "bench.gui_probe", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        elapsed = (time.perf_counter() - start) * 1000
        child.wait(timeout=60)
    if line != "ready":
        raise RuntimeError(f"the probe {args[0]} did not reach a usable window")
    return elapsed


def run(workdir: Path, quick: bool) -> list[Result]:
    repeats = 3 if quick else 7
    services, _sho = bench_station(workdir)
    data_dir = services.data_dir.root
    services.close()
    _spawn_ms(["bare"])  # warm the OS file cache for both, as on a PC that has run the app before
    _spawn_ms(["app", str(data_dir)])
    bare = statistics.median(_spawn_ms(["bare"]) for _ in range(repeats))
    ours = statistics.median(_spawn_ms(["app", str(data_dir)]) for _ in range(repeats))
    return [
        Result(
            "cold start to a usable sign-in window",
            round(ours),
            "bare PySide6 window",
            round(bare),
            "ms (median)",
            repeats,
        )
    ]
