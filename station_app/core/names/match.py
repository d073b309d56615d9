"""Is this the same person? A score from name, relative's name, birth year, sex, phone, address and ID.

Each field adds evidence for or against, in points that behave like log-odds (Fellegi–Sunter): a
shared phone or ID number is strong for, a different sex or a birth year fifteen years apart is
strong against, a missing field says nothing. The sum goes through a logistic curve to a 0–1 score
with two thresholds: LIKELY (offer it first, "this is probably the same person") and POSSIBLE (list
it below). The name alone, however exact, never reaches LIKELY: registers hold many "Ram Kumar"s.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from station_app.core.names.normalise import NameToken, address_tokens, name_tokens
from station_app.core.names.phonetic import phonetic_key, skeleton
from station_app.core.names.similarity import edit_similarity

LIKELY = 0.85
POSSIBLE = 0.35
_MIDPOINT = 4.5  # points at which the score is 0.5

# Name parts that half the register shares: they count, but for less than a distinctive name.
COMMON_KEYS = frozenset(
    phonetic_key(t)
    for t in ("devi", "kumar", "kumari", "bai", "ben", "begum", "begam", "lal", "singh", "kaur",
              "prasad", "chand", "mohammad", "syed", "bibi", "rani", "nath", "das")
)  # fmt: skip
SKELETON_CREDIT = 0.75
INITIAL_CREDIT = 0.7  # "R." for "Ramesh": consistent, but "Rakesh" would fit as well


@dataclass(frozen=True)
class PersonFacts:
    """What matching looks at, for a stored person or for one being typed in."""

    names: tuple[str, ...]  # name, name in the other script, aliases, as written
    relative_name: str = ""
    birth_year: int | None = None  # estimated when only an age was given
    sex: str = ""  # M | F | T | "" (unknown)
    phones: tuple[str, ...] = ()  # normalised 10-digit numbers
    addresses: tuple[str, ...] = ()
    documents: tuple[tuple[str, str], ...] = ()  # (kind, normalised number); Aadhaar is masked


@dataclass(frozen=True)
class _Name:
    written: str
    full: tuple[str, ...]  # phonetic keys of whole name parts
    initials: tuple[str, ...]
    spelt: tuple[str, ...]  # the same parts as normalised, for typing slips the key would amplify


NameCache = dict[str, "_Name | None"]  # a name as written → its parts and keys (see ``prepare``)


@dataclass
class Prepared:
    """Facts with their tokens and keys worked out once (a candidate is compared with many)."""

    facts: PersonFacts
    names: list[_Name] = field(default_factory=list)
    relative: _Name | None = None
    address_keys: frozenset[str] = frozenset()
    # Token comparisons already made, when this is the candidate: names repeat across records.
    seen: dict[tuple[str, str, str, str], float] = field(default_factory=dict)


def _name(written: str) -> _Name | None:
    tokens: list[NameToken] = name_tokens(written)
    spelt = tuple(t.text for t in tokens if not t.initial)
    initials = tuple(t.text for t in tokens if t.initial)
    full = tuple(phonetic_key(t) for t in spelt)
    return _Name(written, full, initials, spelt) if full or initials else None


def area_keys(*places: str) -> frozenset[str]:
    """Keys of place words that every address around the station shares (its district, state and
    own name): "Lucknow" in two addresses of a Lucknow station says nothing about the person."""
    return frozenset(phonetic_key(t) for p in places for t in address_tokens(p))


def prepare(
    facts: PersonFacts,
    cache: NameCache | None = None,
    area: frozenset[str] = frozenset(),
) -> Prepared:
    """``cache`` (one per search) spares re-reading names that many records share; ``area`` is
    ``area_keys`` of the station, left out of address comparison."""
    memo: NameCache = {} if cache is None else cache

    def named(written: str) -> _Name | None:
        if written not in memo:
            memo[written] = _name(written)
        return memo[written]

    names = [n for n in (named(w) for w in facts.names if w.strip()) if n is not None]
    relative = named(facts.relative_name) if facts.relative_name.strip() else None
    keys = frozenset(phonetic_key(t) for a in facts.addresses for t in address_tokens(a)) - area
    return Prepared(facts, names, relative, keys)


def _weight(key: str) -> float:
    return 0.5 if key in COMMON_KEYS else 1.0


def token_similarity(key_a: str, key_b: str, spelt_a: str, spelt_b: str) -> float:
    """1.0 for equal keys; else a partial score for a small slip in a long name, or 0.

    The slip is measured on the keys and on the spellings, whichever is closer: a swap across a
    digraph ("Rajseh" for "Rajesh") is one edit in the spelling but two in the key.
    """
    if key_a == key_b:
        return 1.0
    best = max(edit_similarity(key_a, key_b), edit_similarity(spelt_a, spelt_b))
    skeleton_a = skeleton(key_a)
    if best < SKELETON_CREDIT and len(skeleton_a) >= 4 and skeleton_a == skeleton(key_b):
        # Four or more consonants in the same order, vowels apart: one name read two ways, as
        # "जायसवाल" (jayasval) and "Jaiswal" (jesval). Fewer consonants would join "Sunil"/"Sonal".
        return SKELETON_CREDIT
    return best


def name_similarity(a: _Name, b: _Name, seen: dict[tuple[str, str, str, str], float] | None = None) -> float:
    """0–1 over name parts in any order; a missing part costs less than a different one.

    Parts written together on one side and apart on the other ("Ramlal" / "Ram Lal") are compared
    as whole words too, and the better reading counts.
    """
    by_parts = _part_similarity(a, b, {} if seen is None else seen)
    if by_parts >= 1.0 or a.initials or b.initials or len(a.full) == len(b.full):
        return by_parts
    joined = edit_similarity(phonetic_key("".join(a.spelt)), phonetic_key("".join(b.spelt)))
    return max(by_parts, joined)


def _part_similarity(a: _Name, b: _Name, seen: dict[tuple[str, str, str, str], float]) -> float:
    pairs = sorted(
        (
            (_remembered(seen, x, y, a.spelt[i], b.spelt[j]), i, j)
            for i, x in enumerate(a.full)
            for j, y in enumerate(b.full)
        ),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = weight = 0.0
    for sim, i, j in pairs:
        if sim <= 0 or i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        w = min(_weight(a.full[i]), _weight(b.full[j]))
        matched += sim * w
        weight += w
    left_a = [a.full[i] for i in range(len(a.full)) if i not in used_a]
    left_b = [b.full[j] for j in range(len(b.full)) if j not in used_b]
    # Initials on one side may stand for leftover full parts, or initials, on the other.
    bare_a: list[str] = []
    bare_b: list[str] = []
    for initials, others, bare in ((a.initials, left_b, bare_a), (b.initials, left_a, bare_b)):
        for letter in initials:
            hit = next((k for k in others if k.startswith(letter)), None)
            if hit is None:
                bare.append(letter)
                continue
            others.remove(hit)
            matched += INITIAL_CREDIT * _weight(hit)
            weight += _weight(hit)
    for letter in list(bare_a):
        if letter in bare_b:
            bare_a.remove(letter)
            bare_b.remove(letter)
            matched += INITIAL_CREDIT * 0.5
            weight += 0.5
    if weight == 0:
        return 0.0
    left_wa = sum(_weight(k) for k in left_a) + 0.5 * len(bare_a)
    left_wb = sum(_weight(k) for k in left_b) + 0.5 * len(bare_b)
    conflict = min(left_wa, left_wb)  # parts both sides have, but differently
    extra = left_wa + left_wb - 2 * conflict  # parts only one side wrote down
    return matched / (weight + conflict + 0.3 * extra)


def _remembered(seen: dict[tuple[str, str, str, str], float], x: str, y: str, sx: str, sy: str) -> float:
    key = (x, y, sx, sy)
    if key not in seen:
        seen[key] = token_similarity(x, y, sx, sy)
    return seen[key]


def _interp(x: float, points: tuple[tuple[float, float], ...]) -> float:
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


_NAME_POINTS = ((0.3, -5.0), (0.5, -2.0), (0.7, 0.5), (0.85, 2.5), (1.0, 4.0))
_RELATIVE_POINTS = ((0.3, -4.0), (0.5, -2.0), (0.7, 0.5), (0.85, 2.0), (1.0, 3.0))


@dataclass(frozen=True)
class MatchScore:
    score: float  # 0–1
    level: str  # "likely" | "possible" | "" (below both thresholds)
    points: float
    reasons: tuple[str, ...]  # evidence for, in the officer's words
    conflicts: tuple[str, ...]  # evidence against


def _best_name(a: Prepared, b: Prepared) -> tuple[float, str, str]:
    best = (0.0, "", "")
    for x in a.names:
        for y in b.names:
            sim = name_similarity(x, y, a.seen)
            if sim > best[0]:
                best = (sim, x.written, y.written)
    return best


def score_pair(candidate: Prepared, existing: Prepared) -> MatchScore:
    reasons: list[str] = []
    conflicts: list[str] = []
    points = _names(candidate, existing, reasons, conflicts)
    points += _relatives(candidate, existing, reasons, conflicts)
    c, e = candidate.facts, existing.facts
    points += _births(c, e, reasons, conflicts)
    if c.sex and e.sex:
        if c.sex == e.sex:
            points += 0.2
        else:
            points -= 6.0
            conflicts.append(f"different sex ({c.sex} / {e.sex})")
    if c.phones and e.phones:
        shared = sorted(set(c.phones) & set(e.phones))
        if shared:
            points += 4.0
            reasons.append(f"same phone: {shared[0]}")
        else:
            points -= 0.5
    if candidate.address_keys and existing.address_keys:
        common = candidate.address_keys & existing.address_keys
        overlap = len(common) / min(len(candidate.address_keys), len(existing.address_keys))
        if common:
            points += 1.5 if overlap >= 0.5 else 0.8
            reasons.append("address overlaps: " + ", ".join(sorted(common)))
        else:
            points -= 1.0  # people move, so a different address is only mild evidence against
    points += _documents(c, e, reasons, conflicts)
    score = 1.0 / (1.0 + math.exp(-(points - _MIDPOINT)))
    level = "likely" if score >= LIKELY else "possible" if score >= POSSIBLE else ""
    return MatchScore(round(score, 4), level, round(points, 2), tuple(reasons), tuple(conflicts))


def _names(candidate: Prepared, existing: Prepared, reasons: list[str], conflicts: list[str]) -> float:
    sim, mine, theirs = _best_name(candidate, existing)
    if sim >= 0.999 and mine.strip().lower() == theirs.strip().lower():
        reasons.append(f"same name: {theirs}")
    elif sim >= 0.7:
        reasons.append(f"name sounds alike: {mine} ≈ {theirs}")
    else:
        conflicts.append(f"different name: {mine} / {theirs}")
    return _interp(sim, _NAME_POINTS)


def _relatives(candidate: Prepared, existing: Prepared, reasons: list[str], conflicts: list[str]) -> float:
    if candidate.relative is None or existing.relative is None:
        return 0.0  # not written down on one side: says nothing either way
    mine, theirs = candidate.relative.written, existing.relative.written
    sim = name_similarity(candidate.relative, existing.relative, candidate.seen)
    if sim >= 0.85:
        reasons.append(f"same father's/husband's name: {theirs}")
    elif sim >= 0.7:
        reasons.append(f"father's/husband's name alike: {mine} ≈ {theirs}")
    else:
        conflicts.append(f"different father's/husband's name: {mine} / {theirs}")
    return _interp(sim, _RELATIVE_POINTS)


def _births(c: PersonFacts, e: PersonFacts, reasons: list[str], conflicts: list[str]) -> float:
    if c.birth_year is None or e.birth_year is None:
        return 0.0
    gap = abs(c.birth_year - e.birth_year)
    # ±3: ages are guesses ("about 40") and stated years are often off by a year or two.
    if gap <= 3:
        reasons.append(f"born about {e.birth_year}" + ("" if gap == 0 else f" (±{gap})"))
        return 1.5 if gap <= 1 else 0.8
    conflicts.append(f"born {gap} years apart ({c.birth_year} / {e.birth_year})")
    return -1.0 if gap <= 5 else -3.0 if gap <= 10 else -6.0


def _documents(c: PersonFacts, e: PersonFacts, reasons: list[str], conflicts: list[str]) -> float:
    points = 0.0
    theirs = dict(e.documents)
    for kind, number in c.documents:
        other = theirs.get(kind)
        if other is None:
            continue
        label = kind.replace("_", " ")
        if other == number:
            # Only four digits of an Aadhaar number are kept: 1 in 10,000 people share them.
            points += 2.0 if kind == "aadhaar" else 6.0
            reasons.append(f"same {label} number")
        else:
            points -= 5.0
            conflicts.append(f"different {label} number")
    return points
