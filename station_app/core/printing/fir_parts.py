"""The blocks the printed FIR copy is drawn with: its styles, item tables (fields laid out on six
columns, as wide as each needs), ruled tables for accused, properties and sections, boxed notices,
the signature blocks, and the two QR blocks: one held at the foot of page 1, one at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from station_app.core.printing.document import CONTENT_WIDTH, RULE
from station_app.core.printing.fir_text import DASH
from station_app.core.printing.fonts import INK, styles
from station_app.core.printing.text import paragraph

BAND_FILL = colors.Color(0.9, 0.9, 0.9)
HEAD_FILL = colors.Color(0.96, 0.96, 0.96)


class FirStyles:
    """The copy's paragraph styles, derived from the shared ones (same fonts, so shaping works)."""

    def __init__(self) -> None:
        st = styles()
        self.base = st
        self.value = ParagraphStyle("fir_value", parent=st.body, fontSize=9, leading=12.8)
        self.value_bold = ParagraphStyle("fir_value_bold", parent=st.body_bold, fontSize=9, leading=12.8)
        self.value_right = ParagraphStyle("fir_value_right", parent=self.value, alignment=TA_RIGHT)
        self.cell_head = ParagraphStyle("fir_cell_head", parent=st.label, fontSize=7, leading=10)
        self.cell_label = ParagraphStyle("fir_cell_label", parent=st.label, fontSize=7, leading=10)
        self.item_heading = ParagraphStyle(
            "fir_item_heading", parent=st.body_bold, fontSize=8.5, leading=12.5
        )
        self.title = ParagraphStyle("fir_title", parent=st.title, fontSize=13, leading=19, spaceAfter=2)
        self.band = ParagraphStyle(
            "fir_band", parent=st.body_bold, fontSize=11.5, leading=17, alignment=TA_CENTER
        )
        self.mark = ParagraphStyle("fir_mark", parent=st.body_bold, fontSize=9, leading=13)
        # 1.5 line spacing, as courts ask for in FIRs; Devanagari needs it anyway.
        self.narrative = ParagraphStyle("fir_narrative", parent=st.body, fontSize=10, leading=15)
        self.small = st.small
        self.small_bold = ParagraphStyle("fir_small_bold", parent=st.small, fontName=st.body_bold.fontName)


# --- tables and boxes ----------------------------------------------------------------------------------

ITEM_GAP = 2 * mm
SIGN_ROOM = 16 * mm
COLUMN_GAP = 8 * mm


@dataclass(frozen=True)
class Cell:
    """One field in an item table: its label above its value."""

    label: str
    value: str
    span: int = 0  # in sixths of the width; 0: as narrow as the text allows
    bold: bool = False
    min_height: float = 0  # room to write by hand


def _text_width(text: str, style: ParagraphStyle) -> float:
    return max((stringWidth(line, style.fontName, style.fontSize) for line in text.split("\n")), default=0)


def _span(cell: Cell, fs: FirStyles, sixth: float) -> int:
    if cell.span:
        return cell.span
    # Room for the value on one line and the label on at most two, plus the cell's padding.
    need = max(_text_width(cell.value, fs.value) * 1.08, _text_width(cell.label, fs.cell_label) / 1.9) + 10
    return next((span for span in (2, 3, 4) if need <= span * sixth), 6)


def _cell_flowables(cell: Cell, fs: FirStyles) -> list[Flowable]:
    out = [
        paragraph(cell.label, fs.cell_label),
        paragraph(cell.value, fs.value_bold if cell.bold else fs.value),
    ]
    return [*out, Spacer(1, cell.min_height)] if cell.min_height else out


def item_table(
    heading: str | None, cells: Sequence[Cell], fs: FirStyles, width: float = CONTENT_WIDTH
) -> Table:
    """An IIF item: a shaded heading row (repeated if the item runs on to the next page), then its
    fields left to right, top to bottom, each as wide as it needs (the last in a row fills it)."""
    sixth = width / 6
    placed: list[list[tuple[Cell, int]]] = []
    used = 6
    for cell in cells:
        span = _span(cell, fs, sixth)
        if used + span > 6:
            placed.append([])
            used = 0
        placed[-1].append((cell, span))
        used += span
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    if heading is not None:
        data.append([paragraph(heading, fs.item_heading), "", "", "", "", ""])
        commands += [("SPAN", (0, 0), (5, 0)), ("BACKGROUND", (0, 0), (5, 0), BAND_FILL)]
    for row in placed:
        r = len(data)
        line: list[Any] = [""] * 6
        start = 0
        for index, (cell, natural) in enumerate(row):
            span = 6 - start if index == len(row) - 1 else natural  # the last cell fills the row
            line[start] = _cell_flowables(cell, fs)
            if span > 1:
                commands.append(("SPAN", (start, r), (start + span - 1, r)))
            start += span
        data.append(line)
    table = Table(
        data,
        colWidths=[sixth] * 6,
        repeatRows=1 if heading is not None and len(data) > 1 else 0,
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(_style(commands))
    return table


def inline_item(heading: str, value: str, fs: FirStyles, *, bold: bool = False) -> Table:
    """An item with one value: the shaded heading and the value side by side."""
    table = Table(
        [[paragraph(heading, fs.item_heading), paragraph(value, fs.value_bold if bold else fs.value)]],
        colWidths=[CONTENT_WIDTH * 0.42, CONTENT_WIDTH * 0.58],
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(_style([("BACKGROUND", (0, 0), (0, 0), BAND_FILL)]))
    return table


def _style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            *extra,
        ]
    )


