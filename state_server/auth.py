"""Station credentials: one-time enrolment codes and bearer tokens, stored only as SHA-256 digests."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from state_server.models import Station

# Enrolment codes are read over the phone and typed: no 0/O, 1/I/L.
_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3467"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_enrol_code() -> str:
    symbols = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return "-".join(symbols[i : i + 4] for i in range(0, 12, 4))


def normalise_code(text: str) -> str:
    symbols = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(symbols[i : i + 4] for i in range(0, len(symbols), 4))


def issue_enrol_code(station: Station, now: datetime, hours: int) -> str:
    code = new_enrol_code()
    station.enrol_code_hash = digest(code)
    station.enrol_code_expires_at = now + timedelta(hours=hours)
    return code


def redeem_enrol_code(station: Station, code: str, now: datetime) -> str | None:
    """A new bearer token if ``code`` is the station's live one-time code (which is then used up)."""
    expected = station.enrol_code_hash
    expires = station.enrol_code_expires_at
    if expected is None or expires is None or expires < now:
        return None
    if not hmac.compare_digest(expected, digest(normalise_code(code))):
        return None
    token = secrets.token_urlsafe(32)
    station.token_hash = digest(token)
    station.enrol_code_hash = None
    station.enrol_code_expires_at = None
    station.enrolled_at = now
    return token


def station_for_token(session: Session, token: str, lock: bool = False) -> Station | None:
    query = select(Station).where(Station.token_hash == digest(token), Station.disabled.is_(False))
    if lock:
        query = query.with_for_update()
    return session.scalar(query)
