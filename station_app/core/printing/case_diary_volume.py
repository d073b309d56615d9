"""The case diary of one FIR (BNSS 192) printed as one paginated volume.

Each entry starts on a new page and is laid out from the definition
(``forms/definitions/case_diary_entry.json``): the day's times, places visited, circumstances
ascertained, the statements recorded under BNSS 180 one after another, other work, then the
investigating officer's signature. Every page's header names the FIR and carries its diary page
number as stored with the entry ("CD page 14"); its footer prints the entry's chain digest and the
link to the previous entry, so a loose page can be checked against the chain.

The stored numbers come from ``count_case_diary_pages``, which lays out one entry exactly as the
volume does (same frame, same flowables; the header and footer are drawn outside the frame), so
an entry's pages in the volume are ``page_start..page_end``. Should an entry ever lay out
differently from when it was numbered (say, after a change of fonts), the volume still prints the
stored numbers: an entry that now takes fewer pages is followed by pages marked as left blank, one
that takes more numbers its extra pages 14-A, 14-B...
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreakIfNotEmpty, Spacer

from forms.schema import FormDef, load_form
from station_app.core.printing.fir_parts import FirStyles, band, item_table, sign_block
from station_app.core.printing.fir_text import day, person, weekday, when
from station_app.core.printing.memo_parts import NAME, NUMBER, RANK, SIGN, FormItems
from station_app.core.printing.sheets import (
    PORTRAIT,
    Mark,
    PageTag,
    Sheet,
    build_sheets,
    count_pages,
    footer_rule_y,
    header_rule_y,
    place,
    rule,
)
from station_app.core.printing.text import bilingual, paragraph

# One line more than the standard header: the diary's title runs on every page.
LAYOUT = dataclasses.replace(PORTRAIT, header=21 * mm)
BLANK = ("This page is intentionally left blank.", "यह पृष्ठ जानबूझकर रिक्त छोड़ा गया है।")


class DiaryEntry(Protocol):
    """What the volume needs of a stored entry (``services.case_diary.DiaryEntryInfo`` has it)."""

    @property
    def seq(self) -> int: ...
    @property
    def entry_date(self) -> date: ...
    @property
    def page_start(self) -> int: ...
    @property
    def page_end(self) -> int: ...
    @property
    def entry_hash(self) -> str: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def content(self) -> dict[str, Any]: ...


@functools.cache
def _form() -> FormDef:
    return load_form("case_diary_entry")


def count_case_diary_pages(content: dict[str, Any]) -> int:
    """Pages one entry takes in the printed volume: it is laid out as the volume lays it out."""
    return count_pages(LAYOUT, [PageTag(0), *entry_story(content, _form())])


def entry_story(content: Mapping[str, Any], form: FormDef) -> list[Flowable]:
    """One entry's flowables. Only the frozen content goes in (never its number or hash), so an
    entry takes the same pages when it is numbered and whenever it is printed."""
    fs = FirStyles()
    values = content.get("values") or {}
    officer = content.get("officer") or {}
    entry_day = values.get("entry_date")
    on = day(entry_day)
    en_day, _, hi_day = weekday(f"{entry_day}T12:00:00").partition(" / ") if entry_day else ("", "", "")
    heading = bilingual(f"Proceedings of {on} ({en_day})", f"{on} ({hi_day}) की कार्यवाही")
    written = (
        f"{bilingual('Written at', 'लेखन')}: {when(content.get('recorded_at'))} · "
        f"{bilingual('by', 'द्वारा')} {person(officer)}"
    )
    sign = sign_block(
        bilingual("Investigating officer", "विवेचक अधिकारी"),
        SIGN,
        [(NAME, str(officer.get("name") or "")), (RANK, str(officer.get("rank") or "")),
         (NUMBER, str(officer.get("belt_number") or ""))],
        fs,
        80 * mm,
    )  # fmt: skip
    sign.hAlign = "RIGHT"  # the officer signs at the foot, on the right
    return [
        band([(heading, fs.band), (written, fs.value)], heavy=True),
        Spacer(1, 3 * mm),
        *FormItems(form, values, fs).all(),
        Spacer(1, 4 * mm),
        KeepTogether([item_table(bilingual("Signature", "हस्ताक्षर"), [], fs), Spacer(1, 2 * mm), sign]),
    ]


def render_case_diary(
    entries: Sequence[DiaryEntry], *, form: FormDef, training: bool, fir_registered_at: Any = None
) -> bytes:
    """The whole diary of one FIR, ``entries`` in order, as PDF bytes."""
    if not entries:
        raise ValueError("a case diary volume needs at least one entry")
    ordered = sorted(entries, key=lambda e: e.seq)
    story: list[Flowable] = []
    for index, entry in enumerate(ordered):
        if index:
            story.append(PageBreakIfNotEmpty())
        story += [PageTag(index), *entry_story(entry.content, form)]
    content = ordered[0].content
    station = content["station"]
    identity = (
        f"FIR {content['fir_no']} · {bilingual('registered', 'पंजीकृत')} {when(fir_registered_at)} · "
        f"P.S. {station['station_name']} ({station['station_code']}) · {station['district']}"
    )
    title = bilingual(form.title_en, form.title_hi)
    volume = _Volume(ordered, f"{station['state']} Police", identity, title)
    return build_sheets(
        LAYOUT, story, volume.furniture, training=training, arrange=volume.arrange,
        title=f"Case diary, FIR {content['fir_no']}, P.S. {station['station_name']}",
        subject=f"CD pages 1-{ordered[-1].page_end}; last entry {ordered[-1].entry_hash}",
    )  # fmt: skip


def page_label(entry: DiaryEntry, index: int) -> str:
    """The diary page number of an entry's ``index``-th page: stored, or 16-A, 16-B... beyond it."""
    stored = entry.page_end - entry.page_start + 1
    if index < stored:
        return str(entry.page_start + index)
    extra = index - stored
    return f"{entry.page_end}-{chr(ord('A') + extra)}" if extra < 26 else f"{entry.page_end}-{extra + 1}"


