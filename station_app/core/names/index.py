"""What goes into the person search index (FTS5), and the MATCH expressions that query it.

The index holds only ASCII tokens made here: normalised name parts, their phonetic keys and the
keys' consonant skeletons, the relative's keys, phone digits (and, prefixed "x", the digits reversed so that the last four digits
of a number are a prefix query), and ID document numbers other than Aadhaar. Because every token is
[a-z0-9] after normalisation, the query strings below need no escaping beyond double quotes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from station_app.core.names.fields import ascii_digits
from station_app.core.names.match import COMMON_KEYS
from station_app.core.names.normalise import name_tokens
from station_app.core.names.phonetic import phonetic_key, skeleton

MIN_PHONE_DIGITS = 4  # fewer digits than this match too many numbers to be worth listing
CANDIDATE_LIMIT = 60  # rows per retrieval query in find_matches (newest first)
CANDIDATE_BUDGET = 250  # persons scored per find_matches call at most


@dataclass(frozen=True)
class IndexRow:
    names: str
    keys: str
    skel: str
    relative: str
    phone: str
    docs: str

    def as_params(self) -> dict[str, str]:
        return {
            "names": self.names,
            "keys": self.keys,
            "skel": self.skel,
            "relative": self.relative,
            "phone": self.phone,
            "docs": self.docs,
        }


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def name_parts(written: Iterable[str]) -> list[str]:
    """Normalised whole name parts (no initials) of several names, without repeats."""
    return _unique(t.text for w in written for t in name_tokens(w) if not t.initial)


def joined_keys(written: str) -> list[str]:
    """Keys of neighbouring parts written as one word: "Ram Lal" is also "Ramlal", "Sita Ram" "Sitaram"."""
    parts = name_parts([written])
    return _unique(phonetic_key(a + b) for a, b in itertools.pairwise(parts))


def name_columns(names: Sequence[str]) -> tuple[str, str, str]:
    """The ``names``, ``keys`` and ``skel`` columns: the name parts of all the person's names,
    their phonetic keys (and of neighbouring parts run together), and the keys' skeletons."""
    parts = name_parts(names)
    keys = _unique([phonetic_key(p) for p in parts] + [k for n in names for k in joined_keys(n)])
    return " ".join(parts), " ".join(keys), " ".join(_unique(skeleton(k) for k in keys))


def relative_column(relative_name: str) -> str:
    keys = [phonetic_key(p) for p in name_parts([relative_name])] + joined_keys(relative_name)
    return " ".join(_unique(keys))


def phone_column(phones: Sequence[str]) -> str:
    """Each normalised number, and "x" + its digits reversed (the last digits as a prefix)."""
    return " ".join(_unique(token for p in phones for token in (p, "x" + p[::-1])))


def index_row(
    names: Sequence[str], relative_name: str, phones: Sequence[str], document_numbers: Sequence[str]
) -> IndexRow:
    """The FTS row of a person: ``phones`` are normalised 10-digit numbers; documents exclude Aadhaar."""
    parts, keys, skel = name_columns(names)
    docs = " ".join(_unique(n.lower() for n in document_numbers))
    return IndexRow(parts, keys, skel, relative_column(relative_name), phone_column(phones), docs)


def _q(token: str, prefix: bool = False) -> str:
    return f'"{token}"' + ("*" if prefix else "")


@dataclass(frozen=True)
class SearchPart:
    spellings: tuple[str, ...]  # normalised; two when a Devanagari word is still being typed
    prefix: bool  # the last part, still being typed

    def sounds(self) -> tuple[str, ...]:
        return tuple(_unique(phonetic_key(s) for s in self.spellings))


@dataclass(frozen=True)
class SearchTerms:
    """What a search-box text asks for: name parts (spelling or sound) and phone digits."""

    parts: tuple[SearchPart, ...]
    digits: str

    def expression(self, loose: bool = False) -> str | None:
        """The MATCH expression: every part must match by spelling or by sound; None if empty.

        ``loose`` also lets a part match by consonant skeleton ("अग्रवाल" reads "agraval", the
        register's "Agarwal" keys "agarval"): the second try when the first found too few.
        """
        clauses: list[str] = []
        if len(self.digits) >= 10:
            clauses.append(f"phone : {_q(self.digits[-10:])}")
        elif len(self.digits) >= MIN_PHONE_DIGITS:
            reverse = "x" + self.digits[::-1]
            clauses.append(f"(phone : {_q(self.digits, True)} OR phone : {_q(reverse, True)})")
        for part in self.parts:
            options = [f"names : {_q(s, part.prefix)}" for s in part.spellings]
            options += [f"keys : {_q(k, part.prefix)}" for k in part.sounds()]
            if loose:  # short skeletons ("rm" of "Ram") would match half the register
                options += [
                    f"skel : {_q(skeleton(k), part.prefix)}" for k in part.sounds() if len(skeleton(k)) >= 3
                ]
            clauses.append("(" + " OR ".join(options) + ")")
        return " AND ".join(clauses) if clauses else None

    def relevance(self, names: str, keys: str) -> float:
        """How well an index row fits: spelt-alike beats sounds-alike, and fewer extra parts is closer."""
        row_names, row_keys = names.split(), keys.split()
        score = 0.0
        for part in self.parts:
            if any(_has(row_names, s, part.prefix) for s in part.spellings):
                score += 2.0
            elif any(_has(row_keys, k, part.prefix) for k in part.sounds()):
                score += 1.0
        return score - 0.1 * max(0, len(row_names) - len(self.parts))


