"""The law master: effective-dated acts and sections, look-up, search and validation.

The caller builds one ``LawMaster.load()`` at start-up and passes it to whoever needs it;
there is no module-level cache or singleton.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType

from forms.law_master.loader import check_links, load_acts, load_sections
from forms.law_master.model import (
    Act,
    LawError,
    MatchKind,
    Section,
    SectionMatch,
    SectionRef,
    act_key,
    long_date,
    natural_key,
    number_key,
    parent_keys,
    short_date,
)
from forms.law_master.search import SearchIndex

# Words officers put before a section number: "u/s 302", "Sec. 302", "धारा 302".
_FILLER = frozenset({"U/S", "US", "SECTION", "SECTIONS", "SEC", "SEC.", "S.", "धारा", "दफा", "दफ़ा"})
_GLUED_RE = re.compile(r"^([^\d\s]+?)[\s.]*(\d\S*)$")


class LawMaster:
    """Read-only view of all acts and sections. Construct with :meth:`load`."""

    __slots__ = ("_act_names", "_acts", "_by_key", "_equivalents", "_index", "_order", "_pos", "_sections")

    def __init__(self, acts: Iterable[Act], sections: Iterable[Section]) -> None:
        self._acts: Mapping[str, Act] = MappingProxyType({a.code: a for a in acts})
        act_rank = {code: i for i, code in enumerate(self._acts)}
        self._sections = tuple(sorted(sections, key=lambda s: (act_rank[s.act], natural_key(s.number))))
        pos: dict[tuple[str, str], int] = {}
        for i, s in enumerate(self._sections):
            key = (s.act, number_key(s.number))
            if key in pos:
                raise LawError(f"Law master {s.act}.json lists section {s.number} twice")
            pos[key] = i
        self._pos: Mapping[tuple[str, str], int] = MappingProxyType(pos)
        self._by_key: Mapping[tuple[str, str], Section] = MappingProxyType(
            {k: self._sections[i] for k, i in pos.items()}
        )
        check_links(self._acts, self._by_key)
        names: dict[str, str] = {}
        for a in self._acts.values():
            for name in (a.code, a.short_en, a.name_en, *a.aliases):
                names.setdefault(act_key(name), a.code)
        self._act_names: Mapping[str, str] = MappingProxyType(names)
        self._equivalents = tuple(
            tuple(pos[(e.act, number_key(e.number))] for e in s.equivalents) for s in self._sections
        )
        self._index = SearchIndex(self._sections)
        self._order = tuple((act_rank[s.act], natural_key(s.number)) for s in self._sections)

    def _sections_at(self, ids: Iterable[int]) -> tuple[Section, ...]:
        return tuple(self._sections[i] for i in ids)

    @classmethod
    def load(cls) -> LawMaster:
        """Read every act file shipped in ``forms/laws``; raises LawError if the data is damaged."""
        acts = load_acts()
        return cls(acts, [s for a in acts for s in load_sections(a)])

    # ----- acts -----------------------------------------------------------------------------

    def _act_code(self, name: str) -> str | None:
        key = act_key(name)
        code = self._act_names.get(key)
        if code is None and key.endswith("ACT"):
            code = self._act_names.get(key[:-3])
        return code

    def act(self, code: str) -> Act:
        """The act by code, alias or name ("IPC", "Cr.P.C.", "Arms Act"); LawError if unknown."""
        found = self._act_code(code)
        if found is None:
            known = ", ".join(self._acts)
            raise LawError(f"Unknown act '{code.strip()}'. Known acts: {known}.")
        return self._acts[found]

    def acts(self) -> list[Act]:
        return list(self._acts.values())

    def acts_in_force(self, on: date) -> list[Act]:
        return [a for a in self._acts.values() if a.in_force_on(on)]

    # ----- sections -------------------------------------------------------------------------

    def sections(self, act: str | None = None) -> list[Section]:
        """All sections, or those of one act, in act order and natural number order."""
        if act is None:
            return list(self._sections)
        code = self.act(act).code
        return [s for s in self._sections if s.act == code]

    def section(self, act: str, number: str) -> Section | None:
        """Exactly this section, tolerant of case and spacing ("bns", "103 (1)"); None if not listed."""
        return self._by_key.get((self.act(act).code, number_key(number)))

    def resolve(self, ref: SectionRef) -> Section | None:
        """Like :meth:`section`, but a clause of a listed provision resolves to it: IPC 376(2)(n) -> IPC 376."""
        code = self.act(ref.act).code
        key = number_key(ref.number)
        for candidate in (key, *parent_keys(key)):
            found = self._by_key.get((code, candidate))
            if found is not None:
                return found
        return None

    def ref(self, act: str, number: str) -> SectionRef:
        """A reference with the canonical act code and the number as the master writes it if listed."""
        code = self.act(act).code
        listed = self._by_key.get((code, number_key(number)))
        return SectionRef(code, listed.number if listed else number.strip())

    def parse_ref(self, text: str) -> SectionRef | None:
        """Parse "IPC 302", "302 IPC", "u/s 498A IPC", "BNS103(1)"; None if no known act is named."""
        act, rest = self._split_act(text)
        if act is None or not rest or (not rest[0].isdigit() and (act, number_key(rest)) not in self._by_key):
            return None
        return self.ref(act, rest)

    def equivalents(self, ref: SectionRef) -> list[Section]:
        """The corresponding sections in the predecessor or successor code."""
        section = self.resolve(ref)
        if section is None:
            raise LawError(self._unknown_section(self.act(ref.act), ref.number))
        return list(
            self._sections_at(self._equivalents[self._pos[(section.act, number_key(section.number))]])
        )

    def is_sensitive(self, refs: Iterable[SectionRef]) -> bool:
        """True if any reference is a sensitive provision (sexual offences, acid attack, POCSO ...).

        Errs on the safe side: a clause of a sensitive provision, or a bare number whose listed
        sub-sections are sensitive, counts; unknown references do not raise.
        """
        for ref in refs:
            code = self._act_code(ref.act)
            if code is None:
                continue
            if self._acts[code].all_sections_sensitive:
                return True
            found = self.resolve(SectionRef(code, ref.number))
            if found is not None:
                if found.sensitive:
                    return True
                continue
            key = number_key(ref.number) + "("
            if any(s.sensitive for (c, k), s in self._by_key.items() if c == code and k.startswith(key)):
                return True
        return False

    # ----- validation -----------------------------------------------------------------------

    def check(self, ref: SectionRef, occurrence: date) -> Section:
        """The section to cite for an offence on ``occurrence``, or LawError saying what to cite instead."""
        act = self.act(ref.act)
        section = self.resolve(SectionRef(act.code, ref.number))
        if section is None:
            raise LawError(self._unknown_section(act, ref.number))
        label = self._label(section)
        if not section.in_force:
            why = f" {section.note}" if section.note else ""
            raise LawError(
                f"{label} ({section.title_en}) has not been brought into force.{why} Cite another section."
            )
        when = short_date(occurrence)
        if act.effective_to is not None and occurrence > act.effective_to:
            start = long_date(act.effective_to + timedelta(days=1))
            raise LawError(
                f"{label} was repealed from {start}; " + self._instead(section, act.successor, when)
            )
        if act.effective_from is not None and occurrence < act.effective_from:
            start = long_date(act.effective_from)
            raise LawError(
                f"{act.short_en} came into force on {start}; " + self._instead(section, act.predecessor, when)
            )
        return section

    def _label(self, section: Section) -> str:
        return f"{self._acts[section.act].short_en} {section.number}"

    def _instead(self, section: Section, other: str | None, when: str) -> str:
        if other is None:
            return f"it does not apply to an offence on {when}."
        here = self._pos[(section.act, number_key(section.number))]
        options = [s for s in self._sections_at(self._equivalents[here]) if s.act == other]
        other_name = self._acts[other].short_en
        if not options:
            return (
                f"{self._label(section)} has no {other_name} equivalent, so for an offence on {when} cite the "
                f"{other_name} or special-law sections that apply."
            )
        names = " or ".join(f"{self._label(s)} ({s.title_en})" for s in options)
        return f"for an offence on {when} use {names}."

    def _unknown_section(self, act: Act, number: str) -> str:
        key = number_key(number)
        label = f"{act.short_en} {number.strip()}"
        hints = [s for (c, k), s in self._by_key.items() if c == act.code and k.startswith(key + "(")]
        if not hints:
            for other in (act.successor, act.predecessor):
                there = self._by_key.get((other, key)) if other else None
                if there is not None:
                    eqs = " or ".join(
                        self._label(self._by_key[(e.act, number_key(e.number))])
                        for e in there.equivalents
                        if e.act == act.code
                    )
                    tail = f"; its {act.short_en} equivalent is {eqs}" if eqs else ""
                    return (
                        f"{label} is not in the law master; {number.strip()} is {self._label(there)} "
                        f"({there.title_en}){tail}."
                    )
        if not hints:
            keys = [k for (c, k) in self._by_key if c == act.code]
            hints = [
                self._by_key[(act.code, k)] for k in difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
            ]
        if not hints:
            return f"{label} is not in the law master."
        names = ", ".join(f"{self._label(s)} ({s.title_en})" for s in hints[:4])
        return f"{label} is not in the law master; did you mean {names}?"

    # ----- search ---------------------------------------------------------------------------

    def _split_act(self, text: str) -> tuple[str | None, str]:
        words = text.split()
        if len(words) == 1 and (glued := _GLUED_RE.match(words[0])) and self._act_code(glued.group(1)):
            words = [glued.group(1), glued.group(2)]
        act: str | None = None
        for n in (3, 2, 1):
            if len(words) <= n:
                continue
            if code := self._act_code(" ".join(words[:n])):
                act, words = code, words[n:]
                break
            if code := self._act_code(" ".join(words[-n:])):
                act, words = code, words[:-n]
                break
        while len(words) > 1 and words[0].upper() in _FILLER:
            words = words[1:]
        return act, " ".join(words)

    def search(self, text: str, on: date | None = None, limit: int = 20) -> list[SectionMatch]:
        """Sections matching a number ("302", "103", "498a"), an act and number ("bns 103"), or words
        ("murder", "हत्या", "chain snatching").

        Ranking: with ``on``, sections of acts in force on that date come first; then exact number,
        sub-section, in-force equivalent of an exact match, number prefix, whole keyword, title words.
        """
        text = text.strip()
        if not text or limit <= 0:
            return []
        whole = self._act_code(text)
        if whole is not None:  # "IPC", "Arms Act": the act's sections in order
            hits = {i: MatchKind.TITLE for i, s in enumerate(self._sections) if s.act == whole}
            act: str | None = whole
        else:
            act, rest = self._split_act(text)
            hits = self._find(rest, None if act is None else (act,))
            if not hits and act is not None and not rest[:1].isdigit():
                act, hits = None, self._find(text, None)  # "hurt it": "it" was a word, not the IT Act
        via: dict[int, SectionRef] = {}
        if on is not None and act is None:
            for idx, kind in list(hits.items()):
                if kind <= MatchKind.SUBSECTION and not self._in_force(idx, on):
                    for eq_idx in self._equivalents[idx]:
                        if (
                            self._in_force(eq_idx, on)
                            and hits.get(eq_idx, MatchKind.TITLE) > MatchKind.EQUIVALENT
                        ):
                            hits[eq_idx] = MatchKind.EQUIVALENT
                            via[eq_idx] = self._sections[idx].ref

        def rank(idx: int) -> tuple[int, int, tuple[int, tuple[int, str]]]:
            stale = 0 if on is None or self._in_force(idx, on) else 1
            # A sub-section is as much "the section typed" as an exact match: "103" -> BNS 103(1), BNSS 103.
            tier = max(hits[idx] - 1, 0)
            return (stale, tier, self._order[idx])

        return [
            SectionMatch(
                section=self._sections[idx],
                kind=hits[idx],
                equivalents=self._sections_at(self._equivalents[idx]),
                in_force=None if on is None else self._in_force(idx, on),
                via=via.get(idx),
            )
            for idx in sorted(hits, key=rank)[:limit]
        ]

    def _find(self, rest: str, only: tuple[str, ...] | None) -> dict[int, MatchKind]:
        if not rest:
            return {}
        if rest[0].isdigit():
            return self._index.by_number(rest, only)
        hits = self._index.by_text(rest, only)
        numbered = self._index.by_number(rest, only)  # placeholder numbers such as EXCISE "E1"
        hits.update({i: k for i, k in numbered.items() if k == MatchKind.EXACT})
        return hits

    def _in_force(self, idx: int, on: date) -> bool:
        section = self._sections[idx]
        return section.in_force and self._acts[section.act].in_force_on(on)
