"""What the sections of a case allow: an FIR or only a non-cognizable report, and sections the
Supreme Court has struck down or put in abeyance.

Pure functions over the law master; the FIR service, the legacy writer and the importer call them and
decide where each message goes. Dates are IST calendar dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from forms.law_master.master import LawMaster
from forms.law_master.model import Section, SectionRef, short_date

NCR_PROVISION = "BNSS 174"  # CrPC 155 before 1 July 2024
CONSENT_FIELD = "s377_not_consenting_adults"


@dataclass(frozen=True)
class Cognizance:
    """The sections of a case sorted by whether the police may investigate them without a Magistrate's order."""

    cognizable: tuple[Section, ...]
    non_cognizable: tuple[Section, ...]
    undetermined: tuple[
        Section, ...
    ]  # a placeholder or an accessory without its own value: decided elsewhere

    @property
    def all_non_cognizable(self) -> bool:
        """Only non-cognizable offences: the information goes in the NC register, not an FIR (BNSS 174).

        Accessory provisions (IPC 34, 120B, 511 ...) take the value of the offence charged with them and so
        neither add nor remove cognizability; a section whose value is not known here never triggers a refusal.
        """
        return bool(self.non_cognizable) and not self.cognizable and not self.undetermined


def classify(laws: LawMaster, refs: Iterable[SectionRef]) -> Cognizance:
    cognizable: list[Section] = []
    non_cognizable: list[Section] = []
    undetermined: list[Section] = []
    for ref in refs:
        section = laws.resolve(ref)
        if section is None or section.nature in ("procedure", "definition", "penalty"):
            continue
        if section.cognizable is True:
            cognizable.append(section)
        elif section.cognizable is False:
            non_cognizable.append(section)
        elif section.nature != "accessory":
            undetermined.append(section)
    return Cognizance(tuple(cognizable), tuple(non_cognizable), tuple(undetermined))


def all_bailable(laws: LawMaster, refs: Iterable[SectionRef]) -> bool | None:
    """True when every offence charged is bailable (the arrested person is told of the right to bail,
    BNSS 47(2)); False when any is non-bailable; None when a value is not known here (a placeholder).

    Accessory provisions count only when they fix a value themselves (IPC 115: non-bailable)."""
    known = True
    for ref in refs:
        section = laws.resolve(ref)
        if section is None or section.nature in ("procedure", "definition", "penalty"):
            continue
        if section.bailable is False:
            return False
        if section.bailable is None and section.nature != "accessory":
            known = False
    return True if known else None


def ncr_message(cognizance: Cognizance) -> str:
    names = ", ".join(str(s) for s in cognizance.non_cognizable)
    return (
        f"Every section cited ({names}) is non-cognizable, so this information cannot be registered as an FIR. "
        f"Enter its substance in the register of non-cognizable cases (NCR) and refer the informant to the "
        f"Magistrate ({NCR_PROVISION}; CrPC 155 before 1 July 2024). Add a cognizable section only if the facts "
        "disclose one: a case with any cognizable offence is registered as an FIR."
    )


# --- sections struck down or in abeyance ------------------------------------------------------------

Severity = Literal["refuse", "warn"]

ADULTERY = SectionRef("IPC", "497")
SEDITION = SectionRef("IPC", "124A")
UNNATURAL = SectionRef("IPC", "377")

JOSEPH_SHINE = "Joseph Shine v. Union of India, (2019) 3 SCC 39"
JOSEPH_SHINE_ON = date(2018, 9, 27)
VOMBATKERE = "S.G. Vombatkere v. Union of India, W.P.(C) 682/2021, order of 11-05-2022"
VOMBATKERE_ON = date(2022, 5, 11)
NAVTEJ = "Navtej Singh Johar v. Union of India, (2018) 10 SCC 1"
NAVTEJ_ON = date(2018, 9, 6)


@dataclass(frozen=True)
class LawFinding:
    severity: Severity
    section: SectionRef
    message: str
    field: str = "acts_sections"  # the form item the officer corrects


