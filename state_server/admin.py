"""Administration: stations and their enrolment codes, publishing reference data, status counts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from state_server.auth import issue_enrol_code
from state_server.db import ServerDatabase, redacted
from state_server.feeds import feed_key, replace_feed, reset_feed, touch_item
from state_server.models import (
    AppliedMutation,
    Arrest,
    ArrestEvent,
    Attachment,
    Blob,
    CaseDiaryEntry,
    CustodyMovement,
    Fir,
    FirEvent,
    GdEntry,
    LegacyArrest,
    Person,
    RefItem,
    RejectedMutation,
    ScopeState,
    Seizure,
    Station,
)
from sync.protocol import SCOPE_PERSONS, SCOPES, STATION_SCOPES

# Record types as `station-app status --json` names them (persons: under the station that entered them).
RECORD_MODELS: dict[str, Any] = {
    "fir": Fir,
    "gd_entry": GdEntry,
    "fir_event": FirEvent,
    "person": Person,
    "arrest": Arrest,
    "arrest_event": ArrestEvent,
    "case_diary_entry": CaseDiaryEntry,
    "seizure": Seizure,
    "custody_movement": CustodyMovement,
    "legacy_arrest": LegacyArrest,
    "attachment": Attachment,  # links of scanned pages to records (their bytes: "blobs")
}


class AdminError(Exception):
    pass


def _now() -> datetime:
    return datetime.now(UTC)


def create_station(db: ServerDatabase, code: str, name: str, enrol_code_hours: int = 72) -> str:
    """Register a station and return its one-time enrolment code (shown once, stored as a digest)."""
    code = code.strip().upper()
    with db.write() as session:
        if session.get(Station, code) is not None:
            raise AdminError(f"station {code} already exists; use reissue-code for a new enrolment code")
        station = Station(code=code, name=name.strip(), created_at=_now(), last_client_seq=0, disabled=False)
        session.add(station)
        return issue_enrol_code(station, _now(), enrol_code_hours)


def reissue_code(db: ServerDatabase, code: str, enrol_code_hours: int = 72, revoke: bool = False) -> str:
    """A new one-time code (re-enrolment after a reinstall); ``revoke`` also ends the current credential."""
    with db.write() as session:
        station = session.get(Station, code.strip().upper())
        if station is None:
            raise AdminError(f"no station {code}")
        if revoke:
            station.token_hash = None
        return issue_enrol_code(station, _now(), enrol_code_hours)


def _check_scope(scope: str, station_code: str | None) -> str:
    if scope not in SCOPES:
        raise AdminError(f"unknown scope {scope!r}; scopes are {', '.join(SCOPES)}")
    if scope in STATION_SCOPES and not station_code:
        raise AdminError(f"the {scope} scope is per station: give --station-code")
    return feed_key(scope, station_code)


def publish(
    db: ServerDatabase,
    scope: str,
    items: list[dict[str, Any]],
    station_code: str | None = None,
    deletes: list[str] | None = None,
    replace: bool = False,
) -> int:
    """Upsert items (each needs an "id"), delete ids, or replace the whole scope (cursors then reset)."""
    if scope == SCOPE_PERSONS:
        raise AdminError("the persons scope is filled by the stations' pushes; it is not published")
    feed = _check_scope(scope, station_code)
    by_id: dict[str, dict[str, Any]] = {}
    for item in items:
        if not isinstance(item, dict) or not str(item.get("id", "")).strip():
            raise AdminError('every item needs an "id"')
        body = {k: v for k, v in item.items() if k != "id"}
        by_id[str(item["id"])] = body
    now = _now()
    with db.write() as session:
        if station_code and session.get(Station, station_code) is None:
            raise AdminError(f"no station {station_code}")
        if replace:
            replace_feed(session, feed, by_id, now)
        else:
            for item_id, body in by_id.items():
                touch_item(session, feed, item_id, body, now)
        for item_id in deletes or []:
            if session.get(RefItem, (feed, item_id)) is not None:
                touch_item(session, feed, item_id, None, now)
    return len(by_id) + len(deletes or [])


def reset_scope(db: ServerDatabase, scope: str, station_code: str | None = None) -> int:
    feed = _check_scope(scope, station_code)
    with db.write() as session:
        return reset_feed(session, feed)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def status(db: ServerDatabase, training: bool) -> dict[str, Any]:
    with db.read() as session:
        counts: dict[str, dict[str, int]] = {}
        for name, model in RECORD_MODELS.items():
            for code, n in session.execute(
                select(model.station_code, func.count()).group_by(model.station_code)
            ):
                counts.setdefault(code, {})[name] = int(n)
        rejected = dict(
            session.execute(
                select(RejectedMutation.station_code, func.count()).group_by(RejectedMutation.station_code)
            ).all()
        )
        suspect = dict(
            session.execute(
                select(AppliedMutation.station_code, func.count())
                .where(AppliedMutation.clock_suspect.is_(True))
                .group_by(AppliedMutation.station_code)
            ).all()
        )
        stored = {
            code: {"count": int(n), "bytes": int(total or 0)}
            for code, n, total in session.execute(
                select(Blob.station_code, func.count(), func.sum(Blob.size)).group_by(Blob.station_code)
            )
        }
        stations = {
            s.code: {
                "name": s.name,
                "enrolled": s.token_hash is not None,
                "counts": {name: counts.get(s.code, {}).get(name, 0) for name in RECORD_MODELS},
                "last_push": _iso(s.last_push_at),
                "last_pull": _iso(s.last_pull_at),
                "last_client_seq": s.last_client_seq,
                "dead_letters": int(rejected.get(s.code, 0)),
                "clock_suspect": int(suspect.get(s.code, 0)),
                "blobs": stored.get(s.code, {"count": 0, "bytes": 0}),
            }
            for s in session.scalars(select(Station).order_by(Station.code))
        }
        feeds = {
            f.feed: {
                "epoch": f.epoch,
                "items": int(
                    session.scalar(
                        select(func.count())
                        .select_from(RefItem)
                        .where(RefItem.feed == f.feed, RefItem.deleted.is_(False))
                    )
                    or 0
                ),
            }
            for f in session.scalars(select(ScopeState).order_by(ScopeState.feed))
        }
    return {
        "server": {"training": training, "database": redacted(db.url)},
        "stations": stations,
        "feeds": feeds,
    }


def load_items(text: str) -> list[dict[str, Any]]:
    body = json.loads(text)
    items = body.get("items") if isinstance(body, dict) else body
    if not isinstance(items, list):
        raise AdminError('the file must hold a JSON list of items, or {"items": [...]}')
    return items
