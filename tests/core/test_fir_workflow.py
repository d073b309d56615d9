"""FIR registration: gap-free numbers, frozen content, GD ordering, and every kind of bad input."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from station_app.core.db import Database
from station_app.core.errors import ConflictError, PermissionDeniedError, ValidationError
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST
from station_app.core.models import Fir, GdEntry, NumberSeries
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor, Role
from station_app.core.runtime import StationServices, build_services, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.storage import read_key
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.firs import complaint_gd, ist, theft_values


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()  # 2026-11-02 10:00 IST


@pytest.fixture
def svc(
    data_dir: DataDir, keystore: KeyStore, clock: ManualClock, request: pytest.FixtureRequest
) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, clock, IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    if request.node.get_closest_marker("tampers") is None:  # every workflow leaves a verifiable database
        report = outcome.services.station.check_integrity()
        assert report.ok, report
    outcome.services.close()


@pytest.fixture
def actor(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)


def _register(svc: StationServices, actor: Actor, **overrides: Any) -> Any:
    """Register a theft FIR; each call happens half an hour after the previous one."""
    clock = svc.clock
    assert isinstance(clock, ManualClock)
    clock.advance(minutes=30)
    at = clock.now() - timedelta(minutes=10)
    gd = complaint_gd(svc, actor, at=at.astimezone(IST).strftime("%Y-%m-%d %H:%M"))
    overrides.setdefault("info_received_at", (at - timedelta(minutes=5)).astimezone(IST).isoformat())
    draft = svc.firs.new_draft(actor, theft_values(gd, **overrides))
    return svc.firs.register(actor, draft.id, draft.summary.version)


def _state(svc: StationServices) -> tuple[int, int, int]:
    with svc.db.read() as s:
        return (
            int(s.scalar(select(func.count()).select_from(GdEntry)) or 0),
            int(s.scalar(select(func.count()).select_from(Fir).where(Fir.status != "draft")) or 0),
            int(s.scalar(select(func.coalesce(func.sum(NumberSeries.last_number), 0))) or 0),
        )


def test_registration_numbers_freezes_and_writes_the_gd_entry(svc: StationServices, actor: Actor) -> None:
    record = _register(svc, actor)
    assert record.summary.fir_no == "0001/2026"
    content = record.content
    assert content["registered_by"]["name"] == "Anil Kumar Singh"
    assert content["sections"] == [
        {"act": "BNS", "section": "303(2)", "title_en": "Theft", "title_hi": "चोरी"}
    ]
    assert content["values"]["occurrence_from"] == "2026-11-01T21:00:00+05:30"
    assert content["gd_entry"]["number"] == 1
    assert record.digest and len(record.digest) == 64
    auto = svc.diary.list_entries(actor, kind="fir_registered")
    assert [e.subject for e in auto] == ["FIR 0001/2026 registered u/s BNS 303(2)"]
    counts = svc.station.counts()
    assert {k: counts[k] for k in ("fir", "fir_draft", "gd_entry", "officer")} == {
        "fir": 1, "fir_draft": 0, "gd_entry": 2, "officer": 1,
    }  # fmt: skip
    assert _register(svc, actor).summary.fir_no == "0002/2026"


def test_registered_fir_is_immutable_in_the_service_layer(svc: StationServices, actor: Actor) -> None:
    record = _register(svc, actor)
    with pytest.raises(ConflictError) as err:
        svc.firs.save_draft(
            actor, record.id, {**record.values, "narrative": "changed"}, record.summary.version
        )
    assert "cannot be changed" in err.value.message and "alteration memo" in err.value.message
    with pytest.raises(ConflictError):
        svc.firs.register(actor, record.id, record.summary.version)  # the same draft twice
    assert svc.firs.get(actor, record.id).digest == record.digest


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"occurrence_from": ist("2026-11-03 09:00")}, "occurrence_from", "in the future"),
        ({"occurrence_to": ist("2026-11-01 20:00")}, "occurrence_to", "cannot end before it began"),
        ({"info_received_at": ist("2026-11-01 20:30")}, "info_received_at", "before the offence began"),
        ({"complainant_age": 150}, "complainant_age", "at most 120"),
        (
            {"complainant_dob": "1990-01-01", "complainant_age": 46},
            "complainant_age",
            "makes the complainant 36",
        ),
        ({"accused": [{"status": "known", "name": "Raju", "age": 4}]}, "accused[0].age", "at least 7"),
        ({"complainant_name": ""}, "complainant_name", "Name is required"),
        ({"narrative": "  "}, "narrative", "is required"),
        ({"acts_sections": []}, "acts_sections", "is required"),
        ({"acts_sections": [{"act": "IPC", "section": "379"}]}, "acts_sections", "use BNS 303(2)"),
        ({"acts_sections": [{"act": "BNS", "section": "999"}]}, "acts_sections", "BNS 999"),
        ({"acts_sections": [{"act": "XYZ", "section": "1"}]}, "acts_sections", "XYZ"),
        ({"complainant_mobile": "12345"}, "complainant_mobile", "10-digit"),
        ({"action_taken": "refused"}, "refusal_reason", "reason for refusing"),
        ({"outside_limits": True}, "outside_station", "Zero FIR"),
        ({"info_type": "telegram"}, "info_type", "listed options"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_half_saved(
    svc: StationServices, actor: Actor, overrides: dict[str, Any], field: str, fragment: str
) -> None:
    gd = complaint_gd(svc, actor)
    draft = svc.firs.new_draft(actor, theft_values(gd, **overrides))
    before = _state(svc)
    assert fragment in svc.firs.problems(actor, draft.id)[field]
    with pytest.raises(ValidationError) as err:
        svc.firs.register(actor, draft.id, draft.summary.version)
    assert fragment in err.value.field_errors[field]
    assert _state(svc) == before
    assert svc.firs.get(actor, draft.id).summary.status == "draft"


def test_law_in_force_on_the_date_of_occurrence_decides(
    svc: StationServices, actor: Actor, clock: ManualClock
) -> None:
    gd = complaint_gd(svc, actor)
    old = theft_values(
        gd,
        occurrence_from=ist("2024-06-30 22:00"),
        occurrence_to=ist("2024-06-30 23:00"),
        acts_sections=[{"act": "BNS", "section": "303(2)"}],
        delay_reason="The complainant was abroad until this week.",
    )
    draft = svc.firs.new_draft(actor, old)
    assert "use IPC 379" in svc.firs.problems(actor, draft.id)["acts_sections"]
    draft = svc.firs.save_draft(
        actor, draft.id, {**old, "acts_sections": [{"act": "ipc", "section": "379"}]}, draft.summary.version
    )
    record = svc.firs.register(actor, draft.id, draft.summary.version)
    assert record.content["sections"][0]["act"] == "IPC"


def test_fir_may_not_precede_its_gd_entry(svc: StationServices, actor: Actor, clock: ManualClock) -> None:
    gd = complaint_gd(svc, actor, at="2026-11-02 09:55")
    draft = svc.firs.new_draft(actor, theft_values(gd))
    clock.advance(minutes=-30)  # the desk's clock is put back: "now" is 09:30, before the GD entry
    with pytest.raises(ValidationError) as err:
        svc.firs.register(actor, draft.id, draft.summary.version)
    assert "may not precede its General Diary entry" in err.value.field_errors["gd_entry"]


def test_gd_entry_cited_by_two_firs_is_refused(svc: StationServices, actor: Actor) -> None:
    gd = complaint_gd(svc, actor)
    first = svc.firs.new_draft(actor, theft_values(gd))
    svc.firs.register(actor, first.id, first.summary.version)
    second = svc.firs.new_draft(actor, theft_values(gd))
    assert "already cited by FIR 0001/2026" in svc.firs.problems(actor, second.id)["gd_entry"]


def test_gd_cannot_go_back_in_time(svc: StationServices, actor: Actor) -> None:
    complaint_gd(svc, actor, at="2026-11-02 09:40")
    with pytest.raises(ValidationError) as err:
        complaint_gd(svc, actor, at="2026-11-02 08:00")
    assert "cannot go back in time" in err.value.field_errors["entry_at"]
    with pytest.raises(ValidationError) as err:
        complaint_gd(svc, actor, at="2026-11-02 11:00")
    assert "in the future" in err.value.field_errors["entry_at"]


def test_gd_numbers_restart_each_calendar_year_in_ist(
    svc: StationServices, actor: Actor, clock: ManualClock
) -> None:
    from datetime import UTC, datetime

    clock._now = datetime(2026, 12, 31, 18, 40, tzinfo=UTC)  # 00:10 IST on 1 January 2027
    entry = svc.diary.add_entry(
        actor,
        {
            "kind": "other",
            "entry_at": ist("2027-01-01 00:05"),
            "subject": "Day opening",
            "details": "Opening entry.",
        },
    )
    assert (entry.year, entry.number) == (2027, 1)


def test_zero_fir_gets_its_own_series_and_is_transferred(svc: StationServices, actor: Actor) -> None:
    record = _register(
        svc,
        actor,
        outside_limits=True,
        outside_station="Gomti Nagar",
        outside_district="Lucknow",
        outside_state="Uttar Pradesh",
    )
    assert record.summary.fir_no == "Z-0001/2026" and record.content["zero_fir"]
    assert _register(svc, actor).summary.fir_no == "0001/2026"  # the regular series is untouched
    svc.fir_events.transfer_zero_fir(
        actor, record.id, to_station="Gomti Nagar", to_district="Lucknow", to_state="UP", reference="Dak 17/26",
        at=svc.clock.now(),
    )  # fmt: skip
    assert svc.firs.get(actor, record.id).summary.status == "transferred"
    with pytest.raises(ConflictError):
        svc.fir_events.transfer_zero_fir(
            actor, record.id, to_station="X", to_district="Y", to_state="Z", reference="", at=svc.clock.now()
        )


def test_efir_needs_the_informants_signature_within_three_days(
    svc: StationServices, actor: Actor, clock: ManualClock
) -> None:
    gd = complaint_gd(svc, actor)
    received = clock.now()
    efir = svc.firs.receive_efir(actor, theft_values(gd), received)
    assert "after the informant signs" in svc.firs.problems(actor, efir.id)["informant_signed_at"]
    clock.advance(days=3, hours=2)
    late = svc.firs.record_informant_signature(actor, efir.id, clock.now())
    with pytest.raises(ValidationError) as err:
        svc.firs.register(actor, efir.id, late.summary.version)
    assert "more than 3 days" in err.value.field_errors["informant_signed_at"]

    gd2 = complaint_gd(svc, actor, at="2026-11-05 12:00")
    efir2 = svc.firs.receive_efir(
        actor, theft_values(gd2, info_received_at=ist("2026-11-05 11:50")), clock.now()
    )
    clock.advance(days=1)
    signed = svc.firs.record_informant_signature(actor, efir2.id, clock.now())
    record = svc.firs.register(actor, efir2.id, signed.summary.version)
    assert record.content["source"] == "efir" and record.content["values"]["info_type"] == "electronic"


def test_sensitive_sections_are_flagged(svc: StationServices, actor: Actor) -> None:
    record = _register(
        svc, actor, acts_sections=[{"act": "BNS", "section": "64(1)"}], complainant_is_victim=True
    )
    assert record.content["sensitive"] is True
    auto = svc.diary.list_entries(actor, kind="fir_registered")[0]
    assert "Ramesh" not in auto.details  # the diary does not name the victim either


def test_alteration_memo_changes_sections_not_content(svc: StationServices, actor: Actor) -> None:
    record = _register(svc, actor)
    with pytest.raises(ValidationError) as err:
        svc.fir_events.add_alteration(actor, record.id, [{"act": "BNS", "section": "317(2)"}], [], "short")
    assert "reason" in err.value.field_errors
    memo = svc.fir_events.add_alteration(
        actor,
        record.id,
        [{"act": "BNS", "section": "317(2)"}],
        [],
        "The motorcycle was found with a receiver of stolen goods.",
    )
    assert memo.seq == 1 and memo.body["added"][0]["section"] == "317(2)"
    after = svc.firs.get(actor, record.id)
    assert after.digest == record.digest
    assert after.summary.sections_text == "BNS 303(2), BNS 317(2)"
    with pytest.raises(ValidationError) as err:
        svc.fir_events.add_alteration(
            actor,
            record.id,
            [],
            [{"act": "BNS", "section": "303(2)"}, {"act": "BNS", "section": "317(2)"}],
            "Both dropped for a test.",
        )
    assert "at least one section" in err.value.field_errors["removed"]


def test_aadhaar_is_masked_even_in_drafts(svc: StationServices, actor: Actor) -> None:
    gd = complaint_gd(svc, actor)
    draft = svc.firs.new_draft(actor, theft_values(gd, complainant_uid="2345 6789 0124"))
    assert draft.values["complainant_uid"] == "XXXX-XXXX-0124"
    with pytest.raises(ValidationError) as err:
        svc.firs.new_draft(actor, theft_values(gd, complainant_uid="2345 6789 0123"))
    assert "check digit" in err.value.field_errors["complainant_uid"]
    with svc.db.read() as s:
        stored = s.scalar(select(Fir.draft).where(Fir.id == draft.id))
    assert stored is not None and "234567890124" not in stored.replace(" ", "")


def test_a_draft_save_refused_for_a_bad_aadhaar_number_writes_nothing(
    svc: StationServices, actor: Actor
) -> None:
    """issue 13: save_draft used to commit the rest and then raise, so the caller never learnt the new
    version. Now the refusal comes first and nothing is written; the draft's version is unchanged."""
    gd = complaint_gd(svc, actor)
    draft = svc.firs.new_draft(actor, theft_values(gd, narrative="as first typed"))
    changed = theft_values(gd, narrative="typed later", complainant_uid="2345 6789 0123")
    with pytest.raises(ValidationError) as err:
        svc.firs.save_draft(actor, draft.id, changed, draft.summary.version)
    assert "check digit" in err.value.field_errors["complainant_uid"]
    stored = svc.firs.get(actor, draft.id)
    assert stored.summary.version == draft.summary.version
    assert stored.values["narrative"] == "as first typed"
    kept = {k: v for k, v in changed.items() if k != "complainant_uid"}
    saved = svc.firs.save_draft(actor, draft.id, kept, draft.summary.version)  # the caller saves the rest
    assert saved.summary.version == draft.summary.version + 1 and saved.values["narrative"] == "typed later"


