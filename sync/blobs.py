"""Before a batch is pushed, the bytes of every scanned page it links (``add_attachment``) are put on
the server: ``HEAD /blobs/{sha256}``, and ``PUT`` with the bytes from the station's encrypted
database (the station's ``BlobSource`` port) when the server lacks them. The link itself is pushed only after its bytes are there.

A failed upload leaves the mutation pending and ends the cycle like any transport failure (backoff;
the next cycle asks again with HEAD, so an upload the server did receive is not sent twice). What no
retry can cure quarantines that one attachment with its reason: a scan larger than the server takes
(413), or bytes damaged in the station's own database (the server's hash check refuses them).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field

from sync.client import SyncClient
from sync.errors import BlobRefusedError, PayloadTooLargeError, TransportError
from sync.ops import OP_ADD_ATTACHMENT
from sync.ports import BlobSource, OutboxPort, Queued
from sync.protocol import CAPABILITY_BLOBS, Hello

log = logging.getLogger(__name__)

# After this many bytes of scans uploaded, the batch is cut and pushed, so a long 2G session commits
# its links as it goes instead of only at the end.
BLOB_BYTES_PER_BATCH = 4 * 1024 * 1024


@dataclass
class BlobTally:
    checked: int = 0  # HEAD requests
    uploaded: int = 0  # PUT requests that the server took
    bytes_uploaded: int = 0
    quarantined: int = 0


@dataclass(frozen=True)
class _Ref:
    sha256: str
    size: int


def _ref(payload: str) -> _Ref | None:
    try:
        body = json.loads(payload)
        return _Ref(str(body["sha256"]), int(body["size"]))
    except (ValueError, KeyError, TypeError):
        return None  # the server refuses the malformed payload itself (invalid_payload)


@dataclass
class BlobUploader:
    """One cycle's uploads; remembers which scans the server holds, so each is asked about once."""

    outbox: OutboxPort
    blobs: BlobSource
    client: SyncClient
    station_code: str
    tally: BlobTally = field(default_factory=BlobTally)
    _present: set[str] = field(default_factory=set)
    _refused: dict[str, tuple[str, str]] = field(default_factory=dict)

    def prepare(self, batch: list[Queued], hello: Hello) -> list[Queued] | None:
        """The part of ``batch`` to push now, every scan it links being on the server; ``None`` when
        an attachment was quarantined instead (the caller selects the batch again)."""
        cap = hello.limits.max_blob_bytes
        if cap is None or CAPABILITY_BLOBS not in hello.capabilities:
            return batch  # an older server: it answers add_attachment with unknown_op, quarantined
        quarantined = False
        sent = 0
        for i, queued in enumerate(batch):
            m = queued.mutation
            ref = _ref(m.payload) if m.op == OP_ADD_ATTACHMENT else None
            if ref is None or ref.sha256 in self._present:
                continue
            if sent >= BLOB_BYTES_PER_BATCH:
                return batch[:i]
            problem = self._refused.get(ref.sha256)
            if problem is None and ref.size > cap:
                problem = ("too_large", f"the scan is {ref.size} bytes; the state server takes at most {cap}")
            if problem is None:
                problem, sent_now = self._upload(ref)
                sent += sent_now
            if problem is not None:
                self._refused[ref.sha256] = problem
                self.outbox.hold_back(m.mutation_id, "quarantined", *problem)
                self.tally.quarantined += 1
                quarantined = True
        return None if quarantined else batch

    def _upload(self, ref: _Ref) -> tuple[tuple[str, str] | None, int]:
        """(why the attachment is quarantined, or None when the server has the bytes; bytes sent)."""
        self.tally.checked += 1
        if self.client.blob_exists(ref.sha256, self.station_code):
            self._present.add(ref.sha256)
            return None, 0
        data = self.blobs.stored_bytes(ref.sha256)
        if data is None:
            return ("blob_missing", "the scan's bytes are not in this station's database"), 0
        try:
            self.client.put_blob(ref.sha256, data, self.station_code)
        except PayloadTooLargeError:
            return (
                "too_large",
                f"the scan ({len(data)} bytes) is larger than the server or a proxy takes",
            ), 0
        except BlobRefusedError:
            if hashlib.sha256(data).hexdigest() == ref.sha256:
                # Our copy is sound, so the bytes changed on the way: a network fault, sent again later.
                raise TransportError(
                    "A scanned page arrived damaged at the state server; it is sent again later."
                ) from None
            log.error("attachment blob %s is damaged in the station database", ref.sha256)
            return (
                "blob_damaged",
                "the scan stored at this station no longer matches its SHA-256 (the state server "
                "refused it): the stored copy is damaged; restore the latest backup or attach the page again",
            ), len(data)
        self._present.add(ref.sha256)
        self.tally.uploaded += 1
        self.tally.bytes_uploaded += len(data)
        return None, len(data)
