"""Reference feeds served by pull: publishing items, and reading pages after an opaque cursor.

Each feed (a scope, or one station's inbox) numbers its changes 1, 2, 3... under a lock on its
``scope_state`` row, so numbers commit in order and a cursor "after N" never skips a late commit.
An item keeps only its latest state and that change's number, so paging the current state by number
is both the incremental feed and, from zero, a full snapshot. Bumping the epoch (a rebuilt or
restored feed) invalidates every cursor: the station gets 410 and rebuilds that scope.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from forms.text_rules import INT32_MAX
from state_server.models import RefItem, ScopeState
from sync.protocol import SCOPES, STATION_SCOPES, PulledItem, ScopePage


def feed_key(scope: str, station_code: str | None) -> str:
    if scope in STATION_SCOPES:
        if not station_code:
            raise ValueError(f"the {scope} scope is per station: give the station code")
        return f"{scope}:{station_code}"
    return scope


def _state(session: Session, feed: str, lock: bool) -> ScopeState:
    query = select(ScopeState).where(ScopeState.feed == feed)
    if lock:
        query = query.with_for_update()
    state = session.scalar(query)
    if state is None:
        state = ScopeState(feed=feed, epoch=1, last_seq=0)
        session.add(state)
        session.flush()
        if lock:
            state = session.scalar(select(ScopeState).where(ScopeState.feed == feed).with_for_update())
            assert state is not None
    return state


def touch_item(
    session: Session, feed: str, item_id: str, data: dict[str, Any] | None, now: datetime
) -> RefItem:
    """Create, change (``data``) or delete (``data=None``) one item, as the feed's next change."""
    state = _state(session, feed, lock=True)
    state.last_seq += 1
    item = session.get(RefItem, (feed, item_id))
    text = json.dumps(data or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if item is None:
        item = RefItem(
            feed=feed,
            id=item_id,
            version=1,
            deleted=data is None,
            data=text,
            seq=state.last_seq,
            updated_at=now,
        )
        session.add(item)
    else:
        item.version += 1
        item.deleted = data is None
        item.data = text if data is not None else item.data
        item.seq = state.last_seq
        item.updated_at = now
    session.flush()
    return item


def replace_feed(session: Session, feed: str, items: dict[str, dict[str, Any]], now: datetime) -> None:
    """Replace a feed wholesale (a rebuilt master): old cursors become invalid (410)."""
    state = _state(session, feed, lock=True)
    session.execute(delete(RefItem).where(RefItem.feed == feed, RefItem.id.not_in(list(items))))
    for item_id, data in items.items():
        touch_item(session, feed, item_id, data, now)
    state.epoch += 1


def reset_feed(session: Session, feed: str) -> int:
    """Invalidate every cursor of a feed (e.g. after restoring the server from a backup)."""
    state = _state(session, feed, lock=True)
    state.epoch += 1
    return state.epoch


@dataclass(frozen=True)
class Cursor:
    epoch: int
    seq: int
    snapshot: bool

    def encode(self) -> str:
        raw = json.dumps({"v": 1, "e": self.epoch, "s": self.seq, "m": "s" if self.snapshot else "i"})
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        try:
            body = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            epoch, seq = body["e"], body["s"]
        except (ValueError, KeyError, TypeError, RecursionError, binascii.Error):
            return None
        # Only what the database's columns hold is a position; anything else is no cursor of ours.
        if not (
            isinstance(epoch, int)
            and isinstance(seq, int)
            and 0 < epoch <= INT32_MAX
            and 0 <= seq <= 2**63 - 1
        ):
            return None
        return cls(epoch, seq, body.get("m") == "s")


class ResetRequired(Exception):
    def __init__(self, scopes: list[str]) -> None:
        super().__init__(", ".join(scopes))
        self.scopes = scopes


def read_pages(
    session: Session, station_code: str, cursors: dict[str, str | None], limit: int
) -> list[ScopePage]:
    """One page per requested scope; ResetRequired if any cursor is from another epoch or unreadable."""
    plans: list[tuple[str, str, Cursor]] = []
    resets = []
    for scope, text in cursors.items():
        if scope not in SCOPES:
            raise KeyError(scope)
        feed = feed_key(scope, station_code)
        state = session.scalar(select(ScopeState).where(ScopeState.feed == feed))
        epoch = state.epoch if state is not None else 1
        if text is None:
            plans.append((scope, feed, Cursor(epoch, 0, snapshot=True)))
            continue
        cursor = Cursor.decode(text)
        if cursor is None or cursor.epoch != epoch:
            resets.append(scope)
        else:
            plans.append((scope, feed, cursor))
    if resets:
        raise ResetRequired(resets)
    return [_page(session, scope, feed, cursor, limit) for scope, feed, cursor in plans]


def _page(session: Session, scope: str, feed: str, cursor: Cursor, limit: int) -> ScopePage:
    rows = list(
        session.scalars(
            select(RefItem)
            .where(RefItem.feed == feed, RefItem.seq > cursor.seq)
            .order_by(RefItem.seq)
            .limit(limit + 1)
        )
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].seq if rows else cursor.seq
    items = [
        PulledItem(
            id=r.id, version=r.version, deleted=r.deleted, data=None if r.deleted else json.loads(r.data)
        )
        for r in rows
    ]
    total = None
    if cursor.snapshot and not has_more:
        total = int(
            session.scalar(
                select(func.count())
                .select_from(RefItem)
                .where(RefItem.feed == feed, RefItem.deleted.is_(False))
            )
            or 0
        )
    next_cursor = Cursor(cursor.epoch, last, snapshot=cursor.snapshot and has_more)
    return ScopePage(
        scope=scope, items=items, cursor=next_cursor.encode(), has_more=has_more, snapshot=cursor.snapshot,
        total_live=total,
    )  # fmt: skip
