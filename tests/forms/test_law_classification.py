"""Cognizable and bailable values of the law masters (First Schedules of CrPC/BNSS, the special acts),
their sources, and the rules for the NCR route and struck-down sections."""

from __future__ import annotations

from datetime import date

import pytest

from forms.law_master import LawMaster, SectionRef
from forms.law_master.cognizance import (
    CONSENT_FIELD,
    JOSEPH_SHINE,
    NAVTEJ,
    VOMBATKERE,
    all_bailable,
    classify,
    ncr_message,
    struck_down_findings,
)


@pytest.fixture(scope="module")
def laws() -> LawMaster:
    return LawMaster.load()


def test_no_offence_section_lacks_cognizable_or_bailable_values(laws: LawMaster) -> None:
    """The gap list must stay empty: every offence carries both values and where they come from."""
    gaps = [
        str(s)
        for s in laws.sections()
        if s.is_offence and (s.cognizable is None or s.bailable is None or not s.classification_source)
    ]
    assert gaps == []


def test_sections_that_are_not_offences_say_what_they_are(laws: LawMaster) -> None:
    for act in ("CRPC", "BNSS", "BSA", "IEA"):
        assert {s.nature for s in laws.sections(act)} == {"procedure"}, act
    others = {
        str(s): s.nature
        for s in laws.sections()
        if not s.is_offence and s.act not in ("CRPC", "BNSS", "BSA", "IEA")
    }
    assert {k for k, v in others.items() if v == "placeholder"} == {f"EXCISE E{i}" for i in range(1, 7)}
    assert others["IPC 34"] == others["BNS 3(5)"] == others["IPC 120B"] == others["IPC 511"] == "accessory"
    assert others["POCSO 3"] == others["BNS 86"] == others["NDPS 8"] == "definition"
    assert others["IT 43"] == "penalty"
    # Every section that is not procedure says why its values are what they are (or absent).
    assert [
        k
        for k, s in others.items()
        if s != "procedure" and not laws.section(*k.split(" ", 1)).classification_source
    ] == []  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("ref", "cognizable", "bailable"),
    [
        ("IPC 302", True, False), ("BNS 103(1)", True, False),
        ("IPC 323", False, True), ("BNS 115(2)", False, True),
        ("IPC 379", True, False), ("BNS 303(2)", True, False),
        ("IPC 363", True, True), ("BNS 137(2)", True, True),  # kidnapping is bailable
        ("IPC 324", True, True), ("BNS 118(1)", True, True),
        ("IPC 325", True, True), ("BNS 117(2)", True, True),
        ("IPC 420", True, False), ("BNS 318(4)", True, False), ("IPC 417", False, True), ("BNS 318(2)", False, True),
        ("IPC 498A", True, False), ("BNS 85", True, False),
        ("IPC 376", True, False), ("BNS 64(1)", True, False),
        ("IPC 354", True, False), ("BNS 74", True, False), ("IPC 509", True, True), ("BNS 79", True, True),
        ("IPC 304A", True, True), ("BNS 106(1)", True, True), ("IPC 279", True, True), ("BNS 281", True, True),
        ("IPC 147", True, True), ("IPC 148", True, True), ("BNS 191(3)", True, True),
        ("IPC 504", False, True), ("BNS 352", False, True), ("IPC 506", False, True), ("BNS 351(2)", False, True),
        ("BNS 351(3)", False, True), ("IPC 500", False, True), ("BNS 356(2)", False, True),
        ("IPC 406", True, False), ("BNS 316(2)", True, False), ("IPC 411", True, False), ("BNS 317(2)", True, False),
        ("IPC 188", True, True), ("BNS 223", True, True), ("IPC 186", False, True), ("BNS 221", False, True),
        ("IPC 404", False, True), ("BNS 315", False, True), ("BNS 226", False, True), ("BNS 195(1)", True, True), ("IPC 466", False, False), ("IPC 467", False, False),
        ("IPC 224", True, True), ("BNS 262", True, True), ("IPC 216A", True, True), ("BNS 254", True, True),
        ("IPC 497", False, True), ("IPC 124A", True, False), ("IPC 377", True, False),
        ("IPC 505", False, False), ("IPC 505(2)", True, False),
        ("NDPS 20", True, False), ("NDPS 20(b)(ii)(A)", True, True), ("NDPS 27", True, True),
        ("ARMS 25(1B)", True, False), ("ARMS 30", False, True), ("IT 66", True, True), ("IT 67A", True, False),
        ("MVA 185", True, True), ("MVA 181", False, True), ("DPA 3", True, False), ("POCSO 4", True, False),
        ("POCSO 21", False, True), ("ITPA 8", True, True), ("PGA 4", False, True),
    ],
)  # fmt: skip
def test_well_known_values(laws: LawMaster, ref: str, cognizable: bool, bailable: bool) -> None:
    section = laws.resolve(SectionRef(*ref.split(" ", 1)))
    assert section is not None and str(section) == ref
    assert (section.cognizable, section.bailable) == (cognizable, bailable)


