"""What the investigation printouts share: a form definition's groups printed as IIF items, the case
identity block, a person's frozen particulars, declarations and signature rows.

The items follow the definition (``forms/definitions/*.json``) as the FIR copy does: groups in paper
order, each with its item number and bilingual label, every item printed even when empty ("—").
A record adds what the definition cannot know (``texts`` for a GD reference, ``expand`` for a person
held in the register, ``formats`` for a column typed as money that is not rupees, ``extra_columns``
such as malkhana numbers).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from forms.schema import FieldDef, FormDef, GroupDef
from station_app.core.printing.document import CONTENT_WIDTH, text_flowables
from station_app.core.printing.fir_parts import (
    COLUMN_GAP,
    ITEM_GAP,
    Cell,
    FirStyles,
    band,
    grid,
    inline_item,
    item_table,
    pairs_table,
    sign_block,
)
from station_app.core.printing.fir_text import DASH, day, value_text, when
from station_app.core.printing.text import bilingual, paragraph

MIN_ITEM_ROOM = 19 * mm
FLOWING_TEXT = 5000  # multiline fields allowed to be longer than this flow as paragraphs...
SHORT_TEXT = 600  # ...unless what was written is short enough to sit in a cell
_SEXES = {"M": ("Male", "पुरुष"), "F": ("Female", "महिला"), "T": ("Transgender", "ट्रांसजेंडर")}
RELATIONS = {
    "father": ("father", "पिता"),
    "husband": ("husband", "पति"),
    "mother": ("mother", "माता"),
    "guardian": ("guardian", "अभिभावक"),
}

Format = Callable[[Any], str]


def plain_number(value: Any) -> str:
    """A quantity stored as a decimal: ``6``, ``2.5``; not rupees."""
    if value in (None, ""):
        return DASH
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


class FormItems:
    """Prints a definition's groups as IIF items, from a record's frozen ``values``."""

    def __init__(
        self,
        form: FormDef,
        values: Mapping[str, Any],
        fs: FirStyles,
        *,
        texts: Mapping[str, str] | None = None,
        expand: Mapping[str, Sequence[Cell]] | None = None,
        formats: Mapping[str, Format] | None = None,
        extra_columns: Mapping[str, Sequence[tuple[str, Sequence[str]]]] | None = None,
    ) -> None:
        self.form = form
        self.values = values
        self.fs = fs
        self.texts = texts or {}
        self.expand = expand or {}
        self.formats = formats or {}
        self.extra_columns = extra_columns or {}

    def all(self, after: Mapping[str, Sequence[Flowable]] | None = None) -> list[Flowable]:
        """Every group in order; ``after`` adds flowables after a group (by key), e.g. a declaration."""
        out: list[Flowable] = []
        for group in self.form.groups:
            out += self.group(group)
            out += list((after or {}).get(group.key, ()))
        return out

    def heading(self, group: GroupDef) -> str:
        return f"{group.item}. {bilingual(group.label_en, group.label_hi)}"

    def group(self, group: GroupDef) -> list[Flowable]:
        """One item; kept on one page unless it holds text that may run longer than a page."""
        out = self._group(group)
        fields = [f for f in self.form.fields_in(group.key) if f.printed]
        if any(self.flows(f) or self.long_rows(f) for f in fields):
            return out
        return [out[0], KeepTogether(out[1:-1]), out[-1]]

    def long_rows(self, f: FieldDef) -> list[FieldDef]:
        """A table's columns of text that may be longer than a page (a statement)."""
        if f.type != "table" or not self.values.get(f.name):
            return []
        return [
            c for c in f.columns if c.printed and c.type == "multiline" and (c.max_length or 0) > FLOWING_TEXT
        ]

    def _group(self, group: GroupDef) -> list[Flowable]:
        fs = self.fs
        fields = [f for f in self.form.fields_in(group.key) if f.printed]
        heading = self.heading(group)
        out: list[Flowable] = [CondPageBreak(MIN_ITEM_ROOM)]
        # Unlike the FIR copy, an empty item keeps its fields: a memo is signed, and "—" against
        # each risk flag says "not recorded" field by field.
        f = fields[0]
        if len(fields) == 1 and f.name not in self.expand:
            if f.type in ("table", "sections"):
                return [*out, *self.table(f, heading, None), gap()]
            text = self.text(f)
            if self.flows(f):
                return [*out, item_table(heading, [], fs), Spacer(1, 1.5 * mm), *flowing(text, fs), gap()]
            return [*out, inline_item(heading, text, fs), gap()]
        cells: list[Cell] = []
        pending: str | None = heading  # printed with the first table of the item
        letters = iter(string.ascii_lowercase)
        for f in fields:
            if f.type in ("table", "sections") or self.flows(f):
                if cells or (pending and self.flows(f)):
                    out.append(item_table(pending, cells, fs))
                    pending, cells = None, []
                label = f"({next(letters)}) {bilingual(f.label_en, f.label_hi)}"
                if self.flows(f):
                    out += [paragraph(label, fs.cell_label), *flowing(self.text(f), fs), Spacer(1, 1 * mm)]
                else:
                    out += self.table(f, pending, label)
                pending = None
            elif f.name in self.expand:
                cells += [
                    Cell(f"({next(letters)}) {c.label}", c.value, c.span, c.bold) for c in self.expand[f.name]
                ]
            else:
                text = self.text(f)
                wide = text != DASH and (f.type == "multiline" or (f.max_length or 0) > 200)
                cells.append(
                    Cell(f"({next(letters)}) {bilingual(f.label_en, f.label_hi)}", text, 6 if wide else 0)
                )
        if cells or pending:
            out.append(item_table(pending, cells, fs))
        return [*out, gap()]

    def flows(self, f: FieldDef) -> bool:
        """Text that may be longer than a page, and is more than a few lines, is printed as
        paragraphs under its item rather than inside a cell."""
        if f.type != "multiline" or (f.max_length or 10**9) <= FLOWING_TEXT or self.blank(f):
            return False
        return len(self.text(f)) > SHORT_TEXT or self.text(f).count("\n") > 3

    def blank(self, f: FieldDef) -> bool:
        if f.name in self.expand:
            return False
        if f.type == "sections":
            return not (self.values.get("sections") or self.values.get(f.name))
        if f.type == "table":
            return not self.values.get(f.name)
        return self.text(f) == DASH

    def text(self, f: FieldDef, value: Any = None, *, cell: bool = False) -> str:
        if not cell:
            if f.name in self.texts:
                return self.texts[f.name] or DASH
            value = self.values.get(f.name)
        if f.name in self.formats:
            return self.formats[f.name](value)
        if f.type in ("gd_ref", "person", "officer"):
            # References are printed through ``texts`` or ``expand``; a bare id still names the record.
            return DASH if value in (None, "") else str(value)
        return value_text(f, value, {}, with_day=not cell)

    def table(self, f: FieldDef, heading: str | None, title: str | None) -> list[Flowable]:
        fs = self.fs
        if f.type == "sections":
            rows: list[list[Flowable | str]] = [
                [str(i), str(s.get("act", "")), str(s.get("section", "")),
                 bilingual(str(s.get("title_en") or ""), str(s.get("title_hi") or "")) or DASH]
                for i, s in enumerate(self.values.get("sections") or self.values.get(f.name) or [], start=1)
            ]  # fmt: skip
            header = [bilingual("S.No.", "क्र.सं."), bilingual("Act", "अधिनियम"), bilingual("Sections", "धाराएँ"),
                      bilingual("Offence", "अपराध")]  # fmt: skip
            return [grid(heading, title, header, rows, (0.8, 1.2, 1.5, 5.0), fs)]
        raw = [r for r in self.values.get(f.name) or [] if isinstance(r, Mapping)]
        columns = [c for c in f.columns if c.printed]
        long = self.long_rows(f)
        if long:
            return self.records(f, raw, columns, long, heading, title)
        extra = self.extra_columns.get(f.name, ())
        rows = []
        for i, row in enumerate(raw):
            cells: list[Flowable | str] = [str(i + 1)]
            for c in columns:
                text = self.text(c, row.get(c.name), cell=True)
                right = c.type in ("money", "int")
                cells.append(paragraph(text, fs.value_right) if right else text)
            cells += [values[i] if i < len(values) else DASH for _, values in extra]
            rows.append(cells)
        header = [bilingual("S.No.", "क्र.सं."), *(bilingual(c.label_en, c.label_hi) for c in columns)]
        header += [label for label, _ in extra]
        weights = (
            0.8,
            *(1.25 if c.name in self.formats else weight(c) for c in columns),
            *(2.1 for _ in extra),
        )
        return [grid(heading, title, header, rows, weights, fs)]

    def records(
        self, f: FieldDef, raw: Sequence[Mapping[str, Any]], columns: Sequence[FieldDef],
        long: Sequence[FieldDef], heading: str | None, title: str | None,
    ) -> list[Flowable]:  # fmt: skip
        """A table whose rows hold long text (statements): one record after another, each with its
        short columns as a small table and its long text flowing under it."""
        fs = self.fs
        out: list[Flowable] = []
        if heading is not None:
            out.append(item_table(heading, [], fs))
        if not raw:
            return [*out, inline_item(title or "", DASH, fs)] if title else out
        for i, row in enumerate(raw, start=1):
            label = bilingual(f"{f.label_en}: {i} of {len(raw)}", f"{f.label_hi}: {i} / {len(raw)}")
            cells = [Cell(bilingual(c.label_en, c.label_hi), self.text(c, row.get(c.name), cell=True))
                     for c in columns if c not in long]  # fmt: skip
            out += [CondPageBreak(MIN_ITEM_ROOM), Spacer(1, 1.5 * mm), item_table(label, cells, fs)]
            for c in long:
                if len(long) > 1:
                    out.append(paragraph(bilingual(c.label_en, c.label_hi), fs.cell_label))
                out += [Spacer(1, 1.5 * mm), *flowing(self.text(c, row.get(c.name), cell=True), fs)]
        return out