def grid(
    heading: str | None,
    title: str | None,
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    weights: Sequence[float],
    fs: FirStyles,
) -> Table:
    """A ruled table (accused, properties, sections), under the item's heading and/or the field's
    title; those and the column heads repeat on every page the table runs on to."""
    total = sum(weights)
    widths = [CONTENT_WIDTH * w / total for w in weights]
    blank = [""] * (len(header) - 1)
    top: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    if heading is not None:
        top.append([paragraph(heading, fs.item_heading), *blank])
        commands.append(("BACKGROUND", (0, 0), (-1, 0), BAND_FILL))
    if title is not None:
        top.append([paragraph(title, fs.cell_label), *blank])
    commands += [("SPAN", (0, r), (-1, r)) for r in range(len(top))]
    head = [paragraph(h, fs.cell_head) for h in header]
    commands.append(("BACKGROUND", (0, len(top)), (-1, len(top)), HEAD_FILL))
    body = [[c if isinstance(c, Flowable) else paragraph(c, fs.value) for c in row] for row in rows]
    if not body:
        body = [[paragraph(DASH, fs.value), *blank]]
        commands.append(("SPAN", (0, len(top) + 1), (-1, len(top) + 1)))
    table = Table([*top, head, *body], colWidths=widths, repeatRows=len(top) + 1, hAlign="LEFT", splitInRow=1)
    table.setStyle(_style(commands))
    return table


def pairs_table(cells: Sequence[tuple[str, str, bool]], fs: FirStyles) -> Table:
    """Item 1: label/value pairs two to a row; ``(label, value, bold)``."""
    rows: list[list[Flowable | str]] = []
    for i in range(0, len(cells), 2):
        row: list[Flowable | str] = []
        for label, value, bold in cells[i : i + 2]:
            row += [paragraph(label, fs.cell_label), paragraph(value, fs.value_bold if bold else fs.value)]
        rows.append(row + [""] * (4 - len(row)))
    widths = [CONTENT_WIDTH * w for w in (0.19, 0.31, 0.19, 0.31)]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(_style([("BOX", (0, 0), (-1, -1), 1, INK), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def band(lines: Sequence[tuple[str, ParagraphStyle]], *, heavy: bool, width: float = CONTENT_WIDTH) -> Table:
    """A boxed full-width notice: the copy band (filled, heavy rule) or a mark such as ZERO FIR."""
    table = Table([[paragraph(text, style)] for text, style in lines], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.6 if heavy else 0.8, INK),
                ("BACKGROUND", (0, 0), (-1, -1), BAND_FILL if heavy else colors.white),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def sign_block(
    role: str, caption: str, rows: Sequence[tuple[str, str]], fs: FirStyles, width: float
) -> Table:
    """Whose signature (``role``), room to sign, the line with ``caption`` under it, then labelled
    lines (name, rank...) filled in or left to write on."""
    label = 20 * mm
    data: list[list[Any]] = [
        [paragraph(role, fs.value_bold), ""],
        ["", ""],
        [paragraph(caption, fs.cell_label), ""],
    ]
    data += [[paragraph(k, fs.cell_label), paragraph(v, fs.value)] for k, v in rows]
    table = Table(
        data, colWidths=[label, width - label], rowHeights=[None, SIGN_ROOM] + [None] * (len(rows) + 1)
    )
    table.setStyle(
        TableStyle(
            [
                *(("SPAN", (0, r), (1, r)) for r in (0, 1, 2)),
                ("LINEBELOW", (0, 1), (1, 1), 0.8, INK),  # the line to sign on
                ("LINEBELOW", (1, 3), (1, -1), 0.4, RULE),  # lines to write on
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("VALIGN", (0, 0), (-1, 0), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def two_columns(
    left: Flowable | list[Flowable], right: Flowable | list[Flowable], share: float = 0.5
) -> Table:
    """Two blocks side by side: the certificate beside the officer's signature, item 14 beside 15."""
    both = CONTENT_WIDTH - COLUMN_GAP
    widths = [both * share, COLUMN_GAP, both * (1 - share)]
    table = Table([[left, "", right]], colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *((side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


# --- the QR blocks -------------------------------------------------------------------------------------

QR_SIZE = 24 * mm
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
