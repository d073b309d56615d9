"""Who may do what (issue 12 §4): one test per cell of the role × operation matrix of docs/roles.md.

Every cell calls the real service as an officer of that role, on a real encrypted station: an
allowed cell must succeed, a refused one must raise PermissionDeniedError and write nothing (the
audit trail does not move). The operations and the expected answers come from
station_app.core.role_matrix, the same data that generates docs/roles.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from station_app.core import role_matrix
from station_app.core.errors import PasswordChangeRequiredError, PermissionDeniedError
from station_app.core.identity import StationIdentity
from station_app.core.keys import KeyStore, open_keystore
from station_app.core.localtime import IST
from station_app.core.paths import DataDir
from station_app.core.permissions import ROLE_PERMISSIONS, Actor, Permission, Role, require
from station_app.core.role_matrix import (
    OPERATIONS,
    OPERATIONS_BY_KEY,
    ROLE_ORDER,
    ROLES_DOC,
    Operation,
    document_with_table,
)
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.services.person_input import PersonInput
from station_app.core.sync_runtime import run_sync_cycle
from sync.engine import Outcome
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.fixtures.import_files import row
from tests.helpers.clock import ManualClock
from tests.helpers.firs import complaint_gd, theft_values
from tests.helpers.investigation import diary_values

FIRST_PASSWORD = "first-pass-1"
OWN_PASSWORD = "own-choice-2"


@dataclass
class Rig:
    services: StationServices
    keystore: KeyStore
    clock: ManualClock
    folder: Path
    sho: Actor
    officers: dict[Role, Actor]
    fir_id: str = ""
    serial: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def next(self) -> int:
        return next(self.serial)


def _officer(services: StationServices, sho: Actor, role: Role, n: int) -> Actor:
    username = f"{role.value.replace('_', '.')}.{n}"
    services.accounts.create_officer(
        sho, NewOfficer(username, f"Officer {n}", "SI", f"B-{n}", role), FIRST_PASSWORD
    )
    return services.accounts.change_password(services.accounts.login(username, FIRST_PASSWORD), FIRST_PASSWORD,
                                             OWN_PASSWORD)  # fmt: skip


def _register(rig: Rig) -> str:
    """A complete draft registered now by the SHO (the complaint reached the station 15 minutes ago)."""
    rig.clock.advance(minutes=20)  # the General Diary never goes back in time
    now = rig.clock.now().astimezone(IST)
    gd = complaint_gd(rig.services, rig.sho, at=(now - timedelta(minutes=10)).strftime("%Y-%m-%d %H:%M"))
    draft = rig.services.firs.new_draft(
        rig.sho, theft_values(gd, info_received_at=(now - timedelta(minutes=15)).isoformat())
    )
    return draft.id


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    """One station for the whole matrix (a station per cell would cost minutes): every cell sets up
    what it needs as the SHO, then acts as the role under test."""
    folder = tmp_path_factory.mktemp("roles")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("STATION_APP_ALLOW_INSECURE_KEYRING", "1")
        env.setenv("STATION_APP_INSECURE_KEYRING_FILE", str(folder / "keyring.json"))
        keystore = open_keystore()
        clock = ManualClock()
        identity: StationIdentity = IDENTITY
        services = set_up_station(
            DataDir(folder / "station"), keystore, clock, identity, SHO, SHO_PASSWORD
        ).services
        sho = services.accounts.login(SHO.username, SHO_PASSWORD)
        officers = {
            role: _officer(services, sho, role, n)
            for n, role in enumerate(ROLE_ORDER)
            if role is not Role.SHO
        }
        officers[Role.SHO] = sho
        rig = Rig(services, keystore, clock, folder, sho, officers)
        draft_id = _register(rig)
        draft = services.firs.get(sho, draft_id)
        rig.fir_id = services.firs.register(sho, draft_id, draft.summary.version).id
        yield rig
        assert services.station.check_integrity().ok
        services.close()


# --- one call per operation: the service a desk or a command uses, with what it needs set up -------


def _read_records(rig: Rig, actor: Actor) -> Callable[[], object]:
    return lambda: rig.services.diary.list_entries(actor)


def _view_victim_identity(rig: Rig, actor: Actor) -> Callable[[], object]:
    # The masking services that check this permission come with issue 11 (victim identity); the
    # gate they call is this one.
    return lambda: require(actor, Permission.VIEW_VICTIM_IDENTITY)


def _write_gd(rig: Rig, actor: Actor) -> Callable[[], object]:
    rig.clock.advance(minutes=1)  # the General Diary never goes back in time
    at = rig.clock.now().astimezone(IST).strftime("%Y-%m-%d %H:%M")
    return lambda: complaint_gd(rig.services, actor, at=at)


def _draft_fir(rig: Rig, actor: Actor) -> Callable[[], object]:
    return lambda: rig.services.firs.new_draft(
        actor, {"narrative": "Complainant states his bicycle was taken."}
    )


def _register_fir(rig: Rig, actor: Actor) -> Callable[[], object]:
    draft_id = _register(rig)
    version = rig.services.firs.get(rig.sho, draft_id).summary.version
    return lambda: rig.services.firs.register(actor, draft_id, version)


def _amend_fir(rig: Rig, actor: Actor) -> Callable[[], object]:
    sections = [{"act": "BNS", "section": "317(2)"}]
    reason = "The motorcycle was found with a receiver of stolen goods."
    return lambda: rig.services.fir_events.add_alteration(actor, rig.fir_id, sections, [], reason)


def _investigate(rig: Rig, actor: Actor) -> Callable[[], object]:
    rig.clock.advance(hours=8)  # each day's diary after the FIR and after the one before
    values = diary_values(rig.clock.now())
    return lambda: rig.services.case_diary.add_entry(actor, rig.fir_id, values)


def _write_person(rig: Rig, actor: Actor) -> Callable[[], object]:
    person = PersonInput(name=f"Raju Khan {rig.next()}", relative_name="Salim Khan", relative_relation="father",
                         age=32, sex="M", present_address="Daliganj, Lucknow")  # fmt: skip
    return lambda: rig.services.persons.create(actor, person)


def _merge_persons(rig: Rig, actor: Actor) -> Callable[[], object]:
    n = rig.next()
    keep, duplicate = (
        rig.services.persons.create(rig.sho, PersonInput(name=name, relative_name="Ram Lal", relative_relation="father",
                                                         age=40, sex="M", present_address="Narhi, Lucknow"))
        for name in (f"Shyam Lal {n}", f"Shyam Lal {n}")
    )  # fmt: skip
    return lambda: rig.services.persons.merge(
        actor, keep.id, duplicate.id, "Same person, same father and address"
    )


def _digitise(rig: Rig, actor: Actor) -> Callable[[], object]:
    values = row("gd", gd_number=str(100 + rig.next()))
    return lambda: rig.services.legacy.digitise(actor, "gd", values)


def _print(rig: Rig, actor: Actor) -> Callable[[], object]:
    return lambda: rig.services.fir_print.copy_pdf(actor, rig.fir_id, "informant")


def _view_accounts(rig: Rig, actor: Actor) -> Callable[[], object]:
    return lambda: rig.services.accounts.list_officers(actor)


def _manage_accounts(rig: Rig, actor: Actor) -> Callable[[], object]:
    spec = NewOfficer(f"ct.new{rig.next()}", "Constable New", "Constable", "C-9", Role.VIEWER)
    return lambda: rig.services.accounts.create_officer(actor, spec, FIRST_PASSWORD)


def _station_settings(rig: Rig, actor: Actor) -> Callable[[], object]:
    return lambda: rig.services.station.set_idle_lock_minutes(actor, 10 + rig.next() % 20)


def _sync_now(rig: Rig, actor: Actor) -> Callable[[], object]:
    def sync() -> object:
        report = run_sync_cycle(rig.services, rig.keystore, by=actor)
        assert report.outcome is Outcome.NOT_ENROLLED  # allowed: it ran, and found no server yet
        return report

    return sync


def _export_held_items(rig: Rig, actor: Actor) -> Callable[[], object]:
    return lambda: rig.services.outbox.export(actor)


def _backup(rig: Rig, actor: Actor) -> Callable[[], object]:
    target = rig.folder / f"backups-{rig.next()}"
    return lambda: rig.services.make_backup(actor, target)


CALLS: dict[str, Callable[[Rig, Actor], Callable[[], object]]] = {
    "read_records": _read_records,
    "view_victim_identity": _view_victim_identity,
    "write_gd": _write_gd,
    "draft_fir": _draft_fir,
    "register_fir": _register_fir,
    "amend_fir": _amend_fir,
    "investigate": _investigate,
    "write_person": _write_person,
    "merge_persons": _merge_persons,
    "digitise": _digitise,
    "print": _print,
    "view_accounts": _view_accounts,
    "manage_accounts": _manage_accounts,
    "station_settings": _station_settings,
    "sync_now": _sync_now,
    "export_held_items": _export_held_items,
    "backup": _backup,
}
CELLS = [
    pytest.param(op, role, id=f"{op.key}-{role.value}-{'allowed' if op.allowed_for(role) else 'refused'}")
    for op in OPERATIONS
    for role in ROLE_ORDER
]


def test_every_operation_of_the_matrix_has_its_service_call() -> None:
    assert set(CALLS) == set(OPERATIONS_BY_KEY)


@pytest.mark.parametrize(("operation", "role"), CELLS)
def test_cell(rig: Rig, operation: Operation, role: Role) -> None:
    actor = rig.officers[role]
    call = CALLS[operation.key](rig, actor)
    audit_before = rig.services.station.audit_entry_count()
    if operation.allowed_for(role):
        call()
    else:
        with pytest.raises(PermissionDeniedError) as refused:
            call()
        assert role.label in refused.value.message
        assert rig.services.station.audit_entry_count() == audit_before  # refused before anything is written


# --- the rules of the issue, said once more in words -----------------------------------------------


def test_data_entry_writes_no_live_gd_and_does_not_sync_but_digitises() -> None:
    held = ROLE_PERMISSIONS[Role.DATA_ENTRY]
    assert Permission.WRITE_GD not in held and Permission.SYNC not in held
    assert Permission.MANAGE_STATION not in held and Permission.DIGITISE_LEGACY in held


def test_the_duty_officer_keeps_the_front_desk_and_neither_registers_nor_investigates() -> None:
    held = ROLE_PERMISSIONS[Role.DUTY_OFFICER]
    assert {Permission.WRITE_GD, Permission.DRAFT_FIR, Permission.PRINT} <= held
    assert not {Permission.REGISTER_FIR, Permission.INVESTIGATE, Permission.DIGITISE_LEGACY} & held


def test_the_it_admin_reads_no_case_record() -> None:
    held = ROLE_PERMISSIONS[Role.ADMIN]
    assert {Permission.MANAGE_ACCOUNTS, Permission.MANAGE_STATION, Permission.BACKUP} <= held
    assert not {Permission.VIEW_RECORDS, Permission.VIEW_VICTIM_IDENTITY, Permission.PRINT} & held
    assert not any(
        op.allowed_for(Role.ADMIN)
        for op in OPERATIONS
        if op.key in {"read_records", "print", "export_held_items"}
    )


def test_only_the_sho_and_the_io_see_a_victims_identity() -> None:
    assert {r for r in Role if Permission.VIEW_VICTIM_IDENTITY in ROLE_PERMISSIONS[r]} == {
        Role.SHO,
        Role.INVESTIGATING_OFFICER,
    }


# --- the forced password change, in the services ---------------------------------------------------


def test_an_officer_who_must_change_the_password_can_do_nothing_else(rig: Rig) -> None:
    """A new account (the same after a reset): every operation its role allows is refused until the
    password is changed; then the same calls go through."""
    services = rig.services
    services.accounts.create_officer(rig.sho, NewOfficer("si.fresh", "Fresh Officer", "SI", "B-77", Role.INVESTIGATING_OFFICER), FIRST_PASSWORD)  # fmt: skip
    fresh = services.accounts.login("si.fresh", FIRST_PASSWORD)
    assert fresh.must_change_password
    allowed = [op for op in OPERATIONS if op.allowed_for(Role.INVESTIGATING_OFFICER)]
    assert len(allowed) >= 8
    audit_before = services.station.audit_entry_count()
    for op in allowed:
        with pytest.raises(PasswordChangeRequiredError, match="must choose a new password"):
            CALLS[op.key](rig, fresh)()
    assert services.station.audit_entry_count() == audit_before
    # What the role may not do anyway is refused as such (the clearer answer).
    with pytest.raises(PermissionDeniedError) as refused:
        CALLS["register_fir"](rig, fresh)()
    assert not isinstance(refused.value, PasswordChangeRequiredError)

    changed = services.accounts.change_password(fresh, FIRST_PASSWORD, OWN_PASSWORD)
    assert not changed.must_change_password and changed.officer_id == fresh.officer_id
    CALLS["read_records"](rig, changed)()
    CALLS["write_gd"](rig, changed)()
    with pytest.raises(PasswordChangeRequiredError):  # the actor of the old sign-in stays refused
        CALLS["read_records"](rig, fresh)()

    # A reset by the SHO puts the officer back under the obligation at the next sign-in.
    services.accounts.reset_password(rig.sho, fresh.officer_id, "given-by-sho-3")
    again = services.accounts.login("si.fresh", "given-by-sho-3")
    assert again.must_change_password
    with pytest.raises(PasswordChangeRequiredError):
        CALLS["read_records"](rig, again)()


# --- the document ------------------------------------------------------------------------------------


def test_docs_roles_md_shows_the_matrix_the_code_enforces() -> None:
    text = ROLES_DOC.read_text(encoding="utf-8")
    assert document_with_table(text) == text, "run: python -m station_app.core.role_matrix"
    assert role_matrix.main(["--check"]) == 0


def test_the_document_check_notices_a_hand_edited_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = tmp_path / "roles.md"
    text = ROLES_DOC.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("| Register an FIR"))
    edited.write_text(text.replace(line, line.replace("| – |", "| yes |", 1)), encoding="utf-8")
    monkeypatch.setattr(role_matrix, "ROLES_DOC", edited)
    assert role_matrix.main(["--check"]) == 1
