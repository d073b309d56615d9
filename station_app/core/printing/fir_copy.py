"""The printed IIF-1 First Information Report: the informant's, the court's and the S.P.'s copies.

The layout follows the form definition (``forms/definitions/iif1_fir.json``): its groups are the IIF
items in paper order and are printed in that order with their bilingual labels, every item even when
empty ("—"), as on the paper form. The items the definition does not hold are fixed here: 1 (case
identity), 10 (total value of property), 13's R.O.A.C. certificate and the officer in charge's
signature, 14 (the complainant's signature or thumb impression) and 15 (dispatch to the court).

A QR code at the foot of page 1 and at the end carries ``fir:v1:<station>:<year>:<series>:<number>:
<digest>``, so a printout can be matched to the registered record and checked for changes.

Sensitive cases (BNS 72): on every copy but the court's, the victim's identity is withheld: the
sensitive fields of the victim (and of the complainant, when the complainant is the victim) and the
victim's name wherever it appears in free text such as the narrative.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from forms.schema import FieldDef, FormDef, GroupDef
from station_app.core.printing.document import (
    CONTENT_WIDTH,
    Field,
    PageSpec,
    QRCode,
    build_pdf,
    field_table,
    side_by_side,
    signature_block,
    text_flowables,
)
from station_app.core.printing.fir_parts import (
    DASH,
    QR_SIZE,
    FirStyles,
    NotOnPageOne,
    PageOneFoot,
    band,
    box,
    day,
    grid,
    name_scrubber,
    pairs_table,
    person,
    qr_block,
    rupees,
    section_line,
    to_decimal,
    weekday,
    when,
    yes_no,
)
from station_app.core.printing.text import bilingual, paragraph

CopyKind = Literal["informant", "court", "sp"]

COPY_BANDS: dict[str, tuple[str, str]] = {
    "informant": ("COPY FOR THE INFORMANT", "सूचनाकर्ता हेतु प्रति"),
    "court": ("COPY FOR THE COURT", "न्यायालय हेतु प्रति"),
    "sp": ("COPY FOR THE SUPERINTENDENT OF POLICE", "पुलिस अधीक्षक हेतु प्रति"),
}
# Short forms for the foot of every page, so a loose sheet still says whose copy it is.
_COPY_FOOTERS = {
    "informant": bilingual("Informant's copy", "सूचनाकर्ता की प्रति"),
    "court": bilingual("Court's copy", "न्यायालय की प्रति"),
    "sp": bilingual("S.P.'s copy", "पुलिस अधीक्षक की प्रति"),
}
ROAC_EN = (
    "F.I.R. read over to the complainant/informant, admitted to be correctly recorded and a copy given "
    "to the complainant/informant free of cost."
)
ROAC_HI = (
    "प्रथम सूचना रिपोर्ट शिकायतकर्ता/सूचनाकर्ता को पढ़कर सुनाई गई, सही दर्ज होना स्वीकार किया गया तथा "
    "इसकी एक प्रति निःशुल्क दी गई।"
)
WITHHELD = "[withheld: identity of the victim / पीड़ित की पहचान गोपनीय]"
WITHHELD_NOTE = bilingual(
    "Victim's identity withheld under BNS 72 / BNSS 173",
    "पीड़ित की पहचान बी.एन.एस. धारा 72 / बी.एन.एस.एस. धारा 173 के अंतर्गत गोपनीय रखी गई है",
)
COURT_ONLY_NOTE = bilingual(
    "Contains the victim's identity: not to be disclosed (BNS 72)",
    "इसमें पीड़ित की पहचान है: प्रकट न करें (बी.एन.एस. धारा 72)",
)
# The groups of the definition whose sensitive fields identify the victim.
_VICTIM_GROUP, _COMPLAINANT_GROUP = "victim", "complainant"

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


def render_fir_copy(
    content: Mapping[str, Any],
    *,
    digest: str,
    copy: CopyKind,
    form: FormDef,
    training: bool,
    alterations: Sequence[Mapping[str, Any]] = (),
    dispatch: Mapping[str, Any] | None = None,
    transfer: Mapping[str, Any] | None = None,
) -> bytes:
    """One copy of a registered FIR as PDF bytes (A4, bilingual, page x of y, QR with the digest)."""
    if copy not in COPY_BANDS:
        raise ValueError(f"unknown copy {copy!r}; expected one of {sorted(COPY_BANDS)}")
    payload = fir_qr_payload(content, digest)
    fir = _FirCopy(content, form, copy)
    station = content["station"]
    story: list[Flowable] = [
        PageOneFoot(fir.verification(digest, payload)),
        *fir.title(),
        *fir.marks(len(alterations), transfer),
        pairs_table(fir.item1(), fir.fs),
        *fir.items(dispatch),
        *fir.memos(alterations),
        Spacer(1, 5 * mm),
        NotOnPageOne(fir.verification(digest, payload)),
    ]
    page = PageSpec(
        header_left=f"{station['state']} Police",
        header_right="I.I.F.-I",
        reference=fir.reference(len(alterations)),
        training=training,
        footer_note=_COPY_FOOTERS[copy],
        title=f"{fir.fir_label} {content['fir_no']}, P.S. {station['station_name']} ({station['station_code']})",
        subject=payload,  # the full digest, as the QR carries it
    )
    return build_pdf(page, story)


class _FirCopy:
    """Builds the parts of one copy; holds what every part needs to know (masking, styles)."""

    def __init__(self, content: Mapping[str, Any], form: FormDef, copy: str) -> None:
        self.content = content
        self.form = form
        self.copy = copy
        self.values: Mapping[str, Any] = content.get("values") or {}
        self.fs = FirStyles()
        self.zero = bool(content.get("zero_fir")) or content.get("series") == "ZERO"
        self.fir_label = "Zero FIR" if self.zero else "FIR"
        self.sensitive = bool(content.get("sensitive"))
        self.masked = self.sensitive and copy != "court"
        self.masked_groups: set[str] = set()
        names: list[str] = []
        if self.masked:
            self.masked_groups.add(_VICTIM_GROUP)
            names.append(str(self.values.get("victim_name") or ""))
            if self.values.get("complainant_is_victim"):
                self.masked_groups.add(_COMPLAINANT_GROUP)
                names.append(str(self.values.get("complainant_name") or ""))
        self.scrub = name_scrubber(names)

    # --- the top of page 1 -----------------------------------------------------------------------------

    def title(self) -> list[Flowable]:
        head, sep, rest = self.form.title_en.partition(" (")
        return [
            paragraph(head.upper() + sep + rest, self.fs.title),
            paragraph(self.form.title_hi, self.fs.title),
        ]

    def reference(self, alterations: int) -> str:
        station = self.content["station"]
        text = f"{self.fir_label} {self.content['fir_no']} · P.S. {station['station_name']} ({station['station_code']})"
        if alterations:
            text += f" · {alterations} alteration memo{'s' if alterations > 1 else ''}"
        return text

    def marks(self, alterations: int, transfer: Mapping[str, Any] | None) -> list[Flowable]:
        fs = self.fs
        out: list[Flowable] = [band([(bilingual(*COPY_BANDS[self.copy]), fs.band)], heavy=True)]
        lines: list[tuple[str, Any]] = []
        if self.zero:
            lines.append((bilingual("ZERO FIR", "ज़ीरो एफ.आई.आर."), fs.band))
            if transfer:
                place = ", ".join(
                    str(transfer.get(k) or "")
                    for k in ("to_station", "to_district", "to_state")
                    if transfer.get(k)
                )
                text = f"Transferred to / स्थानांतरित: P.S. {place} — {when(transfer.get('at'))}"
                if transfer.get("reference"):
                    text += f" — Ref. / संदर्भ: {transfer['reference']}"
            else:
                text = bilingual(
                    "Not yet transferred to the P.S. with jurisdiction",
                    "क्षेत्राधिकार वाले थाने को अभी स्थानांतरित नहीं",
                )
            lines.append((text, fs.value))
        efir = self.content.get("efir")
        if self.content.get("source") == "efir" or efir:
            efir = efir or {}
            lines.append((bilingual("e-FIR", "ई-एफ.आई.आर."), fs.mark))
            lines.append(
                (
                    f"Received / प्राप्त: {when(efir.get('received_at'))}  ·  "
                    f"Signed by the informant / सूचनाकर्ता के हस्ताक्षर: {when(efir.get('informant_signed_at'))}",
                    fs.value,
                )
            )
        legacy = self.content.get("legacy")
        if legacy:
            lines.append((bilingual("DIGITISED RECORD", "डिजिटाइज़ किया गया अभिलेख"), fs.mark))
            lines.append((f"Source / स्रोत: {legacy.get('source_reference') or DASH}", fs.value))
        if self.masked:
            lines.append((WITHHELD_NOTE, fs.mark))
        elif self.sensitive:
            lines.append((COURT_ONLY_NOTE, fs.mark))
        if alterations:
            lines.append(
                (
                    bilingual(
                        f"This FIR has {alterations} alteration memo(s), printed after it",
                        f"इस प्राथमिकी के {alterations} धारा परिवर्तन ज्ञापन हैं, जो इसके बाद मुद्रित हैं",
                    ),
                    fs.mark,
                )
            )
        if lines:
            out += [Spacer(1, 1.5 * mm), band(lines, heavy=False)]
        return [*out, Spacer(1, 3 * mm)]

    def item1(self) -> list[tuple[str, str, bool]]:
        c, station = self.content, self.content["station"]
        ps = bilingual(station["station_name"], station.get("station_name_hi") or "")
        number_label = ("Zero FIR No.", "ज़ीरो एफ.आई.आर. सं.") if self.zero else ("FIR No.", "प्राथमिकी सं.")
        return [
            ("1. " + bilingual("District", "ज़िला"), str(station["district"]), False),
            (bilingual("P.S.", "थाना"), f"{ps} ({station['station_code']})", False),
            (bilingual("Year", "वर्ष"), str(c["year"]), False),
            (bilingual(*number_label), str(c["fir_no"]), True),
            (bilingual("Date and time of FIR", "प्राथमिकी का दिनांक एवं समय"), when(c["registered_at"]), True),
            (bilingual("State", "राज्य"), str(station["state"]), False),
        ]

    # --- the items ---------------------------------------------------------------------------------------

    def items(self, dispatch: Mapping[str, Any] | None) -> list[Flowable]:
        out: list[Flowable] = []
        total_done = certificate_done = False
        for group in self.form.groups:
            number = _item_number(group.item)
            if not total_done and number > 10:
                out += self.item10()
                total_done = True
            out += self.group(group)
            if number == 13:
                out += self.certificate()
                certificate_done = True
        if not total_done:
            out += self.item10()
        if not certificate_done:
            out += self.certificate()
        return out + self.item15(dispatch)

    def heading(self, item: str, english: str, hindi: str) -> Flowable:
        return paragraph(f"{item}. {bilingual(english, hindi)}", self.fs.heading)

    def group(self, group: GroupDef) -> list[Flowable]:
        fields = [f for f in self.form.fields_in(group.key) if f.printed]
        out: list[Flowable] = [self.heading(group.item, group.label_en, group.label_hi)]
        if not fields:
            return [*out, box(DASH, self.fs.value)]
        if len(fields) == 1 and fields[0].label_en.casefold() == group.label_en.casefold():
            # One field that is the whole item: no label to repeat under the heading.
            f = fields[0]
            if f.type in ("table", "sections") and not self.hidden(f):
                return [*out, self.table(f)]
            text = self.text(f)
            if f.type == "multiline" and text != DASH and not self.hidden(f):
                return out + text_flowables(text, self.fs.narrative)
            return [*out, box(text, self.fs.value)]
        rows: list[Field] = []
        for index, f in enumerate(fields):
            letter = f"({string.ascii_lowercase[index]})" if len(fields) > 1 and index < 26 else ""
            if f.type in ("table", "sections") and not self.hidden(f):
                if rows:
                    out.append(field_table(rows))
                    rows = []
                out.append(
                    paragraph(f"{letter} {bilingual(f.label_en, f.label_hi)}".strip(), self.fs.sublabel)
                )
                out.append(self.table(f))
            else:
                rows.append(Field(f.label_en, f.label_hi, self.text(f), letter))
        if rows:
            out.append(field_table(rows))
        return out

    def hidden(self, f: FieldDef) -> bool:
        return f.sensitive and f.group in self.masked_groups

    def text(self, f: FieldDef, value: Any = None, *, cell: bool = False) -> str:
        """A field's value as printed text; ``cell`` for a table cell (taken from ``value``)."""
        if not cell:
            if self.hidden(f):
                return WITHHELD
            value = self.values.get(f.name)
        if f.type == "gd_ref":
            gd = self.content.get("gd_entry")
            return f"No. {gd['number']}/{gd['year']}, {when(gd['entry_at'])}" if gd else DASH
        if f.type == "officer":
            return person(self.content.get("investigating_officer"))
        if value in (None, "", [], {}):
            return yes_no(None) if f.type == "bool" else DASH
        if f.type == "datetime":
            return when(value) if cell else f"{when(value)} ({weekday(value)})"
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
        if f.type == "table" and isinstance(value, list):
            return f"{len(value)} row(s)"
        text = str(value)
        return self.scrub(text) if f.type == "multiline" and self.masked and not cell else text

    def table(self, f: FieldDef) -> Flowable:
        fs = self.fs
        if f.type == "sections":
            sections = self.content.get("sections") or self.values.get(f.name) or []
            header = [
                bilingual("S.No.", "क्र.सं."),
                bilingual("Act", "अधिनियम"),
                bilingual("Sections", "धाराएँ"),
            ]
            rows: list[list[Flowable | str]] = [
                [
                    str(i),
                    str(s.get("act", "")),
                    str(s.get("section", "")),
                    bilingual(str(s.get("title_en") or ""), str(s.get("title_hi") or "")) or DASH,
                ]
                for i, s in enumerate(sections, start=1)
            ]
            return grid([*header, bilingual("Offence", "अपराध")], rows, (0.7, 1.2, 1.5, 5.2), fs)
        columns = [c for c in f.columns if c.printed]
        raw_rows = self.values.get(f.name) or []
        rows = []
        for i, row in enumerate(r for r in raw_rows if isinstance(r, Mapping)):
            cells: list[Flowable | str] = [str(i + 1)]
            for c in columns:
                text = self.text(c, row.get(c.name), cell=True)
                cells.append(paragraph(text, fs.value_right) if c.type == "money" else text)
            rows.append(cells)
        header = [bilingual("S.No.", "क्र.सं."), *(bilingual(c.label_en, c.label_hi) for c in columns)]
        return grid(header, rows, (0.7, *(_weight(c) for c in columns)), fs)

    def item10(self) -> list[Flowable]:
        amounts = [
            to_decimal(row.get("value"))
            for row in self.values.get("properties") or []
            if isinstance(row, Mapping)
        ]
        known = [a for a in amounts if a is not None]
        total = rupees(sum(known, Decimal(0))) if known else DASH
        return [
            self.heading("10", "Total value of property (₹)", "संपत्ति का कुल मूल्य (₹)"),
            box(total, self.fs.value_bold),
        ]

    def certificate(self) -> list[Flowable]:
        """Item 13's R.O.A.C. certificate, the officer in charge's signature and item 14 beside it."""
        fs, officer = self.fs, self.content.get("registered_by") or {}
        complainant = self.values.get("complainant_name") or ""
        if _COMPLAINANT_GROUP in self.masked_groups:
            complainant = WITHHELD
        width = CONTENT_WIDTH / 2 - 8
        signatures = side_by_side(
            [
                signature_block(
                    "14. "
                    + bilingual(
                        "Signature / thumb impression of the complainant / informant",
                        "शिकायतकर्ता / सूचनाकर्ता के हस्ताक्षर / अंगूठे का निशान",
                    ),
                    name=str(complainant),
                    thumb_impression=True,
                    width=width,
                ),
                signature_block(
                    bilingual("Signature of the officer in charge", "थाना प्रभारी के हस्ताक्षर"),
                    name=str(officer.get("name") or ""),
                    rank=str(officer.get("rank") or ""),
                    number=str(officer.get("belt_number") or ""),
                    width=width,
                ),
            ]
        )
        roac = band(
            [("R.O.A.C. / प.सु.स्वी.प्र.", fs.mark), (ROAC_EN, fs.value), (ROAC_HI, fs.value)], heavy=False
        )
        return [KeepTogether([Spacer(1, 3 * mm), roac, Spacer(1, 4 * mm), signatures])]

    def item15(self, dispatch: Mapping[str, Any] | None) -> list[Flowable]:
        rows = [
            Field("Date and time", "दिनांक एवं समय", when(dispatch.get("at")) if dispatch else ""),
            Field(
                "Carried by (name, rank, No.)",
                "ले जाने वाले (नाम, पद, सं.)",
                str((dispatch or {}).get("carried_by") or ""),
            ),
        ]
        heading = self.heading(
            "15", "Date and time of dispatch to the court", "न्यायालय को प्रेषण का दिनांक एवं समय"
        )
        # Not yet dispatched: ruled rows tall enough to write in by hand.
        return [heading, field_table(rows, min_row_height=None if dispatch else 10 * mm)]

    def memos(self, alterations: Sequence[Mapping[str, Any]]) -> list[Flowable]:
        if not alterations:
            return []
        out: list[Flowable] = [
            Spacer(1, 4 * mm),
            paragraph(bilingual("Alteration memos", "धारा परिवर्तन ज्ञापन"), self.fs.title),
        ]
        for memo in alterations:
            seq = memo.get("seq", "")
            out.append(self.heading("", f"Alteration memo No. {seq}", f"धारा परिवर्तन ज्ञापन सं. {seq}"))
            added = "\n".join(section_line(s) for s in memo.get("added") or []) or DASH
            removed = "\n".join(section_line(s) for s in memo.get("removed") or []) or DASH
            reason = str(memo.get("reason") or "")
            rows = [
                Field("Date and time", "दिनांक एवं समय", when(memo.get("memo_at"))),
                Field("Officer (name, rank, No.)", "अधिकारी (नाम, पद, सं.)", person(memo.get("officer"))),
                Field("Sections added", "जोड़ी गई धाराएँ", added),
                Field("Sections removed", "हटाई गई धाराएँ", removed),
                Field("Reason", "कारण", (self.scrub(reason) if self.masked else reason) or DASH),
            ]
            out.append(field_table(rows))
        return out

    def verification(self, digest: str, payload: str) -> Flowable:
        fs, station = self.fs, self.content["station"]
        return qr_block(
            QRCode(payload, size=QR_SIZE),
            [
                (bilingual("Verification", "सत्यापन"), fs.small_bold),
                (
                    bilingual(
                        "Scan the code to check this copy against the station's record.",
                        "कोड स्कैन कर इस प्रति का थाने के अभिलेख से मिलान करें।",
                    ),
                    fs.small,
                ),
                (f"{self.fir_label} {self.content['fir_no']} · {station['station_code']}", fs.small),
                (f"SHA-256: {digest[:16]}…", fs.small),
            ],
        )


def _item_number(item: str) -> int:
    match = re.match(r"\d+", item)
    return int(match.group(0)) if match else 0


def _weight(column: FieldDef) -> float:
    """A column's share of a table's width, by what it holds."""
    if column.type == "multiline" or (column.max_length or 0) >= 200:
        return 3.0
    return {"text": 2.0, "choice": 1.7, "money": 1.6, "datetime": 1.7, "date": 1.3}.get(column.type, 0.9)