def flowing(text: str, fs: FirStyles) -> list[Flowable]:
    return text_flowables(text, fs.narrative)


def gap() -> Flowable:
    return Spacer(1, ITEM_GAP)


def weight(column: FieldDef) -> float:
    """A column's share of a table's width, by what it holds."""
    if column.type == "multiline" or (column.max_length or 0) >= 200:
        return 3.0
    if column.type == "text":
        return 1.0 if (column.max_length or 100) <= 30 else 1.6
    return {"choice": 1.7, "money": 1.9, "datetime": 1.7, "date": 1.3}.get(column.type, 1.0)


# --- identity, persons, declarations, signatures ---------------------------------------------------


def case_identity(
    station: Mapping[str, Any],
    fir_no: str,
    fir_registered_at: Any,
    extra: Sequence[tuple[str, str, bool]],
    fs: FirStyles,
) -> Table:
    """Item 1 of every IIF form: District, P.S., Year, FIR No., Date, plus the form's own keys."""
    number, _, year = fir_no.partition("/")
    ps = bilingual(str(station["station_name"]), str(station.get("station_name_hi") or ""))
    cells = [
        ("1. " + bilingual("District", "ज़िला"), str(station["district"]), False),
        (bilingual("P.S.", "थाना"), f"{ps} ({station['station_code']})", False),
        (bilingual("Year", "वर्ष"), year or DASH, False),
        (bilingual("FIR No.", "प्राथमिकी सं."), fir_no if number else DASH, True),
        (bilingual("Date of FIR", "प्राथमिकी का दिनांक"), when(fir_registered_at), False),
        (bilingual("State", "राज्य"), str(station["state"]), False),
        *extra,
    ]
    return pairs_table(cells, fs)


