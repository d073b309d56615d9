"""`station-app restore` as the IT admin runs it: each refusal has its own exit code and message,
and leaves the data folder as it was."""

from __future__ import annotations

import re
from pathlib import Path

from station_app.core.clock import SystemClock
from station_app.core.keys import InsecureFileKeyStore, new_recovery_key
from station_app.core.paths import DataDir
from station_app.core.runtime import open_services
from tests.conftest import SHO_PASSWORD
from tests.helpers.cli import SETUP_ARGS, run_cli

RECOVERY_KEY = re.compile(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){9}\b")


def set_up(data: Path, keyring: Path, *extra: str) -> tuple[str, Path]:
    env = {"STATION_APP_INSECURE_KEYRING_FILE": str(keyring), "STATION_APP_ADMIN_PASSWORD": SHO_PASSWORD}
    args = list(SETUP_ARGS)
    for option, value in zip(extra[::2], extra[1::2], strict=True):
        args[args.index(option) + 1] = value
    done = run_cli(data, *args, "--no-confirm", env=env)
    assert done.returncode == 0, done.stderr
    found = RECOVERY_KEY.search(done.stdout)
    assert found is not None
    services = open_services(DataDir(data), InsecureFileKeyStore(keyring), SystemClock())
    try:
        return found.group(0), services.backups.backup_now()
    finally:
        services.close()


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and "logs" not in p.parts}  # fmt: skip


def test_restore_exit_codes(tmp_path: Path) -> None:
    keyring = tmp_path / "keyring.json"
    env = {"STATION_APP_INSECURE_KEYRING_FILE": str(keyring)}
    station = tmp_path / "station"
    recovery_key, backup = set_up(station, keyring)
    other_key, other_backup = set_up(tmp_path / "aliganj", keyring, "--station-code", "UP-LKO-0007")
    new_env = {"STATION_APP_INSECURE_KEYRING_FILE": str(tmp_path / "new-keyring.json")}
    new = tmp_path / "new-machine"

    no_key = run_cli(new, "restore", str(backup), env=new_env)
    assert no_key.returncode == 42 and "--recovery-key" in no_key.stderr, no_key.stderr
    wrong = run_cli(new, "restore", str(backup), "--recovery-key", new_recovery_key(), env=new_env)
    assert wrong.returncode == 14 and "does not belong" in wrong.stderr
    assert not new.exists() or not any(new.iterdir())

    before = files(station)
    present = run_cli(station, "restore", str(backup), env=env)
    assert present.returncode == 43 and "--replace" in present.stderr
    unsigned = run_cli(station, "restore", str(backup), "--replace", env=env)
    assert unsigned.returncode == 42 and "--user" in unsigned.stderr
    other = run_cli(station, "restore", str(other_backup), "--replace", "--recovery-key", other_key, env=env)
    assert other.returncode == 41 and "UP-LKO-0007" in other.stderr
    damaged = tmp_path / "usb" / backup.name
    damaged.parent.mkdir()
    damaged.write_bytes(backup.read_bytes()[:-4096])
    damaged.with_name(backup.name.replace(".db", "-key.json")).write_bytes(
        backup.with_name(backup.name.replace(".db", "-key.json")).read_bytes()
    )
    cut = run_cli(station, "restore", str(damaged), "--replace", "--recovery-key", recovery_key, env=env)
    assert cut.returncode == 40 and "damaged" in cut.stderr
    for result in (present, unsigned, other, cut):
        assert "Traceback" not in result.stderr
    assert files(station) == before  # every refusal left the station as it was

    replaced = run_cli(station, "restore", str(backup), "--replace", "--user", "sho.singh",
                       env={**env, "STATION_APP_PASSWORD": SHO_PASSWORD})  # fmt: skip
    assert replaced.returncode == 0, replaced.stderr
    assert "kept in" in replaced.stdout and "officer" in replaced.stdout

    from_stdin = run_cli(
        new, "restore", str(backup), "--recovery-key", "-", stdin=recovery_key + "\n", env=new_env
    )
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert run_cli(new, "verify", env=new_env).returncode == 0
