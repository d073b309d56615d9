"""Edit distance for short name tokens: Damerau-Levenshtein (optimal string alignment: insert,
delete, substitute, swap two neighbours), weighted for names and cut off early.

Jaro-Winkler was tried and dropped: it rewards a shared beginning, and Indian names that share a
beginning are often different people (Ramesh, Ramesan, Rameshwar)."""

from __future__ import annotations

VOWELS = frozenset("aeiouy")


def _substitution_cost(x: str, y: str) -> int:
    # After the phonetic key has merged the spellings of one sound, a different consonant is a
    # different name ("Ramesh"/"Rakesh", "Sunil"/"Sushil"); a different vowel is often a slip.
    return 1 if x in VOWELS or y in VOWELS else 2


def name_edits(a: str, b: str, limit: int) -> int:
    """Edits between two name tokens, a consonant swapped for another counting two; stops past
    ``limit`` (returns limit + 1), so that the common case, far apart, costs almost nothing."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else _substitution_cost(a[i - 1], b[j - 1])
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def _one_swap(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def edit_similarity(a: str, b: str) -> float:
    """1 - edits / length, but 0 when the edits are too many for the length to still be one name.

    Short tokens tolerate only two neighbours swapped (one letter turns "Ram" into "Rao", "Sing"
    into "Sinh"); five to
    seven letters tolerate one edit; eight or more tolerate two. A consonant replaced by another
    counts as two edits (see ``name_edits``).
    """
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    allowed = 0 if longest <= 4 else 1 if longest <= 7 else 2
    if allowed == 0:
        # Two letters swapped ("Nhea", "Rjau") is a slip of the pen; a letter changed is a new name.
        return 0.75 if longest >= 3 and _one_swap(a, b) else 0.0
    edits = name_edits(a, b, allowed)
    if edits > allowed:
        return 0.0
    return 1.0 - edits / longest
