"""Roles and what each may do. Checked in the service layer; the UI only hides what would be refused."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from station_app.core.audit import AuditActor
from station_app.core.errors import PermissionDeniedError


class Role(StrEnum):
    SHO = "sho"
    INVESTIGATING_OFFICER = "io"
    DATA_ENTRY = "data_entry"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.SHO: "Station House Officer (officer in charge)",
    Role.INVESTIGATING_OFFICER: "Investigating officer",
    Role.DATA_ENTRY: "Data-entry operator",
    Role.VIEWER: "Viewer (read only)",
}


class Permission(StrEnum):
    VIEW_RECORDS = "view_records"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_STATION = "manage_station"
    WRITE_GD = "write_gd"
    DRAFT_FIR = "draft_fir"
    REGISTER_FIR = "register_fir"
    AMEND_FIR = "amend_fir"
    INVESTIGATE = "investigate"
    DIGITISE_LEGACY = "digitise_legacy"
    MERGE_PERSONS = "merge_persons"  # SHO only (not granted to any other role): merges hide records
    PRINT = "print"
    SYNC = "sync"
    # Need to know (domain §9): the victim's identity in a sensitive case, on screen, in lists and on
    # the informant's and the court's copies. SHO and investigating officer only.
    VIEW_VICTIM_IDENTITY = "view_victim_identity"


_ALL = frozenset(Permission)
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.SHO: _ALL,
    Role.INVESTIGATING_OFFICER: frozenset(
        {
            Permission.VIEW_RECORDS,
            Permission.WRITE_GD,
            Permission.DRAFT_FIR,
            Permission.INVESTIGATE,
            Permission.PRINT,
            Permission.SYNC,
            Permission.VIEW_VICTIM_IDENTITY,
        }
    ),
    Role.DATA_ENTRY: frozenset(
        {
            Permission.VIEW_RECORDS,
            Permission.WRITE_GD,
            Permission.DRAFT_FIR,
            Permission.DIGITISE_LEGACY,
            Permission.PRINT,
            Permission.SYNC,
        }
    ),
    Role.VIEWER: frozenset({Permission.VIEW_RECORDS, Permission.PRINT}),
}

PERMISSION_TEXT: dict[Permission, str] = {
    Permission.VIEW_RECORDS: "view records",
    Permission.MANAGE_ACCOUNTS: "manage officers' accounts",
    Permission.MANAGE_STATION: "change the station's settings",
    Permission.WRITE_GD: "write General Diary entries",
    Permission.DRAFT_FIR: "draft FIRs",
    Permission.REGISTER_FIR: "register FIRs",
    Permission.AMEND_FIR: "record alteration memos",
    Permission.INVESTIGATE: "record investigation work",
    Permission.DIGITISE_LEGACY: "digitise legacy records",
    Permission.MERGE_PERSONS: "merge or separate duplicate person records",
    Permission.PRINT: "print documents",
    Permission.SYNC: "sync with the state server",
    Permission.VIEW_VICTIM_IDENTITY: "see the identity of the victim of a sensitive case",
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

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def audit(self) -> AuditActor:
        return AuditActor(officer_id=self.officer_id, username=self.username)

    def signature_line(self) -> str:
        return f"{self.full_name}, {self.rank} (No. {self.belt_number})"


def require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDeniedError(
            f"Your role ({actor.role.label}) may not {PERMISSION_TEXT[permission]}.",
            "Ask the Station House Officer to do it, or to change your role.",
        )
