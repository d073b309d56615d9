"""`python -m bench [--quick] [--json PATH]`: run every benchmark, print a table, write JSON."""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import (
    cold_start,
    fir_print,
    fir_register,
    import_legacy,
    persons_search,
    registration,
    search_gui_stall,
    storage_open,
    sync_ingest,
    sync_push,
    sync_wire,
    transliteration,
)
from bench.common import Result, bench_environment

BENCHMARKS: dict[str, Callable[[Path, bool], list[Result]]] = {
    "storage_open": storage_open.run,
    "cold_start": cold_start.run,
    "fir_register": fir_register.run,
    "fir_print": fir_print.run,
    "registration": registration.run,
    "sync_push": sync_push.run,
    "sync_wire": sync_wire.run,
    "sync_ingest": sync_ingest.run,
    "persons_search": persons_search.run,
    "search_gui_stall": search_gui_stall.run,
    "import_legacy": import_legacy.run,
    "transliteration": transliteration.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats: the whole run under a minute")
    parser.add_argument("--json", metavar="PATH", help="write the results as JSON")
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS), help="run only these")
    args = parser.parse_args(argv)
    results: list[Result] = []
    started = time.perf_counter()
    with bench_environment() as workdir:
        for name, run in BENCHMARKS.items():
            if args.only and name not in args.only:
                continue
            print(f"running {name} ...", file=sys.stderr, flush=True)
            results += run(workdir / name, args.quick)
    width = max(len(r.name) for r in results)
    bwidth = max(len(r.baseline_name) for r in results)
    print(f"{'benchmark':<{width}}  {'ours':>10}  {'baseline':<{bwidth}}  {'base':>10}  {'ratio':>7}  unit")
    for r in results:
        print(
            f"{r.name:<{width}}  {r.ours:>10}  {r.baseline_name:<{bwidth}}  {r.baseline:>10}  {r.ratio:>7.2f}  {r.unit}"
        )
    if args.json:
        payload = {
            "quick": args.quick,
            "seconds": round(time.perf_counter() - started, 1),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "results": [r.as_dict() for r in results],
        }
        Path(args.json).write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