def person_cells(card: Mapping[str, Any] | None) -> list[Cell]:
    """A person as frozen in a memo: name, alias, parentage, sex, birth and age, addresses."""
    if not card:
        return [Cell(bilingual("Name", "नाम"), DASH, 6)]
    name = str(card.get("name") or DASH)
    if card.get("name_alt"):
        name += f" / {card['name_alt']}"
    relation = RELATIONS.get(str(card.get("relative_relation") or ""), ("relative", "संबंधी"))
    relative = str(card.get("relative_name") or "")
    sex = _SEXES.get(str(card.get("sex") or ""))
    born = day(card["dob"]) if card.get("dob") else str(card.get("birth_year") or "")
    age = card.get("age")
    if age:
        shown = bilingual(f"age {age}", f"आयु {age}")
        born = f"{born} ({shown})" if born else shown
    return [
        Cell(bilingual("Name", "नाम"), name, 0, True),
        Cell(bilingual("Alias(es)", "उपनाम"), ", ".join(card.get("aliases") or []) or DASH),
        Cell(
            bilingual("Father's / husband's name", "पिता / पति का नाम"),
            f"{relative} ({bilingual(*relation)})" if relative else DASH,
        ),
        Cell(bilingual("Sex", "लिंग"), bilingual(*sex) if sex else DASH),
        Cell(bilingual("Date or year of birth", "जन्म तिथि या वर्ष"), born or DASH),
        Cell(bilingual("Present address", "वर्तमान पता"), str(card.get("present_address") or DASH), 6),
        Cell(bilingual("Permanent address", "स्थायी पता"), str(card.get("permanent_address") or DASH), 6),
    ]


def age_on(card: Mapping[str, Any], on: date) -> int | None:
    """The person's age in whole years on ``on``, from the best the card knows."""
    if card.get("dob"):
        born = date.fromisoformat(str(card["dob"]))
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if card.get("birth_year"):
        return on.year - int(card["birth_year"])
    return int(card["age"]) if card.get("age") not in (None, "") else None


def declaration(title: str, english: str, hindi: str, fs: FirStyles, width: float = CONTENT_WIDTH) -> Table:
    """A boxed certificate in both languages (the memo's counterpart of the FIR's R.O.A.C.)."""
    return band([(title, fs.mark), (english, fs.value), (hindi, fs.value)], heavy=False, width=width)


def signature_row(blocks: Sequence[tuple[str, str, Sequence[tuple[str, str]]]], fs: FirStyles) -> Table:
    """Signature blocks side by side: ``(role, caption, [(label, value)...])`` each."""
    count = len(blocks)
    width = (CONTENT_WIDTH - COLUMN_GAP * (count - 1)) / count
    cells: list[Any] = []
    widths: list[float] = []
    for i, (role, caption, rows) in enumerate(blocks):
        if i:
            cells.append("")
            widths.append(COLUMN_GAP)
        cells.append(sign_block(role, caption, rows, fs, width))
        widths.append(width)
    table = Table([cells], colWidths=widths, hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP")] + [
        (side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
    ])  # fmt: skip
    return table


SIGN = bilingual("Signature", "हस्ताक्षर")
SIGN_OR_LTI = bilingual("Signature or thumb impression (LTI)", "हस्ताक्षर या बाएँ अंगूठे का निशान")
NAME = bilingual("Name", "नाम")
RANK = bilingual("Rank", "पद")
NUMBER = bilingual("No.", "संख्या")
ADDRESS = bilingual("Address", "पता")
DATE_PLACE = bilingual("Date and place", "दिनांक एवं स्थान")
