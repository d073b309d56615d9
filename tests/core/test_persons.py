"""The person master: create and update (versioned, audited), Aadhaar never stored in full, photos,
merges and their undoing, and who may do what."""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select, text

from station_app.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from station_app.core.fir_content import verhoeff_valid
from station_app.core.models import AuditEntry
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices
from station_app.core.services.accounts import NewOfficer
from station_app.core.services.persons import IdDocument, PersonInput

IRFAN = PersonInput(
    name="Mohd. Irfan",
    relative_name="Abdul Rashid",
    relative_relation="father",
    age=38,
    age_on=date(2026, 1, 15),
    sex="M",
    present_address="Village Rampur, Post Kakori, Lucknow",
    phones=("+91 98765-43210",),
)


def aadhaar(first_eleven: str) -> str:
    """A number that passes the Verhoeff check, as a real Aadhaar number does."""
    return next(first_eleven + d for d in "0123456789" if verhoeff_valid(first_eleven + d))


def officer(station: StationServices, sho: Actor, username: str, role: Role) -> Actor:
    station.accounts.create_officer(
        sho, NewOfficer(username, "Test Officer", "Constable", "C-1", role), "first-pass-1"
    )
    fresh = station.accounts.login(username, "first-pass-1")
    return station.accounts.change_password(fresh, "first-pass-1", "own-choice-2")  # nothing else before


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_create_keeps_what_was_given_and_derives_the_birth_year(station: StationServices, sho: Actor) -> None:
    person = station.persons.create(sho, IRFAN)
    assert person.phones == ("9876543210",)
    assert (person.age, person.age_on, person.dob, person.birth_year) == (38, date(2026, 1, 15), None, None)
    assert person.birth_year_est == 1988
    assert person.label == "Mohd. Irfan s/o Abdul Rashid, b. ~1988, Village Rampur"
    assert station.persons.get(sho, person.id) == person
    assert station.station.counts()["person"] == 1
    with station.db.read() as s:
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.entity_type == "person")).all()
    assert (entry.action, entry.entity_id, entry.before_digest) == ("person.create", person.id, None)


def test_update_is_version_checked_and_audited(station: StationServices, sho: Actor) -> None:
    person = station.persons.create(sho, IRFAN)
    changed = replace(IRFAN, name_alt="मोहम्मद इरफ़ान", aliases=("Pappu",))
    updated = station.persons.update(sho, person.id, changed, person.version)
    assert (updated.version, updated.name_alt, updated.aliases) == (2, "मोहम्मद इरफ़ान", ("Pappu",))
    with pytest.raises(ConflictError, match="changed at another desk"):
        station.persons.update(sho, person.id, IRFAN, person.version)
    same = station.persons.update(sho, person.id, changed, updated.version)
    assert same.version == 2  # nothing changed: no new version and no audit entry
    assert [h.id for h in station.search.search(sho, "Pappu").hits("person")] == [person.id]
    assert station.station.check_integrity().ok


