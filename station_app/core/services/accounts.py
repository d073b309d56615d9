"""Officers' accounts: sign-in with lockout, password changes, and account management by the SHO."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.text_rules import text_problem
from station_app.core.audit import SYSTEM_ACTOR, record_change, snapshot_digest
from station_app.core.clock import Clock
from station_app.core.db import Database
from station_app.core.errors import (
    AccountLockedError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from station_app.core.ids import new_id
from station_app.core.models import Officer
from station_app.core.permissions import Actor, Permission, Role, require

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class OfficerInfo:
    """What screens show about an account (never the hash)."""

    id: str
    username: str
    full_name: str
    rank: str
    belt_number: str
    role: Role
    active: bool
    locked_until: datetime | None
    must_change_password: bool
    last_login_at: datetime | None


@dataclass(frozen=True)
class NewOfficer:
    username: str
    full_name: str
    rank: str
    belt_number: str
    role: Role


def _info(o: Officer) -> OfficerInfo:
    return OfficerInfo(
        o.id,
        o.username,
        o.full_name,
        o.rank,
        o.belt_number,
        Role(o.role),
        o.active,
        o.locked_until,
        o.must_change_password,
        o.last_login_at,
    )


def _actor(o: Officer) -> Actor:
    return Actor(o.id, o.username, o.full_name, o.rank, o.belt_number, Role(o.role), o.must_change_password)


def validate_password(password: str, username: str) -> None:
    problems: dict[str, str] = {}
    if len(password) < MIN_PASSWORD_LENGTH:
        problems["password"] = f"Use at least {MIN_PASSWORD_LENGTH} characters."
    elif password.strip().lower() == username.strip().lower():
        problems["password"] = "The password may not be the user name."
    elif password.isdigit() or password.isalpha():
        problems["password"] = "Mix letters with digits or symbols."
    if problems:
        raise ValidationError(problems)


def validate_new_officer(spec: NewOfficer) -> NewOfficer:
    username = spec.username.strip().lower()
    problems: dict[str, str] = {}
    if not username:
        problems["username"] = "A user name is required."
    elif not all(ch.isalnum() or ch in "._-" for ch in username) or len(username) > 64:
        problems["username"] = "Use up to 64 letters, digits, dots, dashes or underscores."
    if not spec.full_name.strip():
        problems["full_name"] = "The officer's full name is required."
    for key, value in (("full_name", spec.full_name), ("rank", spec.rank), ("belt_number", spec.belt_number)):
        if problem := text_problem(value.strip()):
            problems[key] = problem
    if not spec.rank.strip() and "rank" not in problems:
        problems["rank"] = "The rank is required (e.g. SI, ASI, HC, Inspector)."
    if len(spec.belt_number.strip()) > 40:
        problems["belt_number"] = "A belt or PIS number has at most 40 characters."
    if problems:
        raise ValidationError(problems)
    return NewOfficer(
        username, spec.full_name.strip(), spec.rank.strip(), spec.belt_number.strip(), spec.role
    )


class AccountService:
    def __init__(self, db: Database, clock: Clock, hasher: PasswordHasher | None = None) -> None:
        self._db = db
        self._clock = clock
        self._hasher = hasher or PasswordHasher()  # Argon2id, RFC 9106 low-memory profile
        self._dummy_hash = self._hasher.hash("timing equaliser for unknown users")

    @property
    def hasher(self) -> PasswordHasher:
        return self._hasher

    # --- creating the first account (setup) ---------------------------------------------------

    def create_first_sho(self, session: Session, spec: NewOfficer, password: str) -> Officer:
        """The station's first account, made by setup in its own transaction."""
        spec = validate_new_officer(spec)
        validate_password(password, spec.username)
        if session.scalar(select(func.count()).select_from(Officer)):
            raise ConflictError("This station already has accounts; the first SHO is made only at setup.")
        now = self._clock.now()
        officer = Officer(
            id=new_id(),
            username=spec.username,
            full_name=spec.full_name,
            rank=spec.rank,
            belt_number=spec.belt_number,
            role=Role.SHO.value,
            password_hash=self._hasher.hash(password),
            active=True,
            must_change_password=False,
            failed_attempts=0,
            created_at=now,
            updated_at=now,
            version=1,
        )
        session.add(officer)
        record_change(
            session,
            actor=SYSTEM_ACTOR,
            at=now,
            action="officer.create",
            record=officer,
            summary=f"first SHO account {spec.username}",
        )
        return officer

    # --- sign-in ------------------------------------------------------------------------------

    def login(self, username: str, password: str) -> Actor:
        """Check the password. Five failures in a row lock the account for 15 minutes, across restarts.

        Argon2 runs between two short transactions so that no writer waits on the deliberate slowness.
        """
        name = username.strip().lower()
        with self._db.read() as session:
            found = session.scalar(select(Officer).where(Officer.username == name))
        if found is None or not found.active:
            self._verify(self._dummy_hash, password)  # same cost as a real check: no user enumeration
            raise AuthenticationError("The user name or password is not correct.")
        stored_hash = found.password_hash
        self._raise_if_locked(found)
        password_ok = self._verify(stored_hash, password)
        new_hash = (
            self._hasher.hash(password)
            if password_ok and self._hasher.check_needs_rehash(stored_hash)
            else None
        )
        with self._db.write() as session:
            officer = session.scalar(select(Officer).where(Officer.username == name))
            if officer is None or not officer.active or officer.password_hash != stored_hash:
                raise AuthenticationError("The account changed while signing in; please try again.")
            self._raise_if_locked(officer)
            now = self._clock.now()
            before = snapshot_digest(officer)
            officer.updated_at = now
            if password_ok:
                officer.failed_attempts = 0
                officer.locked_until = None
                officer.last_login_at = now
                officer.password_hash = new_hash or officer.password_hash
                actor = _actor(officer)
                record_change(
                    session, actor=actor.audit, at=now, action="auth.login", record=officer, before=before
                )
                return actor
            officer.failed_attempts += 1
            action = "auth.login_failed"
            if officer.failed_attempts >= MAX_FAILED_LOGINS:
                officer.locked_until = now + LOCKOUT
                officer.failed_attempts = 0
                action = "auth.locked"
            record_change(
                session,
                actor=SYSTEM_ACTOR,
                at=now,
                action=action,
                record=officer,
                before=before,
                summary=f"wrong password for {officer.username}",
            )
        # Raised after the commit so the failure count is kept.
        if action == "auth.locked":
            raise AccountLockedError(
                f"Wrong password {MAX_FAILED_LOGINS} times: the account is locked for "
                f"{int(LOCKOUT.total_seconds() // 60)} minutes."
            )
        raise AuthenticationError("The user name or password is not correct.")

    def _raise_if_locked(self, officer: Officer) -> None:
        now = self._clock.now()
        if officer.locked_until is not None and officer.locked_until > now:
            minutes = max(1, math.ceil((officer.locked_until - now).total_seconds() / 60))
            raise AccountLockedError(
                f"This account is locked after {MAX_FAILED_LOGINS} wrong passwords. "
                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, or ask the SHO to unlock it.",
            )

    def confirm_password(self, actor: Actor, password: str) -> bool:
        """Unlocking the desk: the same officer's password, counted like a sign-in."""
        try:
            self.login(actor.username, password)
        except AuthenticationError:
            return False
        return True

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def change_password(self, actor: Actor, old_password: str, new_password: str) -> Actor:
        """The one thing an officer who must change the password may do. Returns the officer as now
        signed in (free of that obligation): the desk carries on with it."""
        validate_password(new_password, actor.username)
        new_hash = self._hasher.hash(new_password)
        with self._db.write() as session:
            officer = self._get(session, actor.officer_id)
            if not self._verify(officer.password_hash, old_password):
                raise ValidationError({"old_password": "The current password is not correct."})
            if self._verify(officer.password_hash, new_password):
                raise ValidationError({"password": "The new password must differ from the current one."})
            self._set_password(
                session, actor, officer, new_hash, must_change=False, action="officer.password"
            )
            return _actor(officer)

    def must_change_password(self, actor: Actor) -> bool:
        with self._db.read() as session:
            return self._get(session, actor.officer_id).must_change_password

    # --- management by the SHO or the IT admin ----------------------------------------------------------------

    def list_officers(self, actor: Actor) -> list[OfficerInfo]:
        require(actor, Permission.VIEW_ACCOUNTS)
        with self._db.read() as session:
            rows = session.scalars(select(Officer).order_by(Officer.active.desc(), Officer.full_name))
            return [_info(o) for o in rows]

    def create_officer(self, actor: Actor, spec: NewOfficer, initial_password: str) -> OfficerInfo:
        require(actor, Permission.MANAGE_ACCOUNTS)
        spec = validate_new_officer(spec)
        validate_password(initial_password, spec.username)
        # Hash before taking the write lock: Argon2 is deliberately slow and other writers must not wait on it.
        password_hash = self._hasher.hash(initial_password)
        with self._db.write() as session:
            if session.scalar(select(Officer.id).where(Officer.username == spec.username)):
                raise ValidationError({"username": f"The user name '{spec.username}' is already taken."})
            now = self._clock.now()
            officer = Officer(
                id=new_id(),
                username=spec.username,
                full_name=spec.full_name,
                rank=spec.rank,
                belt_number=spec.belt_number,
                role=spec.role.value,
                password_hash=password_hash,
                active=True,
                must_change_password=True,
                failed_attempts=0,
                created_at=now,
                updated_at=now,
                version=1,
            )
            session.add(officer)
            record_change(
                session,
                actor=actor.audit,
                at=now,
                action="officer.create",
                record=officer,
                summary=f"{spec.username} as {spec.role.value}",
            )
            return _info(officer)

    def update_officer(
        self, actor: Actor, officer_id: str, full_name: str, rank: str, belt_number: str, role: Role
    ) -> OfficerInfo:
        require(actor, Permission.MANAGE_ACCOUNTS)
        with self._db.write() as session:
            officer = self._get(session, officer_id)
            checked = validate_new_officer(NewOfficer(officer.username, full_name, rank, belt_number, role))
            if officer.id == actor.officer_id and role.value != officer.role:
                # Neither giving up the SHO's role by mistake nor an IT admin raising their own.
                raise ValidationError({"role": "You cannot change your own role; another SHO or admin can."})
            before = snapshot_digest(officer)
            officer.full_name, officer.rank, officer.belt_number = (
                checked.full_name,
                checked.rank,
                checked.belt_number,
            )
            officer.role = role.value
            self._touch(officer)
            record_change(
                session,
                actor=actor.audit,
                at=officer.updated_at,
                action="officer.update",
                record=officer,
                before=before,
                summary=f"{officer.username} as {role.value}",
            )
            return _info(officer)

    def set_active(self, actor: Actor, officer_id: str, active: bool) -> OfficerInfo:
        require(actor, Permission.MANAGE_ACCOUNTS)
        with self._db.write() as session:
            officer = self._get(session, officer_id)
            if officer.id == actor.officer_id and not active:
                raise ValidationError({"active": "You cannot deactivate your own account."})
            before = snapshot_digest(officer)
            officer.active = active
            self._touch(officer)
            record_change(
                session,
                actor=actor.audit,
                at=officer.updated_at,
                action="officer.activate" if active else "officer.deactivate",
                record=officer,
                before=before,
            )
            return _info(officer)

    def reset_password(self, actor: Actor, officer_id: str, new_password: str) -> None:
        require(actor, Permission.MANAGE_ACCOUNTS)
        with self._db.read() as session:
            validate_password(new_password, self._get(session, officer_id).username)
        new_hash = self._hasher.hash(new_password)
        with self._db.write() as session:
            officer = self._get(session, officer_id)
            self._set_password(
                session, actor, officer, new_hash, must_change=True, action="officer.reset_password"
            )

    def unlock(self, actor: Actor, officer_id: str) -> None:
        require(actor, Permission.MANAGE_ACCOUNTS)
        with self._db.write() as session:
            officer = self._get(session, officer_id)
            before = snapshot_digest(officer)
            officer.locked_until = None
            officer.failed_attempts = 0
            self._touch(officer)
            record_change(
                session,
                actor=actor.audit,
                at=officer.updated_at,
                action="officer.unlock",
                record=officer,
                before=before,
            )

    # --- helpers --------------------------------------------------------------------------------

    def _get(self, session: Session, officer_id: str) -> Officer:
        officer = session.get(Officer, officer_id)
        if officer is None:
            raise NotFoundError("That officer's account does not exist.")
        return officer

    def _touch(self, officer: Officer) -> None:
        officer.updated_at = self._clock.now()
        officer.version += 1

    def _set_password(
        self,
        session: Session,
        actor: Actor,
        officer: Officer,
        password_hash: str,
        *,
        must_change: bool,
        action: str,
    ) -> None:
        before = snapshot_digest(officer)
        officer.password_hash = password_hash
        officer.must_change_password = must_change
        officer.failed_attempts = 0
        officer.locked_until = None
        self._touch(officer)
        record_change(
            session,
            actor=actor.audit,
            at=officer.updated_at,
            action=action,
            record=officer,
            before=before,
            summary=officer.username,
        )