class _Volume:
    def __init__(self, entries: Sequence[DiaryEntry], police: str, identity: str, title: str) -> None:
        self.entries = entries
        self.police = police
        self.identity = identity
        self.title = title
        fs = FirStyles()
        self.small, self.bold = fs.small, fs.small_bold
        self.right = ParagraphStyle("cd_right", parent=fs.small, alignment=TA_RIGHT)
        self.page_no = ParagraphStyle(
            "cd_page", parent=fs.small_bold, fontSize=11, leading=15, alignment=TA_RIGHT
        )
        self.note = fs.band

    def arrange(self, marks: Sequence[Mark]) -> list[tuple[int | None, Mark]]:
        """Laid-out pages in order, plus blank pages where an entry takes fewer than its stored pages."""
        plan: list[tuple[int | None, Mark]] = []
        by_entry: dict[int, list[int]] = {}
        for source, mark in enumerate(marks):
            by_entry.setdefault(int(mark.tag), []).append(source)
        for index, entry in enumerate(self.entries):
            sources = by_entry.get(index, [])
            stored = entry.page_end - entry.page_start + 1
            plan += [(source, Mark(index, k)) for k, source in enumerate(sources)]
            plan += [(None, Mark(index, k)) for k in range(len(sources), stored)]
        return plan

    def furniture(self, canv: Canvas, sheet: Sheet) -> None:
        layout, entry = LAYOUT, self.entries[int(sheet.mark.tag)]
        left, width = layout.left, layout.content_width
        top = layout.height - layout.top
        label = page_label(entry, sheet.mark.index)
        line = self.small.leading
        place(canv, paragraph(self.police, self.bold), left, top, width * 0.62)
        place(canv, paragraph(bilingual(f"CD page {label}", f"केस डायरी पृष्ठ {label}"), self.page_no),
              left + width * 0.5, top + 1, width * 0.5)  # fmt: skip
        place(canv, paragraph(self.title, self.bold), left, top - line, width * 0.62)
        entry_text = (
            f"{bilingual(f'Entry {entry.seq}', f'प्रविष्टि {entry.seq}')} · {entry.entry_date:%d-%m-%Y}"
        )
        place(canv, paragraph(entry_text, self.right), left + width * 0.62, top - 1.3 * line, width * 0.38)
        place(canv, paragraph(self.identity, self.small), left, top - 2 * line, width)
        rule(canv, layout, header_rule_y(layout))
        foot = footer_rule_y(layout)
        rule(canv, layout, foot)
        chain = bilingual(
            f"Chain: entry {entry.entry_hash[:16]}… · previous {entry.prev_hash[:16]}…", "श्रृंखला डाइजेस्ट"
        )
        place(canv, paragraph(chain, self.small), left, foot - 1.5 * mm, width * 0.7)
        page_of = bilingual(f"Page {sheet.number} of {sheet.total}", f"पृष्ठ {sheet.number} / {sheet.total}")
        place(canv, paragraph(page_of, self.right), left + width * 0.7, foot - 1.5 * mm, width * 0.3)
        if sheet.blank:
            middle = layout.height / 2
            place(canv, paragraph(bilingual(*BLANK), self.note), left, middle, width)
