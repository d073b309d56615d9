"""How custody after arrest is counted (BNSS 187), in IST calendar days.

The detention period starts on the date of the first remand by a Magistrate, and that day is day 1
(Enforcement Directorate v. Kapil Wadhawan, SC 2023). An offence punishable with death, life or ten
years or more gives a 90-day period, any other a 60-day period (BNSS 187(3)); police custody, 15 days
in all, may be given only within the first 40 days (60-day cases) or 60 days (90-day cases) (187(2)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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


def police_window_last_day(first_remand: datetime, period_days: int) -> date:
    """The last IST day on which a person may be in police custody (day 40 or day 60)."""
    return ist_date(first_remand) + timedelta(days=POLICE_WINDOW_DAYS[period_days] - 1)


def police_window_end(first_remand: datetime, period_days: int) -> datetime:
    """The first moment after the police-custody window: midnight IST at the end of day 40 / 60."""
    return ist_midnight(police_window_last_day(first_remand, period_days) + timedelta(days=1))


@dataclass(frozen=True)
class CustodyLimits:
    """One accused's detention clock as the remand dialog shows it."""

    period_days: int  # 60 or 90
    first_remand: datetime | None  # None before the first remand: day 1 will be that remand's date

    @property
    def window_days(self) -> int:
        return POLICE_WINDOW_DAYS[self.period_days]

    @property
    def police_last_day(self) -> date | None:
        return police_window_last_day(self.first_remand, self.period_days) if self.first_remand else None

    @property
    def default_bail_from(self) -> date | None:
        """Day 61 / 91: the right to default bail accrues if no final report is filed by then."""
        return ist_date(self.first_remand) + timedelta(days=self.period_days) if self.first_remand else None

    def text(self) -> str:
        if self.first_remand is None:
            return (
                f"A {self.period_days}-day case: police custody only within the first {self.window_days} days, "
                "counted from this first remand's date as day 1 (BNSS 187(2))."
            )
        assert self.police_last_day is not None and self.default_bail_from is not None
        return (
            f"A {self.period_days}-day case, day 1 = {ist_date(self.first_remand):%d-%m-%Y}: police custody only "
            f"until the end of {self.police_last_day:%d-%m-%Y} (day {self.window_days}, BNSS 187(2)); default "
            f"bail accrues on {self.default_bail_from:%d-%m-%Y} (day {self.period_days + 1}, BNSS 187(3))."
        )
