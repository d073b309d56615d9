"""Who this station is: the identity printed on every document and sent with every sync batch."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StationIdentity:
    state: str
    district: str
    station_name: str
    station_name_hi: str
    station_code: str
    training: bool = False

    def display_name(self) -> str:
        return f"{self.station_name} ({self.station_code}), {self.district}, {self.state}"
