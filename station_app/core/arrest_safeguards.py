"""The safeguards of an arrest that the app can check (domain.md §11), decided when the memo is recorded
and frozen with it so that its print says what held at the time:

- BNSS 43(5): no woman arrested after sunset and before sunrise, save in exceptional circumstances,
  by a woman officer, with the prior permission of the Judicial Magistrate; 43(1): a woman officer's
  arrest of a woman is recorded. Sunset and sunrise come from ``sun.daylight``.
- BNSS 35(7): for an offence punishable with less than three years, a person who is infirm or above
  sixty years of age is arrested only with the prior permission of an officer not below DSP. "Above
  sixty" is read as more than 60 completed years: a person aged exactly 60 is not above sixty.
  A section whose maximum punishment the law master does not give counts as under three years, so the
  permission is asked for rather than silently skipped.
- BNSS 47(2): the memo tells of the right to bail only when every section is bailable; a section the
  law master gives no bailable value for counts as NOT bailable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from forms.law_master import LawMaster, SectionRef
from forms.validation import is_blank
from station_app.core.localtime import IST, iso_ist, ist_date
from station_app.core.sun import Daylight, daylight

SENIOR_AGE = 60  # "above sixty years of age": more than this many completed years
SHORT_TERM_YEARS = 3  # "punishable with imprisonment for less than three years"
MIN_REASON = 20


@dataclass(frozen=True)
class Safeguards:
    light: Daylight
    at_night: bool
    woman: bool
    sex_unknown: bool
    age: int | None
    under_three_years: bool
    unknown_punishment: tuple[str, ...]
    bail_right: bool
    not_bailable: tuple[str, ...]  # sections not bailable, or without a bailable value
    arrest: bool  # an arrest by the police, not a surrender in court

    @property
    def woman_at_night(self) -> bool:
        return self.arrest and self.woman and self.at_night

    @property
    def senior(self) -> bool:
        return self.age is not None and self.age > SENIOR_AGE

    def dsp_permission_needed(self, infirm: bool) -> bool:
        return self.arrest and self.under_three_years and (infirm or self.senior)

    def frozen(self, infirm: bool) -> dict[str, Any]:
        """What the memo keeps: the facts its print relies on."""
        return {
            "bail_right": self.bail_right, "not_bailable": list(self.not_bailable),
            "at_night": self.at_night, "sunrise": iso_ist(self.light.sunrise), "sunset": iso_ist(self.light.sunset),
            "sun_source": self.light.source, "woman": self.woman, "age": self.age,
            "under_three_years": self.under_three_years, "dsp_permission_needed": self.dsp_permission_needed(infirm),
        }  # fmt: skip


def age_in_years(card: Mapping[str, Any], on: date) -> int | None:
    """Completed years on ``on``: exact from a date of birth; from a year of birth the larger of the
    two possible ages (the safeguard is not lost to a missing day and month); else the stated age."""
    if card.get("dob"):
        born = date.fromisoformat(str(card["dob"]))
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if card.get("birth_year"):
        return on.year - int(card["birth_year"])
    return int(card["age"]) if card.get("age") not in (None, "") else None


def assess(
    laws: LawMaster,
    sections: Iterable[Mapping[str, str]],
    card: Mapping[str, Any],
    kind: str,
    arrested_at: datetime,
    coordinates: tuple[float, float] | None,
    state: str,
) -> Safeguards:
    under_three, unknown, not_bailable = True, [], []
    for row in sections:
        ref = SectionRef(row["act"], row["section"])
        section = laws.resolve(ref)
        years = section.max_years if section is not None else None
        if years is None:
            unknown.append(str(ref))
        elif years >= SHORT_TERM_YEARS:
            under_three = False
        if section is None or section.bailable is not True:
            not_bailable.append(
                str(ref) + ("" if section is not None and section.bailable is False else " (no value)")
            )
    light = daylight(arrested_at, coordinates, state)
    sex = str(card.get("sex") or "")
    return Safeguards(
        light=light, at_night=light.is_night(arrested_at), woman=sex == "F", sex_unknown=not sex,
        age=age_in_years(card, ist_date(arrested_at)), under_three_years=under_three,
        unknown_punishment=tuple(unknown), bail_right=not not_bailable, not_bailable=tuple(not_bailable),
        arrest=kind != "surrender",
    )  # fmt: skip


def _hm(moment: datetime) -> str:
    return moment.astimezone(IST).strftime("%H:%M")


def check(facts: Safeguards, values: Mapping[str, Any]) -> dict[str, str]:
    """The problems with the memo's safeguard items, keyed by field."""
    errors: dict[str, str] = {}
    light = facts.light
    if facts.arrest and facts.at_night and facts.sex_unknown:
        errors["person"] = (
            "Record the person's sex in the person register first: an arrest between sunset and sunrise "
            "of a woman needs the safeguards of BNSS 43(5)."
        )
    if facts.woman_at_night:
        when = (
            f"on {light.day:%d-%m-%Y} the sun rose at {_hm(light.sunrise)} and set at {_hm(light.sunset)} IST "
            f"({light.source})"
        )
        if len(str(values.get("night_reason") or "").strip()) < MIN_REASON:
            errors["night_reason"] = (
                f"A woman is arrested between sunset and sunrise only in exceptional circumstances (BNSS 43(5)); "
                f"{when}. Write the exceptional circumstances."
            )
        if values.get("arrested_by_woman_officer") is not True:
            errors["arrested_by_woman_officer"] = (
                "Between sunset and sunrise a woman is arrested by a woman police officer (BNSS 43(5))."
            )
        if is_blank(values.get("magistrate_order_no")):
            errors["magistrate_order_no"] = (
                "The prior permission of the Judicial Magistrate is required to arrest a woman between sunset "
                "and sunrise (BNSS 43(5)): give the order number."
            )
        if is_blank(values.get("magistrate_order_date")):
            errors["magistrate_order_date"] = "Give the date of the Magistrate's permission (BNSS 43(5))."
    if facts.dsp_permission_needed(values.get("infirm") is True):
        who = "infirm" if values.get("infirm") is True else f"aged {facts.age}, above sixty"
        message = (
            f"The person is {who} and the offence is punishable with less than three years: the arrest needs "
            "the prior permission of an officer not below the rank of DSP (BNSS 35(7))."
        )
        if facts.unknown_punishment:
            message += f" (The law master gives no punishment for {', '.join(facts.unknown_punishment)}.)"
        if is_blank(values.get("dsp_permission_by")):
            errors["dsp_permission_by"] = message + " Name the officer."
        if is_blank(values.get("dsp_permission_at")):
            errors["dsp_permission_at"] = "Give when the permission was given (BNSS 35(7))."
    return errors
