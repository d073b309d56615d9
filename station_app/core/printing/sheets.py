"""Documents whose running header and footer depend on what is on each page, in either orientation.

``document.build_pdf`` gives every page the same header (the record) and numbers pages 1..n. Two of
the investigation printouts need more: the case-diary volume prints on each page the *stored* diary
page number and that page's chain digest, which depend on which entry the page belongs to, and the
arrested-persons register is a landscape sheet. Here:

* ``PageTag(tag)`` is a zero-size flowable: every page from the one it is drawn on until the next
  tag carries ``Mark(tag, index)`` (``index`` 0 on the tag's first page, 1 on the next...).
* ``build_sheets`` lays out the story, then asks ``arrange`` how the laid-out pages become sheets
  (the diary adds blank pages to keep its stored numbering whole), then draws each sheet's
  furniture with ``furniture(canvas, sheet)`` once the total is known, then the TRAINING watermark.

Pure reportlab, no Qt; same input, same bytes (``invariant``).
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from station_app.core.printing.document import (
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    RULE,
    TRAINING_EN,
    TRAINING_HI,
    WATERMARK,
)
from station_app.core.printing.fonts import register_fonts, styles
from station_app.core.printing.text import paragraph


@dataclass(frozen=True)
class Layout:
    """A page: its size, margins and the bands the furniture is drawn in."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    header: float  # height of the running header band, below the top margin
    footer: float  # height of the footer band, above the bottom margin

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right


PORTRAIT = Layout(
    float(A4[0]),
    float(A4[1]),
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MARGIN_BOTTOM,
    HEADER_HEIGHT,
    FOOTER_HEIGHT,
)
# The register hangs on a notice board, so it is not punched: even margins.
LANDSCAPE = Layout(
    float(landscape(A4)[0]),
    float(landscape(A4)[1]),
    15 * mm,
    15 * mm,
    12 * mm,
    12 * mm,
    16 * mm,
    FOOTER_HEIGHT,
)


@dataclass(frozen=True)
class Mark:
    tag: Any  # the value of the last PageTag drawn on or before the page (None before any)
    index: int  # 0 on the page where that tag was drawn, then 1, 2...


@dataclass(frozen=True)
class Sheet:
    """One printed page: its number, the total, its mark, and whether it is a padding page."""

    number: int
    total: int
    mark: Mark
    blank: bool = False


Furniture = Callable[[Canvas, Sheet], None]
# Laid-out pages (by mark) -> sheets in print order: (index of a laid-out page, or None for a blank
# page, and the mark the sheet's furniture is drawn for).
Arrange = Callable[[Sequence[Mark]], Sequence[tuple[int | None, Mark]]]


class PageTag(Flowable):  # type: ignore[misc]  # reportlab has no type information
    """Marks the page it lands on, and the pages after it, with ``tag``."""

    def __init__(self, tag: Any) -> None:
        super().__init__()
        self.tag = tag
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.sheet_tag = self.tag
        self.canv.sheet_index = 0


def frame_for(layout: Layout, kind: type[Frame] = Frame) -> Frame:
    """The content frame: between the header and footer bands, inside the margins."""
    return kind(
        layout.left,
        layout.bottom + layout.footer,
        layout.content_width,
        layout.height - layout.top - layout.header - layout.bottom - layout.footer,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )


def build_sheets(
    layout: Layout,
    story: Sequence[Flowable],
    furniture: Furniture,
    *,
    training: bool,
    arrange: Arrange | None = None,
    title: str = "",
    subject: str = "",
) -> bytes:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(layout.width, layout.height),
        leftMargin=layout.left,
        rightMargin=layout.right,
        topMargin=layout.top + layout.header,
        bottomMargin=layout.bottom + layout.footer,
        title=title,
        subject=subject,
        author="",
        creator="station-app",
        invariant=True,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame_for(layout)])])
    maker = functools.partial(
        _SheetCanvas, layout=layout, furniture=furniture, training=training, arrange=arrange
    )
    doc.build(list(story), canvasmaker=maker)
    return buffer.getvalue()


