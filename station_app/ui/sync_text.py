"""Words for sync: the status bar line, relative times in IST, readable names for commands and
result codes. Plain functions of a ``SyncPicture``, so they are tested without widgets."""

from __future__ import annotations

from datetime import datetime

from station_app.core.localtime import to_ist
from station_app.ui.sync_monitor import QueueSnapshot, SyncPicture
from station_app.ui.sync_worker import Activity, WorkerStatus
from sync.engine import Outcome

OP_LABELS = {
    "register_fir": "FIR registration",
    "add_gd_entry": "General Diary entry",
    "add_fir_alteration": "FIR alteration memo",
    "record_court_dispatch": "FIR sent to court",
    "transfer_zero_fir": "Zero FIR transfer",
    "record_final_report": "Final report filed",
    "record_progress_intimation": "Progress told to the informant",
    "record_victim_examined": "Victim's medical examination",
    "record_medical_report": "Medical report received",
    "record_search": "Search (BNSS 185)",
    "record_search_sent": "Search record sent to the Magistrate",
    "update_inbox_item": "Answer to an inbox item",
    "upsert_person": "Person's particulars",
    "merge_persons": "Merge of duplicate persons",
    "unmerge_persons": "Merge undone",
    "record_arrest": "Arrest memo",
    "record_arrest_event": "Arrest: production, remand or bail",
    "add_case_diary_entry": "Case diary entry",
    "record_seizure": "Seizure memo",
    "record_custody_movement": "Malkhana movement",
}
RECORD_LABELS = {
    "fir": "FIR",
    "gd_entry": "GD entry",
    "inbox_item": "Inbox item",
    "person": "Person",
    "arrest": "Arrest",
    "case_diary": "Case diary of FIR",
    "seizure": "Seizure",
}
SCOPE_LABELS = {
    "law_masters": "law-master updates",
    "wanted_persons": "wanted persons",
    "missing_persons": "missing persons",
    "stolen_vehicles": "stolen vehicles",
    "station_inbox": "inbox items",
}
# Result codes of docs/sync-protocol.md §4.3, in the officer's words.
CODE_LABELS = {
    "payload_mismatch": "sent before with different content",
    "hash_mismatch": "content damaged on the way",
    "unknown_op": "the state server does not know this kind of record",
    "invalid_payload": "the state server found the record invalid",
    "invalid_mutation": "the state server found the queued command malformed",
    "server_error": "the state server failed on this record; it is sent again later",
    "chain_broken": "the case diary does not continue the entries at the state server",
    "out_of_sequence": "its time goes back before an earlier event of the same record",
    "blob_damaged": "the scanned page's bytes are damaged at this station",
    "blob_missing": "the scanned page's bytes are missing at this station",
    "digest_mismatch": "the FIR's content does not match its digest",
    "not_owner": "the record belongs to another station",
    "too_large": "too large for the state server",
    "number_taken": "its number is already used by another record at the state server",
    "already_registered": "already registered at the state server through another command",
    "already_exists": "already on record at the state server",
    "seq_taken": "another change of this FIR is already on record with the same number",
    "already_transferred": "the Zero FIR was already transferred",
    "stale_base_version": "changed at the state server since this station saw it",
    "client_seq_reused": "this station reused a queue number (restored from an old backup?)",
    "constraint": "clashes with a record already at the state server",
    "predecessor_missing": "waiting for an earlier change of the same record",
    "held_behind": "waiting behind an earlier change of the same record",
}
OUTCOME_PROBLEMS = {
    Outcome.AUTH_REQUIRED: "enrol again",
    Outcome.UPDATE_REQUIRED: "update required",
    Outcome.TLS_ERROR: "certificate not trusted",
    Outcome.FORBIDDEN: "refused by the server",
    Outcome.PROTOCOL_ERROR: "not a state server reply",
}
OUTCOME_TEXT = {
    Outcome.OK: "Everything was delivered and the latest data received.",
    Outcome.ATTENTION: "Delivered, but some records are held back and need a person.",
    Outcome.OFFLINE: "The state server could not be reached; records stay queued.",
    Outcome.AUTH_REQUIRED: "The state server no longer accepts this station: enrol again.",
    Outcome.UPDATE_REQUIRED: "Update required: this app version is too old for the state server.",
    Outcome.NOT_ENROLLED: "Not connected to a state server yet.",
    Outcome.FORBIDDEN: "The state server refused this station.",
    Outcome.PROTOCOL_ERROR: "The reply did not come from a state server.",
    Outcome.TLS_ERROR: "The state server's certificate is not trusted.",
    Outcome.BUSY: "Another sync was running at the same time.",
}


