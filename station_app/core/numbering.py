"""Gap-free legal numbers: FIR, Zero FIR and GD serials per station per calendar year (IST).

``allocate`` must run inside the write transaction that creates the numbered record. Writers use
BEGIN IMMEDIATE, so two desks registering at the same instant are serialised by SQLite's lock: the
second sees the first's number and takes the next. A rolled-back registration returns its number.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.core.models import NumberSeries

FIR_SERIES = "FIR"
ZERO_FIR_SERIES = "ZERO"
GD_SERIES = "GD"


def allocate(session: Session, series: str, year: int) -> int:
    row = session.scalar(select(NumberSeries).where(NumberSeries.series == series, NumberSeries.year == year))
    if row is None:
        row = NumberSeries(series=series, year=year, last_number=0)
        session.add(row)
    row.last_number += 1
    session.flush()
    return row.last_number


def peek(session: Session, series: str, year: int) -> int:
    """The number the next record of this series would get (for display only; never reserved)."""
    row = session.scalar(select(NumberSeries).where(NumberSeries.series == series, NumberSeries.year == year))
    return 1 if row is None else row.last_number + 1


def format_fir_number(series: str, number: int, year: int) -> str:
    prefix = "Z-" if series == ZERO_FIR_SERIES else ""
    return f"{prefix}{number:04d}/{year}"
