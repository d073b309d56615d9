"""Hindi candidates for a Latin word as officers type names: "aminabad" → अमीनाबाद, अमिनाबाद, ...

The lexicon (``lexicon_hi.tsv``: latin, devanagari, kind; common given names, surnames, district and
town names of UP, MP, Bihar, Rajasthan and Maharashtra, and words of FIR writing) is looked up first,
forgiving the ways one name is spelt in Latin letters:

1. the same key: small letters, long vowels written once ("ameenabad" = "aminabad"), w = v;
2. a looser key: doubled letters once, sh = s, z = j, f = ph, q = k, ou/ow = au, a final "y" as "i"
   ("chowdhury" = "chaudhari", "mohamad" = "mohammad", "pande" = "pandey");
3. the spelling rules (``spelling.Speller``: every reading of every letter, scored by how Hindi-like
   the result is), which also spell the words no lexicon has;
4. a lexicon word whose consonants match and whose vowels are close ("mohammed" → मोहम्मद).

Urdu and Persian names take the nukta where the lexicon writes it (ख़ान, फ़ातिमा, इरफ़ान, ज़िला), the
spelling that police registers in Uttar Pradesh mostly follow; the rules write z and f with a nukta.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from station_app.core.names.charmodel import CharModel
from station_app.core.names.spelling import Costs, Speller

LEXICON_FILE = "lexicon_hi.tsv"
KINDS = frozenset({"given_m", "given_f", "surname", "place", "word", "part"})
_LONG = (("aa", "a"), ("ee", "i"), ("ii", "i"), ("oo", "u"), ("uu", "u"))
_LOOSE = (("sh", "s"), ("z", "j"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("ou", "au"), ("ow", "au"))
_DOUBLED = re.compile(r"([a-z])\1+")
_VOWELS = re.compile(r"[aeiou]+")


@dataclass(frozen=True)
class Entry:
    latin: str
    devanagari: str
    kind: str


def parse_lexicon(text: str) -> list[Entry]:
    """Rows of ``latin<TAB>devanagari<TAB>kind``; blank lines and lines starting with # are skipped."""
    entries: list[Entry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[2] not in KINDS or not parts[0].isascii():
            raise ValueError(
                f"{LEXICON_FILE} line {number}: expected latin<TAB>devanagari<TAB>kind, got {line!r}"
            )
        entries.append(Entry(parts[0].strip().lower(), parts[1].strip(), parts[2]))
    return entries


@cache
def lexicon_entries() -> tuple[Entry, ...]:
    text = resources.files("station_app.core.names").joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    return tuple(parse_lexicon(text))


def exact_key(latin: str) -> str:
    key = latin.lower().replace("w", "v").replace("x", "ksh")
    for long, short in _LONG:
        key = key.replace(long, short)
    return key


def loose_key(latin: str) -> str:
    key = latin.lower().replace("x", "ksh")
    for variant, usual in _LOOSE:
        key = key.replace(variant, usual)
    key = _DOUBLED.sub(r"\1", key.replace("w", "v"))
    if key.endswith("ey") or key.endswith("ay"):
        key = key[:-1]
    elif key.endswith("y"):
        key = key[:-1] + "i"
    return key


def consonant_key(latin: str) -> str:
    """The consonants only, the first letter kept: "mohammed" and "muhammad" are both "mhmd"."""
    key = loose_key(latin)
    return key[:1] + _VOWELS.sub("", key[1:])


MIN_PART = 3
SHORT_PARTS = frozenset({"ji"})
# An independent vowel starting the second part becomes a vowel sign after a consonant: अमीन + आबाद.
_VOWEL_SIGNS = {"अ": "", "आ": "\u093e", "इ": "\u093f", "ई": "\u0940", "उ": "\u0941", "ऊ": "\u0942",
                "ए": "\u0947", "ऐ": "\u0948", "ओ": "\u094b", "औ": "\u094c"}  # fmt: skip


def join_parts(first: str, second: str) -> str:
    last = first[-1]
    ends_in_consonant = "\u0915" <= last <= "\u0939" or last == "\u093c"  # a letter, or its nukta
    if ends_in_consonant and second[:1] in _VOWEL_SIGNS:
        return first + _VOWEL_SIGNS[second[0]] + second[1:]
    return first + second


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _add(index: dict[str, list[str]], key: str, value: str) -> None:
    words = index.setdefault(key, [])
    if value not in words:
        words.append(value)


class Transliterator:
    """Candidates for one Latin word, from a lexicon and the spelling rules. Pure; build once, reuse."""

    def __init__(self, entries: Iterable[Entry], costs: Costs | None = None) -> None:
        self._typed: dict[str, list[str]] = {}
        self._exact: dict[str, list[str]] = {}
        self._loose: dict[str, list[str]] = {}
        self._consonants: dict[str, list[tuple[str, str]]] = {}
        words: list[str] = []
        for entry in entries:
            _add(self._typed, entry.latin, entry.devanagari)
            _add(self._exact, exact_key(entry.latin), entry.devanagari)
            _add(self._loose, loose_key(entry.latin), entry.devanagari)
            pairs = self._consonants.setdefault(consonant_key(entry.latin), [])
            pairs.append((loose_key(entry.latin), entry.devanagari))
            words.append(entry.devanagari)
        self._words = frozenset(words)
        self._speller = Speller(CharModel(self._words), costs)
        self._cache: dict[tuple[str, int], tuple[str, ...]] = {}

    def knows(self, devanagari: str) -> bool:
        return devanagari in self._words

    def candidates(self, latin: str, limit: int = 3) -> list[str]:
        """The ``limit`` best Devanagari spellings of one Latin word (letters only), best first."""
        word = latin.lower()
        if not word or not word.isascii() or not word.isalpha() or limit < 1:
            return []
        cached = self._cache.get((word, limit))
        if cached is None:
            cached = tuple(self._rank(word, limit))
            if len(self._cache) > 5000:
                self._cache.clear()
            self._cache[(word, limit)] = cached
        return list(cached)

    def _rank(self, word: str, limit: int) -> list[str]:
        ranked: list[str] = []

        def take(words: Iterable[str]) -> None:
            for found in words:
                if found not in ranked:
                    ranked.append(found)

        take(self._typed.get(word, []))  # "gaali" गाली before "gali" गली
        take(self._exact.get(exact_key(word), []))
        take(self._loose.get(loose_key(word), []))
        spelt = [text for text, _cost in self._speller.spellings(word, limit=max(limit, 5))]
        # a spelling the rules found that is also a known word goes before the rules' other guesses
        take(self._compounds(word))
        take(spelt[:1])
        take(self._near(word))
        take(sorted(spelt, key=lambda text: not self.knows(text)))
        return ranked[:limit]

    def _known(self, part: str) -> str | None:
        for index, key in (
            (self._typed, part),
            (self._exact, exact_key(part)),
            (self._loose, loose_key(part)),
        ):
            found = index.get(key)
            if found:
                return found[0]
        return None

    def _compounds(self, word: str) -> list[str]:
        """Two known parts, as most place names and many given names are made ("ram|nagar" रामनगर,
        "amin|abad" अमीनाबाद, "shiv|kumar" शिवकुमार); the split with the longest shorter part first."""
        found: list[tuple[int, str]] = []
        for cut in range(MIN_PART, len(word) - 1):
            left, right = word[:cut], word[cut:]
            if len(right) < MIN_PART and right not in SHORT_PARTS:
                continue
            first, second = self._known(left), self._known(right)
            if first is not None and second is not None:
                found.append((min(len(left), len(right)), join_parts(first, second)))
        return [text for _length, text in sorted(found, key=lambda pair: -pair[0])]

    def _near(self, word: str) -> list[str]:
        """Known words with the same consonants and nearly the same letters, closest first."""
        key = loose_key(word)
        pairs = self._consonants.get(consonant_key(word), [])
        scored = sorted((_edit_distance(key, other), devanagari) for other, devanagari in pairs)
        allowed = max(1, len(key) // 4)
        return [devanagari for distance, devanagari in scored if distance <= allowed]


@cache
def default_transliterator() -> Transliterator:
    """The app's transliterator over the shipped lexicon (built on first use, about a tenth of a second)."""
    return Transliterator(lexicon_entries())


__all__ = [
    "Entry",
    "Transliterator",
    "consonant_key",
    "default_transliterator",
    "exact_key",
    "lexicon_entries",
    "loose_key",
    "parse_lexicon",
]
