"""The QR payloads on printed arrest and seizure memos, and their parsers.

Like the FIR copy's ``fir:v1:...``, a payload names the record and carries the SHA-256 of its
frozen content, so a scanned printout can be matched to the station's record and checked for
changes. The FIR is named by its year and number: ``27`` for FIR 0027/2026, ``Z3`` for Zero FIR
Z-0003/2026.

* ``arrest:v1:<station_code>:<fir year>:<fir no>:<accused code>:<digest>``
* ``seizure:v1:<station_code>:<fir year>:<fir no>:<digest>``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_STATION = r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}"
_FIR = r"([0-9]{4}):(Z?)([1-9][0-9]{0,8})"
_DIGEST = r"[0-9a-f]{64}"
_ARREST = re.compile(rf"arrest:v1:({_STATION}):{_FIR}:([A-Z][1-9]):({_DIGEST})")
_SEIZURE = re.compile(rf"seizure:v1:({_STATION}):{_FIR}:({_DIGEST})")
_FIR_NO = re.compile(r"(Z-)?([0-9]{1,9})/([0-9]{4})")


@dataclass(frozen=True)
class ArrestQr:
    station_code: str
    year: int
    fir_number: int
    zero_fir: bool
    accused_code: str  # A1...A9, B1...
    digest: str  # SHA-256 of the memo's frozen content

    @property
    def fir_no(self) -> str:
        return _fir_no(self.zero_fir, self.fir_number, self.year)


@dataclass(frozen=True)
class SeizureQr:
    station_code: str
    year: int
    fir_number: int
    zero_fir: bool
    digest: str

    @property
    def fir_no(self) -> str:
        return _fir_no(self.zero_fir, self.fir_number, self.year)


def _fir_no(zero: bool, number: int, year: int) -> str:
    return f"{'Z-' if zero else ''}{number:04d}/{year}"


def _fir_part(fir_no: str) -> str:
    """``0027/2026`` -> ``2026:27``; ``Z-0003/2026`` -> ``2026:Z3``."""
    match = _FIR_NO.fullmatch(fir_no)
    if match is None or int(match.group(2)) == 0:
        raise ValueError(f"not an FIR number: {fir_no!r}")
    zero, number, year = match.groups()
    return f"{year}:{'Z' if zero else ''}{int(number)}"


def arrest_qr_payload(content: dict[str, Any], digest: str) -> str:
    """The payload for an arrest memo's frozen ``content`` and its digest."""
    station = content["station"]["station_code"]
    payload = f"arrest:v1:{station}:{_fir_part(content['fir_no'])}:{content['accused_code']}:{digest}"
    parse_arrest_qr(payload)  # never print a code that will not read back
    return payload


def parse_arrest_qr(payload: str) -> ArrestQr:
    """Read a scanned arrest-memo code; ``ValueError`` for anything that is not exactly one."""
    match = _ARREST.fullmatch(payload) if isinstance(payload, str) else None
    if match is None:
        raise ValueError(f"not an arrest memo code: {str(payload)[:100]!r}")
    station, year, zero, number, code, digest = match.groups()
    return ArrestQr(station, int(year), int(number), bool(zero), code, digest)


def seizure_qr_payload(content: dict[str, Any], digest: str) -> str:
    station = content["station"]["station_code"]
    payload = f"seizure:v1:{station}:{_fir_part(content['fir_no'])}:{digest}"
    parse_seizure_qr(payload)
    return payload


def parse_seizure_qr(payload: str) -> SeizureQr:
    match = _SEIZURE.fullmatch(payload) if isinstance(payload, str) else None
    if match is None:
        raise ValueError(f"not a seizure memo code: {str(payload)[:100]!r}")
    station, year, zero, number, digest = match.groups()
    return SeizureQr(station, int(year), int(number), bool(zero), digest)
