"""Devanagari to Latin, the way Indian names are commonly written in English (not ISO 15919).

Registers are written by people: "मोहम्मद इरफ़ान" is spelt "Mohammad Irfan", not "mohammada irafāna".
So long vowels lose their length ("सुनीता" → "sunita"), the inherent vowel is dropped where Hindi
speakers drop it (word-final, and between a vowel and a single consonant followed by a vowel),
anusvara becomes the nasal that fits the next consonant, and nukta letters take their Perso-Arabic
sound (ज़ → z, फ़ → f, क़ → q). Anything that is not Devanagari passes through unchanged, so mixed
text ("Md. इरफ़ान") works, and Devanagari digits become ASCII digits (phone numbers typed in Hindi).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

NUKTA = "\u093c"
HALANT = "\u094d"
ANUSVARA = "\u0902"
CHANDRABINDU = "\u0901"
VISARGA = "\u0903"
AVAGRAHA = "\u093d"

CONSONANTS: dict[str, str] = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n",
    "च": "ch", "छ": "chh", "ज": "j", "झ": "jh", "ञ": "n",
    "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n",
    "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n",
    "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m",
    "य": "y", "र": "r", "ल": "l", "ळ": "l", "व": "v",
    "श": "sh", "ष": "sh", "स": "s", "ह": "h",
}  # fmt: skip

# The same letters with a nukta: the sounds Urdu and Persian names need.
NUKTA_CONSONANTS: dict[str, str] = {
    "क": "q", "ख": "kh", "ग": "gh", "ज": "z", "ड": "r", "ढ": "rh", "फ": "f", "य": "y", "र": "r",
    "न": "n", "ळ": "l",
}  # fmt: skip

INDEPENDENT_VOWELS: dict[str, str] = {
    "अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ऋ": "ri", "ॠ": "ri",
    "ए": "e", "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e", "ऎ": "e", "ऒ": "o",
}  # fmt: skip

MATRAS: dict[str, str] = {
    "\u093e": "a", "\u093f": "i", "\u0940": "i", "\u0941": "u", "\u0942": "u", "\u0943": "ri",
    "\u0944": "ri", "\u0945": "e", "\u0946": "e", "\u0947": "e", "\u0948": "ai", "\u0949": "o",
    "\u094a": "o", "\u094b": "o", "\u094c": "au",
}  # fmt: skip

LABIALS = frozenset({"p", "ph", "b", "bh", "m"})
DIGITS = {chr(0x0966 + i): str(i) for i in range(10)}
DANDA = {"\u0964": ".", "\u0965": "."}


def is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff"


def has_devanagari(text: str) -> bool:
    return any(is_devanagari(ch) for ch in text)


@dataclass
class _Syllable:
    """An onset of consonants (already in Latin) and its vowel.

    ``vowel`` is None for a bare consonant (halant); ``inherent`` marks the schwa nobody wrote, the
    only vowel that may be dropped.
    """

    onset: list[str]
    vowel: str | None
    inherent: bool
    coda: str = ""  # anusvara, chandrabindu or visarga after the vowel


def _parse_word(word: str) -> list[_Syllable]:
    out: list[_Syllable] = []
    onset: list[str] = []
    i = 0
    while i < len(word):
        ch = word[i]
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch in CONSONANTS:
            latin = CONSONANTS[ch]
            if nxt == NUKTA:
                latin = NUKTA_CONSONANTS.get(ch, latin)
                i += 1
                nxt = word[i + 1] if i + 1 < len(word) else ""
            onset.append(latin)
            if nxt == HALANT:
                i += 2
                continue  # the next consonant joins this onset (a conjunct)
            if nxt in MATRAS:
                out.append(_Syllable(onset, MATRAS[nxt], inherent=False))
                i += 2
            else:
                out.append(_Syllable(onset, "a", inherent=True))
                i += 1
            onset = []
            continue
        if ch in INDEPENDENT_VOWELS:
            out.append(_Syllable([], INDEPENDENT_VOWELS[ch], inherent=False))
        elif ch in (ANUSVARA, CHANDRABINDU) and out:
            out[-1].coda = "n"  # resolved to m/n once the next consonant is known
        elif ch == VISARGA and out:
            out[-1].coda = "h"
        i += 1  # unknown marks (a stray nukta, avagraha, vedic signs) are dropped
    if onset:  # a word ending in halant: "जगत्"
        out.append(_Syllable(onset, None, inherent=False))
    return out


def _is_geminate(onset: list[str]) -> bool:
    """ "म्म", "च्च", "द्ध": a doubled consonant, before which Hindi keeps the schwa (मोहम्मद)."""
    return len(onset) >= 2 and onset[1].startswith(onset[0][0])


def _drop_schwas(sylls: list[_Syllable], everywhere: bool = False) -> None:
    """Hindi schwa deletion, right to left: final, and medial between a vowel and a full vowel.

    ``everywhere`` drops every unwritten medial schwa: how a word still being typed ("इरफ़" of
    "इरफ़ान") must be read to be a prefix of the whole word's spelling ("irf", not "iraf").
    """
    n = len(sylls)
    if n >= 2:
        last = sylls[-1]
        # "मित्र" keeps its final a (mitra); "राम" does not (ram).
        if last.inherent and len(last.onset) == 1 and not last.coda:
            last.vowel = None
    for i in range(n - 2, 0, -1):
        syl, prev, nxt = sylls[i], sylls[i - 1], sylls[i + 1]
        if not syl.inherent or syl.coda or len(syl.onset) != 1:
            continue
        if not everywhere and (
            prev.vowel is None or nxt.vowel is None or not nxt.onset or _is_geminate(nxt.onset)
        ):
            continue
        syl.vowel = None


def _render(sylls: list[_Syllable]) -> str:
    parts: list[str] = []
    for i, syl in enumerate(sylls):
        onset = list(syl.onset)
        if onset[:2] == ["j", "n"]:
            onset[:2] = ["g", "y"]  # ज्ञ: "ज्ञान" is written "gyan"
        parts.append("".join(onset))
        if syl.vowel is not None:
            parts.append(syl.vowel)
        if syl.coda == "n":
            following = sylls[i + 1].onset[0] if i + 1 < len(sylls) and sylls[i + 1].onset else ""
            if following == "h" and i + 2 == len(sylls) and sylls[-1].vowel is None:
                parts.append("ng")  # "सिंह" is written "Singh", never "Sinh"
            else:
                parts.append("m" if following in LABIALS else "n")
        elif syl.coda:
            parts.append(syl.coda)
    return "".join(parts)


def _word(word: str, partial: bool = False) -> str:
    sylls = _parse_word(word)
    if not sylls:
        return ""
    _drop_schwas(sylls, everywhere=partial)
    return _render(sylls)


def transliterate(text: str, *, partial: bool = False) -> str:
    """Latin spelling of the Devanagari in ``text``; everything else is kept as it was.

    ``partial`` reads each word as the start of a longer one (see ``_drop_schwas``).
    """
    # NFC splits the precomposed nukta letters (क़ U+0958) into letter + nukta, which we expect.
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if is_devanagari(ch) and ch not in DIGITS and ch not in DANDA:
            run.append(ch)
            continue
        if run:
            out.append(_word("".join(run), partial))
            run = []
        out.append(DIGITS.get(ch) or DANDA.get(ch) or ch)
    if run:
        out.append(_word("".join(run), partial))
    return "".join(out)
