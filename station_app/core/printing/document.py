"""A4 document builder and the parts printed documents are made of.

``build_pdf(page, story)`` turns a list of flowables into PDF bytes and adds, on every page, the
running header (state police, form name, record reference), "Page x of y / पृष्ठ x / y" and, for
a training station, a diagonal TRAINING watermark. The parts (``field_table``, ``signature_block``,
``QRCode``, ``text_flowables``, ``side_by_side``) are enough to build an IIF-1 FIR copy: the items as
field tables, the narrative as ``text_flowables`` (it runs on to as many continuation sheets as it
needs; every sheet repeats the header and the record reference, so a loose sheet can be matched
to its record), then the signature blocks and a QR code with the record's identity and digest.

Flowables are single-use: reportlab caches layout on them while building, so make a fresh story
for every call to ``build_pdf``.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer, Table, TableStyle

from station_app.core.printing.fonts import GREY, INK, Styles, register_fonts, styles
from station_app.core.printing.text import bilingual, paragraph

PAGE_WIDTH, PAGE_HEIGHT = A4
# Case files are tied with treasury tags through holes punched near the left edge, so the left
# margin is wide enough that punching never takes a word; the other margins suit office printers,
# which cannot print the outer ~5 mm anyway.
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 12 * mm
HEADER_HEIGHT = 16 * mm  # three small lines and a rule
FOOTER_HEIGHT = 9 * mm
CAUTION_HEIGHT = 10 * mm  # two small lines and a gap, when the page carries a caution
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

RULE = colors.Color(0.45, 0.45, 0.45)
# Light enough to read the record through, dark enough to survive a photocopier.
WATERMARK = colors.Color(0.5, 0.5, 0.5, alpha=0.25)
TRAINING_EN = "TRAINING — NOT A LEGAL DOCUMENT"
TRAINING_HI = "प्रशिक्षण"


@dataclass(frozen=True)
class PageSpec:
    """What every page of a document carries, besides its content."""

    header_left: str  # the state police, e.g. "Haryana Police / हरियाणा पुलिस"
    header_right: str  # the form, e.g. "I.I.F.-I"
    reference: str = ""  # the record, e.g. "FIR 0027/2026, PS Sadar (HR0123)"
    training: bool = False  # watermark every page
    footer_note: str = ""  # e.g. who printed it and when
    title: str = ""  # PDF metadata only
    subject: str = ""
    # A caution every page must carry, printed bold above the footer: "Identity of the victim must
    # not be disclosed (BNS 72)". A loose sheet of a sensitive FIR still says it.
    caution: str = ""


def build_pdf(page: PageSpec, story: Sequence[Flowable]) -> bytes:
    """Lay out ``story`` on A4 pages and return the PDF."""
    st = styles()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP + HEADER_HEIGHT,
        bottomMargin=MARGIN_BOTTOM + FOOTER_HEIGHT + (CAUTION_HEIGHT if page.caution else 0),
        title=page.title,
        subject=page.subject,
        author="",
        creator="station-app",
        # Same input, same bytes: no random document id or timestamp, so printouts can be compared.
        invariant=True,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=functools.partial(_PageCanvas, page=page, styles=st))
    return buffer.getvalue()


class _PageCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type information
    """Holds finished pages back until the end, when the page count is known, then adds the
    header, the "Page x of y" footer and the watermark to each. Drawing the watermark last puts it
    over the content, so nothing on the page (a filled table cell, an image) can hide it."""

    def __init__(self, *args: Any, page: PageSpec, styles: Styles, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spec = page
        self._styles = styles
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        # Keep the finished page's state and start a fresh one, as reportlab does between pages;
        # save() replays them. (The usual reportlab recipe for "page x of y" in one pass.)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            _draw_furniture(self, self._spec, self._styles, number, total)
            super().showPage()
        super().save()


def _draw_furniture(canv: Canvas, spec: PageSpec, st: Styles, number: int, total: int) -> None:
    left, width = MARGIN_LEFT, CONTENT_WIDTH
    bold = ParagraphStyle("small_bold", parent=st.small, fontName=register_fonts().latin_bold)
    bold_right = ParagraphStyle("small_bold_right", parent=st.small_right, fontName=bold.fontName)
    bold_center = ParagraphStyle("small_bold_center", parent=st.small_center, fontName=bold.fontName)
    top = PAGE_HEIGHT - MARGIN_TOP
    line = st.small.leading
    _place(canv, paragraph(spec.header_left, bold), left, top, width * 0.62)
    _place(canv, paragraph(spec.header_right, bold_right), left + width * 0.62, top, width * 0.38)
    _place(canv, paragraph(spec.reference, st.small), left, top - line, width * 0.62)
    if number > 1:
        continued = bilingual(f"Continued from page {number - 1}", f"पृष्ठ {number - 1} से आगे")
        _place(canv, paragraph(continued, st.small_right), left + width * 0.62, top - line, width * 0.38)
    if spec.training:
        _place(canv, paragraph(bilingual(TRAINING_EN, TRAINING_HI), bold_center), left, top - 2 * line, width)
    rule_y = PAGE_HEIGHT - MARGIN_TOP - HEADER_HEIGHT + 2 * mm
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.6)
    canv.line(left, rule_y, left + width, rule_y)

    footer_rule = MARGIN_BOTTOM + FOOTER_HEIGHT - 2 * mm
    canv.line(left, footer_rule, left + width, footer_rule)
    page_of = bilingual(f"Page {number} of {total}", f"पृष्ठ {number} / {total}")
    _place(canv, paragraph(page_of, st.small_right), left + width * 0.6, footer_rule - 1.5 * mm, width * 0.4)
    if spec.footer_note:
        _place(canv, paragraph(spec.footer_note, st.small), left, footer_rule - 1.5 * mm, width * 0.6)
    if spec.caution:
        _place(
            canv, paragraph(spec.caution, bold_center), left, footer_rule + CAUTION_HEIGHT - 1.5 * mm, width
        )
    if spec.training:
        _draw_watermark(canv, st)


def _place(canv: Canvas, flowable: Flowable, x: float, top: float, width: float) -> float:
    """Draw a flowable with its top edge at ``top``; returns its height."""
    _, height = flowable.wrapOn(canv, width, PAGE_HEIGHT)
    flowable.drawOn(canv, x, top - height)
    return float(height)


def _draw_watermark(canv: Canvas, st: Styles) -> None:
    span = math.hypot(PAGE_WIDTH, PAGE_HEIGHT) * 0.72
    fonts = register_fonts()
    # As large as fits along the diagonal, but no larger than reads as a stamp.
    en_size = min(34.0, span / stringWidth(TRAINING_EN, fonts.latin_bold, 1))
    en = ParagraphStyle(
        "wm_en", parent=st.title, fontSize=en_size, leading=en_size * 1.4, textColor=WATERMARK
    )
    hi = ParagraphStyle(
        "wm_hi", parent=st.title, fontSize=en_size * 2, leading=en_size * 2.6, textColor=WATERMARK
    )
    canv.saveState()
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(math.degrees(math.atan2(PAGE_HEIGHT, PAGE_WIDTH)))
    first, second = paragraph(TRAINING_EN, en), paragraph(TRAINING_HI, hi)
    height = first.wrapOn(canv, span, PAGE_HEIGHT)[1] + second.wrapOn(canv, span, PAGE_HEIGHT)[1]
    top = height / 2
    top -= _place(canv, first, -span / 2, top, span)
    _place(canv, second, -span / 2, top, span)
    canv.restoreState()


@dataclass(frozen=True)
class Field:
    """One labelled value: an IIF item, a line of the station identity..."""

    english: str
    hindi: str
    value: str
    number: str = ""  # the form's item number, printed before the label, e.g. "3(c)"


def field_table(
    fields: Sequence[Field],
    width: float = CONTENT_WIDTH,
    label_share: float = 0.34,
    min_row_height: float | None = None,
) -> Table:
    """Labels ("English / हिन्दी") on the left, values wrapping on the right, one row per field.

    A value longer than a page splits across pages inside its row (``splitInRow``) instead of
    failing the whole print with a layout error. ``min_row_height`` leaves room to write by hand.
    """
    st = styles()
    rows = []
    for field in fields:
        label = bilingual(field.english, field.hindi)
        rows.append(
            [
                paragraph(f"{field.number} {label}" if field.number else label, st.label),
                paragraph(field.value, st.body),
            ]
        )
    col_widths = [width * label_share, width * (1 - label_share)]
    row_heights = None
    if min_row_height is not None:
        # Fixed heights, so measure each row first: a value longer than the minimum still fits.
        row_heights = [
            max(
                min_row_height,
                *(cell.wrap(w - 8, PAGE_HEIGHT)[1] + 6 for cell, w in zip(row, col_widths, strict=True)),
            )
            for row in rows
        ]
    table = Table(rows, colWidths=col_widths, rowHeights=row_heights, hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return table


def signature_block(
    role: str,
    *,
    name: str = "",
    rank: str = "",
    number: str = "",
    thumb_impression: bool = False,
    width: float = 80 * mm,
) -> Table:
    """Room to sign, then name, rank and number, filled in or left on a line to write on.

    ``role`` says whose signature it is (e.g. "Officer in charge / थाना प्रभारी"); with
    ``thumb_impression`` the caption allows a thumb impression and the room is big enough for one.
    """
    st = styles()
    caption = (
        bilingual("Signature or thumb impression", "हस्ताक्षर या अंगूठे का निशान")
        if thumb_impression
        else bilingual("Signature", "हस्ताक्षर")
    )
    rows = [
        [paragraph(role, st.body_bold), ""],
        ["", ""],
        [paragraph(caption, st.label), ""],
        [paragraph(bilingual("Name", "नाम"), st.label), paragraph(name, st.body)],
        [paragraph(bilingual("Rank", "पद"), st.label), paragraph(rank, st.body)],
        [paragraph(bilingual("No.", "संख्या"), st.label), paragraph(number, st.body)],
    ]
    label_width = 26 * mm
    room = (28 if thumb_impression else 16) * mm
    table = Table(
        rows,
        colWidths=[label_width, width - label_width],
        rowHeights=[None, room, None, 7 * mm, 7 * mm, 7 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("SPAN", (0, 1), (1, 1)),
                ("SPAN", (0, 2), (1, 2)),
                ("LINEABOVE", (0, 2), (1, 2), 0.8, INK),  # the line to sign on
                ("LINEBELOW", (1, 3), (1, 5), 0.4, GREY),  # lines to write name, rank, number on
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def side_by_side(flowables: Sequence[Flowable], width: float = CONTENT_WIDTH) -> Table:
    """Place blocks (signature blocks, a QR code and its caption...) in equal columns."""
    table = Table([list(flowables)], colWidths=[width / len(flowables)] * len(flowables), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def text_flowables(text: str, style: ParagraphStyle) -> list[Flowable]:
    """User text of any length (a narrative) as one paragraph per line the user typed.

    Line by line rather than one big paragraph: each piece is shorter to split across pages, and a
    blank line the officer left between paragraphs stays a visible gap.
    """
    out: list[Flowable] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        out.append(paragraph(line, style) if line.strip() else Spacer(1, style.leading * 0.6))
    return out


class QRCode(Flowable):  # type: ignore[misc]  # reportlab has no type information
    """A QR code for ``payload`` (error correction M), drawn as vector squares.

    Vectors rather than a bitmap: sharp at any printer resolution, and a few hundred bytes. The
    four-module quiet zone the standard asks for is included in ``size``.
    """

    def __init__(self, payload: str, size: float = 32 * mm) -> None:
        super().__init__()
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
        code.add_data(payload.encode("utf-8"))
        code.make(fit=True)
        self.payload = payload
        self._matrix: list[list[bool]] = [[bool(m) for m in row] for row in code.get_matrix()]
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        n = len(self._matrix)
        module = self.width / n
        # One path for all dark modules: a single fill has no hairline seams between squares.
        path = canv.beginPath()
        for r, row in enumerate(self._matrix):
            y = self.height - (r + 1) * module
            c = 0
            while c < n:
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(start * module, y, (c - start) * module, module)
        canv.setFillColor(colors.black)
        canv.drawPath(path, stroke=0, fill=1)