class _SheetCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type information
    """Holds the laid-out pages back until the end (the usual "page x of y" recipe), then prints
    them as ``arrange`` says, each with its furniture and, for training, the watermark over it."""

    def __init__(
        self, *args: Any, layout: Layout, furniture: Furniture, training: bool, arrange: Arrange | None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self._layout = layout
        self._furniture = furniture
        self._training = training
        self._arrange = arrange
        self._held: list[tuple[dict[str, Any], Mark]] = []
        self.sheet_tag: Any = None
        self.sheet_index = 0

    def showPage(self) -> None:  # reportlab's name
        self._held.append((dict(self.__dict__), Mark(self.sheet_tag, self.sheet_index)))
        self.sheet_index += 1
        self._startPage()

    def save(self) -> None:
        fresh = dict(self.__dict__)  # a page that was started and has nothing on it
        marks = [mark for _, mark in self._held]
        plan = self._arrange(marks) if self._arrange else list(enumerate(marks))
        for number, (source, mark) in enumerate(plan, start=1):
            if source is None:
                self.__dict__.update(fresh)
                self._restartAccumulators()
            else:
                self.__dict__.update(self._held[source][0])
            self._furniture(self, Sheet(number, len(plan), mark, blank=source is None))
            if self._training:
                draw_watermark(self, self._layout)
            super().showPage()
        super().save()


def place(canv: Canvas, flowable: Flowable, x: float, top: float, width: float) -> float:
    """Draw a flowable with its top edge at ``top``; returns its height."""
    _, height = flowable.wrapOn(canv, width, 10_000)
    flowable.drawOn(canv, x, top - height)
    return float(height)


def rule(canv: Canvas, layout: Layout, y: float) -> None:
    canv.saveState()
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.6)
    canv.line(layout.left, y, layout.width - layout.right, y)
    canv.restoreState()


def header_rule_y(layout: Layout) -> float:
    return float(layout.height - layout.top - layout.header + 2 * mm)


def footer_rule_y(layout: Layout) -> float:
    return float(layout.bottom + layout.footer - 2 * mm)


def draw_watermark(canv: Canvas, layout: Layout) -> None:
    """The diagonal TRAINING stamp of ``document``, sized and centred for this page."""
    st, fonts = styles(), register_fonts()
    span = math.hypot(layout.width, layout.height) * 0.72
    size = min(34.0, span / stringWidth(TRAINING_EN, fonts.latin_bold, 1))
    en = ParagraphStyle("wm_en", parent=st.title, fontSize=size, leading=size * 1.4, textColor=WATERMARK)
    hi = ParagraphStyle("wm_hi", parent=st.title, fontSize=size * 2, leading=size * 2.6, textColor=WATERMARK)
    canv.saveState()
    canv.translate(layout.width / 2, layout.height / 2)
    canv.rotate(math.degrees(math.atan2(layout.height, layout.width)))
    first, second = paragraph(TRAINING_EN, en), paragraph(TRAINING_HI, hi)
    height = first.wrapOn(canv, span, layout.height)[1] + second.wrapOn(canv, span, layout.height)[1]
    top = height / 2
    top -= place(canv, first, -span / 2, top, span)
    place(canv, second, -span / 2, top, span)
    canv.restoreState()


class _CountingCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type information
    """Counts pages and throws them away: laying out is all a page count needs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages = 0

    def showPage(self) -> None:
        self.pages += 1
        self._startPage()

    def save(self) -> None:
        pass


class _CountingFrame(Frame):  # type: ignore[misc]  # reportlab has no type information
    """Places flowables without drawing them: where a flowable goes, and whether it fits, is decided
    by ``wrap`` and ``split`` alone, and drawing is a third of the time of a layout."""

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        flowable.drawOn = _skip_draw  # an instance attribute hides the method for this one call
        try:
            return int(super()._add(flowable, canv, trySplit))
        finally:
            del flowable.drawOn

    add = _add  # reportlab's Frame calls ``add``, an alias bound in its own class body


def _skip_draw(*args: Any, **kwargs: Any) -> None:
    return None


def count_pages(layout: Layout, story: Sequence[Flowable]) -> int:
    """How many pages ``story`` takes in ``layout``'s frame, without drawing it or writing a PDF."""
    counted: list[_CountingCanvas] = []

    def maker(*args: Any, **kwargs: Any) -> _CountingCanvas:
        canv = _CountingCanvas(*args, **kwargs)
        counted.append(canv)
        return canv

    doc = BaseDocTemplate(
        io.BytesIO(),
        pagesize=(layout.width, layout.height),
        leftMargin=layout.left,
        rightMargin=layout.right,
        topMargin=layout.top + layout.header,
        bottomMargin=layout.bottom + layout.footer,
        invariant=True,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame_for(layout, _CountingFrame)])])
    doc.build(list(story), canvasmaker=maker)
    return counted[0].pages
