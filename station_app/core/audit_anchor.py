"""The local side of anchoring the audit chain on the state server.

Every sync cycle sends the chain's head (its last entry's number and MAC) and the station's entry at
the number of the anchor the server last reported; the server moves its anchor only when that entry
matches (state_server/chain_anchor.py). The anchor it answers must still be in the local chain, with
the same MAC: if not, the chain was truncated or rewritten since it was anchored.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.core.models import AuditEntry, SyncState
from sync.protocol import ChainAnchor


def chain_head(session: Session) -> ChainAnchor | None:
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return None if row is None else _anchor(int(row.seq), str(row.entry_hash))


def entry_at(session: Session, seq: int | None) -> ChainAnchor | None:
    if seq is None:
        return None
    mac = session.scalar(select(AuditEntry.entry_hash).where(AuditEntry.seq == seq))
    return None if mac is None else _anchor(seq, str(mac))


def _anchor(seq: int, mac: str) -> ChainAnchor | None:
    try:
        return ChainAnchor(seq=seq, mac=mac)
    except ValueError:  # a damaged entry: verify names it; nothing to anchor on
        return None


def anchor_problem(session: Session, anchor: ChainAnchor | None) -> str | None:
    """Why the local chain no longer extends the server's anchor, or None when it does."""
    if anchor is None:
        return None
    head = chain_head(session)
    local = session.scalar(select(AuditEntry.entry_hash).where(AuditEntry.seq == anchor.seq))
    if local is None:
        end = "is empty" if head is None else f"ends at entry #{head.seq}"
        return (
            f"the local audit chain {end}, but the state server holds entry #{anchor.seq} of it: "
            "entries were removed (the chain was truncated, or an older copy of the database was put back)"
        )
    if local != anchor.mac:
        return (
            f"local audit entry #{anchor.seq} is not the one the state server holds: the chain was "
            "rewritten after it was anchored"
        )
    return None


def remember_anchor(session: Session, anchor: ChainAnchor | None, problem: str | None) -> None:
    state = session.get(SyncState, 1) or SyncState(id=1, consecutive_failures=0)
    state.chain_anchor_seq = anchor.seq if anchor else None
    state.chain_anchor_mac = anchor.mac if anchor else None
    state.chain_anchor_problem = problem
    session.merge(state)


def remembered_anchor_seq(session: Session) -> int | None:
    state = session.get(SyncState, 1)
    return None if state is None else state.chain_anchor_seq