def test_sources_are_honest_about_part_two(laws: LawMaster) -> None:
    ipc, bns = laws.section("IPC", "302"), laws.section("BNS", "103(1)")
    assert ipc is not None and ipc.classification_source == "CrPC First Schedule, Part I."
    assert bns is not None and bns.classification_source == "BNSS First Schedule, Part I."
    arms = laws.section("ARMS", "25(1B)")
    assert arms is not None and arms.classification_source is not None
    assert arms.classification_source.startswith("Derived from the First Schedule, Part II")
    ndps = laws.section("NDPS", "20")
    assert ndps is not None and "s.37(1)(a)" in (ndps.classification_source or "")
    it = laws.section("IT", "66")
    assert it is not None and "s.77B" in (it.classification_source or "")


def test_maintenance_crpc_125_is_bnss_144(laws: LawMaster) -> None:
    assert [str(s) for s in laws.equivalents(SectionRef("CRPC", "125"))] == ["BNSS 144"]
    assert [str(s) for s in laws.equivalents(SectionRef("BNSS", "144"))] == ["CRPC 125"]
    assert laws.section("BNSS", "144").nature == "procedure"  # type: ignore[union-attr]


# ----- the NCR route ----------------------------------------------------------------------------


def _refs(*refs: str) -> list[SectionRef]:
    return [SectionRef(*r.split(" ", 1)) for r in refs]


@pytest.mark.parametrize(
    ("refs", "all_nc"),
    [
        (("BNS 115(2)", "BNS 352", "BNS 351(2)"), True),
        (("IPC 323", "IPC 34"), True),  # joint liability takes the value of the offence
        (("BNS 115(2)", "BNS 118(1)"), False),  # mixed: one cognizable offence makes it an FIR
        (("BNS 303(2)",), False),
        (("IPC 34",), False),  # nothing to decide on: not refused here
        (("BNS 115(2)", "EXCISE E5"), False),  # the state act decides E5: not refused
        (("MVA 181",), True),
        (("MVA 185",), False),
        ((), False),
    ],
)  # fmt: skip
def test_all_non_cognizable(laws: LawMaster, refs: tuple[str, ...], all_nc: bool) -> None:
    assert classify(laws, _refs(*refs)).all_non_cognizable is all_nc


def test_ncr_message_names_bnss_174(laws: LawMaster) -> None:
    message = ncr_message(classify(laws, _refs("BNS 115(2)", "BNS 352")))
    assert (
        "BNS 115(2), BNS 352" in message
        and "BNSS 174" in message
        and "cannot be registered as an FIR" in message
    )


# ----- struck down or in abeyance --------------------------------------------------------------


