"""What every legacy write needs to know: who, when, the law, the station, and the import it is part of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from forms.law_master import LawMaster
from station_app.core.models import Station
from station_app.core.permissions import Actor


@dataclass(frozen=True)
class WriteContext:
    actor: Actor
    now: datetime
    laws: LawMaster
    form_id: str
    form_version: int
    station: dict[str, str]
    digitiser: dict[str, str] | None  # the officer's card, frozen into the content
    import_sha256: str | None = None


def station_block(session: Session) -> dict[str, str]:
    station = session.get(Station, 1)
    assert station is not None
    return {
        "state": station.state, "district": station.district, "station_name": station.station_name,
        "station_name_hi": station.station_name_hi, "station_code": station.station_code,
    }  # fmt: skip
