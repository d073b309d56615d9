"""A name as written → the tokens that identify it: one script, no titles, one spelling of "Mohammad".

Registers carry the same person as "Shri Mohd. Irfan", "MD IRFAN", "मो. इरफ़ान" and "Late Md Irfan";
all four become ``mohammad irfan``. Rules, and why:

* Devanagari is transliterated first (``translit``), and Latin diacritics are stripped (IAST "Rāma").
* Titles are dropped only at the start of a name: "Kumari Sunita" is a title, but "Sunita Kumari"
  is her name, so a title in the middle stays.
* "Mohd."/"Md."/"Muhammad"… are one name spelt many ways, so they become one token. "Kr." is an
  abbreviation of "Kumar". "Singh" and "Sinha" are different surnames and are never merged.
* A single letter, or a vowel-less cluster such as "RK", is a set of initials: "R. K. Sharma".
* "s/o", "w/o", "d/o" and what follows are a relative, not part of the name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from station_app.core.names.translit import transliterate

# Titles dropped at the start of a name (Latin, and Devanagari after transliteration).
HONORIFICS = frozenset(
    {
        "sri", "shri", "shree", "sree", "sh", "smt", "shrimati", "shrimti", "srimati", "sushri",
        "mr", "mrs", "ms", "miss", "kumari", "km", "kum", "ku", "late", "lt", "dr", "sva", "swa",
        "svargiya", "swargiya", "svargiy", "mst", "musammat", "janab", "master", "baby", "selvi",
        "thiru", "tmt", "sardar", "sahab",
    }
)  # fmt: skip

# Spellings of one name, folded to one token. Only names whose spellings differ by more than the
# phonetic key already forgives (vowel length, doubled letters) need to be here.
VARIANTS: dict[str, str] = {
    **dict.fromkeys(
        (
            "mohd", "md", "mohammad", "mohammed", "muhammad", "muhammed", "mohamad", "mohamed",
            "mohammod", "mohmad", "mohmmad", "muhmmad", "mhd", "mohd", "muhamad", "mahammad",
            "mohmed", "mohamd",
        ),
        "mohammad",
    ),
    **dict.fromkeys(("syed", "sayyed", "sayyad", "saiyed", "saiyad", "sayed", "syyed"), "syed"),
    "kr": "kumar",
}  # fmt: skip

# Written with a dot they are abbreviations; bare, "mo" and "moh" might be a real name part.
DOTTED_VARIANTS: dict[str, str] = {"mo": "mohammad", "moh": "mohammad", "ku": "kumari"}

RELATIVE_MARKERS = re.compile(r"\b(?:s|d|w|c|h)\s*/\s*o\b|\bson of\b|\bwife of\b|\bdaughter of\b")
_TOKEN = re.compile(r"[a-z0-9]+\.?")
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class NameToken:
    text: str
    initial: bool = False  # one letter standing for a name part: the "R" of "R. K. Sharma"


def to_latin(text: str, *, partial: bool = False) -> str:
    """Lower-case ASCII: Devanagari transliterated, diacritics removed, other scripts dropped."""
    latin = transliterate(text, partial=partial)
    decomposed = unicodedata.normalize("NFKD", latin)
    return "".join(ch for ch in decomposed if ch.isascii()).lower()


def name_tokens(text: str, *, partial: bool = False) -> list[NameToken]:
    """The name parts of ``text``; ``partial`` reads Devanagari words as still being typed."""
    latin = to_latin(text, partial=partial)
    marker = RELATIVE_MARKERS.search(latin)
    if marker:
        latin = latin[: marker.start()]
    out: list[NameToken] = []
    leading = True
    for raw in _TOKEN.findall(latin):
        dotted = raw.endswith(".")
        word = raw.rstrip(".")
        if word.isdigit():
            continue
        if leading and word in HONORIFICS:
            continue
        leading = False
        if dotted and word in DOTTED_VARIANTS:
            word = DOTTED_VARIANTS[word]
        word = VARIANTS.get(word, word)
        if len(word) == 1:
            out.append(NameToken(word, initial=True))
        elif len(word) <= 3 and not _VOWELS.intersection(word):
            out.extend(NameToken(ch, initial=True) for ch in word)  # "RK" = "R. K."
        else:
            out.append(NameToken(word))
    return out


def normalise_name(text: str) -> str:
    """The comparable form of a name: ``"Shri Mohd. Irfan"`` → ``"mohammad irfan"``."""
    return " ".join(t.text for t in name_tokens(text))


# Words that say what kind of place an address part is, not which place: they match everywhere.
ADDRESS_STOPWORDS = frozenset(
    {
        "village", "vill", "vil", "gram", "gaon", "post", "po", "ps", "thana", "tehsil", "teh",
        "district", "distt", "dist", "jila", "zila", "block", "mohalla", "muhalla", "ward",
        "near", "house", "no", "road", "marg", "street", "gali", "lane", "colony", "nagar", "sector",
        "city", "town", "state", "pin", "the", "and", "of", "h", "s", "d", "w", "c", "ka", "ki", "ke",
        "uttar", "pradesh", "up", "india", "bharat", "flat", "plot", "chowk", "bazar", "ganj",
    }
)  # fmt: skip


def address_tokens(text: str) -> frozenset[str]:
    """Distinctive words of an address (place names, not "village" or "district"), for overlap."""
    words = re.findall(r"[a-z]+", to_latin(text))
    return frozenset(w for w in words if len(w) >= 3 and w not in ADDRESS_STOPWORDS)
