"""Sign-in, lockout, password rules and who may manage accounts (checked in the service layer)."""

from __future__ import annotations

import pytest

from station_app.core.errors import (
    AccountLockedError,
    AuthenticationError,
    PermissionDeniedError,
    ValidationError,
)
from station_app.core.keys import KeyStore
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, open_services, set_up_station
from station_app.core.services.accounts import NewOfficer
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock

OPERATOR = NewOfficer("hc.ansari", "Salim Ansari", "Head Constable", "HC-889", Role.DATA_ENTRY)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def clocked(data_dir: DataDir, keystore: KeyStore, clock: ManualClock) -> StationServices:
    outcome = set_up_station(data_dir, keystore, clock, IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services  # type: ignore[misc]
    outcome.services.close()


def _operator(services: StationServices, sho: Actor) -> Actor:
    services.accounts.create_officer(sho, OPERATOR, "first-pass-1")
    return services.accounts.login(OPERATOR.username, "first-pass-1")


def test_login_returns_the_officer_and_is_case_insensitive(station: StationServices) -> None:
    actor = station.accounts.login("  SHO.Singh ", SHO_PASSWORD)
    assert (actor.username, actor.role, actor.full_name) == ("sho.singh", Role.SHO, "Anil Kumar Singh")


@pytest.mark.parametrize("username", ["sho.singh", "nobody"])
def test_wrong_password_and_unknown_user_get_the_same_message(
    station: StationServices, username: str
) -> None:
    with pytest.raises(AuthenticationError) as err:
        station.accounts.login(username, "not-the-password-1")
    assert err.value.message == "The user name or password is not correct."


def test_five_failures_lock_for_fifteen_minutes_across_restarts(
    clocked: StationServices, data_dir: DataDir, keystore: KeyStore, clock: ManualClock
) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationError) as err:
            clocked.accounts.login(SHO.username, "wrong-pass-1")
        assert not isinstance(err.value, AccountLockedError)
    with pytest.raises(AccountLockedError) as err:
        clocked.accounts.login(SHO.username, "wrong-pass-1")
    assert "locked for 15 minutes" in err.value.message
    clocked.close()

    # A restart (new process, new services) keeps the lock: even the right password is refused.
    reopened = open_services(data_dir, keystore, clock)
    clock.advance(minutes=14)
    with pytest.raises(AccountLockedError) as err:
        reopened.accounts.login(SHO.username, SHO_PASSWORD)
    assert "Try again in 1 minute" in err.value.message
    clock.advance(minutes=1, seconds=1)
    assert reopened.accounts.login(SHO.username, SHO_PASSWORD).username == SHO.username
    reopened.close()


def test_sho_can_unlock_a_locked_account(station: StationServices, sho: Actor) -> None:
    _operator(station, sho)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            station.accounts.login(OPERATOR.username, "wrong-pass-1")
    with pytest.raises(AccountLockedError):
        station.accounts.login(OPERATOR.username, "first-pass-1")
    officer_id = next(o.id for o in station.accounts.list_officers(sho) if o.username == OPERATOR.username)
    station.accounts.unlock(sho, officer_id)
    assert station.accounts.login(OPERATOR.username, "first-pass-1").role is Role.DATA_ENTRY


def test_new_accounts_must_change_their_password(station: StationServices, sho: Actor) -> None:
    operator = _operator(station, sho)
    assert station.accounts.must_change_password(operator)
    with pytest.raises(ValidationError) as err:
        station.accounts.change_password(operator, "wrong-old-1", "brand-new-pass-2")
    assert "current password" in err.value.field_errors["old_password"]
    station.accounts.change_password(operator, "first-pass-1", "brand-new-pass-2")
    assert not station.accounts.must_change_password(operator)
    with pytest.raises(AuthenticationError):
        station.accounts.login(OPERATOR.username, "first-pass-1")
    assert station.accounts.login(OPERATOR.username, "brand-new-pass-2")


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short1", "at least 8"),
        ("hc.ansari", "user name"),
        ("12345678", "Mix letters"),
        ("abcdefgh", "Mix letters"),
    ],
)
def test_password_rules(station: StationServices, sho: Actor, password: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as err:
        station.accounts.create_officer(sho, OPERATOR, password)
    assert fragment in err.value.field_errors["password"]


def test_duplicate_user_name_is_refused(station: StationServices, sho: Actor) -> None:
    station.accounts.create_officer(sho, OPERATOR, "first-pass-1")
    with pytest.raises(ValidationError) as err:
        station.accounts.create_officer(sho, OPERATOR, "first-pass-1")
    assert "already taken" in err.value.field_errors["username"]


def test_data_entry_operator_cannot_manage_accounts_even_through_the_service(
    station: StationServices, sho: Actor
) -> None:
    operator = _operator(station, sho)
    sho_id = sho.officer_id
    attempts = [
        lambda: station.accounts.create_officer(
            operator, NewOfficer("x.y", "X Y", "Constable", "1", Role.SHO), "pass-word-9"
        ),
        lambda: station.accounts.update_officer(operator, sho_id, "X", "Constable", "1", Role.VIEWER),
        lambda: station.accounts.set_active(operator, sho_id, False),
        lambda: station.accounts.reset_password(operator, sho_id, "taken-over-1"),
        lambda: station.accounts.unlock(operator, sho_id),
        lambda: station.station.set_idle_lock_minutes(operator, 120),
    ]
    audit_before = station.station.audit_entry_count()
    for attempt in attempts:
        with pytest.raises(PermissionDeniedError) as err:
            attempt()
        assert "Data-entry operator" in err.value.message
    assert station.station.audit_entry_count() == audit_before
    assert station.accounts.login(SHO.username, SHO_PASSWORD).role is Role.SHO


def test_sho_cannot_lock_themselves_out(station: StationServices, sho: Actor) -> None:
    with pytest.raises(ValidationError):
        station.accounts.set_active(sho, sho.officer_id, False)
    with pytest.raises(ValidationError):
        station.accounts.update_officer(
            sho, sho.officer_id, "Anil Kumar Singh", "Inspector", "PIS-1001", Role.VIEWER
        )


def test_deactivated_officer_cannot_sign_in(station: StationServices, sho: Actor) -> None:
    _operator(station, sho)
    officer_id = next(o.id for o in station.accounts.list_officers(sho) if o.username == OPERATOR.username)
    station.accounts.set_active(sho, officer_id, False)
    with pytest.raises(AuthenticationError):
        station.accounts.login(OPERATOR.username, "first-pass-1")


def test_idle_lock_setting(station: StationServices, sho: Actor) -> None:
    assert station.station.idle_lock_minutes() == 10
    station.station.set_idle_lock_minutes(sho, 3)
    assert station.station.idle_lock_minutes() == 3
    with pytest.raises(ValidationError):
        station.station.set_idle_lock_minutes(sho, 0)
