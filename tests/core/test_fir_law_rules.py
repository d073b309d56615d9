"""FIR registration refuses what the law does not allow: only non-cognizable offences (the NCR route,
BNSS 174), and sections struck down or in abeyance (IPC 497, IPC 124A, IPC 377 without confirmation)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from forms.law_master.cognizance import CONSENT_FIELD
from station_app.core.errors import ValidationError
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices, set_up_station
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.firs import complaint_gd, theft_values


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()  # 2026-11-02 10:00 IST


@pytest.fixture
def svc(data_dir: DataDir, keystore: KeyStore, clock: ManualClock) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, clock, IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    outcome.services.close()


@pytest.fixture
def actor(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)


def _draft(svc: StationServices, actor: Actor, sections: list[str], occurred: datetime, **extra: Any) -> Any:
    """A draft FIR for an offence at ``occurred`` (IST), its complaint recorded ten minutes ago."""
    now = svc.clock.now().astimezone(IST)
    gd = complaint_gd(svc, actor, at=(now - timedelta(minutes=10)).strftime("%Y-%m-%d %H:%M"))
    values = theft_values(
        gd,
        acts_sections=[{"act": a, "section": n} for a, n in (s.split(" ", 1) for s in sections)],
        occurrence_from=occurred.isoformat(),
        occurrence_to=(occurred + timedelta(hours=1)).isoformat(),
        info_received_at=(now - timedelta(minutes=15)).isoformat(),
        delay_reason="The complainant was away from the district.",
        **extra,
    )
    return svc.firs.new_draft(actor, values)


def _refusal(svc: StationServices, actor: Actor, draft: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as err:
        svc.firs.register(actor, draft.id, draft.summary.version)
    return err.value.field_errors


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=IST)


# ----- the NCR route ------------------------------------------------------------------------------


def test_only_non_cognizable_sections_are_refused_with_the_ncr_route(
    svc: StationServices, actor: Actor
) -> None:
    draft = _draft(svc, actor, ["BNS 115(2)", "BNS 352", "BNS 351(2)"], _at("2026-11-01 20:00"))
    message = svc.firs.problems(actor, draft.id)["acts_sections"]  # what the form shows at item 2
    assert (
        "BNS 115(2), BNS 352, BNS 351(2)" in message and "BNSS 174" in message and "non-cognizable" in message
    )
    assert _refusal(svc, actor, draft)["acts_sections"] == message
    assert svc.firs.get(actor, draft.id).summary.status == "draft"  # nothing was numbered


def test_one_cognizable_section_makes_it_an_fir(svc: StationServices, actor: Actor) -> None:
    draft = _draft(svc, actor, ["BNS 115(2)", "BNS 118(1)", "BNS 352"], _at("2026-11-01 20:00"))
    assert "acts_sections" not in svc.firs.problems(actor, draft.id)
    assert svc.firs.register(actor, draft.id, draft.summary.version).summary.fir_no == "0001/2026"


def test_joint_liability_does_not_make_a_non_cognizable_case_cognizable(
    svc: StationServices, actor: Actor
) -> None:
    draft = _draft(svc, actor, ["BNS 115(2)", "BNS 3(5)"], _at("2026-11-01 20:00"))
    assert "BNSS 174" in _refusal(svc, actor, draft)["acts_sections"]


# ----- struck down or in abeyance ------------------------------------------------------------------


@pytest.mark.parametrize(("registered", "refused"), [("2018-09-27 18:00", False), ("2018-09-28 10:00", True)])
def test_adultery_after_joseph_shine(svc: StationServices, actor: Actor, clock: ManualClock, registered: str,
                                     refused: bool) -> None:  # fmt: skip
    clock._now = _at(registered)
    draft = _draft(svc, actor, ["IPC 497", "IPC 498A"], _at("2018-09-27 08:00"))
    if refused:
        assert "Joseph Shine v. Union of India" in _refusal(svc, actor, draft)["acts_sections"]
    else:
        assert svc.firs.register(actor, draft.id, draft.summary.version).registered


@pytest.mark.parametrize(("registered", "refused"), [("2022-05-11 18:00", False), ("2022-05-12 10:00", True)])
def test_sedition_after_vombatkere(svc: StationServices, actor: Actor, clock: ManualClock, registered: str,
                                   refused: bool) -> None:  # fmt: skip
    clock._now = _at(registered)
    draft = _draft(svc, actor, ["IPC 124A"], _at("2022-05-10 20:00"))
    if refused:
        assert "S.G. Vombatkere v. Union of India" in _refusal(svc, actor, draft)["acts_sections"]
    else:
        assert svc.firs.register(actor, draft.id, draft.summary.version).registered


def test_unnatural_offence_needs_the_consent_confirmation(svc: StationServices, actor: Actor) -> None:
    draft = _draft(svc, actor, ["IPC 377"], _at("2024-03-01 22:00"))
    problems = svc.firs.problems(actor, draft.id)
    assert "Navtej Singh Johar" in problems[CONSENT_FIELD] and "acts_sections" not in problems
    assert CONSENT_FIELD in _refusal(svc, actor, draft)
    values = {**svc.firs.get(actor, draft.id).values, CONSENT_FIELD: True}
    draft = svc.firs.save_draft(actor, draft.id, values, draft.summary.version)
    record = svc.firs.register(actor, draft.id, draft.summary.version)
    assert record.content is not None and record.content["values"][CONSENT_FIELD] is True


def test_an_alteration_cannot_add_a_section_in_abeyance(svc: StationServices, actor: Actor) -> None:
    draft = _draft(svc, actor, ["IPC 379"], _at("2022-05-10 20:00"))
    fir = svc.firs.register(actor, draft.id, draft.summary.version)
    with pytest.raises(ValidationError) as err:
        svc.fir_events.add_alteration(
            actor, fir.id, [{"act": "IPC", "section": "124A"}], [], "Speech found on video."
        )
    assert "S.G. Vombatkere v. Union of India" in err.value.field_errors["added"]
    svc.fir_events.add_alteration(
        actor, fir.id, [{"act": "IPC", "section": "411"}], [], "Property found with him."
    )


def test_a_struck_down_section_is_named_before_the_ncr_route(svc: StationServices, actor: Actor) -> None:
    draft = _draft(svc, actor, ["IPC 497"], _at("2019-01-05 20:00"))  # non-cognizable, and struck down
    message = svc.firs.problems(actor, draft.id)["acts_sections"]
    assert "Joseph Shine v. Union of India" in message and "BNSS 174" not in message
