"""The audit chain: every write is recorded, and any edit or removal of history is found."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices
from station_app.core.services.accounts import NewOfficer


def _some_history(station: StationServices, sho: Actor) -> str:
    info = station.accounts.create_officer(
        sho,
        NewOfficer("si.meena", "Meena Yadav", "Sub-Inspector", "PIS-4471", Role.INVESTIGATING_OFFICER),
        "first-pass-1",
    )
    station.accounts.update_officer(
        sho, info.id, "Meena Kumari Yadav", "Sub-Inspector", "PIS-4471", Role.INVESTIGATING_OFFICER
    )
    station.station.set_idle_lock_minutes(sho, 5)
    return info.id


def _raw(station: StationServices, sql: str, **params: object) -> None:
    with station.db.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_every_write_appends_one_entry_and_the_chain_verifies(station: StationServices, sho: Actor) -> None:
    before = station.station.audit_entry_count()
    _some_history(station, sho)
    assert station.station.audit_entry_count() == before + 3
    report = station.station.check_integrity()
    assert report.ok, report
    assert report.audit_entries == before + 3


def test_login_attempts_are_audited(station: StationServices) -> None:
    before = station.station.audit_entry_count()
    with pytest.raises(Exception, match="not correct"):
        station.accounts.login("sho.singh", "wrong-pass-1")
    assert station.station.audit_entry_count() == before + 1


def test_edited_entry_is_the_first_broken_one(station: StationServices, sho: Actor) -> None:
    _some_history(station, sho)
    _raw(station, "UPDATE audit_entry SET summary = 'nothing happened' WHERE seq = 4")
    report = station.station.check_integrity()
    assert not report.ok
    assert report.audit_problems[0].startswith("audit entry #4")
    assert "changed after it was written" in report.audit_problems[0]


def test_removed_entry_is_found(station: StationServices, sho: Actor) -> None:
    _some_history(station, sho)
    _raw(station, "DELETE FROM audit_entry WHERE seq = 3")
    problem = station.station.check_integrity().audit_problems[0]
    assert problem.startswith("audit entry #4") and "missing before it" in problem


def test_rewritten_chain_tail_is_found(station: StationServices, sho: Actor) -> None:
    """Recomputing one entry's own hash is not enough: the next entry's link no longer fits."""
    _some_history(station, sho)
    _raw(station, "UPDATE audit_entry SET entry_hash = :h WHERE seq = 3", h="ab" * 32)
    problem = station.station.check_integrity().audit_problems[0]
    assert problem.startswith("audit entry #3")


def test_record_edited_behind_the_apps_back_is_found(station: StationServices, sho: Actor) -> None:
    officer_id = _some_history(station, sho)
    _raw(station, "UPDATE officer SET role = 'sho' WHERE id = :id", id=officer_id)
    problems = station.station.check_integrity().audit_problems
    assert any(officer_id in p and "differs from what its last audit entry recorded" in p for p in problems)


def test_record_deleted_behind_the_apps_back_is_found(station: StationServices, sho: Actor) -> None:
    officer_id = _some_history(station, sho)
    _raw(station, "DELETE FROM officer WHERE id = :id", id=officer_id)
    problems = station.station.check_integrity().audit_problems
    assert any(officer_id in p and "removed outside the app" in p for p in problems)


def test_record_inserted_behind_the_apps_back_is_found(station: StationServices) -> None:
    _raw(
        station,
        "INSERT INTO officer (id, username, full_name, rank, belt_number, role, password_hash, active, "
        "must_change_password, failed_attempts, created_at, updated_at, version) VALUES "
        "('x1', 'ghost', 'Ghost', 'SI', '', 'sho', 'h', 1, 0, 0, '2026-01-01T00:00:00.000000Z', "
        "'2026-01-01T00:00:00.000000Z', 1)",
    )
    problems = station.station.check_integrity().audit_problems
    assert any("x1" in p and "no audit entry" in p for p in problems)
