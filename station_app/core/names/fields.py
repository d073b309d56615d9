"""Phone numbers, ID document numbers and vehicle registration numbers, as registers write them.

Each is reduced to one comparable form: "+91 98765-43210", "098765 43210" and "९८७६५४३२१०" are all
``9876543210``; "UP 32 AB 1234", "up32ab1234" and "UP-32-AB-1234" are all ``UP32AB1234``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from station_app.core.names.translit import DIGITS

DOCUMENT_KINDS: dict[str, str] = {
    "aadhaar": "Aadhaar",
    "voter_id": "Voter ID (EPIC)",
    "passport": "Passport",
    "driving_licence": "Driving licence",
    "pan": "PAN card",
    "ration_card": "Ration card",
    "other": "Other",
}


def ascii_digits(text: str) -> str:
    return "".join(DIGITS.get(ch, ch) for ch in text)


def normalise_phone(text: str) -> str:
    """Ten digits (mobile, or landline with its STD code); raises ValueError otherwise."""
    digits = re.sub(r"\D", "", ascii_digits(text))
    if len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    if len(digits) != 10 or digits.startswith("0"):
        raise ValueError("A phone number has 10 digits (a landline with its STD code, without the 0).")
    return digits


def normalise_document_number(number: str) -> str:
    """Upper case letters and digits only: "abc/123 4567" → "ABC1234567"."""
    return re.sub(r"[^A-Z0-9]", "", ascii_digits(number).upper())


# --- vehicle registration numbers ---------------------------------------------------------------

STATE_CODES = frozenset(
    {
        "AN", "AP", "AR", "AS", "BR", "CG", "CH", "DD", "DL", "DN", "GA", "GJ", "HP", "HR", "JH", "JK",
        "KA", "KL", "LA", "LD", "MH", "ML", "MN", "MP", "MZ", "NL", "OD", "OR", "PB", "PY", "RJ", "SK",
        "TN", "TR", "TS", "UK", "UA", "UP", "WB",
    }
)  # fmt: skip
_SEP = r"[\s.\-/]*"
# State, district (1-2 digits), series (up to three letters, Delhi writes "3C AB"), number (1-4 digits).
_PLATE = re.compile(
    rf"(?<![A-Z0-9])([A-Z]{{2}}){_SEP}([0-9]{{1,2}}){_SEP}([A-Z]{{1,3}}(?:{_SEP}[A-Z]{{1,2}})?)?{_SEP}"
    rf"([0-9]{{1,4}})(?![A-Z0-9])"
)
_BHARAT = re.compile(rf"(?<![A-Z0-9])([0-9]{{2}}){_SEP}BH{_SEP}([0-9]{{4}}){_SEP}([A-Z]{{1,2}})(?![A-Z0-9])")


@dataclass(frozen=True)
class Plate:
    reg_no: str  # "UP32AB1234"
    written: str  # as found in the text
    certain: bool = True  # False when the digits could split two ways ("UP321" without a series)

    @property
    def tail(self) -> str:
        return re.sub(r"\D", "", self.reg_no)[-4:]


def find_plates(text: str) -> list[Plate]:
    """Registration numbers in free text (a property description), in order, without repeats."""
    upper = ascii_digits(text).upper()
    found: dict[str, Plate] = {}
    for m in _PLATE.finditer(upper):
        state, district, series, number = m.groups()
        if state not in STATE_CODES:
            continue
        series = re.sub(r"[^A-Z]", "", series or "")
        reg = f"{state}{district.zfill(2)}{series}{number.zfill(4)}"
        found.setdefault(reg, Plate(reg, m.group(0).strip(), bool(series) or len(number) == 4))
    for m in _BHARAT.finditer(upper):
        year, number, series = m.groups()
        reg = f"{year}BH{number}{series}"
        found.setdefault(reg, Plate(reg, m.group(0).strip()))
    return list(found.values())


@dataclass(frozen=True)
class PlateQuery:
    exact: str  # the full normalised number if the text is one ("" if not)
    prefixes: tuple[str, ...]  # what was typed, compacted (and with a one-digit district padded)


def plate_query(text: str) -> PlateQuery | None:
    """What a search-box text means as a registration number, or None if it cannot be one."""
    compact = re.sub(r"[\s.\-/]", "", ascii_digits(text).upper())
    if len(compact) < 4 or not compact.isalnum():
        return None
    plates = find_plates(compact)
    whole = len(plates) == 1 and plates[0].written == compact and plates[0].certain
    exact = plates[0].reg_no if whole else ""
    if compact[:2] in STATE_CODES and compact[2].isdigit():
        prefixes = [compact]
        short_district = re.fullmatch(r"([A-Z]{2})([0-9])([A-Z].*)", compact)
        if short_district:  # "DL3C…" is stored as "DL03C…"
            prefixes.append(f"{short_district[1]}0{short_district[2]}{short_district[3]}")
        return PlateQuery(exact, tuple(prefixes))
    if re.fullmatch(r"[0-9]{2}BH[0-9A-Z]*", compact):
        return PlateQuery(exact, (compact,))
    return None
