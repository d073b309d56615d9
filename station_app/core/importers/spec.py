"""The columns of each legacy register, in the order of the paper form.

One spec drives the template the app writes, the header matching when a file is read back, the
row checks, and (for the GUI) the keyboard entry form: same keys, labels, order and help everywhere.
A header cell reads "English / हिन्दी [key]"; the key in brackets is what a reader trusts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Kind = Literal["fir", "gd", "arrest"]
KINDS: tuple[Kind, ...] = ("fir", "gd", "arrest")
CellType = Literal["int", "year", "date", "time", "text", "name", "sections", "choice", "fir_ref"]
EXAMPLE_MARK = "EXAMPLE"  # rows whose register cell starts with this are the template's examples


@dataclass(frozen=True)
class Column:
    key: str
    label_en: str
    label_hi: str
    type: CellType
    required: bool = False
    max_length: int = 200
    help_en: str = ""
    help_hi: str = ""

    @property
    def header(self) -> str:
        return f"{self.label_en} / {self.label_hi} [{self.key}]"


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    title_en: str
    title_hi: str
    columns: tuple[Column, ...]
    examples: tuple[tuple[str, ...], ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


_SOURCE = (
    Column("register", "Register", "पंजी", "text", True, 120,
           "Name of the paper register, e.g. 'FIR register' or 'Register No. 1'.", "कागज़ी पंजी का नाम।"),
    Column("volume", "Volume", "खंड", "text", False, 40, "Volume or book number, if any.", "खंड / जिल्द सं., यदि हो।"),
    Column("page", "Page", "पृष्ठ", "text", True, 40, "Page number(s) in the register, e.g. 118 or 118-119.",
           "पंजी में पृष्ठ सं.।"),
)  # fmt: skip
_OFFICER = Column(
    "original_officer", "Officer (as in the register)", "अधिकारी (पंजी अनुसार)", "text", False, 200,
    "Name, rank and number of the officer who wrote the record, as written.", "अभिलेख लिखने वाले अधिकारी का नाम, पद।",
)  # fmt: skip
_SECTIONS_HELP = (
    "The act with its sections, as in the register, e.g. 'IPC 379, 411'. Before 1 July 2024: IPC/CrPC."
)
_SECTIONS_HELP_HI = "अधिनियम एवं धाराएँ, जैसे 'IPC 379, 411'। 1 जुलाई 2024 से पहले: भा.दं.वि./दं.प्र.सं.।"
_DATE_HELP, _DATE_HELP_HI = "Day first: DD-MM-YYYY, e.g. 05-03-2019.", "दिन पहले: DD-MM-YYYY।"
_TIME_HELP, _TIME_HELP_HI = "24-hour clock, HH:MM, e.g. 14:30.", "24 घंटे की घड़ी, HH:MM।"

FIR_SPEC = KindSpec(
    "fir", "FIR register (legacy)", "प्राथमिकी पंजी (पुराने अभिलेख)",
    (
        Column("fir_number", "FIR No.", "प्राथमिकी सं.", "int", True, help_en="The number only, e.g. 12.",
               help_hi="केवल संख्या।"),
        Column("fir_year", "Year", "वर्ष", "year", True, help_en="Year of registration, e.g. 2019.", help_hi="पंजीकरण वर्ष।"),
        Column("registered_on", "Date of FIR", "प्राथमिकी का दिनांक", "date", True, help_en=_DATE_HELP, help_hi=_DATE_HELP_HI),
        Column("registered_time", "Time of FIR", "प्राथमिकी का समय", "time", help_en=_TIME_HELP, help_hi=_TIME_HELP_HI),
        Column("acts_sections", "Acts and sections", "अधिनियम एवं धाराएँ", "sections", True, 300, _SECTIONS_HELP,
               _SECTIONS_HELP_HI),
        Column("occurrence_on", "Date of occurrence", "घटना का दिनांक", "date", True, help_en=_DATE_HELP,
               help_hi=_DATE_HELP_HI),
        Column("occurrence_time", "Time of occurrence", "घटना का समय", "time", help_en=_TIME_HELP, help_hi=_TIME_HELP_HI),
        Column("occurrence_to", "Occurrence up to (date)", "घटना तक (दिनांक)", "date", help_en=_DATE_HELP,
               help_hi=_DATE_HELP_HI),
        Column("gd_reference", "GD reference", "रोज़नामचा संदर्भ", "text", False, 120,
               "GD entry number and date as written, e.g. 'GD 23, 05-03-2019 10:40'.", "रोज़नामचा प्रविष्टि सं. एवं दिनांक।"),
        Column("place", "Place of occurrence", "घटनास्थल", "text", False, 500),
        Column("complainant_name", "Complainant", "शिकायतकर्ता", "name", True, 120,
               "Name as written, in Hindi or English.", "नाम, हिन्दी या अंग्रेज़ी में।"),
        Column("complainant_relative_name", "Father's / husband's name", "पिता / पति का नाम", "name", False, 120),
        Column("complainant_address", "Complainant's address", "शिकायतकर्ता का पता", "text", False, 500),
        Column("accused", "Accused", "अभियुक्त", "text", False, 1000,
               "Names of the accused, separated by ';'. Leave blank if unknown.", "अभियुक्तों के नाम, ';' से अलग।"),
        Column("brief_facts", "Brief facts", "संक्षिप्त विवरण", "text", False, 20000),
        _OFFICER,
        *_SOURCE,
    ),
    (
        ("12", "2019", "05-03-2019", "11:20", "IPC 379, 411", "04-03-2019", "21:00", "", "GD 23, 05-03-2019 10:40",
         "Outside Sahu Cinema, Hazratganj", "Ram Lal", "Shiv Prasad", "14 Narhi, Lucknow", "",
         "Motorcycle UP32 AB 1234 stolen from outside the cinema.", "SI R. K. Verma", f"{EXAMPLE_MARK}: FIR register",
         "3", "118"),
        ("13", "2019", "06-03-2019", "09:05", "IPC 323, 504, 506", "05-03-2019", "20:30", "", "GD 11, 06-03-2019",
         "मोहल्ला नरही", "सीता देवी", "राम प्रसाद", "नरही, लखनऊ", "मोहन; सोहन", "मारपीट एवं गाली-गलौज।", "",
         f"{EXAMPLE_MARK}: FIR register", "3", "119"),
    ),
)  # fmt: skip

GD_KIND_CHOICES = ("complaint_received", "arrest", "departure", "arrival", "property", "other")
GD_SPEC = KindSpec(
    "gd", "General Diary (legacy)", "सामान्य दैनिकी / रोज़नामचा (पुराने अभिलेख)",
    (
        Column("gd_number", "GD entry No.", "रोज़नामचा प्रविष्टि सं.", "int", True, help_en="The number only.",
               help_hi="केवल संख्या।"),
        Column("gd_year", "Year", "वर्ष", "year", True),
        Column("entry_on", "Date", "दिनांक", "date", True, help_en=_DATE_HELP, help_hi=_DATE_HELP_HI),
        Column("entry_time", "Time", "समय", "time", True, help_en=_TIME_HELP, help_hi=_TIME_HELP_HI),
        Column("entry_kind", "Type of entry", "प्रविष्टि का प्रकार", "choice", False, 40,
               "One of: " + ", ".join(GD_KIND_CHOICES) + " (blank: other).", "प्रकार (रिक्त: other)।"),
        Column("subject", "Subject", "विषय", "text", False, 200, "Blank: the start of the details is used.",
               "रिक्त: विवरण का आरंभ लिया जाएगा।"),
        Column("details", "Details", "विवरण", "text", True, 20000),
        _OFFICER,
        *_SOURCE,
    ),
    (
        ("23", "2019", "05-03-2019", "10:40", "complaint_received", "Written complaint of theft",
         "Ram Lal s/o Shiv Prasad gave a written complaint of theft of his motorcycle.", "HC Salim",
         f"{EXAMPLE_MARK}: GD register", "14", "51"),
    ),
)  # fmt: skip

ARREST_SPEC = KindSpec(
    "arrest", "Arrest register (legacy)", "गिरफ़्तारी पंजी (पुराने अभिलेख)",
    (
        Column("arrest_number", "Serial No.", "क्रम सं.", "int", True, help_en="Serial number in the arrest register.",
               help_hi="गिरफ़्तारी पंजी में क्रम सं.।"),
        Column("arrest_year", "Year", "वर्ष", "year", True),
        Column("arrested_on", "Date of arrest", "गिरफ़्तारी का दिनांक", "date", True, help_en=_DATE_HELP,
               help_hi=_DATE_HELP_HI),
        Column("arrested_time", "Time of arrest", "गिरफ़्तारी का समय", "time", help_en=_TIME_HELP, help_hi=_TIME_HELP_HI),
        Column("place", "Place of arrest", "गिरफ़्तारी का स्थान", "text", True, 300),
        Column("name", "Name of the arrested person", "गिरफ़्तार व्यक्ति का नाम", "name", True, 120),
        Column("relative_name", "Father's / husband's name", "पिता / पति का नाम", "name", False, 120),
        Column("acts_sections", "Acts and sections", "अधिनियम एवं धाराएँ", "sections", True, 300, _SECTIONS_HELP,
               _SECTIONS_HELP_HI),
        Column("fir_reference", "FIR No./Year", "प्राथमिकी सं./वर्ष", "fir_ref", False, 20,
               "The case's FIR as number/year, e.g. 12/2019. Blank if there is none.", "जैसे 12/2019।"),
        _OFFICER,
        *_SOURCE,
    ),
    (
        ("7", "2019", "07-03-2019", "16:15", "Charbagh railway station", "Sonu", "Ramesh Pal", "IPC 379, 411",
         "12/2019", "SI R. K. Verma", f"{EXAMPLE_MARK}: Arrest register", "2", "33"),
    ),
)  # fmt: skip

SPECS: dict[Kind, KindSpec] = {"fir": FIR_SPEC, "gd": GD_SPEC, "arrest": ARREST_SPEC}
KIND_NAMES = {"fir": "FIR", "gd": "GD (General Diary)", "arrest": "arrest register"}

_BRACKET_KEY = re.compile(r"\[([a-z_]+)\]\s*$")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("*", " ").split())


def header_key(spec: KindSpec, cell: str) -> str | None:
    """The column a header cell names: by its bracketed key, else by its key, English or Hindi label."""
    text = cell.strip()
    if m := _BRACKET_KEY.search(text):
        return m.group(1) if m.group(1) in spec.keys else None
    folded = _fold(text)
    for column in spec.columns:
        names = {
            column.key,
            _fold(column.label_en),
            _fold(column.label_hi),
            _fold(f"{column.label_en} / {column.label_hi}"),
        }
        if folded in names:
            return column.key
    return None


def match_header(cells: list[str]) -> tuple[Kind, dict[int, str]] | None:
    """The kind whose template this header row is, and which cell is which column; None if it is no header.

    A row is a header when it names at least half of some kind's required columns; the kind naming
    the most columns wins (so a GD file is recognised as the GD template, not as a broken FIR one).
    """
    best: tuple[int, Kind, dict[int, str]] | None = None
    for kind, spec in SPECS.items():
        mapping: dict[int, str] = {}
        for index, cell in enumerate(cells):
            key = header_key(spec, cell) if cell else None
            if key is not None and key not in mapping.values():
                mapping[index] = key
        required = [c.key for c in spec.columns if c.required]
        if sum(1 for k in mapping.values() if k in required) * 2 < len(required):
            continue
        score = len(mapping)
        if best is None or score > best[0]:
            best = (score, kind, mapping)
    return None if best is None else (best[1], best[2])
