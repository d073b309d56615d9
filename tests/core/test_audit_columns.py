"""Every column of every audited table is classified: covered by the chain, or excluded with a reason."""

from __future__ import annotations

from station_app.core.audit_rows import COVERED_COLUMNS, EXCLUDED_COLUMNS, digested_columns
from station_app.core.audit_verify import audited_models

LEGAL_TABLES = {
    "fir", "gd_entry", "fir_event", "arrest", "arrest_event", "case_diary_entry", "seizure", "property_item",
    "custody_movement", "person", "person_merge", "legacy_arrest", "legacy_source", "attachment", "sync_outbox",
}  # fmt: skip


def test_every_column_of_an_audited_table_is_covered_or_excluded_with_a_reason() -> None:
    """Add a column to a legal table and this fails until audit_rows.py says whether the chain covers it."""
    tables = {model.__table__.name: model.__table__ for model in audited_models()}
    assert set(tables) >= LEGAL_TABLES, LEGAL_TABLES - set(tables)
    assert set(COVERED_COLUMNS) == set(tables)
    for name, table in tables.items():
        actual = {c.name for c in table.columns}
        covered = set(COVERED_COLUMNS[name].split())
        excluded = set(EXCLUDED_COLUMNS.get(name, {}))
        assert not covered & excluded, (name, covered & excluded)
        unclassified = actual - covered - excluded
        assert not unclassified, f"{name}: classify {sorted(unclassified)} in station_app/core/audit_rows.py"
        assert not (covered | excluded) - actual, f"{name}: {sorted((covered | excluded) - actual)} are gone"
        assert all(reason.strip() for reason in EXCLUDED_COLUMNS.get(name, {}).values())
        assert {c.name for c in digested_columns(table)} == covered


def test_only_delivery_bookkeeping_is_excluded() -> None:
    assert set(EXCLUDED_COLUMNS) == {"sync_outbox"}
    assert set(EXCLUDED_COLUMNS["sync_outbox"]) == {
        "status", "attempts", "next_attempt_at", "last_error_code", "last_error_detail", "server_seq", "acked_at",
    }  # fmt: skip
    legal_columns = {t: set(COVERED_COLUMNS[t].split()) for t in ("fir", "sync_outbox")}
    assert {"complainant_name", "sensitive", "content", "draft"} <= legal_columns["fir"]
    assert {"payload", "payload_sha256", "op_name", "client_seq"} <= legal_columns["sync_outbox"]