def scope_label(scope: str) -> str:
    return SCOPE_LABELS.get(scope, scope.replace("_", " "))


def op_label(op: str) -> str:
    return OP_LABELS.get(op, op.replace("_", " ").capitalize())


def record_label(aggregate_type: str, aggregate_id: str) -> str:
    kind = RECORD_LABELS.get(aggregate_type, aggregate_type.replace("_", " "))
    return f"{kind} …{aggregate_id[-8:]}" if len(aggregate_id) > 8 else f"{kind} {aggregate_id}"


def code_label(code: str | None) -> str:
    if not code:
        return ""
    return CODE_LABELS.get(code, code.replace("_", " "))


def ist_clock(moment: datetime, now: datetime) -> str:
    """14:32 IST today; 03-05 14:32 IST on another day of this year; with the year otherwise."""
    local, today = to_ist(moment), to_ist(now)
    if local.date() == today.date():
        return f"{local:%H:%M} IST"
    if local.year == today.year:
        return f"{local:%d-%m %H:%M} IST"
    return f"{local:%d-%m-%Y %H:%M} IST"


def relative(moment: datetime, now: datetime) -> str:
    seconds = int((now - moment).total_seconds())
    if seconds < 0:
        return "just now" if seconds > -60 else "in the future (check the clock)"
    if seconds < 60:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h ago"
    return f"{hours // 24} days ago"


def when(moment: datetime | None, now: datetime) -> str:
    """``5 min ago (14:32 IST)``, or ``never``."""
    return f"{relative(moment, now)} ({ist_clock(moment, now)})" if moment is not None else "never"


def until(moment: datetime, now: datetime) -> str:
    seconds = max(0, int((moment - now).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def offset_text(offset_ms: int) -> str:
    """How far this PC's clock is from the server's, e.g. ``1 day 2 h behind``."""
    seconds = abs(offset_ms) // 1000
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes and not days else []
    parts += [f"{secs} s"] if not parts else []
    # offset = server minus station: a positive offset means this PC is behind.
    return f"{' '.join(parts)} {'behind' if offset_ms > 0 else 'ahead of'}"


def last_outcome(queue: QueueSnapshot, worker: WorkerStatus | None) -> Outcome | None:
    if worker is not None and worker.last_report is not None:
        return worker.last_report.outcome
    try:
        return Outcome(queue.last_outcome) if queue.last_outcome else None
    except ValueError:
        return None


def problems(picture: SyncPicture) -> list[str]:
    queue, worker = picture.queue, picture.worker
    found = []
    if queue.quarantined:
        found.append(f"{queue.quarantined} quarantined")
    if queue.conflict:
        found.append(f"{queue.conflict} conflict{'s' if queue.conflict != 1 else ''}")
    outcome = last_outcome(queue, worker)
    if outcome in OUTCOME_PROBLEMS and queue.enrolled:
        found.append(OUTCOME_PROBLEMS[outcome])
    if queue.clock_suspect:
        found.append("PC clock wrong")
    return found


def connection_text(picture: SyncPicture) -> str:
    queue, worker = picture.queue, picture.worker
    if not queue.enrolled:
        return "not enrolled"
    if worker is None:
        return "off"
    if worker.activity is Activity.SYNCING:
        return "syncing…"
    if worker.activity is Activity.STOPPED:
        return "stopped"
    if worker.online is True:
        return "online"
    if worker.online is False:
        retry = f", next try in {until(worker.next_try_at, picture.now)}" if worker.next_try_at else ""
        return f"offline{retry}"
    return "checking…"


def status_bar_text(picture: SyncPicture) -> str:
    """One line: ``Sync: online · 3 queued · last sync 5 min ago (14:32 IST) · 2 quarantined``."""
    if not picture.loaded:
        return "Sync: …"
    queue = picture.queue
    parts = [f"Sync: {connection_text(picture)}", f"{queue.pending} queued"]
    if queue.enrolled:
        parts.append(f"last sync {when(queue.last_sync, picture.now)}")
    parts += problems(picture)
    return " · ".join(parts)
