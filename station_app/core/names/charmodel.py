"""A character n-gram model of Devanagari words: how Hindi-like a spelling is.

Trained on the lexicon's words, it tells the spelling rules which of their guesses looks like a real
name: "अमीनाबाद" (the "ाबाद" of every -abad town) rather than "अमिनबद". Witten-Bell smoothing, because
it needs no tuning and behaves well on a few thousand short words; costs are in nats (lower is likelier).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

BOUNDARY = "#"
ORDER = 4  # three characters of context: enough for a syllable with its matra and nasal


class CharModel:
    def __init__(self, words: Iterable[str], order: int = ORDER) -> None:
        self.order = order
        self._counts: dict[str, Counter[str]] = defaultdict(Counter)
        alphabet: set[str] = {BOUNDARY}
        for word in words:
            padded = BOUNDARY * (order - 1) + word + BOUNDARY
            alphabet.update(word)
            for i in range(order - 1, len(padded)):
                for n in range(order):  # every context length 0 .. order-1
                    self._counts[padded[i - n : i]][padded[i]] += 1
        self._totals = {context: sum(c.values()) for context, c in self._counts.items()}
        self._uniform = 1.0 / (len(alphabet) + 50)  # room for letters never seen in training
        self._cache: dict[tuple[str, str], float] = {}

    def _probability(self, context: str, char: str) -> float:
        key = (context, char)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        lower = self._probability(context[1:], char) if context else self._uniform
        counts = self._counts.get(context)
        if counts is None:
            result = lower
        else:
            types = len(counts)
            total = self._totals[context]
            result = (counts[char] + types * lower) / (total + types)
        self._cache[key] = result
        return result

    def cost(self, history: str, text: str) -> float:
        """Cost of ``text`` following ``history`` (the word so far, without the start padding)."""
        padded = BOUNDARY * (self.order - 1) + history
        total = 0.0
        for char in text:
            total -= math.log(self._probability(padded[len(padded) - self.order + 1 :], char))
            padded += char
        return total

    def end_cost(self, word: str) -> float:
        return self.cost(word, BOUNDARY)


__all__ = ["BOUNDARY", "CharModel"]
