"""The one typed "what changed" signal: the op runner emits it after a successful write so that
views refresh only when a record type they show was touched (Anki's operation_did_execute)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

# Record types views listen for. Later modules add theirs ("fir", "gd_entry"...).
OFFICER = "officer"
STATION = "station"
AUDIT = "audit"
FIR = "fir"  # drafts, registrations and linked events (alterations, dispatch, transfer)
GD_ENTRY = "gd_entry"
INBOX = "inbox_item"  # the station's answers to citizen complaints and verification requests
SYNC_QUEUE = "sync_queue"  # the outbox itself was tended (a held-back item sent again)
PERSON = "person"  # the person master: created, corrected, merged or separated
ARREST = "arrest"  # arrest memos and what follows them (production, remand, bail, release)
CASE_DIARY = "case_diary_entry"
SEIZURE = "seizure"  # seizure memos, malkhana items and their custody movements


@dataclass(frozen=True)
class ChangeSet:
    """Which kinds of record a write touched. Every audited write also adds an audit entry."""

    record_types: frozenset[str]

    @classmethod
    def of(cls, *record_types: str) -> ChangeSet:
        return cls(frozenset(record_types) | {AUDIT})

    def touches(self, *record_types: str) -> bool:
        return not self.record_types.isdisjoint(record_types)


class AppEvents(QObject):
    """Created once by the composition root and handed to every view that refreshes on writes."""

    changed = Signal(object)  # ChangeSet; `object` because Qt cannot type a Python dataclass

    def emit_changed(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)
