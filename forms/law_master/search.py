"""Pre-built indexes that make a law search cheap enough to run on every keystroke.

Built once from the loaded sections; nothing is mutated afterwards. Look-ups are bisections over
sorted keys plus set unions, so a search over all sections takes a fraction of a millisecond.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterator, Sequence

from forms.law_master.model import MatchKind, Section, number_key, tokens


def _phrase(text: str) -> str:
    return " ".join(tokens(text))


class SearchIndex:
    """Number and word indexes over a fixed sequence of sections, addressed by position."""

    __slots__ = ("_num_ids", "_num_keys", "_phrases", "_sections", "_tok_keys", "_tok_sets")

    def __init__(self, sections: Sequence[Section]) -> None:
        self._sections = tuple(sections)
        pairs = sorted((number_key(s.number), i) for i, s in enumerate(self._sections))
        self._num_keys = tuple(k for k, _ in pairs)
        self._num_ids = tuple(i for _, i in pairs)
        postings: dict[str, set[int]] = {}
        phrases: dict[str, set[int]] = {}
        for i, s in enumerate(self._sections):
            texts = (s.title_en, s.title_hi or "", *s.keywords)
            for text in texts:
                for tok in tokens(text):
                    postings.setdefault(tok, set()).add(i)
            for text in (s.title_en, *s.keywords):
                phrases.setdefault(_phrase(text), set()).add(i)
        self._tok_keys = tuple(sorted(postings))
        self._tok_sets = tuple(frozenset(postings[k]) for k in self._tok_keys)
        self._phrases = {k: frozenset(v) for k, v in phrases.items()}

    def _with_prefix(self, keys: Sequence[str], prefix: str) -> Iterator[int]:
        """Positions in the sorted ``keys`` that start with ``prefix``."""
        pos = bisect_left(keys, prefix)
        while pos < len(keys) and keys[pos].startswith(prefix):
            yield pos
            pos += 1

    def by_number(self, query: str, acts: Collection[str] | None) -> dict[int, MatchKind]:
        """Sections whose number equals, contains as a sub-section, or starts with the query."""
        key = number_key(query)
        hits: dict[int, MatchKind] = {}
        if not key:
            return hits
        for pos in self._with_prefix(self._num_keys, key):
            idx = self._num_ids[pos]
            if acts is not None and self._sections[idx].act not in acts:
                continue
            found = self._num_keys[pos]
            if found == key:
                kind = MatchKind.EXACT
            elif found[len(key)] == "(" or key.endswith("("):
                kind = MatchKind.SUBSECTION
            else:
                kind = MatchKind.PREFIX
            hits[idx] = kind
        return hits

    def by_text(self, text: str, acts: Collection[str] | None) -> dict[int, MatchKind]:
        """Sections whose title or keywords contain every query word (as a word prefix)."""
        words = tokens(text)
        if not words:
            return {}
        found: set[int] = set()
        for n, word in enumerate(sorted(set(words), key=len, reverse=True)):
            ids: set[int] = set()
            for pos in self._with_prefix(self._tok_keys, word):
                ids.update(self._tok_sets[pos])
            found = ids if n == 0 else found & ids
            if not found:
                return {}
        exact = self._phrases.get(" ".join(words), frozenset())
        return {
            idx: MatchKind.KEYWORD if idx in exact else MatchKind.TITLE
            for idx in found
            if acts is None or self._sections[idx].act in acts
        }
