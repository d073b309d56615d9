"""The printed IIF-1 First Information Report: the informant's, the court's and the S.P.'s copies.

The layout follows the form definition (``forms/definitions/iif1_fir.json``): its groups are the IIF
items in paper order and are printed in that order with their bilingual labels, every item even when
empty ("—"), as on the paper form. The items the definition does not hold are fixed here: 1 (case
identity), 10 (total value of property), 13's R.O.A.C. certificate and the officer in charge's
signature, 14 (the complainant's signature or thumb impression) and 15 (dispatch to the court).

A QR code at the foot of page 1 and at the end carries ``fir:v1:<station>:<year>:<series>:<number>:
<digest>``, so a printout can be matched to the registered record and checked for changes.

Sensitive cases (domain §9; BNS 72, POCSO 23, JJ Act 74): the informant's and the court's copies are
full and carry "Identity of the victim must not be disclosed" with the provision on every page; the
S.P.'s and the public copy replace every identifying item of every victim (linked person records
included) with a label such as "Victim V1", wherever it occurs: her fields, the informant's (who may
be her parent), the narrative, the accused's description, the alteration memos.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from forms.schema import FieldDef, FormDef, GroupDef
from station_app.core.printing.document import (
    CONTENT_WIDTH,
    PageSpec,
    QRCode,
    build_pdf,
    text_flowables,
)
from station_app.core.printing.fir_parts import (
    COLUMN_GAP,
    ITEM_GAP,
    QR_SIZE,
    Cell,
    FirStyles,
    NotOnPageOne,
    PageOneFoot,
    band,
    grid,
    inline_item,
    item_table,
    pairs_table,
    qr_block,
    sign_block,
    two_columns,
)
from station_app.core.printing.fir_text import (
    COPY_BANDS,
    COPY_FOOTERS,
    DASH,
    MASKED_COPIES,
    ROAC_EN,
    ROAC_HI,
    CopyKind,
    FirQr,
    fir_qr_payload,
    identity_notes,
    mark_lines,
    moment_of,
    parse_fir_qr,
    person,
    rupees,
    section_line,
    to_decimal,
    value_text,
    when,
)
from station_app.core.printing.text import bilingual, paragraph
from station_app.core.victim_mask import Scrubber, masked_values
from station_app.core.victims import informant_of, is_sensitive_content, provision, victims_of

__all__ = ["COPY_BANDS", "CopyKind", "FirQr", "fir_qr_payload", "parse_fir_qr", "render_fir_copy"]

# The groups of the definition whose sensitive fields identify the victim.
_VICTIM_GROUP, _COMPLAINANT_GROUP = "victim", "complainant"

# Start an item on a new page rather than leave its heading with less than this under it.
_MIN_ITEM_ROOM = 19 * mm
# Multiline fields that may be longer than this flow as paragraphs (the narrative), not in a cell.
_FLOWING_TEXT = 5000


BNSS_IN_FORCE = "2024-07-01"
CRPC_TITLE = (
    "First Information Report (Under Section 154 Cr.P.C.)",
    "प्रथम सूचना रिपोर्ट (धारा 154 दं.प्र.सं. के अंतर्गत)",
)


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
    persons: Mapping[str, Mapping[str, Any]] | None = None,
) -> bytes:
    """One copy of a registered FIR as PDF bytes (A4, bilingual, page x of y, QR with the digest).

    ``persons`` are the particulars of the victims' linked person records, by person id, as they are
    now: what they add (another spelling, a phone) is withheld on masked copies too."""
    if copy not in COPY_BANDS:
        raise ValueError(f"unknown copy {copy!r}; expected one of {sorted(COPY_BANDS)}")
    payload = fir_qr_payload(content, digest)
    fir = _FirCopy(content, form, copy, persons or {})
    station = content["station"]
    body = [*fir.items(dispatch), *fir.memos(alterations)]
    # The closing QR goes with the last block, so the last page is never a QR code on its own.
    last = max(i for i, f in enumerate(body) if isinstance(f, Table))
    end = KeepTogether([body[last], Spacer(1, 3 * mm), NotOnPageOne(fir.verification(digest, payload))])
    story: list[Flowable] = [
        PageOneFoot(fir.verification(digest, payload)),
        *fir.title(),
        *fir.marks(len(alterations), transfer),
        pairs_table(fir.item1(), fir.fs),
        Spacer(1, ITEM_GAP),
        *body[:last],
        end,
    ]
    page = PageSpec(
        header_left=f"{station['state']} Police",
        header_right="I.I.F.-I",
        reference=fir.reference(len(alterations)),
        training=training,
        footer_note=COPY_FOOTERS[copy],
        title=f"{fir.fir_label} {content['fir_no']}, P.S. {station['station_name']} ({station['station_code']})",
        subject=payload,  # the full digest, as the QR carries it
        caution=bilingual(*fir.identity_note) if fir.identity_note else "",
    )
    return build_pdf(page, story)


class _FirCopy:
    """Builds the parts of one copy; holds what every part needs to know (masking, styles)."""

    def __init__(
        self,
        content: Mapping[str, Any],
        form: FormDef,
        copy: CopyKind,
        persons: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.content = content
        self.form = form
        self.copy = copy
        values: Mapping[str, Any] = content.get("values") or {}
        self.fs = FirStyles()
        self.zero = bool(content.get("zero_fir")) or content.get("series") == "ZERO"
        self.fir_label = "Zero FIR" if self.zero else "FIR"
        self.sensitive = is_sensitive_content(content)
        self.masked = self.sensitive and copy in MASKED_COPIES
        self.masked_groups: set[str] = set()
        self.scrub: Callable[[str], str] = _unchanged
        self.identity_note: tuple[str, str] | None = None
        if self.sensitive:
            victims = victims_of(content, persons)
            self.identity_note = identity_notes(provision(content, victims), self.masked)
            if self.masked:
                self.masked_groups.update((_VICTIM_GROUP, _COMPLAINANT_GROUP))
                station = content.get("station") or {}
                self.scrub = Scrubber(
                    victims,
                    informant_of(values),
                    keep=(str(station.get(k) or "") for k in ("district", "state", "station_name")),
                )
                values = masked_values(values, victims, self.scrub)
        self.values: Mapping[str, Any] = values

    # --- the top of page 1 -----------------------------------------------------------------------------

    def title(self) -> list[Flowable]:
        title_en, title_hi = self.form.title_en, self.form.title_hi
        if str(self.content.get("registered_at", "9999"))[:10] < BNSS_IN_FORCE:
            # A digitised FIR registered before 1 July 2024 was recorded under the CrPC, not BNSS 173.
            title_en, title_hi = CRPC_TITLE
        head, sep, rest = title_en.partition(" (")
        return [
            paragraph(head.upper() + sep + rest, self.fs.title),
            paragraph(title_hi, self.fs.title),
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
        styles = {"band": fs.band, "mark": fs.mark, "value": fs.value}
        lines = [
            (t, styles[kind])
            for t, kind in mark_lines(self.content, transfer, alterations, self.identity_note)
        ]
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
            (
                bilingual("Date and time of FIR", "प्राथमिकी का दिनांक एवं समय"),
                moment_of(c, "registered_at"),
                True,
            ),
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
        return out + self.closing(dispatch)

    def group(self, group: GroupDef) -> list[Flowable]:
        """One IIF item from the definition: its fields in order, tables as ruled tables."""
        fs = self.fs
        fields = [f for f in self.form.fields_in(group.key) if f.printed]
        heading = f"{group.item}. {bilingual(group.label_en, group.label_hi)}"
        out: list[Flowable] = [CondPageBreak(_MIN_ITEM_ROOM)]
        if all(self.blank(f) for f in fields):
            # An empty item is still printed, as on the paper form, as one line with a dash.
            return [*out, inline_item(heading, DASH, fs), _gap()]
        f = fields[0]
        if len(fields) == 1 and f.type in ("table", "sections") and not self.hidden(f):
            return [*out, self.table(f, heading, None), _gap()]
        if len(fields) == 1:
            text = self.text(f)
            if f.type == "multiline" and (f.max_length or 10**9) > _FLOWING_TEXT and text != DASH:
                # The narrative: any length, so it flows on to continuation sheets as paragraphs.
                return [
                    *out,
                    item_table(heading, [], fs),
                    Spacer(1, 1.5 * mm),
                    *text_flowables(text, fs.narrative),
                    _gap(),
                ]
            return [*out, inline_item(heading, text, fs), _gap()]
        cells: list[Cell] = []
        pending: str | None = heading  # printed with the first table of the item
        for index, f in enumerate(fields):
            letter = f"({string.ascii_lowercase[index]}) " if len(fields) > 1 and index < 26 else ""
            label = letter + bilingual(f.label_en, f.label_hi)
            if f.type in ("table", "sections") and not self.hidden(f):
                if cells:
                    out.append(item_table(pending, cells, fs))
                    pending, cells = None, []
                out.append(self.table(f, pending, label))
                pending = None
            else:
                text = self.text(f)
                wide = text != DASH and (f.type == "multiline" or (f.max_length or 0) > 200)
                cells.append(Cell(label, text, span=6 if wide else 0))
        if cells or pending:
            out.append(item_table(pending, cells, fs))
        return [*out, _gap()]

    def blank(self, f: FieldDef) -> bool:
        if f.type == "sections":
            return not (self.content.get("sections") or self.values.get(f.name))
        if f.type == "table":
            return not self.values.get(f.name)
        return self.text(f) == DASH

    def hidden(self, f: FieldDef) -> bool:
        return f.sensitive and f.group in self.masked_groups

    def text(self, f: FieldDef, value: Any = None, *, cell: bool = False) -> str:
        """A field's value as printed text; ``cell`` for a table cell (taken from ``value``)."""
        if not cell:
            value = self.values.get(f.name)
            if self.hidden(f) and value not in (None, "", [], {}):
                return str(value)  # already the label ("Victim V1") or "withheld"
        return value_text(f, value, self.content, with_day=not cell)

    def table(self, f: FieldDef, heading: str | None, title: str | None) -> Flowable:
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
            return grid(
                heading, title, [*header, bilingual("Offence", "अपराध")], rows, (0.8, 1.2, 1.5, 5.0), fs
            )
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
        return grid(heading, title, header, rows, (1.1, *(_weight(c) for c in columns)), fs)

    def item10(self) -> list[Flowable]:
        amounts = [
            to_decimal(row.get("value"))
            for row in self.values.get("properties") or []
            if isinstance(row, Mapping)
        ]
        known = [a for a in amounts if a is not None]
        total = rupees(sum(known, Decimal(0))) if known else DASH
        heading = "10. " + bilingual("Total value of property (₹)", "संपत्ति का कुल मूल्य (₹)")
        return [CondPageBreak(_MIN_ITEM_ROOM), inline_item(heading, total, self.fs, bold=True), _gap()]

    def certificate(self) -> list[Flowable]:
        """Item 13's R.O.A.C. certificate with the officer in charge's signature beside it."""
        fs, officer = self.fs, self.content.get("registered_by") or {}
        left, right = _columns(0.56)
        roac = band(
            [("R.O.A.C.", fs.mark), (ROAC_EN, fs.value), (ROAC_HI, fs.value)], heavy=False, width=left
        )
        sign = sign_block(
            bilingual("Signature of the officer in charge", "थाना प्रभारी के हस्ताक्षर"),
            bilingual("Signature", "हस्ताक्षर"),
            [
                (bilingual("Name", "नाम"), str(officer.get("name") or "")),
                (bilingual("Rank", "पद"), str(officer.get("rank") or "")),
                (bilingual("No.", "संख्या"), str(officer.get("belt_number") or "")),
            ],
            fs,
            right,
        )
        return [CondPageBreak(45 * mm), two_columns(roac, sign, 0.56), _gap()]

    def closing(self, dispatch: Mapping[str, Any] | None) -> list[Flowable]:
        """Item 14 (the complainant's signature or thumb impression) beside item 15 (dispatch)."""
        fs = self.fs
        complainant = str(self.values.get("complainant_name") or "")
        left, right = _columns(0.5)
        sign = sign_block(
            "14. "
            + bilingual(
                "Signature / thumb impression of the complainant / informant",
                "शिकायतकर्ता / सूचनाकर्ता के हस्ताक्षर / अंगूठे का निशान",
            ),
            bilingual("Signature or thumb impression", "हस्ताक्षर या अंगूठे का निशान"),
            [(bilingual("Name", "नाम"), complainant)],
            fs,
            left,
        )
        room = 0 if dispatch else 7 * mm  # not yet dispatched: room to write it in by hand
        at = when(dispatch.get("at")) if dispatch else ""
        carried_by = str((dispatch or {}).get("carried_by") or "")
        heading = "15. " + bilingual(
            "Date and time of dispatch to the court", "न्यायालय को प्रेषण का दिनांक एवं समय"
        )
        cells = [
            Cell(bilingual("Date and time", "दिनांक एवं समय"), at, 6, False, room),
            Cell(
                bilingual("Carried by (name, rank, No.)", "ले जाने वाले (नाम, पद, सं.)"),
                carried_by,
                6,
                False,
                room,
            ),
        ]
        return [CondPageBreak(40 * mm), two_columns(sign, item_table(heading, cells, fs, right), 0.5), _gap()]

    def memos(self, alterations: Sequence[Mapping[str, Any]]) -> list[Flowable]:
        if not alterations:
            return []
        out: list[Flowable] = [
            CondPageBreak(60 * mm),
            Spacer(1, 4 * mm),
            paragraph(bilingual("Alteration memos", "धारा परिवर्तन ज्ञापन"), self.fs.title),
        ]
        for memo in alterations:
            seq = memo.get("seq", "")
            added = "\n".join(section_line(s) for s in memo.get("added") or []) or DASH
            removed = "\n".join(section_line(s) for s in memo.get("removed") or []) or DASH
            reason = self.scrub(str(memo.get("reason") or ""))
            cells = [
                Cell(bilingual("Date and time", "दिनांक एवं समय"), when(memo.get("memo_at")), 2),
                Cell(
                    bilingual("Officer (name, rank, No.)", "अधिकारी (नाम, पद, सं.)"),
                    person(memo.get("officer")),
                    4,
                ),
                Cell(bilingual("Sections added", "जोड़ी गई धाराएँ"), added, 3),
                Cell(bilingual("Sections removed", "हटाई गई धाराएँ"), removed, 3),
                Cell(bilingual("Reason", "कारण"), reason or DASH, 6),
            ]
            heading = bilingual(f"Alteration memo No. {seq}", f"धारा परिवर्तन ज्ञापन सं. {seq}")
            out += [CondPageBreak(_MIN_ITEM_ROOM), item_table(heading, cells, self.fs), _gap()]
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


def _unchanged(text: str) -> str:
    return text


def _columns(share: float) -> tuple[float, float]:
    """The widths of the two sides of ``two_columns`` for a left share of ``share``."""
    both = CONTENT_WIDTH - COLUMN_GAP
    return both * share, both * (1 - share)


def _gap() -> Flowable:
    return Spacer(1, ITEM_GAP)


def _item_number(item: str) -> int:
    match = re.match(r"\d+", item)
    return int(match.group(0)) if match else 0


def _weight(column: FieldDef) -> float:
    """A column's share of a table's width, by what it holds."""
    if column.type == "multiline" or (column.max_length or 0) >= 200:
        return 3.0
    return {"text": 2.0, "choice": 1.7, "money": 1.6, "datetime": 1.7, "date": 1.3}.get(column.type, 0.9)
