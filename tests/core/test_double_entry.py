"""Double entry: one operator keys a batch, another re-keys its key items; differences are listed,
resolved (a wrong first value corrects the record, audited and queued) and only then is the batch
accepted. The same account can never do both passes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from station_app.core.errors import ConflictError, PermissionDeniedError, ValidationError
from station_app.core.keys import KeyStore
from station_app.core.models import AuditEntry, Fir, GdEntry, OutboxEntry
from station_app.core.models.legacy import LegacyArrest
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.services.double_entry import BatchInfo
from station_app.core.services.double_entry_fields import OP_CORRECT_LEGACY_RECORD
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.fixtures.import_files import row
from tests.helpers.clock import ManualClock

PASSWORD = "data-entry-2026"


@pytest.fixture
def svc(data_dir: DataDir, keystore: KeyStore) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, ManualClock(), IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    assert outcome.services.station.check_integrity().ok  # every step leaves a verifiable database
    outcome.services.close()


def _operator(svc: StationServices, username: str, name: str, role: Role = Role.DATA_ENTRY) -> Actor:
    sho = svc.accounts.login(SHO.username, SHO_PASSWORD)
    svc.accounts.create_officer(sho, NewOfficer(username, name, "Constable", f"C-{username}", role), PASSWORD)
    # A new account chooses its own password before anything else (the services insist).
    return svc.accounts.change_password(svc.accounts.login(username, PASSWORD), PASSWORD, "own-choice-2")


@pytest.fixture
def first(svc: StationServices) -> Actor:
    return _operator(svc, "asha", "Asha Rani")


@pytest.fixture
def second(svc: StationServices) -> Actor:
    return _operator(svc, "bilal", "Bilal Ahmad")


KEYED = {  # what the second operator types for row("fir") (FIR 12/2019), in other but equal forms
    "fir_number": "012",
    "fir_year": "2019",
    "registered_on": "5-3-2019",
    "acts_sections": "IPC 411, 379",
    "complainant_name": "ram  lal",
}


def _fir_batch(svc: StationServices, first: Actor, *rows: dict[str, str]) -> BatchInfo:
    batch = svc.double_entry.open_batch(first, "fir", "FIR register vol. 3")
    for values in rows:
        done = svc.legacy.digitise(first, "fir", values)
        svc.double_entry.add_record(first, batch.id, done.record_type, done.record_id)
    return svc.double_entry.close_first_pass(first, batch.id)


def _count(svc: StationServices, model: type, *where: object) -> int:
    with svc.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


def test_equal_values_written_differently_are_no_mismatch(
    svc: StationServices, first: Actor, second: Actor
) -> None:
    batch = _fir_batch(svc, first, row("fir"))
    assert (batch.records, batch.status, batch.first_by_name) == (1, "second_pass", "Asha Rani")
    [item] = svc.double_entry.items(second, batch.id)
    assert (item.label, item.source_reference, item.rekeyed) == (
        "FIR 0012/2019",
        "FIR register, vol. 3, p. 118",
        False,
    )
    assert svc.double_entry.rekey(second, item.id, KEYED) == []
    accepted = svc.double_entry.accept(second, batch.id)
    assert (accepted.status, accepted.rekeyed, accepted.mismatches) == ("accepted", 1, 0)


def test_a_mismatch_is_listed_and_a_wrong_first_value_corrects_the_record(
    svc: StationServices, first: Actor, second: Actor
) -> None:
    batch = _fir_batch(
        svc, first, row("fir"), row("fir", fir_number="13", page="119", complainant_name="Sita Devi")
    )
    one, two = svc.double_entry.items(second, batch.id)
    assert svc.double_entry.rekey(second, one.id, KEYED) == []
    found = svc.double_entry.rekey(
        second,
        two.id,
        {**KEYED, "fir_number": "13", "acts_sections": "IPC 380", "complainant_name": "Geeta Devi"},
    )
    assert [(m.record_label, m.field_label, m.first_value, m.second_value) for m in found] == [
        ("FIR 0013/2019", "Acts and sections", "IPC 379, IPC 411", "IPC 380"),
        ("FIR 0013/2019", "Complainant", "Sita Devi", "Geeta Devi"),
    ]
    with pytest.raises(ConflictError, match="differences are not resolved"):
        svc.double_entry.accept(second, batch.id)
    sections, name = found
    svc.double_entry.resolve(second, sections.id, "first")  # the paper says 379, 411: the second pass erred
    fir_before = svc.firs.find(second, 2019, 13)
    assert fir_before.summary.complainant_name == "Sita Devi"  # nothing applied until the record is resolved
    audits, queued = _count(svc, AuditEntry), _count(svc, OutboxEntry)
    resolved = svc.double_entry.resolve(second, name.id, "second")
    assert (resolved.resolution, resolved.resolved_by_name) == ("second", "Bilal Ahmad")

    fir = svc.firs.find(second, 2019, 13)
    assert fir.summary.complainant_name == "Geeta Devi" and fir.values["complainant_name"] == "Geeta Devi"
    assert (
        fir.summary.sections_text == "IPC 379, IPC 411"
        and fir.summary.version == fir_before.summary.version + 1
    )
    assert fir.digest != fir_before.digest and fir.content is not None
    assert fir.content["legacy"]["page"] == "119"  # where it came from is untouched
    with svc.db.read() as s:
        # issue 12: the outbox entry is pinned by an entry of its own, after the record's
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action != "outbox.queued").order_by(AuditEntry.seq.desc())
        ).first()
        assert entry is not None and (entry.action, entry.entity_id) == ("fir.correct", fir.id)
        assert entry.before_digest is not None and entry.summary == "double entry: complainant_name"
        [command] = s.scalars(select(OutboxEntry).where(OutboxEntry.client_seq > queued))
    assert _count(svc, AuditEntry) == audits + 3  # the resolution, the correction, its outbox entry
    payload = json.loads(command.payload)
    assert (command.op_name, command.aggregate_id) == (OP_CORRECT_LEGACY_RECORD, fir.id)
    assert payload["fields"] == {"complainant_name": {"from": "Sita Devi", "to": "Geeta Devi"}}
    assert payload["content_digest"] == fir.digest

    done = svc.double_entry.accept(second, batch.id)
    assert (done.status, done.open_mismatches, done.mismatches) == ("accepted", 0, 2)
    with pytest.raises(ConflictError):
        svc.double_entry.resolve(second, sections.id, "second")


def test_the_same_operator_cannot_do_both_passes(svc: StationServices, first: Actor, second: Actor) -> None:
    batch = _fir_batch(svc, first, row("fir"))
    [item] = svc.double_entry.items(first, batch.id)
    with pytest.raises(PermissionDeniedError, match="another operator must re-key it"):
        svc.double_entry.rekey(first, item.id, KEYED)
    svc.double_entry.rekey(second, item.id, {**KEYED, "complainant_name": "Shyam Lal"})
    [mismatch] = svc.double_entry.mismatches(first, batch.id)
    with pytest.raises(PermissionDeniedError, match="another officer resolves"):
        svc.double_entry.resolve(first, mismatch.id, "first")
    svc.double_entry.resolve(second, mismatch.id, "first")
    with pytest.raises(PermissionDeniedError, match="another officer accepts it"):
        svc.double_entry.accept(first, batch.id)
    # Nor may anyone re-key a record they digitised themselves, even in another's batch.
    sho = svc.accounts.login(SHO.username, SHO_PASSWORD)
    own = svc.double_entry.open_batch(first, "fir")
    done = svc.legacy.digitise(sho, "fir", row("fir", fir_number="14", page="120"))
    svc.double_entry.add_record(first, own.id, done.record_type, done.record_id)
    svc.double_entry.close_first_pass(first, own.id)
    [other] = svc.double_entry.items(sho, own.id)
    with pytest.raises(PermissionDeniedError, match="You digitised FIR 0014/2019"):
        svc.double_entry.rekey(sho, other.id, {**KEYED, "fir_number": "14"})
    # A viewer cannot take part at all.
    viewer = _operator(svc, "vinod", "Vinod", Role.VIEWER)
    with pytest.raises(PermissionDeniedError):
        svc.double_entry.rekey(viewer, other.id, KEYED)


def test_the_batch_waits_for_every_record_and_the_first_pass_to_close(
    svc: StationServices, first: Actor, second: Actor
) -> None:
    batch = svc.double_entry.open_batch(first, "fir")
    with pytest.raises(ConflictError, match="no records yet"):
        svc.double_entry.close_first_pass(first, batch.id)
    done = svc.legacy.digitise(first, "fir", row("fir"))
    svc.double_entry.add_record(first, batch.id, done.record_type, done.record_id)
    svc.double_entry.add_record(first, batch.id, done.record_type, done.record_id)  # again: no change
    with pytest.raises(PermissionDeniedError):
        svc.double_entry.add_record(second, batch.id, done.record_type, done.record_id)
    [item] = svc.double_entry.items(second, batch.id)
    with pytest.raises(ConflictError, match="not closed this batch"):
        svc.double_entry.rekey(second, item.id, KEYED)
    svc.double_entry.close_first_pass(first, batch.id)
    with pytest.raises(ConflictError, match="1 of 1 records are not re-keyed"):
        svc.double_entry.accept(second, batch.id)
    with pytest.raises(ConflictError, match="closed for checking"):
        svc.double_entry.add_record(first, batch.id, done.record_type, done.record_id)
    gd = svc.legacy.digitise(first, "gd", row("gd"))
    with pytest.raises(ValidationError):
        svc.double_entry.add_record(
            first, svc.double_entry.open_batch(first, "fir").id, gd.record_type, gd.record_id
        )


def test_rekeyed_values_are_checked_at_their_field(svc: StationServices, first: Actor, second: Actor) -> None:
    [item] = svc.double_entry.items(second, _fir_batch(svc, first, row("fir")).id)
    with pytest.raises(ValidationError) as err:
        svc.double_entry.rekey(
            second,
            item.id,
            {**KEYED, "acts_sections": "BNS 303(2)", "registered_on": "31-02-2019", "fir_year": ""},
        )
    errors = err.value.field_errors
    assert set(errors) == {"acts_sections", "registered_on", "fir_year"}
    assert errors["acts_sections"].startswith("BNS came into force on 1 July 2024")
    assert errors["registered_on"].startswith(
        "'31-02-2019' is not a possible date: February 2019 has 28 days."
    )
    assert errors["fir_year"].startswith("Year is blank.")


def test_number_and_date_corrections_move_the_record_or_are_refused(
    svc: StationServices, first: Actor, second: Actor
) -> None:
    svc.legacy.digitise(first, "fir", row("fir", fir_number="21", page="130"))
    batch = _fir_batch(svc, first, row("fir", fir_number="20", page="129"))
    [item] = svc.double_entry.items(second, batch.id)
    # The second pass reads 21 (another FIR has that number) and 06-03 for the date.
    found = svc.double_entry.rekey(
        second, item.id, {**KEYED, "fir_number": "21", "registered_on": "06-03-2019"}
    )
    assert {m.field for m in found} == {"fir_number", "registered_on"}
    number = next(m for m in found if m.field == "fir_number")
    svc.double_entry.resolve(second, next(m for m in found if m.field == "registered_on").id, "second")
    with pytest.raises(ValidationError) as err:
        svc.double_entry.resolve(second, number.id, "second")
    assert err.value.field_errors["fir_number"].startswith(
        "21/2019 is already another record of this register"
    )
    assert svc.double_entry.batch(second, batch.id).open_mismatches == 1  # rolled back: still open
    assert svc.firs.find(second, 2019, 20).summary.registered_at is not None

    # Once a difference of a record is resolved, the record cannot be re-keyed over it.
    with pytest.raises(ConflictError, match="being resolved"):
        svc.double_entry.rekey(second, item.id, {**KEYED, "fir_number": "22"})


def test_a_clean_renumbering(svc: StationServices, first: Actor, second: Actor) -> None:
    batch = _fir_batch(svc, first, row("fir", fir_number="20", page="129"))
    [item] = svc.double_entry.items(second, batch.id)
    [number] = svc.double_entry.rekey(second, item.id, {**KEYED, "fir_number": "22"})
    svc.double_entry.resolve(second, number.id, "second")
    fir = svc.firs.find(second, 2019, 22)
    assert (
        fir.summary.fir_no == "0022/2019" and fir.content is not None and fir.content["fir_no"] == "0022/2019"
    )
    assert _count(svc, Fir, Fir.number == 20) == 0
    svc.double_entry.accept(second, batch.id)


def test_year_and_date_both_wrong_are_corrected_together(
    svc: StationServices, first: Actor, second: Actor
) -> None:
    batch = _fir_batch(svc, first, row("fir"))
    [item] = svc.double_entry.items(second, batch.id)
    found = svc.double_entry.rekey(
        second, item.id, {**KEYED, "fir_year": "2020", "registered_on": "05-03-2020"}
    )
    for m in found:
        svc.double_entry.resolve(second, m.id, "second")
    fir = svc.firs.find(second, 2020, 12)
    assert fir.summary.registered_at is not None and fir.summary.registered_at.year == 2020


def test_gd_and_arrest_batches(svc: StationServices, first: Actor, second: Actor) -> None:
    gd_batch = svc.double_entry.open_batch(first, "gd")
    gd = svc.legacy.digitise(first, "gd", row("gd"))
    svc.double_entry.add_record(first, gd_batch.id, gd.record_type, gd.record_id)
    svc.double_entry.close_first_pass(first, gd_batch.id)
    [item] = svc.double_entry.items(second, gd_batch.id)
    keyed = {
        "gd_number": "23",
        "gd_year": "2019",
        "entry_on": "05-03-2019",
        "entry_time": "10:45",
        "entry_kind": "complaint",
    }
    [time] = svc.double_entry.rekey(second, item.id, keyed)
    assert (time.field, time.first_value, time.second_value) == ("entry_time", "10:40", "10:45")
    svc.double_entry.resolve(second, time.id, "second")
    with svc.db.read() as s:
        entry = s.get(GdEntry, gd.record_id)
        assert entry is not None and entry.entry_at.minute == 15  # 10:45 IST is 05:15 UTC
    svc.double_entry.accept(second, gd_batch.id)

    arrests = svc.double_entry.open_batch(first, "arrest")
    arrest = svc.legacy.digitise(first, "arrest", row("arrest"))
    svc.double_entry.add_record(first, arrests.id, arrest.record_type, arrest.record_id)
    svc.double_entry.close_first_pass(first, arrests.id)
    [item] = svc.double_entry.items(second, arrests.id)
    keyed = {"arrest_number": "7", "arrest_year": "2019", "arrested_on": "07-03-2019", "acts_sections": "IPC 379, 411",
             "name": "Monu"}  # fmt: skip
    [name] = svc.double_entry.rekey(second, item.id, keyed)
    svc.double_entry.resolve(second, name.id, "second")
    with svc.db.read() as s:
        stored = s.get(LegacyArrest, arrest.record_id)
        assert stored is not None and stored.name == "Monu"
        assert json.loads(stored.content)["person"]["name"] == "Monu"
    assert svc.legacy.arrest(second, arrest.record_id).name == "Monu"
    assert {b.kind for b in svc.double_entry.batches(second)} == {"gd", "arrest"}
    assert [b.kind for b in svc.double_entry.batches(second, status="second_pass")] == ["arrest"]
