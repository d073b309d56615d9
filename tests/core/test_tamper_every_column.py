"""Every covered column of every audited table, edited behind the app's back, is named by verify.

A training station holds every kind of record (FIRs with events, GD entries, persons, arrests and
their events, case diaries, seizures with items and custody movements, digitised records, outbox
entries). Round k edits the k-th covered column of one row of every table at once; verify must name
each edit (the column, or for a key column the record that no longer matches its entries).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import sqlcipher3

from station_app.core.audit_rows import digested_columns
from station_app.core.audit_verify import audited_models
from station_app.core.clock import SystemClock
from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.runtime import set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.core.test_tamper import behind_the_apps_back

pytestmark = [pytest.mark.tampers, pytest.mark.slow]

MUST_HAVE_ROWS = {
    "fir", "gd_entry", "fir_event", "arrest", "arrest_event", "case_diary_entry", "seizure", "property_item",
    "custody_movement", "person", "legacy_source", "sync_outbox", "officer", "station",
}  # fmt: skip


def _changed(value: Any, column_type: str) -> Any:
    if value is None:
        return "2026-01-01T00:00:00.000000Z" if "VARCHAR(32)" in column_type else 7
    if isinstance(value, bool | int):
        return 1 - value if value in (0, 1) and "BOOLEAN" in column_type else value + 1
    if isinstance(value, str) and value.endswith("Z") and len(value) == 27:  # a stored UTC time
        return value[:20] + ("1" if value[20] != "1" else "2") + value[21:]
    return f"{value}x"


def test_every_covered_column_edit_is_named(data_dir: DataDir, keystore: KeyStore) -> None:
    outcome = set_up_station(
        data_dir, keystore, SystemClock(), replace(IDENTITY, training=True), SHO, SHO_PASSWORD
    )
    svc = outcome.services
    assert svc.station.check_integrity().ok
    tables = {m.__table__.name: m for m in audited_models()}
    samples: dict[str, dict[str, Any]] = {}
    with svc.db.engine.connect() as conn:
        for name in tables:
            row = conn.exec_driver_sql(f'SELECT * FROM "{name}" LIMIT 1').mappings().first()
            if row is not None:
                samples[name] = dict(row)
    assert set(samples) >= MUST_HAVE_ROWS, MUST_HAVE_ROWS - set(samples)

    rounds = max(len(digested_columns(tables[n].__table__)) for n in samples)
    checked = 0
    for k in range(rounds):
        edits: list[tuple[str, str, str, str, dict[str, Any]]] = []  # table, column, key, undo SQL, params
        with behind_the_apps_back(data_dir, keystore) as conn:
            for name, row in samples.items():
                columns = digested_columns(tables[name].__table__)
                if k >= len(columns):
                    continue
                column = columns[k]
                key_columns = tables[name].audit_key_columns
                new = _changed(row[column.name], str(column.type))
                after_key = {c: (new if c == column.name else row[c]) for c in key_columns}
                set_where = " AND ".join(f'"{c}" = :k_{c}' for c in key_columns)
                try:
                    conn.execute(
                        f'UPDATE "{name}" SET "{column.name}" = :v WHERE {set_where}',
                        {"v": new, **{f"k_{c}": row[c] for c in key_columns}},
                    )
                except sqlcipher3.IntegrityError:  # the schema itself refuses this edit (station.id = 1)
                    continue
                undo_params = {"v": row[column.name], **{f"k_{c}": after_key[c] for c in key_columns}}
                undo = f'UPDATE "{name}" SET "{column.name}" = :v WHERE {set_where}'
                edits.append(
                    (name, column.name, ":".join(str(row[c]) for c in key_columns), undo, undo_params)
                )
        problems = svc.station.check_integrity().audit_problems
        with behind_the_apps_back(data_dir, keystore) as conn:
            for _name, _column, _key, undo, undo_params in edits:
                conn.execute(undo, undo_params)
        checked += len(edits)
        for name, column, key, _undo, _params in edits:
            audit_type = tables[name].audit_type
            named = [p for p in problems if f"{audit_type} {key}" in p]
            if column in tables[name].audit_key_columns:
                assert any("removed outside the app" in p for p in named), (name, column, problems)
            else:
                assert any(column in p and "differs" in p for p in named), (name, column, problems)
    assert checked > 170  # every covered column of 20 tables (178 when written)
    assert svc.station.check_integrity().ok
    svc.close()
