"""Roles and what each may do. Checked in the service layer; the UI only hides what would be refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from station_app.core.audit import AuditActor
from station_app.core.errors import PasswordChangeRequiredError, PermissionDeniedError


class Role(StrEnum):
    SHO = "sho"
    INVESTIGATING_OFFICER = "io"
    DUTY_OFFICER = "duty_officer"
    DATA_ENTRY = "data_entry"
    VIEWER = "viewer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.SHO: "Station House Officer (officer in charge)",
    Role.INVESTIGATING_OFFICER: "Investigating officer",
    Role.DUTY_OFFICER: "Duty officer (front desk)",
    Role.DATA_ENTRY: "Data-entry operator",
    Role.VIEWER: "Viewer (read only)",
    Role.ADMIN: "IT admin of the station or district",
}


class Permission(StrEnum):
    VIEW_RECORDS = "view_records"
    # Need to know (domain §9): the victim's identity in a sensitive case, on screen, in lists and on
    # the informant's and the court's copies. SHO and investigating officer only.
    VIEW_VICTIM_IDENTITY = "view_victim_identity"
    VIEW_ACCOUNTS = "view_accounts"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_STATION = "manage_station"
    BACKUP = "backup"
    WRITE_GD = "write_gd"
    DRAFT_FIR = "draft_fir"
    REGISTER_FIR = "register_fir"
    AMEND_FIR = "amend_fir"
    INVESTIGATE = "investigate"
    DIGITISE_LEGACY = "digitise_legacy"
    MERGE_PERSONS = "merge_persons"  # SHO only (not granted to any other role): merges hide records
    PRINT = "print"
    SYNC = "sync"


_ALL = frozenset(Permission)
# The one source of who may do what: the services check it (require), the desk hides what it
# refuses, docs/roles.md is generated from it (python -m station_app.core.role_matrix) and
# tests/core/test_roles.py proves every cell against the real services.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.SHO: _ALL,
    Role.INVESTIGATING_OFFICER: frozenset(
        {
            Permission.VIEW_RECORDS,
            Permission.VIEW_VICTIM_IDENTITY,
            Permission.VIEW_ACCOUNTS,
            Permission.WRITE_GD,
            Permission.DRAFT_FIR,
            Permission.INVESTIGATE,
            Permission.PRINT,
            Permission.SYNC,
        }
    ),
    # The front desk round the clock: writes the General Diary, receives complaints (the inbox
    # answers go on the GD) and drafts FIRs for the SHO to register; investigates nothing.
    Role.DUTY_OFFICER: frozenset(
        {
            Permission.VIEW_RECORDS,
            Permission.VIEW_ACCOUNTS,
            Permission.WRITE_GD,
            Permission.DRAFT_FIR,
            Permission.PRINT,
            Permission.SYNC,
        }
    ),
    # Digitises the paper registers of earlier years (and types FIR drafts an officer dictates).
    # Never the live General Diary, and never sync: an operator's desk is not where the station's
    # link to the state server is run.
    Role.DATA_ENTRY: frozenset(
        {
            Permission.VIEW_RECORDS,
            Permission.VIEW_ACCOUNTS,
            Permission.DRAFT_FIR,
            Permission.DIGITISE_LEGACY,
            Permission.PRINT,
        }
    ),
    Role.VIEWER: frozenset({Permission.VIEW_RECORDS, Permission.VIEW_ACCOUNTS, Permission.PRINT}),
    # The district or station IT admin keeps the machine running; case records are not theirs to
    # read, so not even printing or the held-back sync items (which carry the records) are open.
    Role.ADMIN: frozenset(
        {
            Permission.VIEW_ACCOUNTS,
            Permission.MANAGE_ACCOUNTS,
            Permission.MANAGE_STATION,
            Permission.BACKUP,
            Permission.SYNC,
        }
    ),
}

PERMISSION_TEXT: dict[Permission, str] = {
    Permission.VIEW_RECORDS: "view records",
    Permission.VIEW_VICTIM_IDENTITY: "see the identity of a victim in a sensitive case",
    Permission.VIEW_ACCOUNTS: "see the officers' accounts",
    Permission.MANAGE_ACCOUNTS: "manage officers' accounts",
    Permission.MANAGE_STATION: "change the station's settings",
    Permission.BACKUP: "make backups of the station database",
    Permission.WRITE_GD: "write General Diary entries",
    Permission.DRAFT_FIR: "draft FIRs",
    Permission.REGISTER_FIR: "register FIRs",
    Permission.AMEND_FIR: "record alteration memos",
    Permission.INVESTIGATE: "record investigation work",
    Permission.DIGITISE_LEGACY: "digitise legacy records",
    Permission.MERGE_PERSONS: "merge or separate duplicate person records",
    Permission.PRINT: "print documents",
    Permission.SYNC: "sync with the state server",
}


@dataclass(frozen=True)
class Actor:
    """The signed-in officer, passed to every service call that reads or writes records."""

    officer_id: str
    username: str
    full_name: str
    rank: str
    belt_number: str
    role: Role
    # Set at sign-in from the account: a new account or a reset password. Until it is changed the
    # services refuse everything else (require), whatever the window shows.
    must_change_password: bool = False

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def audit(self) -> AuditActor:
        return AuditActor(officer_id=self.officer_id, username=self.username)

    def signature_line(self) -> str:
        return f"{self.full_name}, {self.rank} (No. {self.belt_number})"


def require(actor: Actor, permission: Permission) -> None:
    """The gate of every service call that reads or writes records. The role first (an officer who
    may not do it anyway hears that), then a password still to be changed."""
    if not actor.can(permission):
        raise PermissionDeniedError(
            f"Your role ({actor.role.label}) may not {PERMISSION_TEXT[permission]}.",
            "Ask the Station House Officer to do it, or to change your role.",
        )
    _refuse_until_password_changed(actor)


def _refuse_until_password_changed(actor: Actor) -> None:
    if actor.must_change_password:
        raise PasswordChangeRequiredError(
            f"{actor.username} must choose a new password before doing anything else.",
            "The password was set by the SHO or the IT admin: sign in to the station app, which asks "
            "for a new one.",
        )


def require_any(actor: Actor, permissions: Sequence[Permission], doing: str) -> None:
    """One of ``permissions`` is enough (persons are entered by whoever drafts, investigates or
    digitises). ``doing`` names the operation in the refusal: "enter or change persons"."""
    if not any(actor.can(p) for p in permissions):
        wanted = " or ".join(PERMISSION_TEXT[p] for p in permissions)
        raise PermissionDeniedError(
            f"Your role ({actor.role.label}) may not {doing} (it needs: {wanted}).",
            "Ask the Station House Officer to do it, or to change your role.",
        )
    _refuse_until_password_changed(actor)