def test_only_the_sho_registers(svc: StationServices, actor: Actor) -> None:
    svc.accounts.create_officer(
        actor, NewOfficer("hc.ansari", "Salim Ansari", "HC", "889", Role.DATA_ENTRY), "first-pass-1"
    )
    fresh = svc.accounts.login("hc.ansari", "first-pass-1")
    operator = svc.accounts.change_password(fresh, "first-pass-1", "own-choice-2")
    gd = complaint_gd(svc, actor)  # data-entry operators write no live GD entry (issue 12)
    draft = svc.firs.new_draft(operator, theft_values(gd))
    with pytest.raises(PermissionDeniedError):
        svc.firs.register(operator, draft.id, draft.summary.version)
    assert svc.firs.register(actor, draft.id, draft.summary.version).summary.fir_no == "0001/2026"


def test_draft_edits_from_two_desks_do_not_overwrite_each_other(svc: StationServices, actor: Actor) -> None:
    draft = svc.firs.new_draft(actor, {"narrative": "first words"})
    svc.firs.save_draft(actor, draft.id, {"narrative": "desk one"}, draft.summary.version)
    with pytest.raises(ConflictError):
        svc.firs.save_draft(actor, draft.id, {"narrative": "desk two"}, draft.summary.version)
    assert svc.firs.get(actor, draft.id).values == {"narrative": "desk one"}