def _has(tokens: list[str], wanted: str, prefix: bool) -> bool:
    return any(t.startswith(wanted) if prefix else t == wanted for t in tokens)


def search_terms(text: str) -> SearchTerms:
    """Parse what was typed. The last part is a prefix unless the text ends with a space."""
    digits = "".join(re.findall(r"[0-9]+", ascii_digits(text)))
    tokens = [t.text for t in name_tokens(text) if not t.initial]
    finished = text.endswith((" ", "\t"))
    # A Devanagari word being typed reads differently from the whole word ("इरफ़" is "iraf" alone
    # but starts "irfan"), so the last part is looked for both ways.
    partial = [t.text for t in name_tokens(text, partial=True) if not t.initial]
    parts: list[SearchPart] = []
    for i, token in enumerate(tokens):
        prefix = i == len(tokens) - 1 and not finished
        if prefix and len(token) < 2:
            continue  # one letter is still being typed: wait for the next keystroke
        other = partial[-1] if prefix and len(partial) == len(tokens) else ""
        parts.append(SearchPart(tuple(_unique([token, other])), prefix))
    return SearchTerms(tuple(parts), digits)


def search_expression(text: str) -> str | None:
    return search_terms(text).expression()


def candidate_expressions(
    names: Sequence[str], relative_name: str, phones: Sequence[str], document_numbers: Sequence[str]
) -> list[str]:
    """MATCH expressions that together find anyone who could be this person (find_matches), in
    tiers from the most selective, so that a budget of candidates is spent on the likeliest.

    1. phone or document number, whatever the name; 2. the shapes below together with the
    relative's name (exact first, then the rest); 3. the name's exact keys (or two neighbouring parts written as one word);
    4. one part cut to its first two letters (a typing slip in it); 5. one part left out, if two
    remain (one name part alone matches tens of thousands of people at district scale); 6. the
    consonant skeletons (vowels read differently across scripts). Each tier is one query: FTS5
    reads each term's list once, not once per shape.
    """
    own = {phonetic_key(p) for p in name_parts(names)}
    relative = _unique([phonetic_key(p) for p in name_parts([relative_name])] + joined_keys(relative_name))
    # The family name is shared by the person and the relative: it narrows nothing.
    telling = [k for k in relative if k not in own and k not in COMMON_KEYS] or relative
    exact: list[str] = []
    slips: list[str] = []
    dropped: list[str] = []
    bare: list[str] = []  # one part left out of two: too broad alone, fine with the relative
    skeletons: list[str] = []
    for written in names:
        parts = name_parts([written])
        keys = _unique(phonetic_key(p) for p in parts)
        if not keys:
            continue
        exact.append("(" + " AND ".join(_q(k) for k in keys) + ")")
        for i in range(len(parts) - 1):  # two neighbours stored as one word: "Ramlal" for "Ram Lal"
            rest = [_q(phonetic_key(p)) for j, p in enumerate(parts) if j not in (i, i + 1)]
            exact.append("(" + " AND ".join([_q(phonetic_key(parts[i] + parts[i + 1])), *rest]) + ")")
        if len(keys) == 1 and len(keys[0]) >= 3:
            bare.append(_q(keys[0][:2], True))
        for i, slipped in enumerate(keys if len(keys) >= 2 else []):
            rest = [_q(k) for j, k in enumerate(keys) if j != i]
            if len(slipped) >= 3:
                slips.append("(" + " AND ".join([*rest, _q(slipped[:2], True)]) + ")")
            (dropped if len(rest) >= 2 else bare).append("(" + " AND ".join(rest) + ")")
        skeletons.append("(" + " AND ".join(_q(skeleton(k)) for k in keys) + ")")
    tiers: list[str] = []
    ids = [f"phone : {_q(p)}" for p in phones] + [f"docs : {_q(n.lower())}" for n in document_numbers]
    if ids:
        tiers.append(" OR ".join(ids))
    if telling:
        with_relative = f"relative : ({' OR '.join(_q(k) for k in telling)})"
        for shapes in (exact, slips + dropped + bare):
            if shapes:
                tiers.append(f"keys : ({' OR '.join(_unique(shapes))}) AND {with_relative}")
    for tier in (exact, slips, dropped):
        if tier:
            tiers.append(f"keys : ({' OR '.join(_unique(tier))})")
    if skeletons:
        tiers.append(f"skel : ({' OR '.join(_unique(skeletons))})")
    return tiers
