"""Anchoring a station's audit chain: the server keeps the newest head a station has proven extends
the one it held before, so a station whose chain was later truncated or rewritten is found.

The server cannot check a station's chain (it has no chain key). It moves its anchor only when the
push also names the station's entry at the anchor's number (``chain_at_anchor``) with the same MAC;
otherwise it keeps what it holds, so a rewritten chain never replaces the evidence.
"""

from __future__ import annotations

from datetime import datetime

from state_server.models import Station
from sync.protocol import ChainAnchor


def advance_anchor(
    station: Station, head: ChainAnchor | None, at_anchor: ChainAnchor | None, now: datetime
) -> ChainAnchor | None:
    """Move the station's anchor to ``head`` when it extends the one held; return the anchor held."""
    if head is not None:
        held = held_anchor(station)
        extends = held is None or (at_anchor is not None and at_anchor == held and head.seq >= held.seq)
        if extends:
            station.chain_seq, station.chain_mac, station.chain_anchored_at = head.seq, head.mac, now
    return held_anchor(station)


def held_anchor(station: Station) -> ChainAnchor | None:
    if station.chain_seq is None or station.chain_mac is None:
        return None
    return ChainAnchor(seq=station.chain_seq, mac=station.chain_mac)