@pytest.mark.tampers
def test_verify_detects_an_edited_registered_fir(svc: StationServices, actor: Actor) -> None:
    record = _register(svc, actor)
    assert svc.station.check_integrity().ok
    with svc.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE fir SET content = replace(content, 'Ramesh', 'Rakesh') WHERE id = :id"),
            {"id": record.id},
        )
    problems = svc.station.check_integrity().audit_problems
    assert any(record.id in p for p in problems)


def test_two_desks_registering_at_the_same_instant_get_consecutive_numbers(
    svc: StationServices, actor: Actor, keystore: KeyStore
) -> None:
    drafts = []
    for minute in ("09:40", "09:41", "09:42", "09:43"):
        gd = complaint_gd(svc, actor, at=f"2026-11-02 {minute}")
        drafts.append(svc.firs.new_draft(actor, theft_values(gd)))
    _meta, key = read_key(svc.data_dir, keystore)
    desks = []
    for _ in drafts:
        desk_db = Database(svc.data_dir.database, key)
        desk_db.audit_chain = svc.db.audit_chain  # issue 12: each desk keys its audit entries too
        desks.append(build_services(svc.data_dir, desk_db, svc.clock, svc.laws))
    barrier = threading.Barrier(len(drafts))
    numbers: list[str] = []
    errors: list[BaseException] = []

    def register(desk: StationServices, draft: Any) -> None:
        try:
            barrier.wait()
            numbers.append(desk.firs.register(actor, draft.id, draft.summary.version).summary.fir_no)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=register, args=pair) for pair in zip(desks, drafts, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for desk in desks:
        desk.close()
    assert errors == []
    assert sorted(numbers) == ["0001/2026", "0002/2026", "0003/2026", "0004/2026"]
    assert svc.station.check_integrity().ok
