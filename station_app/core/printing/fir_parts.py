"""Pieces of the printed FIR copy that do not depend on the form's layout.

Formatting (IST dates, rupees with Indian digit grouping, bilingual yes/no), the victim-name scrubber
used on masked copies, the tables and boxes the copy is drawn with, and the two QR blocks: one held
at the foot of page 1, one at the end of the document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from station_app.core.printing.document import CONTENT_WIDTH, RULE
from station_app.core.printing.fonts import INK, styles
from station_app.core.printing.text import bilingual, paragraph

# India has one time zone and no daylight saving: a fixed offset is exact and needs no tz database.
IST = timezone(timedelta(hours=5, minutes=30), "IST")
DASH = "—"
BAND_FILL = colors.Color(0.9, 0.9, 0.9)
_WEEKDAYS = (
    ("Monday", "सोमवार"),
    ("Tuesday", "मंगलवार"),
    ("Wednesday", "बुधवार"),
    ("Thursday", "गुरुवार"),
    ("Friday", "शुक्रवार"),
    ("Saturday", "शनिवार"),
    ("Sunday", "रविवार"),
)


class FirStyles:
    """The copy's paragraph styles, derived from the shared ones (same fonts, so shaping works)."""

    def __init__(self) -> None:
        st = styles()
        self.base = st
        self.value = ParagraphStyle("fir_value", parent=st.body, fontSize=9.5, leading=14)
        self.value_bold = ParagraphStyle("fir_value_bold", parent=st.body_bold, fontSize=9.5, leading=14)
        self.value_right = ParagraphStyle("fir_value_right", parent=self.value, alignment=TA_RIGHT)
        self.cell_head = ParagraphStyle("fir_cell_head", parent=st.label, fontSize=8, leading=11.5)
        self.heading = ParagraphStyle(
            "fir_heading",
            parent=st.body_bold,
            fontSize=10,
            leading=15,
            spaceBefore=7,
            spaceAfter=2.5,
            keepWithNext=1,  # never an item heading alone at the foot of a page
        )
        self.sublabel = ParagraphStyle(
            "fir_sublabel", parent=st.label, spaceBefore=3, spaceAfter=1.5, keepWithNext=1
        )
        self.title = st.title
        self.band = ParagraphStyle(
            "fir_band", parent=st.body_bold, fontSize=11.5, leading=17, alignment=TA_CENTER
        )
        self.mark = ParagraphStyle("fir_mark", parent=st.body_bold, fontSize=9.5, leading=14)
        self.narrative = st.body
        self.small = st.small
        self.small_bold = ParagraphStyle("fir_small_bold", parent=st.small, fontName=st.body_bold.fontName)


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


# --- masking the victim's name in free text -----------------------------------------------------------

# What counts as part of a word: Python's \w leaves out the vowel signs and virama of Devanagari
# (category M), which would put "word boundaries" inside every Hindi name.
_WORD = r"[\w\u0300-\u036F\u0900-\u097F\uA8E0-\uA8FF\u1CD0-\u1CFF\u200C\u200D]"
# Titles are not part of anyone's identity, and masking every "Shri" in a narrative helps no one.
_HONORIFICS = frozenset(
    {"shri", "smt", "sri", "mrs", "miss", "kumari", "sushri", "श्री", "श्रीमती", "सुश्री", "कुमारी"}
)
NAME_MASK = "[victim / पीड़ित]"
WORD_MASK = "[withheld / गोपनीय]"


def name_scrubber(names: Iterable[str]) -> Callable[[str], str]:
    """A function that hides ``names`` in free text: each full name (any spacing, any case) becomes
    ``[victim / पीड़ित]``, and each of its words of three or more letters, wherever it stands alone,
    becomes ``[withheld / गोपनीय]``. Text and names are compared in NFC, so a nukta typed as one
    character or two still matches."""
    full: set[str] = set()
    words: set[str] = set()
    for name in names:
        parts = [w.strip(".,") for w in unicodedata.normalize("NFC", name).split()]
        parts = [w for w in parts if w]
        if not parts:
            continue
        full.add(r"\s+".join(re.escape(w) for w in parts))
        words.update(
            re.escape(w) for w in parts if len(w) >= 3 and w.casefold() not in _HONORIFICS and not w.isdigit()
        )
    if not full:
        return lambda text: text
    alternatives = sorted(full, key=len, reverse=True) + sorted(words - full, key=len, reverse=True)
    pattern = re.compile(rf"(?<!{_WORD})(?:{'|'.join(alternatives)})(?!{_WORD})", re.IGNORECASE)

    def scrub(text: str) -> str:
        return pattern.sub(
            lambda m: NAME_MASK if len(m.group(0).split()) > 1 else WORD_MASK,
            unicodedata.normalize("NFC", text),
        )

    return scrub


# --- tables and boxes ----------------------------------------------------------------------------------


