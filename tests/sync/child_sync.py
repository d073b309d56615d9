"""Child process for the kill -9 tests: one sync cycle that stops dead at a named point.

Usage: python -m tests.sync.child_sync DATA_DIR [PAUSE_AT]
At PAUSE_AT (an engine event: before_send, response_received, page_received) it prints "PAUSED"
and waits to be killed; otherwise it prints the cycle's outcome.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from station_app.core.clock import SystemClock
from station_app.core.keys import open_keystore
from station_app.core.paths import DataDir
from station_app.core.runtime import open_services
from station_app.core.sync_runtime import build_engine
from sync.client import Timeouts


def main() -> int:
    data_dir = DataDir(Path(sys.argv[1]))
    pause_at = sys.argv[2] if len(sys.argv) > 2 else ""
    keystore = open_keystore()
    services = open_services(data_dir, keystore, SystemClock())

    def observe(event: str, _info: dict[str, object]) -> None:
        if event == pause_at:
            print("PAUSED", flush=True)
            time.sleep(120)

    engine = build_engine(services, keystore, timeouts=Timeouts(connect=2, stall=60), observer=observe)
    report = engine.run_cycle()
    print(report.outcome.value, flush=True)
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
