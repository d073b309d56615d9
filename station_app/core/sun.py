"""Sunrise and sunset at the police station, for BNSS 43(5) (no woman arrested between sunset and
sunrise save in exceptional circumstances, with the Magistrate's prior permission).

The times come from NOAA's solar calculator (the "General Solar Position" equations of the NOAA Global
Monitoring Laboratory spreadsheet, accurate to about a minute for latitudes within ±72°), computed in
pure Python from the station's latitude and longitude: no network, no time-zone database. Sunrise and
sunset are when the Sun's upper limb touches the horizon (zenith 90.833°, allowing for refraction).

A station without coordinates falls back to its state's capital (``STATE_CAPITALS``) widened by
``STATE_MARGIN`` at each end, since a state spans up to ten degrees of longitude (about 40 minutes
of sun time) and the safeguard must not be lost at the far end of the state; a station whose state is
not in the table takes the widest night anywhere in India (``INDIA_NIGHT``). Both are conservative:
they call more moments night than the station's own sky would, never fewer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from station_app.core.localtime import IST, ist_date, ist_midnight

ZENITH = 90.833  # degrees: the upper limb on the horizon, with atmospheric refraction
STATE_MARGIN = timedelta(minutes=30)
INDIA_NIGHT = (time(16, 0), time(8, 0))  # earlier than any sunset, later than any sunrise in India

# A representative point of each state and union territory (its capital) for stations without
# coordinates: (latitude, longitude) in degrees.
STATE_CAPITALS: dict[str, tuple[float, float]] = {
    "andhra pradesh": (16.51, 80.52), "arunachal pradesh": (27.08, 93.61), "assam": (26.14, 91.79),
    "bihar": (25.59, 85.14), "chhattisgarh": (21.25, 81.63), "goa": (15.49, 73.83),
    "gujarat": (23.22, 72.65), "haryana": (30.73, 76.78), "himachal pradesh": (31.10, 77.17),
    "jharkhand": (23.34, 85.31), "karnataka": (12.97, 77.59), "kerala": (8.52, 76.94),
    "madhya pradesh": (23.26, 77.41), "maharashtra": (19.08, 72.88), "manipur": (24.82, 93.94),
    "meghalaya": (25.58, 91.89), "mizoram": (23.73, 92.72), "nagaland": (25.67, 94.11),
    "odisha": (20.30, 85.82), "punjab": (30.73, 76.78), "rajasthan": (26.91, 75.79),
    "sikkim": (27.33, 88.61), "tamil nadu": (13.08, 80.27), "telangana": (17.39, 78.49),
    "tripura": (23.83, 91.29), "uttar pradesh": (26.85, 80.95), "uttarakhand": (30.32, 78.03),
    "west bengal": (22.57, 88.36), "andaman and nicobar islands": (11.62, 92.73),
    "chandigarh": (30.73, 76.78), "dadra and nagar haveli and daman and diu": (20.40, 72.83),
    "delhi": (28.61, 77.21), "jammu and kashmir": (34.08, 74.80), "ladakh": (34.15, 77.58),
    "lakshadweep": (10.57, 72.64), "puducherry": (11.94, 79.81),
}  # fmt: skip


@dataclass(frozen=True)
class Daylight:
    """Sunrise and sunset (IST) on one IST day at one place, and how they were found."""

    day: date
    sunrise: datetime
    sunset: datetime
    source: str  # "station coordinates" | "state table (<state>), 30 min margin" | "India-wide default"

    def is_night(self, moment: datetime) -> bool:
        """Before this day's sunrise or after its sunset (sunset itself is still day)."""
        return moment < self.sunrise or moment > self.sunset


def _sun_times(day: date, latitude: float, longitude: float) -> tuple[datetime, datetime]:
    """NOAA: sunrise and sunset on ``day`` at the place, as IST times."""
    # Julian day at local noon (IST, +5.5 h) of the day
    noon_utc = datetime(day.year, day.month, day.day, 12) - timedelta(hours=5, minutes=30)
    jd = noon_utc.toordinal() + 1721424.5 + (noon_utc.hour * 3600 + noon_utc.minute * 60) / 86400
    t = (jd - 2451545) / 36525  # Julian century
    mean_long = (280.46646 + t * (36000.76983 + t * 0.0003032)) % 360
    mean_anom = 357.52911 + t * (35999.05029 - 0.0001537 * t)
    ecc = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
    m = math.radians(mean_anom)
    centre = (
        math.sin(m) * (1.914602 - t * (0.004817 + 0.000014 * t))
        + math.sin(2 * m) * (0.019993 - 0.000101 * t)
        + math.sin(3 * m) * 0.000289
    )
    true_long = mean_long + centre
    omega = 125.04 - 1934.136 * t
    app_long = true_long - 0.00569 - 0.00478 * math.sin(math.radians(omega))
    mean_obliq = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60
    obliq = mean_obliq + 0.00256 * math.cos(math.radians(omega))
    decl = math.degrees(math.asin(math.sin(math.radians(obliq)) * math.sin(math.radians(app_long))))
    y = math.tan(math.radians(obliq / 2)) ** 2
    l0 = math.radians(mean_long)
    eq_time = 4 * math.degrees(
        y * math.sin(2 * l0)
        - 2 * ecc * math.sin(m)
        + 4 * ecc * y * math.sin(m) * math.cos(2 * l0)
        - 0.5 * y * y * math.sin(4 * l0)
        - 1.25 * ecc * ecc * math.sin(2 * m)
    )  # minutes
    lat, dec = math.radians(latitude), math.radians(decl)
    cos_ha = math.cos(math.radians(ZENITH)) / (math.cos(lat) * math.cos(dec)) - math.tan(lat) * math.tan(dec)
    hour_angle = math.degrees(math.acos(max(-1.0, min(1.0, cos_ha))))
    solar_noon = 720 - 4 * longitude - eq_time + 330  # minutes after midnight IST
    start = ist_midnight(day)
    return start + timedelta(minutes=solar_noon - 4 * hour_angle), start + timedelta(
        minutes=solar_noon + 4 * hour_angle
    )


def daylight(moment: datetime, coordinates: tuple[float, float] | None, state: str) -> Daylight:
    """Sunrise and sunset on the IST day of ``moment`` at the station (see the module's note)."""
    day = ist_date(moment)
    if coordinates is not None:
        rise, set_ = _sun_times(day, *coordinates)
        return Daylight(day, rise, set_, "station coordinates")
    capital = STATE_CAPITALS.get(" ".join(state.lower().replace("&", "and").split()))
    if capital is not None:
        rise, set_ = _sun_times(day, *capital)
        return Daylight(
            day, rise + STATE_MARGIN, set_ - STATE_MARGIN, f"state table ({state}), 30 min margin"
        )
    start = ist_midnight(day)
    night_from, night_to = INDIA_NIGHT
    return Daylight(
        day,
        start + timedelta(hours=night_to.hour, minutes=night_to.minute),
        start + timedelta(hours=night_from.hour, minutes=night_from.minute),
        "India-wide default",
    )


__all__ = ["IST", "STATE_CAPITALS", "Daylight", "daylight"]
