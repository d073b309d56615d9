"""The FIR copy's text: values formatted as Indian forms print them, the victim-identity notes, and
the QR payload that ties a printout to its record. (Masking itself is station_app.core.victim_mask.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from forms.schema import FieldDef
from station_app.core.fir_content import untimed
from station_app.core.printing.text import bilingual
from station_app.core.victims import Provision

# India has one time zone and no daylight saving: a fixed offset is exact and needs no tz database.
IST = timezone(timedelta(hours=5, minutes=30), "IST")
DASH = "—"
_WEEKDAYS = (
    ("Monday", "सोमवार"),
    ("Tuesday", "मंगलवार"),
    ("Wednesday", "बुधवार"),
    ("Thursday", "गुरुवार"),
    ("Friday", "शुक्रवार"),
    ("Saturday", "शनिवार"),
    ("Sunday", "रविवार"),
)


CopyKind = Literal["informant", "court", "sp", "public"]
# The copies that withhold the victim's identity in a sensitive case: the S.P.'s (it leaves the police
# file for the district office) and the public one (for the accused, third parties and publication).
MASKED_COPIES: frozenset[str] = frozenset({"sp", "public"})

COPY_BANDS: dict[CopyKind, tuple[str, str]] = {
    "informant": ("COPY FOR THE INFORMANT", "सूचनाकर्ता हेतु प्रति"),
    "court": ("COPY FOR THE COURT", "न्यायालय हेतु प्रति"),
    "sp": ("COPY FOR THE SUPERINTENDENT OF POLICE", "पुलिस अधीक्षक हेतु प्रति"),
    "public": (
        "COPY FOR THE ACCUSED / THIRD PARTIES / PUBLICATION",
        "अभियुक्त / अन्य व्यक्तियों / प्रकाशन हेतु प्रति",
    ),
}
# Short forms for the foot of every page, so a loose sheet still says whose copy it is.
COPY_FOOTERS: dict[CopyKind, str] = {
    "informant": bilingual("Informant's copy", "सूचनाकर्ता की प्रति"),
    "court": bilingual("Court's copy", "न्यायालय की प्रति"),
    "sp": bilingual("S.P.'s copy", "पुलिस अधीक्षक की प्रति"),
    "public": bilingual("Public copy", "सार्वजनिक प्रति"),
}
ROAC_EN = (
    "F.I.R. read over to the complainant/informant, admitted to be correctly recorded and a copy given "
    "to the complainant/informant free of cost."
)
ROAC_HI = (
    "प्रथम सूचना रिपोर्ट शिकायतकर्ता/सूचनाकर्ता को पढ़कर सुनाई गई, सही दर्ज होना स्वीकार किया गया तथा "
    "इसकी एक प्रति निःशुल्क दी गई।"
)


def identity_notes(provision: Provision, masked: bool) -> tuple[str, str]:
    """The victim-identity note of a sensitive FIR, in English and Hindi: on the copies that hold the
    identity, that it must not be disclosed and under what; on masked copies, that it was withheld."""
    if masked:
        return (
            f"Identity of the victim withheld ({provision.english()})",
            f"पीड़ित की पहचान गोपनीय रखी गई है ({provision.hindi()})",
        )
    return (
        f"Identity of the victim must not be disclosed ({provision.english()})",
        f"पीड़ित की पहचान प्रकट नहीं की जानी चाहिए ({provision.hindi()})",
    )


# --- formatting ----------------------------------------------------------------------------------------


def as_datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(IST) if moment.tzinfo is not None else moment


def when(value: Any) -> str:
    """``DD-MM-YYYY HH:MM IST``; a stored time is always aware, a naive one is printed as given."""
    moment = as_datetime(value)
    if moment is None:
        return DASH
    return moment.strftime("%d-%m-%Y %H:%M") + (" IST" if moment.tzinfo is not None else "")


def weekday(value: Any) -> str:
    moment = as_datetime(value)
    return "" if moment is None else bilingual(*_WEEKDAYS[moment.weekday()])


def day(value: Any) -> str:
    if value in (None, ""):
        return DASH
    if isinstance(value, datetime):
        return when(value)
    parsed = value if isinstance(value, date) else date.fromisoformat(str(value))
    return parsed.strftime("%d-%m-%Y")


def to_decimal(value: Any) -> Decimal | None:
    if value in (None, "") or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def rupees(amount: Decimal) -> str:
    """``₹ 1,23,456.00``: Indian grouping, the last three digits, then pairs."""
    text = f"{abs(amount.quantize(Decimal('0.01'))):f}"
    whole, _, paise = text.partition(".")
    head, tail = whole[:-3], whole[-3:]
    pairs = [head[max(0, i - 2) : i] for i in range(len(head), 0, -2)][::-1]
    grouped = ",".join([*pairs, tail]) if head else tail
    return f"₹ {'-' if amount < 0 else ''}{grouped}.{paise}"


def yes_no(value: Any) -> str:
    if value is None:
        return DASH
    return bilingual("Yes", "हाँ") if value else bilingual("No", "नहीं")


def person(officer: Mapping[str, Any] | None) -> str:
    """``Name, Rank, No. PIS-1001`` for an officer record."""
    if not officer:
        return DASH
    parts = [str(officer.get("name") or ""), str(officer.get("rank") or "")]
    if officer.get("belt_number"):
        parts.append(f"No. {officer['belt_number']}")
    return ", ".join(p for p in parts if p) or DASH


def section_line(section: Mapping[str, Any]) -> str:
    """``BNS 303(2) — Theft / चोरी``."""
    code = f"{section.get('act', '')} {section.get('section', '')}".strip()
    title = bilingual(str(section.get("title_en") or ""), str(section.get("title_hi") or ""))
    return f"{code} — {title}" if title else code


def mark_lines(
    content: Mapping[str, Any],
    transfer: Mapping[str, Any] | None,
    alterations: int,
    identity_note: tuple[str, str] | None,
) -> list[tuple[str, str]]:
    """What the top of page 1 must say besides whose copy it is, as ``(text, kind)`` with kind
    "band" (large), "mark" (bold) or "value": Zero FIR and its transfer, e-FIR times, a digitised
    paper record, the victim-identity note of a sensitive case, alteration memos."""
    lines: list[tuple[str, str]] = []
    if content.get("zero_fir") or content.get("series") == "ZERO":
        lines.append((bilingual("ZERO FIR", "ज़ीरो एफ.आई.आर."), "band"))
        if transfer:
            keys = ("to_station", "to_district", "to_state")
            place = ", ".join(str(transfer[k]) for k in keys if transfer.get(k))
            text = f"Transferred to / स्थानांतरित: P.S. {place} — {when(transfer.get('at'))}"
            if transfer.get("reference"):
                text += f" — Ref. / संदर्भ: {transfer['reference']}"
        else:
            text = bilingual(
                "Not yet transferred to the P.S. with jurisdiction", "क्षेत्राधिकार वाले थाने को अभी स्थानांतरित नहीं"
            )
        lines.append((text, "value"))
    if content.get("source") == "efir" or content.get("efir"):
        efir = content.get("efir") or {}
        lines.append((bilingual("e-FIR", "ई-एफ.आई.आर."), "mark"))
        received, signed = when(efir.get("received_at")), when(efir.get("informant_signed_at"))
        lines.append(
            (
                f"Received / प्राप्त: {received}  ·  Signed by the informant / सूचनाकर्ता के हस्ताक्षर: {signed}",
                "value",
            )
        )
    legacy = content.get("legacy")
    if legacy:
        lines.append((bilingual("DIGITISED RECORD", "डिजिटाइज़ किया गया अभिलेख"), "mark"))
        lines.append((f"Source / स्रोत: {legacy.get('source_reference') or DASH}", "value"))
    if identity_note is not None:
        lines += [(t, "mark") for t in identity_note]
    if alterations:
        english = f"This FIR has {alterations} alteration memo(s), printed after it"
        hindi = f"इस प्राथमिकी के {alterations} धारा परिवर्तन ज्ञापन हैं, जो इसके बाद मुद्रित हैं"
        lines.append((bilingual(english, hindi), "mark"))
    return lines


TIME_NOT_RECORDED = bilingual("time not recorded", "समय दर्ज नहीं")


def moment_of(content: Mapping[str, Any], name: str) -> str:
    """A top-level time of the content (``registered_at``) as printed: the date alone if the paper
    record gave no time."""
    source = content if name in content else content.get("values", {})
    value = source.get(name)
    return f"{_date_of(value)}, {TIME_NOT_RECORDED}" if name in untimed(content) else when(value)


def _date_of(value: Any) -> str:
    moment = as_datetime(value)
    return DASH if moment is None else moment.strftime("%d-%m-%Y")


def value_text(f: FieldDef, value: Any, content: Mapping[str, Any], *, with_day: bool = True) -> str:
    """A field's value as printed text, by the field's type (a table's rows are printed elsewhere)."""
    if f.type == "gd_ref":  # the value is an id; the registered content carries the entry itself
        gd = content.get("gd_entry")
        if gd:
            return f"No. {gd['number']}/{gd['year']}, {when(gd['entry_at'])}"
        legacy = content.get("legacy") or {}
        return str(legacy.get("gd_reference") or DASH)  # a digitised FIR cites its GD as written on paper
    if f.type == "officer":
        return person(content.get("investigating_officer"))
    if value in (None, "", [], {}):
        return yes_no(None) if f.type == "bool" else DASH
    if f.type == "datetime":
        if f.name in untimed(content):
            return (
                f"{_date_of(value)} ({weekday(value)}), {TIME_NOT_RECORDED}"
                if with_day
                else moment_of(content, f.name)
            )
        return f"{when(value)} ({weekday(value)})" if with_day else when(value)
    if f.type == "date":
        return day(value)
    if f.type == "bool":
        return yes_no(value)
    if f.type == "choice":
        english, hindi = f.choice_label(str(value))
        return bilingual(english, hindi) if hindi != english else english
    if f.type == "money":
        amount = to_decimal(value)
        return rupees(amount) if amount is not None else str(value)
    if f.type == "sections" and isinstance(value, list):
        return "\n".join(section_line(s) for s in value if isinstance(s, Mapping)) or DASH
    return str(value)


# --- the QR payload ------------------------------------------------------------------------------------

_QR = re.compile(
    r"fir:v1:([A-Za-z0-9][A-Za-z0-9._/-]{0,39}):([0-9]{4}):(FIR|ZERO):([1-9][0-9]{0,8}):([0-9a-f]{64})"
)


@dataclass(frozen=True)
class FirQr:
    """What the QR code on a printed FIR says: the record's identity and its content digest."""

    station_code: str
    year: int
    series: str  # "FIR" or "ZERO"
    number: int
    digest: str  # SHA-256 of the registered content, 64 lowercase hex digits


def fir_qr_payload(content: Mapping[str, Any], digest: str) -> str:
    """``fir:v1:<station_code>:<year>:<series>:<number>:<digest>`` for the registered ``content``."""
    station = content["station"]
    payload = (
        f"fir:v1:{station['station_code']}:{content['year']}:{content['series']}:{content['number']}:{digest}"
    )
    parse_fir_qr(payload)  # the same rules both ways: never print a code that will not read back
    return payload


def parse_fir_qr(payload: str) -> FirQr:
    """Read a scanned FIR code; ``ValueError`` for anything that is not exactly one."""
    match = _QR.fullmatch(payload) if isinstance(payload, str) else None
    if match is None:
        raise ValueError(f"not an FIR verification code: {str(payload)[:100]!r}")
    station_code, year, series, number, digest = match.groups()
    return FirQr(station_code, int(year), series, int(number), digest)
