"""How often the Hindi candidates are right, measured on words the transliterator has never seen.

The held-out set is a deterministic split of the lexicon by Devanagari word: every spelling of a word
whose CRC-32 falls in the held-out fold is a test pair (the Latin spelling as people type it → the
Devanagari), and the transliterator under test is built from the OTHER words only, so neither its
lookups nor its character model have seen the answer. That is the hard case (a name the lexicon
lacks); a name the lexicon has is found by its spelling variants, measured separately.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from station_app.core.names.suggest import Entry, Transliterator

FOLDS = 7
HELD_OUT_FOLDS = frozenset({0, 3})  # two folds of seven: a bit over 500 pairs from the shipped lexicon


def is_held_out(devanagari: str) -> bool:
    return zlib.crc32(devanagari.encode("utf-8")) % FOLDS in HELD_OUT_FOLDS


def split(entries: Sequence[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(entries to build from, held-out test pairs)."""
    train = [e for e in entries if not is_held_out(e.devanagari)]
    test = [e for e in entries if is_held_out(e.devanagari)]
    return train, test


@dataclass(frozen=True)
class Accuracy:
    pairs: int
    top1: float  # per cent
    top3: float
    misses: tuple[tuple[str, str, tuple[str, ...]], ...]  # (latin, expected, got) of the top-1 misses

    def meets(self, top1_goal: float, top3_goal: float) -> bool:
        return self.top1 >= top1_goal and self.top3 >= top3_goal


def measure(candidates: Callable[[str], list[str]], pairs: Sequence[Entry]) -> Accuracy:
    top1 = top3 = 0
    misses: list[tuple[str, str, tuple[str, ...]]] = []
    for pair in pairs:
        got = candidates(pair.latin)[:3]
        top1 += bool(got) and got[0] == pair.devanagari
        top3 += pair.devanagari in got
        if not got or got[0] != pair.devanagari:
            misses.append((pair.latin, pair.devanagari, tuple(got)))
    count = max(1, len(pairs))
    return Accuracy(len(pairs), 100.0 * top1 / count, 100.0 * top3 / count, tuple(misses))


def split_spellings(entries: Sequence[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(entries to build from, test pairs): each word keeps its first (most common) spelling, and its
    other spellings ("suneeta", "chowdhury") become test pairs, taken out of the lexicon."""
    first: set[str] = set()
    train: list[Entry] = []
    test: list[Entry] = []
    for entry in entries:
        if entry.devanagari in first:
            test.append(entry)
        else:
            first.add(entry.devanagari)
            train.append(entry)
    kept = {e.latin for e in train}
    return train, [e for e in test if e.latin not in kept]


def variant_accuracy(entries: Sequence[Entry]) -> Accuracy:
    """Known words typed in a spelling the lexicon does not list."""
    train, test = split_spellings(entries)
    return measure(Transliterator(train).candidates, test)


def held_out_accuracy(entries: Sequence[Entry]) -> Accuracy:
    train, test = split(entries)
    transliterator = Transliterator(train)
    return measure(transliterator.candidates, test)


__all__ = [
    "Accuracy",
    "held_out_accuracy",
    "is_held_out",
    "measure",
    "split",
    "split_spellings",
    "variant_accuracy",
]