def test_bad_input_is_refused_at_its_field(station: StationServices, sho: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        station.persons.create(
            sho,
            PersonInput(
                name="  ",
                sex="X",
                dob=date(1990, 5, 1),
                birth_year=1991,
                phones=("12345",),
                relative_relation="uncle",
                id_documents=(IdDocument("ration", "1"),),
            ),
        )
    assert set(err.value.field_errors) == {
        "name", "sex", "birth_year", "phones[0]", "relative_relation", "id_documents[0].kind",
    }  # fmt: skip
    with pytest.raises(ValidationError, match="makes the person 35"):
        station.persons.create(sho, PersonInput("Ram", dob=date(1990, 5, 1), age=40, age_on=date(2026, 1, 1)))


def test_aadhaar_is_never_stored_in_full(station: StationServices, sho: Actor) -> None:
    number = aadhaar("23456789012")
    spaced = f"{number[:4]} {number[4:8]} {number[8:]}"
    data = replace(
        IRFAN, id_documents=(IdDocument("aadhaar", spaced),), permanent_address=f"Rampur ({spaced})"
    )
    person = station.persons.create(sho, data)
    assert person.id_documents == (IdDocument("aadhaar", f"XXXX-XXXX-{number[-4:]}"),)
    assert f"XXXX-XXXX-{number[-4:]}" in person.permanent_address
    # A typed Aadhaar number in a phone or another document's field is refused, not stored.
    with pytest.raises(ValidationError) as err:
        station.persons.create(
            sho, PersonInput("Ram", phones=(number,), id_documents=(IdDocument("pan", number),))
        )
    assert set(err.value.field_errors) == {"phones[0]", "id_documents[0].number"}
    assert number not in err.value.message
    with pytest.raises(ValidationError) as bad:
        station.persons.create(
            sho, PersonInput("Ram", id_documents=(IdDocument("aadhaar", number[:-1] + "0"),))
        )
    assert "check digit" in bad.value.message and number[:8] not in bad.value.message
    # Every value of every table, read back with plain SQL: no trace of the full number.
    with station.db.read() as s:
        conn = s.connection()
        tables = [r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.exec_driver_sql(f'SELECT * FROM "{table}"'):
                for value in row:
                    blob = value if isinstance(value, bytes) else str(value).encode()
                    assert number.encode() not in blob.replace(b" ", b"").replace(b"-", b""), table


def test_photo_is_content_addressed_and_size_capped(station: StationServices, sho: Actor) -> None:
    person = station.persons.create(sho, IRFAN, photo=tiny_png())
    assert person.photo_sha256 is not None
    assert station.persons.photo(sho, person.id) == tiny_png()
    other = station.persons.create(sho, PersonInput("Sunita Devi"), photo=tiny_png())
    assert other.photo_sha256 == person.photo_sha256  # stored once
    with pytest.raises(ValidationError, match="JPEG or PNG"):
        station.persons.set_photo(sho, person.id, b"GIF89a....", person.version)
    with pytest.raises(ValidationError, match="at most 256 KB"):
        station.persons.set_photo(sho, person.id, b"\xff\xd8\xff" + bytes(300_000), person.version)
    cleared = station.persons.set_photo(sho, person.id, None, person.version)
    assert cleared.photo_sha256 is None and cleared.version == 2
    assert station.persons.photo(sho, person.id) is None
    assert station.station.check_integrity().ok


def test_merge_and_unmerge_round_trip_with_audit_entries(station: StationServices, sho: Actor) -> None:
    keep = station.persons.create(sho, IRFAN)
    duplicate = station.persons.create(sho, PersonInput("मोहम्मद इरफ़ान", relative_name="अब्दुल रशीद", sex="M"))
    earlier = station.persons.create(sho, PersonInput("Md Irfan", relative_name="A. Rashid"))
    first = station.persons.merge(sho, duplicate.id, earlier.id, "Same father, same village, same phone")
    merge = station.persons.merge(sho, keep.id, duplicate.id, "Same person: Hindi and English entries")
    assert station.persons.resolve(sho, duplicate.id) == keep.id
    assert station.persons.resolve(sho, earlier.id) == keep.id  # follows the chain
    assert station.persons.get(sho, duplicate.id).merged_into == keep.id
    assert [h.id for h in station.search.search(sho, "इरफ़ान").hits("person")] == [keep.id]
    offered = station.persons.find_matches(sho, PersonInput("Mohd Irfan", relative_name="Abdul Rashid"))
    assert [m.person.id for m in offered] == [keep.id]  # merged records are never offered
    with pytest.raises(ConflictError, match="already merged"):
        station.persons.merge(sho, keep.id, duplicate.id, "again, by mistake")
    with pytest.raises(ConflictError, match="change that record instead"):
        station.persons.update(sho, duplicate.id, IRFAN, duplicate.version + 1)

    undone = station.persons.unmerge(sho, merge.id, "Different fathers after all")
    assert undone.undone_at is not None and undone.undo_reason == "Different fathers after all"
    assert station.persons.resolve(sho, duplicate.id) == duplicate.id
    assert station.persons.resolve(sho, earlier.id) == duplicate.id  # the older merge still stands
    assert {h.id for h in station.search.search(sho, "इरफ़ान").hits("person")} == {keep.id, duplicate.id}
    with pytest.raises(ConflictError, match="already undone"):
        station.persons.unmerge(sho, merge.id, "twice")
    assert [m.id for m in station.persons.merges(sho, duplicate.id)] == [first.id, merge.id]

    with station.db.read() as s:
        actions = [
            (e.action, e.entity_id)
            for e in s.scalars(
                select(AuditEntry).where(AuditEntry.action.like("person.%merge%")).order_by(AuditEntry.seq)
            )
        ]
    assert actions[-4:] == [
        ("person.merge", merge.id), ("person.merged", duplicate.id),
        ("person.unmerge", merge.id), ("person.unmerged", duplicate.id),
    ]  # fmt: skip
    assert station.station.check_integrity().ok  # nothing was deleted; the chain verifies


def test_merge_is_refused_into_a_merged_record_or_itself(station: StationServices, sho: Actor) -> None:
    a = station.persons.create(sho, PersonInput("Ram Kumar"))
    b = station.persons.create(sho, PersonInput("Ram Kumar Yadav"))
    c = station.persons.create(sho, PersonInput("R. K. Yadav"))
    station.persons.merge(sho, a.id, b.id, "same man, two entries")
    with pytest.raises(ConflictError, match="merge into that record instead"):
        station.persons.merge(sho, b.id, c.id, "same man, three entries")
    with pytest.raises(ValidationError):
        station.persons.merge(sho, a.id, a.id, "itself, by mistake")
    with pytest.raises(ValidationError, match="Say why"):
        station.persons.merge(sho, a.id, c.id, "")
    with pytest.raises(NotFoundError):
        station.persons.resolve(sho, "no-such-person")


def test_permissions_are_enforced_in_the_service(station: StationServices, sho: Actor) -> None:
    person = station.persons.create(sho, IRFAN)
    viewer = officer(station, sho, "dsp.viewer", Role.VIEWER)
    operator = officer(station, sho, "hc.ansari", Role.DATA_ENTRY)
    io = officer(station, sho, "si.meena", Role.INVESTIGATING_OFFICER)
    with pytest.raises(PermissionDeniedError, match="may not enter or change persons"):
        station.persons.create(viewer, PersonInput("Ram"))
    with pytest.raises(PermissionDeniedError):
        station.persons.update(viewer, person.id, IRFAN, person.version)
    assert station.persons.get(viewer, person.id).id == person.id  # viewing is allowed
    assert station.search.search(viewer, "irfan").hits("person")
    station.persons.create(operator, PersonInput("Sunita Devi"))  # the desk enters complainants
    other = station.persons.create(io, PersonInput("Sunita"))  # the IO enters accused and witnesses
    for who in (viewer, operator, io):
        with pytest.raises(PermissionDeniedError, match="merge or separate"):
            station.persons.merge(who, person.id, other.id, "looks the same to me")
    with station.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM person_merge")).scalar_one() == 0