def _style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            *extra,
        ]
    )


def grid(
    header: Sequence[str], rows: Sequence[Sequence[Flowable | str]], weights: Sequence[float], fs: FirStyles
) -> Table:
    """A ruled table with a bilingual header row that repeats on every page it runs on to."""
    total = sum(weights)
    widths = [CONTENT_WIDTH * w / total for w in weights]
    head = [paragraph(h, fs.cell_head) for h in header]
    body = [[c if isinstance(c, Flowable) else paragraph(c, fs.value) for c in row] for row in rows]
    if not body:
        body = [[paragraph(DASH, fs.value)] + [""] * (len(header) - 1)]
        extra: list[tuple[Any, ...]] = [("SPAN", (0, 1), (-1, 1))]
    else:
        extra = []
    table = Table([head, *body], colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(_style([("BACKGROUND", (0, 0), (-1, 0), BAND_FILL), *extra]))
    return table


def box(text: str, style: ParagraphStyle) -> Table:
    """One full-width ruled cell: the value of an item that has no sub-items."""
    table = Table([[paragraph(text, style)]], colWidths=[CONTENT_WIDTH], hAlign="LEFT", splitInRow=1)
    table.setStyle(_style())
    return table


def pairs_table(cells: Sequence[tuple[str, str, bool]], fs: FirStyles) -> Table:
    """Item 1: label/value pairs two to a row; ``(label, value, bold)``."""
    rows: list[list[Flowable | str]] = []
    for i in range(0, len(cells), 2):
        row: list[Flowable | str] = []
        for label, value, bold in cells[i : i + 2]:
            row += [paragraph(label, fs.cell_head), paragraph(value, fs.value_bold if bold else fs.value)]
        rows.append(row + [""] * (4 - len(row)))
    widths = [CONTENT_WIDTH * w for w in (0.2, 0.3, 0.2, 0.3)]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(_style([("BOX", (0, 0), (-1, -1), 1, INK)]))
    return table


def band(lines: Sequence[tuple[str, ParagraphStyle]], *, heavy: bool) -> Table:
    """A boxed full-width notice: the copy band (filled, heavy rule) or a mark such as ZERO FIR."""
    table = Table([[paragraph(text, style)] for text, style in lines], colWidths=[CONTENT_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.6 if heavy else 0.8, INK),
                ("BACKGROUND", (0, 0), (-1, -1), BAND_FILL if heavy else colors.white),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


# --- the QR blocks -------------------------------------------------------------------------------------

QR_SIZE = 27 * mm
_QR_GAP = 3 * mm


def qr_block(qr: Flowable, caption: Sequence[tuple[str, ParagraphStyle]]) -> Table:
    """The QR code with its caption beside it."""
    text = [paragraph(t, s) for t, s in caption]
    table = Table([[qr, text]], colWidths=[QR_SIZE + 4 * mm, CONTENT_WIDTH - QR_SIZE - 4 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


class PageOneFoot(Flowable):  # type: ignore[misc]  # reportlab has no type information
    """Put first in the story: draws ``block`` at the foot of page 1 and keeps page 1's text above it.

    reportlab calls ``frameAction`` (the hook its ``Indenter`` uses) with the frame instead of laying
    this out. It draws the block at the bottom of the frame, raises the frame's floor by the block's
    height, and arranges for the floor to drop back when the frame is reset for page 2.
    """

    def __init__(self, block: Flowable) -> None:
        super().__init__()
        self.block = block
        self.width = self.height = 0

    def frameAction(self, frame: Any) -> None:  # reportlab's name
        canv = self.canv  # set by the frame before it calls us
        _, height = self.block.wrapOn(canv, frame._aW, frame._aH)
        x, y = frame._x1 + frame._leftPadding, frame._y1p
        self.block.drawOn(canv, x, y)
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(x, y + height + _QR_GAP / 2, x + frame._aW, y + height + _QR_GAP / 2)
        canv.restoreState()
        frame._y1p += height + _QR_GAP
        frame._aH -= height + _QR_GAP
        original_reset = frame._reset

        def reset() -> None:
            del frame.__dict__["_reset"]
            frame._geom()  # recomputes the floor and the available height from the frame's geometry
            original_reset()

        frame.__dict__["_reset"] = reset


class NotOnPageOne(Flowable):  # type: ignore[misc]  # reportlab has no type information
    """Draws ``block`` unless it would land on page 1 (which already has the QR at its foot)."""

    def __init__(self, block: Flowable) -> None:
        super().__init__()
        self.block = block
        self._skip = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        canv = getattr(self, "canv", None)
        self._skip = canv is not None and canv.getPageNumber() == 1
        if self._skip:
            return availWidth, 0
        width, height = self.block.wrapOn(canv, availWidth, availHeight)
        return float(width), float(height)

    def draw(self) -> None:
        if not self._skip:
            self.block.drawOn(self.canv, 0, 0)