def struck_down_findings(
    laws: LawMaster,
    refs: Iterable[SectionRef],
    *,
    occurrence: date,
    registered_on: date,
    historical: bool,
    not_consenting_adults: bool = False,
) -> list[LawFinding]:
    """Refusals and warnings for sections struck down or in abeyance.

    ``historical`` is a record copied from a paper register: what was lawful when it was written is
    kept with a warning, what was already unlawful then is refused. A new FIR is registered today, so
    the judgments apply to it in full.
    """
    found: list[LawFinding] = []
    for ref in refs:
        section = laws.resolve(ref)
        if section is None:
            continue
        if section.ref == ADULTERY:
            found += _adultery(occurrence, registered_on, historical)
        elif section.ref == SEDITION:
            found += _sedition(registered_on, historical)
        elif section.ref == UNNATURAL:
            found += _unnatural(occurrence, historical, not_consenting_adults)
    return found


def _adultery(occurrence: date, registered_on: date, historical: bool) -> list[LawFinding]:
    struck = f"IPC 497 (adultery) was struck down by the Supreme Court in {JOSEPH_SHINE}, on {short_date(JOSEPH_SHINE_ON)}"
    if occurrence > JOSEPH_SHINE_ON:
        return [LawFinding("refuse", ADULTERY, f"{struck}: adultery on {short_date(occurrence)} was not an offence. "
                           "Remove the section; cite another offence only if the facts disclose one.")]  # fmt: skip
    if historical:
        # Decided by the date of the offence: an FIR of 2015 under IPC 497 was lawful when it was written and
        # is history worth keeping; the warning says that no prosecution can now follow on it.
        return [LawFinding("warn", ADULTERY, f"{struck}; this record of an offence on {short_date(occurrence)} is "
                           "kept as history, but no prosecution can now follow on it.")]  # fmt: skip
    if registered_on > JOSEPH_SHINE_ON:
        return [LawFinding("refuse", ADULTERY, f"{struck}: no FIR can be registered under it now, whatever the "
                           "date of the act.")]  # fmt: skip
    return []


def _sedition(registered_on: date, historical: bool) -> list[LawFinding]:
    order = (
        f"The Supreme Court's order in {VOMBATKERE} keeps IPC 124A (sedition) in abeyance: no FIR may be "
        "registered under it"
    )
    if registered_on > VOMBATKERE_ON:
        # The order is about registering FIRs, so a paper FIR is judged by the day it was registered.
        return [LawFinding("refuse", SEDITION, f"{order} after {short_date(VOMBATKERE_ON)} (this one: "
                           f"{short_date(registered_on)}). Cite another offence only if the facts disclose one.")]  # fmt: skip
    if historical:
        return [LawFinding("warn", SEDITION, f"{order} after {short_date(VOMBATKERE_ON)}, and pending proceedings "
                           f"are in abeyance; this FIR of {short_date(registered_on)} is kept as history.")]  # fmt: skip
    return []


def _unnatural(occurrence: date, historical: bool, confirmed: bool) -> list[LawFinding]:
    read_down = f"IPC 377 no longer covers consensual acts between adults ({NAVTEJ}, decided on {short_date(NAVTEJ_ON)})"
    if historical:
        if occurrence <= NAVTEJ_ON:
            return [LawFinding("warn", UNNATURAL, f"{read_down}; this record of an act on {short_date(occurrence)} "
                               "is kept as history, but no prosecution for a consensual act between adults can now "
                               "follow on it.")]  # fmt: skip
        return [LawFinding("warn", UNNATURAL, f"{read_down}: check in the register that the act of "
                           f"{short_date(occurrence)} was not between consenting adults.")]  # fmt: skip
    if confirmed:
        return []
    return [LawFinding("refuse", UNNATURAL, f"{read_down}. Tick the confirmation that the act was not between "
                       "consenting adults (it was without consent, with a minor, or with an animal), or remove the "
                       "section.", field=CONSENT_FIELD)]  # fmt: skip
