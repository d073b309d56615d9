"""Value types of the law master: acts, sections, references and search matches.

Everything here is immutable. Text normalisation used for look-ups lives here too, so the loader,
the search index and the master agree on what "the same number" means.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Literal

ActKind = Literal["penal", "procedure", "evidence", "special"]
ACT_KINDS: tuple[ActKind, ...] = ("penal", "procedure", "evidence", "special")

# What a listed provision is, for cognizability and bail:
# - "offence": punishes an offence; carries its own cognizable/bailable values (First Schedule, Part I, or the
#   act's own provision, or Part II by the punishment) and the source of those values;
# - "accessory": joint liability, abetment, conspiracy, attempt, using a forged document, etc.: cognizable
#   (and often bailable) "according as" the offence it is charged with; a value it fixes itself is kept;
# - "definition": defines or prohibits; the punishing section carries the values (POCSO 3, BNS 86, NDPS 8);
# - "procedure": a provision of procedure or evidence (CrPC/BNSS/BSA/IEA), not an offence;
# - "penalty": a civil penalty decided by an adjudicating officer, not an offence (IT Act 43);
# - "placeholder": stands for a section of a state's own act (EXCISE E1..); the state act decides.
SectionNature = Literal["offence", "accessory", "definition", "procedure", "penalty", "placeholder"]
SECTION_NATURES: tuple[SectionNature, ...] = (
    "offence", "accessory", "definition", "procedure", "penalty", "placeholder",
)  # fmt: skip

# A maximum punishment is "death", "life", "fine", a whole number of years, or a shorter term
# written as "<n> hours|days|months" (e.g. "6 months"); None where it depends on another offence.
MaxPunishment = str | int | None
SHORT_TERM_RE = re.compile(r"^([1-9][0-9]*) (hour|day|month)s?$")
_SHORT_TERM_YEARS = MappingProxyType({"hour": 1 / (24 * 365), "day": 1 / 365, "month": 1 / 12})

_DIGITS = MappingProxyType({ord(d): str(i) for i, d in enumerate("०१२३४५६७८९")})
_NUKTA = "\u093c"
_TOKEN_RE = re.compile(r"[\w\u0900-\u0963\u0966-\u097f]+")
_NUMBER_JUNK_RE = re.compile(r"[\s\-\u2010-\u2015.]+")
_ACT_JUNK_RE = re.compile(r"[^0-9A-Z\u0900-\u097f]+")


class LawError(ValueError):
    """A problem with an act or section, worded for the officer who typed it."""


def fold_text(text: str) -> str:
    """Case-fold, NFC-normalise, drop the Devanagari nukta and map Devanagari digits to ASCII."""
    return unicodedata.normalize("NFD", text.casefold()).replace(_NUKTA, "").translate(_DIGITS)


def tokens(text: str) -> list[str]:
    """Search words of a text (Latin or Devanagari), folded."""
    return _TOKEN_RE.findall(fold_text(text))


def number_key(number: str) -> str:
    """Canonical look-up form of a section number: "103 (1)" -> "103(1)", "66c" -> "66C", "25(1-B)" -> "25(1B)"."""
    return _NUMBER_JUNK_RE.sub("", number.translate(_DIGITS)).replace("[", "(").replace("]", ")").upper()


def act_key(code: str) -> str:
    """Canonical look-up form of an act code or alias: "Cr.P.C." -> "CRPC", "SC/ST" -> "SCST"."""
    return _ACT_JUNK_RE.sub("", unicodedata.normalize("NFC", code).upper().translate(_DIGITS))


def parent_keys(key: str) -> list[str]:
    """Enclosing provisions of a number key, nearest first: "376(2)(N)" -> ["376(2)", "376"]."""
    parents: list[str] = []
    while key.endswith(")") and "(" in key:
        key = key[: key.rindex("(")]
        parents.append(key)
    return parents


def natural_key(number: str) -> tuple[int, str]:
    """Sort key that puts "9" before "10" and "302" before "302A"."""
    digits = re.match(r"\d*", number)
    lead = digits.group(0) if digits else ""
    return (int(lead) if lead else 10**9, number[len(lead) :])


def long_date(d: date) -> str:
    """1 July 2024."""
    return f"{d.day} {d:%B %Y}"


def short_date(d: date) -> str:
    """05-07-2024 (the dd-mm-yyyy form used on police forms)."""
    return f"{d:%d-%m-%Y}"


@dataclass(frozen=True, slots=True)
class SectionRef:
    """An act code and a section number as cited, e.g. SectionRef("BNS", "103(1)")."""

    act: str
    number: str

    def __str__(self) -> str:
        return f"{self.act} {self.number}"


@dataclass(frozen=True, slots=True)
class Act:
    code: str
    name_en: str
    name_hi: str
    short_en: str
    short_hi: str
    kind: ActKind
    effective_from: date | None
    effective_to: date | None
    successor: str | None = None
    predecessor: str | None = None
    aliases: tuple[str, ...] = ()
    all_sections_sensitive: bool = False
    note: str | None = None

    def in_force_on(self, d: date) -> bool:
        """True if the act governs an offence committed on ``d``."""
        if self.effective_from is not None and d < self.effective_from:
            return False
        return self.effective_to is None or d <= self.effective_to


@dataclass(frozen=True, slots=True)
class Section:
    act: str
    number: str
    title_en: str
    title_hi: str | None
    cognizable: bool | None
    bailable: bool | None
    max_punishment: MaxPunishment
    equivalents: tuple[SectionRef, ...]
    keywords: tuple[str, ...]
    sensitive: bool
    note: str | None = None
    in_force: bool = True
    nature: SectionNature = "offence"
    classification_source: str | None = None  # where the cognizable/bailable values come from

    @property
    def is_offence(self) -> bool:
        """A provision that punishes an offence by itself (and so must carry cognizable/bailable values)."""
        return self.nature == "offence"

    @property
    def ref(self) -> SectionRef:
        return SectionRef(self.act, self.number)

    def __str__(self) -> str:
        return f"{self.act} {self.number}"

    @property
    def label(self) -> str:
        """ "BNS 103(1) (Murder)"."""
        return f"{self.act} {self.number} ({self.title_en})"

    @property
    def max_years(self) -> float | None:
        """The maximum term in years for comparisons: death and life are infinite, fine-only is 0."""
        mp = self.max_punishment
        if mp is None:
            return None
        if isinstance(mp, int):
            return float(mp)
        if mp in ("death", "life"):
            return float("inf")
        if mp == "fine":
            return 0.0
        m = SHORT_TERM_RE.match(mp)
        return int(m.group(1)) * _SHORT_TERM_YEARS[m.group(2)] if m else None


class MatchKind(enum.IntEnum):
    """How a section matched a search; a lower value ranks higher."""

    EXACT = 0  # the number equals the query: "302" -> IPC 302
    SUBSECTION = 1  # a sub-section or clause of the query: "103" -> BNS 103(1)
    EQUIVALENT = 2  # the in-force equivalent of an exact match in a code not in force on the date
    PREFIX = 3  # the number starts with the query: "30" -> BNS 303(2)
    KEYWORD = 4  # the whole query is one of the section's keywords: "murder", "हत्या"
    TITLE = 5  # every query word starts a word of the title or keywords


@dataclass(frozen=True, slots=True)
class SectionMatch:
    section: Section
    kind: MatchKind
    equivalents: tuple[Section, ...]  # for display beside the section
    in_force: bool | None = None  # whether the act is in force on the search date; None without a date
    via: SectionRef | None = None  # for EQUIVALENT matches: the section the query named
