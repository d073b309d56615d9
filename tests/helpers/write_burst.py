"""Child process for crash tests: writes as fast as it can and prints each write once committed.

Usage: python -m tests.helpers.write_burst DATA_DIR USER PASSWORD
Each committed write prints one line: "officer <username>" or "idle <minutes>".
"""

from __future__ import annotations

import sys
from pathlib import Path

from station_app.core.clock import SystemClock
from station_app.core.errors import StationError
from station_app.core.keys import open_keystore
from station_app.core.paths import DataDir
from station_app.core.permissions import Role
from station_app.core.runtime import open_services
from station_app.core.services.accounts import NewOfficer


def idle_value(i: int) -> int:
    return i % 100 + 1


def main() -> int:
    data_dir, user, password = DataDir(Path(sys.argv[1])), sys.argv[2], sys.argv[3]
    services = open_services(data_dir, open_keystore(), SystemClock())
    actor = services.accounts.login(user, password)
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        try:
            if i % 10 == 0:
                name = f"burst.{i}"
                services.accounts.create_officer(
                    actor,
                    NewOfficer(name, f"Burst Officer {i}", "Constable", f"B-{i}", Role.VIEWER),
                    "burst-pass-1",
                )
                print(f"officer {name}", flush=True)
            else:
                services.station.set_idle_lock_minutes(actor, idle_value(i))
                print(f"idle {idle_value(i)} {i}", flush=True)
        except StationError as exc:
            print(f"error {type(exc).__name__} {exc.message}", flush=True)
            return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
