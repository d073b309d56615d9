"""How custody after arrest is counted (BNSS 187), in IST calendar days.

The detention period starts on the date of the first remand by a Magistrate, and that day is day 1
(Enforcement Directorate v. Kapil Wadhawan, SC 2023). An offence punishable with death, life or ten
years or more gives a 90-day period, any other a 60-day period (BNSS 187(3)); police custody, 15 days
in all, may be given only within the first 40 days (60-day cases) or 60 days (90-day cases) (187(2)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from forms.law_master import LawMaster, SectionRef
from station_app.core.localtime import ist_date, ist_midnight

POLICE_CUSTODY_CAP = timedelta(days=15)  # BNSS 187(2)
POLICE_WINDOW_DAYS = {60: 40, 90: 60}  # detention period -> days within which police custody may fall


def is_grave(laws: LawMaster, sections: Iterable[Mapping[str, str]]) -> bool:
    """Death, life or ten years or more: the 90-day period of BNSS 187(3)(i)."""
    for row in sections:
        section = laws.resolve(SectionRef(row["act"], row["section"]))
        if section is None:
            continue
        punishment = section.max_punishment
        if punishment in ("death", "life") or (isinstance(punishment, int) and punishment >= 10):
            return True
    return False


def detention_period_days(laws: LawMaster, sections: Iterable[Mapping[str, str]]) -> int:
    return 90 if is_grave(laws, sections) else 60


def day_of_detention(first_remand: datetime, moment: datetime) -> int:
    """Day 1 is the IST date of the first remand, that day included."""
    return (ist_date(moment) - ist_date(first_remand)).days + 1


def police_window_last_day(first_remand: datetime, period_days: int) -> date:
    """The last IST day on which a person may be in police custody (day 40 or day 60)."""
    return ist_date(first_remand) + timedelta(days=POLICE_WINDOW_DAYS[period_days] - 1)


def police_window_end(first_remand: datetime, period_days: int) -> datetime:
    """The first moment after the police-custody window: midnight IST at the end of day 40 / 60."""
    return ist_midnight(police_window_last_day(first_remand, period_days) + timedelta(days=1))
