"""Issue 11 §1 in the services: victim details required in sensitive cases, victims recorded as
persons at registration, and what officers without the need to know see and may print."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from station_app.core.errors import PermissionDeniedError, ValidationError
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST
from station_app.core.models import AuditEntry, OutboxEntry, Person
from station_app.core.paths import DataDir
from station_app.core.permissions import ROLE_PERMISSIONS, Actor, Permission, Role
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.accounts import NewOfficer
from station_app.core.services.person_input import PersonInput
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.firs import complaint_gd, theft_values
from tests.helpers.pdf import english, hindi

VICTIM = {
    "victim_name": "Priya Sharma / प्रिया शर्मा",
    "victim_aliases": "Pinki",
    "victim_relative_name": "Ashok Sharma",
    "victim_age": 24,
    "victim_sex": "F",
    "victim_address": "House 22, Gomti Nagar, Lucknow",
    "victim_phone": "7007123456",
    "narrative": "Priya Sharma was followed home to Gomti Nagar and her phone 7007123456 was called again and again.",
}


@pytest.fixture
def svc(data_dir: DataDir, keystore: KeyStore) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, ManualClock(), IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    assert outcome.services.station.check_integrity().ok
    outcome.services.close()


@pytest.fixture
def sho(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)


def officer(svc: StationServices, sho: Actor, role: Role) -> Actor:
    name = f"officer.{role.value}"
    svc.accounts.create_officer(
        sho, NewOfficer(name, f"Officer {role.value}", "HC", "1", role), "first-pass-1"
    )
    return svc.accounts.login(name, "first-pass-1")


def draft(svc: StationServices, sho: Actor, **overrides: Any) -> Any:
    clock = svc.clock
    assert isinstance(clock, ManualClock)
    clock.advance(minutes=30)
    at = clock.now() - timedelta(minutes=10)
    gd = complaint_gd(svc, sho, at=at.astimezone(IST).strftime("%Y-%m-%d %H:%M"))
    overrides.setdefault("info_received_at", (at - timedelta(minutes=5)).astimezone(IST).isoformat())
    return svc.firs.new_draft(sho, theft_values(gd, **overrides))


def register(svc: StationServices, sho: Actor, **overrides: Any) -> Any:
    record = draft(svc, sho, **overrides)
    return svc.firs.register(sho, record.id, record.summary.version)


def test_only_the_sho_and_the_io_may_see_a_victims_identity() -> None:
    allowed = {r for r, perms in ROLE_PERMISSIONS.items() if Permission.VIEW_VICTIM_IDENTITY in perms}
    assert allowed == {Role.SHO, Role.INVESTIGATING_OFFICER}


@pytest.mark.parametrize(
    ("section", "sensitive"), [("79", True), ("80(2)", False), ("64(1)", True), ("63", False)]
)
def test_victim_details_are_required_exactly_when_a_sensitive_section_is_chosen(
    svc: StationServices, sho: Actor, section: str, sensitive: bool
) -> None:
    record = draft(svc, sho, acts_sections=[{"act": "BNS", "section": section}])
    problems = svc.firs.problems(sho, record.id)
    for name in ("victim_name", "victim_age", "victim_sex"):
        assert (name in problems) is sensitive, (section, name, problems)
    if sensitive:
        assert "tick 'The complainant is the victim'" in problems["victim_name"]


def test_complainant_is_victim_is_one_tick(svc: StationServices, sho: Actor) -> None:
    record = draft(svc, sho, acts_sections=[{"act": "BNS", "section": "64(1)"}], complainant_is_victim=True)
    assert not {"victim_name", "victim_age", "victim_sex"} & set(svc.firs.problems(sho, record.id))
    no_age = draft(
        svc,
        sho,
        acts_sections=[{"act": "BNS", "section": "64(1)"}],
        complainant_is_victim=True,
        complainant_age=None,
    )
    assert "complainant_age" in svc.firs.problems(sho, no_age.id)


def test_registration_records_each_victim_as_a_person_linked_to_the_fir(
    svc: StationServices, sho: Actor
) -> None:
    record = register(
        svc, sho, acts_sections=[{"act": "BNS", "section": "78(2)"}], **VICTIM,
        other_victims=[{"name": "Neha Verma", "age": 16, "sex": "F"}],
    )  # fmt: skip
    links = record.content["victims"]
    assert [(v["label"], v["role"]) for v in links] == [("V1", "victim"), ("V2", "victim")]
    with svc.db.read() as session:
        first = session.get(Person, links[0]["person_id"])
        second = session.get(Person, links[1]["person_id"])
        assert first is not None and second is not None
        assert (first.name, first.name_alt, first.sex, first.age) == ("Priya Sharma", "प्रिया शर्मा", "F", 24)
        assert "Pinki" in first.aliases and "7007123456" in first.phones
        assert (second.name, second.age) == ("Neha Verma", 16)
        assert session.scalar(select(AuditEntry).where(AuditEntry.entity_id == first.id)) is not None


@pytest.mark.parametrize(("age", "sensitive"), [(17, True), (18, False)])
def test_a_child_victim_makes_any_fir_sensitive(
    svc: StationServices, sho: Actor, age: int, sensitive: bool
) -> None:
    record = register(svc, sho, victim_name="Rohit Verma", victim_age=age, victim_sex="M")
    assert record.content["sensitive"] is sensitive and record.summary.sensitive is sensitive


@pytest.mark.parametrize("role", [Role.VIEWER, Role.DATA_ENTRY])
def test_officers_without_the_need_to_know_see_labels(svc: StationServices, sho: Actor, role: Role) -> None:
    record = register(svc, sho, acts_sections=[{"act": "BNS", "section": "78(2)"}], **VICTIM)
    reader = officer(svc, sho, role)
    seen = svc.firs.visible(reader, record.summary.year, record.summary.number)
    text = str(seen.content)
    for item in ("Priya", "प्रिया", "Pinki", "Ashok", "Gomti", "7007123456", "Ramesh", "9839012345"):
        assert item not in text, item
    assert seen.values["victim_name"] == "[Victim V1 / पीड़ित V1]"
    assert seen.summary.complainant_name.startswith("[Informant")
    full = svc.firs.visible(sho, record.summary.year, record.summary.number)
    assert full.values["victim_name"] == VICTIM["victim_name"]
    io = officer(svc, sho, Role.INVESTIGATING_OFFICER)
    assert (
        svc.firs.visible(io, record.summary.year, record.summary.number).values["victim_phone"]
        == "7007123456"
    )


def test_who_may_print_which_copy_and_every_print_is_audited(svc: StationServices, sho: Actor) -> None:
    sensitive = register(svc, sho, acts_sections=[{"act": "BNS", "section": "78(2)"}], **VICTIM)
    plain = register(svc, sho)
    viewer = officer(svc, sho, Role.VIEWER)
    for copy in ("informant", "court"):
        with pytest.raises(PermissionDeniedError, match="holds the identity of the victim"):
            svc.fir_print.copy_pdf(viewer, sensitive.id, copy)  # type: ignore[arg-type]
        svc.fir_print.copy_pdf(viewer, plain.id, copy)  # type: ignore[arg-type]
        pdf = svc.fir_print.copy_pdf(sho, sensitive.id, copy)  # type: ignore[arg-type]
        assert "Gomti Nagar" in " ".join(english(pdf))
    for copy in ("sp", "public"):
        pdf = svc.fir_print.copy_pdf(viewer, sensitive.id, copy)  # type: ignore[arg-type]
        en, hi = " ".join(english(pdf)), " ".join(hindi(pdf))
        for item in ("Priya", "प्रिया", "Pinki", "Gomti", "7007123456"):
            assert item not in en and item not in hi, item
    with svc.db.read() as session:
        prints = session.scalars(select(AuditEntry).where(AuditEntry.action == "fir.print")).all()
        assert len(prints) == 2 + 2 + 2  # the refused prints are not printed, so not audited
        assert {p.officer_username for p in prints} == {viewer.username, sho.username}
        assert any("public copy" in p.summary for p in prints)


def test_a_bad_victim_phone_never_loses_the_link(svc: StationServices, sho: Actor) -> None:
    record = register(
        svc, sho, acts_sections=[{"act": "BNS", "section": "78(2)"}], **{**VICTIM, "victim_phone": "12345-6"}
    )
    with svc.db.read() as session:
        person = session.get(Person, record.content["victims"][0]["person_id"])
        assert person is not None and person.name == "Priya Sharma"


def test_a_bad_victim_phone_is_refused_by_the_form(svc: StationServices, sho: Actor) -> None:
    record = draft(svc, sho, victim_phone="abc")
    with pytest.raises(ValidationError):
        svc.firs.register(sho, record.id, record.summary.version)


def test_an_alteration_memo_adding_a_sensitive_section_masks_from_then_on(
    svc: StationServices, sho: Actor
) -> None:
    record = register(svc, sho, **VICTIM)  # a theft, the victim an adult: nothing withheld yet
    viewer = officer(svc, sho, Role.VIEWER)
    before = " ".join(english(svc.fir_print.copy_pdf(viewer, record.id, "public")))
    assert "Gomti Nagar" in before and "must not be disclosed" not in before
    svc.fir_events.add_alteration(
        sho, record.id, [{"act": "BNS", "section": "64(1)"}], [], "The victim's statement discloses rape."
    )
    after = " ".join(english(svc.fir_print.copy_pdf(viewer, record.id, "public")))
    assert "Gomti Nagar" not in after and "Priya" not in after and "7007123456" not in after
    assert "Identity of the victim withheld (BNS 72)" in after
    with pytest.raises(PermissionDeniedError):
        svc.fir_print.copy_pdf(viewer, record.id, "court")
    court = " ".join(english(svc.fir_print.copy_pdf(sho, record.id, "court")))
    assert "Identity of the victim must not be disclosed (BNS 72)" in court and "Gomti Nagar" in court
    seen = svc.firs.visible(viewer, record.summary.year, record.summary.number)
    assert "Priya" not in str(seen.content)


def test_the_person_register_withholds_victims_of_sensitive_cases(svc: StationServices, sho: Actor) -> None:
    record = register(svc, sho, acts_sections=[{"act": "BNS", "section": "78(2)"}], **VICTIM)
    adult_theft = register(svc, sho, victim_name="Kamla Prasad", victim_age=50, victim_sex="M")
    person_id = record.content["victims"][0]["person_id"]
    viewer = officer(svc, sho, Role.VIEWER)
    io = officer(svc, sho, Role.INVESTIGATING_OFFICER)
    assert [h.id for h in svc.search.search_persons(sho, "Priya Sharma")] == [person_id]
    assert [h.id for h in svc.search.search_persons(io, "Priya Sharma")] == [person_id]
    assert svc.search.search_persons(viewer, "Priya Sharma") == []
    assert not svc.search.search(viewer, "Priya").hits("person")
    with pytest.raises(PermissionDeniedError, match="victim of a sensitive case"):
        svc.persons.get(viewer, person_id)
    assert svc.persons.get(io, person_id).name == "Priya Sharma"
    candidate = PersonInput(name="Priya Sharma", relative_name="Ashok Sharma")
    assert person_id in [m.person.id for m in svc.persons.find_matches(sho, candidate)]
    assert person_id not in [m.person.id for m in svc.persons.find_matches(viewer, candidate)]
    # The victim of a case that is not sensitive is a person like any other.
    other = adult_theft.content["victims"][0]["person_id"]
    assert svc.persons.get(viewer, other).name == "Kamla Prasad"


def test_the_export_of_held_back_commands_follows_the_need_to_know(svc: StationServices, sho: Actor) -> None:
    record = register(svc, sho, acts_sections=[{"act": "BNS", "section": "78(2)"}], **VICTIM)
    person_id = record.content["victims"][0]["person_id"]
    with svc.db.write() as session:  # as the state server would answer: held back for the IT admin
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.aggregate_id.in_([record.id, person_id]))
            .values(status="quarantined", last_error_code="invalid", last_error_detail="test")
        )
    clerk = officer(svc, sho, Role.DATA_ENTRY)
    masked = svc.outbox.export(clerk)
    for item in ("Priya", "प्रिया", "Pinki", "Gomti", "7007123456", "Ashok"):
        assert item not in masked, item
    assert "[Victim V1" in masked and "the victim of a sensitive case" in masked
    full = svc.outbox.export(sho)
    assert "Priya" in full and "7007123456" in full