def _findings(laws: LawMaster, ref: str, occurrence: date, registered_on: date, historical: bool,
              confirmed: bool = False) -> list[tuple[str, str]]:  # fmt: skip
    found = struck_down_findings(laws, _refs(ref), occurrence=occurrence, registered_on=registered_on,
                                 historical=historical, not_consenting_adults=confirmed)  # fmt: skip
    return [(f.severity, f.message) for f in found]


@pytest.mark.parametrize(
    ("occurrence", "registered_on", "historical", "severity"),
    [
        (date(2018, 9, 27), date(2018, 9, 27), False, None),  # the judgment's own day: still the law
        (date(2018, 9, 27), date(2018, 9, 28), False, "refuse"),  # registered after it: refused
        (date(2018, 9, 28), date(2018, 9, 28), False, "refuse"),
        (date(2015, 3, 1), date(2015, 3, 2), True, "warn"),  # a paper FIR of 2015 was lawful then
        (date(2018, 9, 27), date(2018, 10, 1), True, "warn"),  # decided by the date of the offence
        (date(2018, 9, 28), date(2018, 10, 1), True, "refuse"),
    ],
)  # fmt: skip
def test_adultery_joseph_shine(laws: LawMaster, occurrence: date, registered_on: date, historical: bool,
                               severity: str | None) -> None:  # fmt: skip
    found = _findings(laws, "IPC 497", occurrence, registered_on, historical)
    assert [s for s, _m in found] == ([severity] if severity else [])
    assert all(JOSEPH_SHINE in m for _s, m in found)


@pytest.mark.parametrize(
    ("registered_on", "historical", "severity"),
    [
        (date(2022, 5, 11), False, None), (date(2022, 5, 12), False, "refuse"),
        (date(2022, 5, 11), True, "warn"), (date(2022, 5, 12), True, "refuse"),
    ],
)  # fmt: skip
def test_sedition_vombatkere(
    laws: LawMaster, registered_on: date, historical: bool, severity: str | None
) -> None:
    found = _findings(laws, "IPC 124A", date(2021, 1, 5), registered_on, historical)
    assert [s for s, _m in found] == ([severity] if severity else [])
    assert all(VOMBATKERE in m for _s, m in found)


def test_unnatural_offence_needs_the_confirmation(laws: LawMaster) -> None:
    refused = struck_down_findings(laws, _refs("IPC 377"), occurrence=date(2023, 5, 1), registered_on=date(2026, 1, 5),
                                   historical=False)  # fmt: skip
    assert [(f.severity, f.field) for f in refused] == [("refuse", CONSENT_FIELD)] and NAVTEJ in refused[
        0
    ].message
    assert _findings(laws, "IPC 377", date(2023, 5, 1), date(2026, 1, 5), False, confirmed=True) == []
    # Paper records: warned, never refused; before the judgment, as history.
    before = _findings(laws, "IPC 377", date(2018, 9, 6), date(2018, 9, 7), True)
    after = _findings(laws, "IPC 377", date(2018, 9, 7), date(2018, 9, 8), True)
    assert [s for s, _ in before] == [s for s, _ in after] == ["warn"]
    assert "kept as history" in before[0][1] and "check in the register" in after[0][1]


def test_other_sections_have_no_findings(laws: LawMaster) -> None:
    assert _findings(laws, "IPC 302", date(2020, 1, 1), date(2026, 1, 1), False) == []


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        (("IPC 363",), True), (("BNS 137(2)", "BNS 3(5)"), True), (("BNS 303(2)", "BNS 115(2)"), False),
        (("IPC 115",), False), (("EXCISE E1",), None), (("BNS 115(2)", "EXCISE E1"), None),
        (("BNS 103(1)", "EXCISE E1"), False), (("BNSS 35",), True),
    ],
)  # fmt: skip
def test_all_bailable_for_the_right_to_bail(
    laws: LawMaster, refs: tuple[str, ...], expected: bool | None
) -> None:
    assert all_bailable(laws, _refs(*refs)) is expected
