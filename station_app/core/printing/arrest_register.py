"""The arrested-persons register (BNSS 37) as a landscape A4 sheet for the station's notice board.

One row per arrest or surrender, newest first: name, parentage, address, offence, when and where,
the accused code and FIR, who was informed (the relative or friend, and the district designated
officer), and where the person is now. The D.K. Basu guidelines ask for the same display.

A child (under 18 on the day of arrest, by the date or year of birth, or the age, in the person
register) is not named on a public notice (Juvenile Justice Act, 2015, s.74): the row keeps the
offence, the time and the FIR, and withholds name, parentage and address.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from station_app.core.printing.document import RULE
from station_app.core.printing.fir_parts import HEAD_FILL, FirStyles
from station_app.core.printing.fir_text import DASH, as_datetime, section_line, when
from station_app.core.printing.memo_parts import RELATIONS, age_on
from station_app.core.printing.sheets import (
    LANDSCAPE,
    Sheet,
    build_sheets,
    footer_rule_y,
    header_rule_y,
    place,
    rule,
)
from station_app.core.printing.text import bilingual, paragraph

TITLE = ("Arrested persons", "गिरफ़्तार व्यक्ति")
CAPTION = ("(Section 37 B.N.S.S.)", "(बी.एन.एस.एस. धारा 37)")
CHILD = "[withheld: child (J.J. Act s.74) / गोपनीय: बालक]"
STATUSES = {
    "in_custody": ("In custody at the P.S.", "थाने की अभिरक्षा में"),
    "produced": ("Produced before the Magistrate", "मजिस्ट्रेट के समक्ष प्रस्तुत"),
    "police_custody": ("Police custody (remand)", "पुलिस अभिरक्षा (रिमांड)"),
    "judicial_custody": ("Judicial custody", "न्यायिक अभिरक्षा"),
    "bailed": ("Released on bail", "ज़मानत पर रिहा"),
    "released": ("Released", "रिहा"),
}
COLUMNS = (
    (("S.No.", "क्र.सं."), 0.55),
    (("Name (alias)", "नाम (उपनाम)"), 1.6),
    (("Father's / husband's name", "पिता / पति का नाम"), 1.4),
    (("Address", "पता"), 1.9),
    (("Offence (sections)", "अपराध (धाराएँ)"), 1.7),
    (("Arrested on, at", "गिरफ़्तारी का समय, स्थान"), 1.8),
    (("Accused code, FIR", "अभियुक्त कोड, प्राथमिकी"), 1.15),
    (("Informed (relative / friend; designated officer)", "सूचित (संबंधी / मित्र; नामित अधिकारी)"), 2.0),
    (("Custody now", "वर्तमान अभिरक्षा"), 1.4),
)


@dataclass(frozen=True)
class RegisterRow:
    content: Mapping[str, Any]  # the arrest memo's frozen content
    status: str  # in_custody, produced, police_custody, judicial_custody, bailed, released
    produced_at: datetime | None = None


def render_arrest_register(
    rows: Sequence[RegisterRow],
    *,
    station: Mapping[str, Any],
    printed_at: datetime,
    since: datetime | None,
    training: bool,
) -> bytes:
    """The register as PDF bytes: bilingual headers repeated on every page, printed time, page x of y."""
    fs = FirStyles()
    period = (
        bilingual(f"Arrests since {when(since)}", f"{when(since)} से गिरफ़्तारियाँ")
        if since is not None
        else bilingual("All arrests on record", "अभिलेख में सभी गिरफ़्तारियाँ")
    )
    story: list[Flowable] = [
        paragraph(f"{TITLE[0].upper()} {CAPTION[0]} / {TITLE[1]} {CAPTION[1]}", fs.title),
        paragraph(f"{period} · {len(rows)} {bilingual('entries', 'प्रविष्टियाँ')}", fs.base.small_center),
        Spacer(1, 3 * mm),
        _table(rows, fs),
    ]
    name = bilingual(str(station["station_name"]), str(station.get("station_name_hi") or ""))
    lines = (
        f"{station['state']} Police",
        f"P.S. {name} ({station['station_code']}) · {station['district']}",
        bilingual("Arrested persons register (BNSS 37)", "गिरफ़्तार व्यक्तियों की पंजी (धारा 37)"),
        f"{bilingual('Printed', 'मुद्रित')} {when(printed_at)}",
    )

    def furniture(canv: Canvas, sheet: Sheet) -> None:
        layout = LANDSCAPE
        left, width, top = layout.left, layout.content_width, layout.height - layout.top
        line = fs.small.leading
        place(canv, paragraph(lines[0], fs.small_bold), left, top, width * 0.6)
        place(canv, paragraph(lines[2], _right(fs, bold=True)), left + width * 0.5, top, width * 0.5)
        place(canv, paragraph(lines[1], fs.small), left, top - line, width * 0.6)
        place(canv, paragraph(lines[3], _right(fs)), left + width * 0.5, top - line, width * 0.5)
        rule(canv, layout, header_rule_y(layout))
        foot = footer_rule_y(layout)
        rule(canv, layout, foot)
        note = bilingual("Displayed under Section 37 B.N.S.S.", "धारा 37 बी.एन.एस.एस. के अंतर्गत प्रदर्शित")
        place(canv, paragraph(note, fs.small), left, foot - 1.5 * mm, width * 0.75)
        page_of = bilingual(f"Page {sheet.number} of {sheet.total}", f"पृष्ठ {sheet.number} / {sheet.total}")
        place(canv, paragraph(page_of, _right(fs)), left + width * 0.75, foot - 1.5 * mm, width * 0.25)

    return build_sheets(
        LANDSCAPE, story, furniture, training=training,
        title=f"Arrested persons register, P.S. {station['station_name']}", subject=period,
    )  # fmt: skip


def _right(fs: FirStyles, *, bold: bool = False) -> ParagraphStyle:
    return ParagraphStyle("reg_right", parent=fs.small_bold if bold else fs.small, alignment=TA_RIGHT)


def row_cells(index: int, row: RegisterRow) -> list[str]:
    """One arrest as the register's cells (plain text, in column order)."""
    content = row.content
    values: Mapping[str, Any] = content.get("values") or {}
    card: Mapping[str, Any] = content.get("person") or {}
    arrested = as_datetime(values.get("arrested_at"))
    age = age_on(card, arrested.date()) if arrested else None
    child = age is not None and age < 18
    name = str(card.get("name") or DASH)
    if card.get("aliases"):
        name += f" ({', '.join(card['aliases'])})"
    relation = RELATIONS.get(str(card.get("relative_relation") or ""), ("relative", "संबंधी"))
    parent = f"{card.get('relative_name')} ({bilingual(*relation)})" if card.get("relative_name") else DASH
    address = str(card.get("present_address") or card.get("permanent_address") or DASH)
    sections = "\n".join(section_line(s) for s in values.get("sections") or []) or DASH
    how = bilingual("Surrendered", "आत्मसमर्पण") if values.get("kind") == "surrender" else ""
    at = "\n".join(p for p in (when(values.get("arrested_at")), how, str(values.get("place") or "")) if p)
    informed = (
        f"{values.get('informed_name') or DASH} ({values.get('informed_relation') or DASH}), "
        f"{when(values.get('informed_at'))}\n"
        f"{bilingual('Designated officer', 'नामित अधिकारी')}: {when(values.get('designated_officer_informed_at'))}"
    )
    status = bilingual(*STATUSES.get(row.status, (row.status, "")))
    if row.produced_at is not None:
        status += f"\n{bilingual('produced', 'प्रस्तुत')} {when(row.produced_at)}"
    return [
        str(index),
        CHILD if child else name,
        CHILD if child else parent,
        CHILD if child else address,
        sections,
        at,
        f"{content.get('accused_code') or DASH}\nFIR {content.get('fir_no') or DASH}",
        informed,
        status,
    ]


def _table(rows: Sequence[RegisterRow], fs: FirStyles) -> Table:
    total = sum(w for _, w in COLUMNS)
    widths = [LANDSCAPE.content_width * w / total for _, w in COLUMNS]
    head = [paragraph(bilingual(*label), fs.cell_head) for label, _ in COLUMNS]
    cell = ParagraphStyle("reg_cell", parent=fs.value, fontSize=8.5, leading=12)
    body: list[list[Any]] = [
        [paragraph(text, cell) for text in row_cells(i, row)] for i, row in enumerate(rows, start=1)
    ]
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if not body:
        none = bilingual("No arrests in this period.", "इस अवधि में कोई गिरफ़्तारी नहीं।")
        body = [[paragraph(none, cell), *([""] * (len(COLUMNS) - 1))]]
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table = Table([head, *body], colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle(commands))
    return table
