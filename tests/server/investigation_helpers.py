"""Hand-made investigation mutations (persons, arrests, case diaries, seizures) for the server tests."""

from __future__ import annotations

from typing import Any

from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.ids import new_id
from sync import ops
from sync.protocol import Mutation
from tests.server.helpers import mutation

T = "2026-11-02T12:00:00+05:30"


def person(station: str, person_id: str | None = None, version: int = 1, name: str = "Raju Khan",
           docs: list[dict[str, str]] | None = None, **kw: Any) -> Mutation:  # fmt: skip
    pid = person_id or new_id()
    payload = {
        "person_id": pid, "station_code": station, "version": version, "name": name, "name_alt": "",
        "aliases": [], "relative_name": "Salim Khan", "relative_relation": "father", "dob": None,
        "birth_year": None, "age": 32, "age_on": "2026-11-02", "birth_year_est": 1994, "sex": "M",
        "present_address": "Daliganj", "permanent_address": "", "phones": ["9839012345"],
        "id_documents": docs or [], "created_at": T, "created_by": "officer-1", "updated_at": T, "updated_by": "officer-1",
    }  # fmt: skip
    return mutation(ops.OP_UPSERT_PERSON, ops.AGG_PERSON, pid, payload, base_version=version - 1, **kw)


def merge(
    keep: str, duplicate: str, keep_version: int = 1, version: int = 2, merge_id: str | None = None
) -> Mutation:
    payload = {
        "merge_id": merge_id or new_id(), "keep_id": keep, "keep_version": keep_version, "duplicate_id": duplicate,
        "version": version, "reason": "The same man", "merged_at": T, "officer_id": "officer-1",
    }  # fmt: skip
    return mutation(ops.OP_MERGE_PERSONS, ops.AGG_PERSON, duplicate, payload, base_version=version - 1)


def unmerge(merge_id: str, keep: str, duplicate: str, version: int) -> Mutation:
    payload = {
        "merge_id": merge_id, "keep_id": keep, "duplicate_id": duplicate, "version": version,
        "reason": "Different men", "undone_at": T, "officer_id": "officer-1",
    }  # fmt: skip
    return mutation(ops.OP_UNMERGE_PERSONS, ops.AGG_PERSON, duplicate, payload, base_version=version - 1)


def arrest(station: str, fir_id: str, gd_id: str, person_id: str, at: str = T) -> Mutation:
    aid = new_id()
    content = canonical_json(
        {
            "station": {"station_code": station},
            "accused_code": "A1",
            "person": {"id": person_id},
            "values": {},
        }
    )
    payload = {
        "arrest_id": aid, "station_code": station, "fir_id": fir_id, "person_id": person_id, "accused_code": "A1",
        "gd_entry_id": gd_id, "kind": "arrest", "arrested_at": at, "recorded_at": at, "officer_id": "officer-1",
        "form_version": 1, "content": content, "content_digest": sha256_hex(content),
    }  # fmt: skip
    return mutation(ops.OP_RECORD_ARREST, ops.AGG_ARREST, aid, payload)


def arrest_event(arrest_id: str, seq: int, kind: str, at: str = "2026-11-02T18:00:00+05:30") -> Mutation:
    payload = {
        "event_id": new_id(), "arrest_id": arrest_id, "seq": seq, "kind": kind, "at": at, "until": None,
        "officer_id": "officer-1", "recorded_at": at, "body": canonical_json({"court": "CJM Lucknow"}),
    }  # fmt: skip
    return mutation(ops.OP_RECORD_ARREST_EVENT, ops.AGG_ARREST, arrest_id, payload)


def diary_entry(station: str, fir_id: str, fir_no: str, seq: int, prev_hash: str, page_start: int,
                day: int = 3, text: str = "Inspected the spot.") -> tuple[Mutation, str]:  # fmt: skip
    """An entry and its hash (to chain the next one)."""
    content = canonical_json(
        {"station": {"station_code": station}, "fir_no": fir_no, "values": {"text": text}}
    )
    entry_hash = sha256_hex(prev_hash + "\n" + content)
    payload = {
        "entry_id": new_id(), "fir_id": fir_id, "seq": seq, "entry_date": f"2026-11-{day:02d}",
        "started_at": f"2026-11-{day:02d}T09:00:00+05:30", "closed_at": f"2026-11-{day:02d}T17:00:00+05:30",
        "page_start": page_start, "page_end": page_start + 1, "officer_id": "officer-1",
        "recorded_at": f"2026-11-{day:02d}T18:00:00+05:30", "prev_hash": prev_hash, "entry_hash": entry_hash,
        "content": content,
    }  # fmt: skip
    return mutation(ops.OP_ADD_CASE_DIARY_ENTRY, ops.AGG_CASE_DIARY, fir_id, payload), entry_hash


def seizure(station: str, fir_id: str, gd_id: str, malkhana_no: int) -> tuple[Mutation, str]:
    """A seizure of one item (deposited in the malkhana) and the item's id."""
    sid, item_id = new_id(), new_id()
    content = canonical_json({"station": {"station_code": station}, "values": {"items": ["motorcycle"]}})
    deposit = {
        "movement_id": new_id(), "seq": 1, "at": T, "from_location": "Garage", "to_location": "Malkhana",
        "purpose": "Deposit", "handed_over_by": "SI Meena", "received_by": "Malkhana clerk", "reference": "",
        "officer_id": "officer-1", "recorded_at": T,
    }  # fmt: skip
    item = {
        "property_id": item_id, "item_no": 1, "malkhana_year": 2026, "malkhana_no": malkhana_no,
        "description": "Motorcycle", "seal": "PS/1", "location": "Malkhana", "status": "in_malkhana",
        "movements": [deposit],
    }  # fmt: skip
    payload = {
        "seizure_id": sid, "station_code": station, "fir_id": fir_id, "gd_entry_id": gd_id, "seized_at": T,
        "seized_from_person_id": None, "officer_id": "officer-1", "recorded_at": T, "form_version": 1,
        "content": content, "content_digest": sha256_hex(content), "items": [item],
    }  # fmt: skip
    return mutation(ops.OP_RECORD_SEIZURE, ops.AGG_SEIZURE, sid, payload), item_id


def movement(seizure_id: str, item_id: str, seq: int, at: str, to: str = "FSL Lucknow") -> Mutation:
    payload = {
        "movement_id": new_id(), "seq": seq, "at": at, "from_location": "Malkhana", "to_location": to,
        "purpose": "Examination", "handed_over_by": "HC Salim", "received_by": "FSL clerk", "reference": "",
        "officer_id": "officer-1", "recorded_at": at, "seizure_id": seizure_id, "property_id": item_id,
        "status": "out",
    }  # fmt: skip
    return mutation(ops.OP_RECORD_CUSTODY_MOVEMENT, ops.AGG_SEIZURE, seizure_id, payload)
