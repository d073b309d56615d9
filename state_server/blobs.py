"""Scanned pages' bytes, addressed by SHA-256: ``HEAD`` and ``PUT /sync/v1/blobs/{sha256}``.

The body is raw bytes (``application/octet-stream``), never gzip: scans are compressed already. The
server reads it in chunks up to the size cap, hashes it on the way, and stores it only if the hash
is the name in the URL. A repeated upload of bytes the station already sent is a no-op. Bytes are
kept per station (a station learns only of its own scans) in the database; a production server
should keep them in object storage, named the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.requests import ClientDisconnect

from state_server.db import ServerDatabase
from state_server.models import Blob
from sync.protocol import BlobReceipt

# A client that ignores the advertised cap is still read to the end (up to this many times the cap),
# so that it gets the 413 instead of a connection reset in the middle of its upload.
DRAIN_FACTOR = 4


@dataclass(frozen=True)
class Received:
    data: bytes
    sha256: str
    too_large: bool
    cut_off: bool = False  # the client went away before the whole body came: nothing is stored


async def receive(stream: AsyncIterator[bytes], max_bytes: int) -> Received:
    """Read a request body, hashing it; past ``max_bytes`` the rest is read and dropped."""
    hasher = hashlib.sha256()
    parts: list[bytes] = []
    total = 0
    try:
        async for chunk in stream:
            total += len(chunk)
            if total > max_bytes:
                parts.clear()
                if total > max_bytes * DRAIN_FACTOR:
                    break
                continue
            hasher.update(chunk)
            parts.append(chunk)
    except ClientDisconnect:
        return Received(b"", "", False, cut_off=True)
    too_large = total > max_bytes
    return Received(b"" if too_large else b"".join(parts), hasher.hexdigest(), too_large)


def size_of(db: ServerDatabase, station_code: str, sha256: str) -> int | None:
    with db.read() as session:
        size = session.scalar(
            select(Blob.size).where(Blob.station_code == station_code, Blob.sha256 == sha256)
        )
        return None if size is None else int(size)


def store(db: ServerDatabase, station_code: str, sha256: str, data: bytes, now: datetime) -> BlobReceipt:
    """Keep the (already verified) bytes once; a repeat, or a concurrent twin, changes nothing."""
    if size_of(db, station_code, sha256) is not None:
        return BlobReceipt(sha256=sha256, size=len(data), stored=False)
    try:
        with db.write() as session:
            session.add(
                Blob(station_code=station_code, sha256=sha256, size=len(data), received_at=now, data=data)
            )
    except IntegrityError:
        if size_of(db, station_code, sha256) is None:
            raise
        return BlobReceipt(sha256=sha256, size=len(data), stored=False)
    return BlobReceipt(sha256=sha256, size=len(data), stored=True)
