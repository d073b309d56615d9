"""Devanagari spellings of a Latin word the lexicon does not know, best first.

Latin spellings of Indian names leave out what Devanagari writes: vowel length ("amin" is अमीन, "ravi"
is रवि), the unwritten "a" between consonants ("ramnagar" is रामनगर, not राम्नगर), retroflex letters
("pandey" पांडेय), nasals ("sanjay" संजय with an anusvara, "anmol" अनमोल with न). So every letter has a
few readings, each with a small cost (how unusual the reading is), and a beam search keeps the
cheapest spellings, where the cost also counts how Hindi-like the Devanagari is
(``charmodel.CharModel``, trained on the lexicon): the model knows that -abad towns are "ाबाद" and
that names end in "ीता" more often than in "िता".
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from station_app.core.names.charmodel import CharModel

HALANT = "\u094d"
ANUSVARA = "\u0902"
BEAM = 24

# Latin consonant -> (Devanagari, cost) readings, the usual one first.
CONSONANTS: dict[str, tuple[tuple[str, float], ...]] = {
    "ksh": (("क्ष", 0.0),), "x": (("क्ष", 0.0),), "chh": (("छ", 0.0),), "gy": (("ज्ञ", 0.2), ("ग्य", 0.6)),
    "kh": (("ख", 0.0), ("ख़", 0.8)), "gh": (("घ", 0.0), ("ग़", 0.8)), "ch": (("च", 0.0), ("छ", 0.9)),
    "jh": (("झ", 0.0),), "th": (("थ", 0.0), ("ठ", 1.0)), "dh": (("ध", 0.0), ("ढ", 1.0)),
    "ph": (("फ", 0.0), ("फ़", 0.8)), "bh": (("भ", 0.0),), "sh": (("श", 0.0), ("ष", 0.8)),
    "rh": (("ढ़", 0.4), ("रह", 0.8), ("र्ह", 1.2)),
    "k": (("क", 0.0),), "g": (("ग", 0.0),), "c": (("च", 0.2), ("क", 0.4)), "j": (("ज", 0.0),),
    "t": (("त", 0.0), ("ट", 0.9)), "d": (("द", 0.0), ("ड", 0.9), ("ड़", 1.2)), "n": (("न", 0.0), ("ण", 1.4)),
    "p": (("प", 0.0),), "f": (("फ़", 0.0), ("फ", 0.6)), "b": (("ब", 0.0),), "m": (("म", 0.0),),
    "y": (("य", 0.0),), "r": (("र", 0.0), ("ड़", 1.2)), "l": (("ल", 0.0),), "v": (("व", 0.0),),
    "w": (("व", 0.0),), "s": (("स", 0.0), ("श", 0.8)), "h": (("ह", 0.0),), "z": (("ज़", 0.0), ("ज", 0.6)),
    "q": (("क़", 0.0), ("क", 0.8)),
}  # fmt: skip
# Latin vowel -> (matra, cost) readings inside a word ("" is the inherent a).
VOWELS: dict[str, tuple[tuple[str, float], ...]] = {
    "aa": (("\u093e", 0.0),), "ee": (("\u0940", 0.0),), "ii": (("\u0940", 0.0),),
    "oo": (("\u0942", 0.0),), "uu": (("\u0942", 0.0),), "ai": (("\u0948", 0.0), ("\u093eइ", 1.0)),
    "au": (("\u094c", 0.0), ("\u093eउ", 1.2)), "ou": (("\u094c", 0.0),), "ow": (("\u094c", 0.0),),
    "a": (("", 0.0), ("\u093e", 0.8)), "i": (("\u093f", 0.0), ("\u0940", 0.9)),
    "u": (("\u0941", 0.0), ("\u0942", 0.9)), "e": (("\u0947", 0.0),), "o": (("\u094b", 0.0),),
}  # fmt: skip
# The same at the end of a word: a typed final a is mostly long (सीता), final i and u too (देवी, राजू).
FINAL_VOWELS: dict[str, tuple[tuple[str, float], ...]] = {
    "a": (("\u093e", 0.0), ("", 1.2)), "i": (("\u0940", 0.0), ("\u093f", 0.5)),
    "u": (("\u0942", 0.2), ("\u0941", 0.2)),
}  # fmt: skip
INDEPENDENT: dict[str, str] = {
    "": "अ", "\u093e": "आ", "\u093f": "इ", "\u0940": "ई", "\u0941": "उ", "\u0942": "ऊ", "\u0947": "ए",
    "\u0948": "ऐ", "\u094b": "ओ", "\u094c": "औ", "\u093eइ": "आइ", "\u093eउ": "आउ", "ई": "अई",
    "\u093eई": "आई", "\u093eय": "आय",
}  # fmt: skip
_I_LIKE = frozenset({"\u093f", "\u0940", "\u0947", "इ", "ई", "ए"})
_U_LIKE = frozenset({"\u0941", "\u0942", "\u094b", "उ", "ऊ", "ओ"})
# Before these an "n" stays न् ("anya" अन्य, "janm" जन्म) rather than an anusvara.
_N_KEEPS = frozenset("नमयरलवह")
_LABIALS = frozenset("पफबभम")
_TOKENS = sorted([*CONSONANTS, *VOWELS], key=len, reverse=True)


@dataclass(frozen=True)
class Costs:
    """How unusual each doubtful reading is (in nats, added to the character model's cost). Chosen on
    a development fold of the lexicon, never on the held-out pairs (``suggest_eval``)."""

    long_a: float = 0.4  # a medial "a" read as ा
    long_i: float = 1.3  # "i" read as ी, "u" as ू
    final_schwa: float = 2.0  # a final "a" left unwritten ("krishna" कृष्ण)
    sh_for_s: float = 1.4  # "s" read as श
    retroflex: float = 0.6  # "t" read as ट, "d" as ड
    halant_n: float = 0.0  # "n" before a consonant written न् rather than as an anusvara
    schwa: float = 0.6  # the "a" people leave out between two consonants ("ramnagar")
    model_weight: float = 1.0


def _tables(costs: Costs) -> tuple[dict[str, tuple[tuple[str, float], ...]], ...]:
    consonants = dict(CONSONANTS)
    consonants["s"] = (("स", 0.0), ("श", costs.sh_for_s))
    consonants["t"] = (("त", 0.0), ("ट", costs.retroflex))
    consonants["d"] = (("द", 0.0), ("ड", costs.retroflex), ("ड़", costs.retroflex + 0.3))
    consonants["th"] = (("थ", 0.0), ("ठ", costs.retroflex + 0.1))
    consonants["dh"] = (("ध", 0.0), ("ढ", costs.retroflex + 0.1))
    vowels = dict(VOWELS)
    vowels["a"] = (("", 0.0), ("\u093e", costs.long_a))
    vowels["i"] = (("\u093f", 0.0), ("\u0940", costs.long_i))
    vowels["u"] = (("\u0941", 0.0), ("\u0942", costs.long_i))
    vowels["ai"] = (("\u0948", 0.0), ("\u093eइ", 1.0), ("\u093eय", 0.9))  # "raigad" रायगढ़
    final = dict(FINAL_VOWELS)
    final["a"] = (("\u093e", 0.0), ("", costs.final_schwa))
    final["ai"] = (("\u0948", 0.3), ("ई", 0.5), ("\u093eई", 0.8), ("\u093eय", 0.6))  # "mumbai" मुंबई
    return consonants, vowels, final


@dataclass(frozen=True)
class _Unit:
    latin: str
    vowel: bool


def units(word: str) -> list[_Unit]:
    """Split a lower-case Latin word into letters, longest spelling first ("chh", "ksh", "aa")."""
    out: list[_Unit] = []
    i = 0
    while i < len(word):
        token = next((t for t in _TOKENS if word.startswith(t, i)), None)
        if token == "ow" and i + 2 < len(word) and word[i + 2] in "aeiou":
            token = "o"  # "chowk" चौक, but "lowa" is l-o-w-a
        if token is None:
            return []  # not a plain Latin word: the caller keeps it as typed
        out.append(_Unit(token, token in VOWELS))
        i += len(token)
    return out


@dataclass(frozen=True)
class _State:
    text: str
    pending: str  # the last consonant if it has no vowel yet ("" after a vowel or at the start)
    after_vowel: bool  # a vowel came before the pending consonant (for the anusvara)
    last_vowel: str  # the last vowel sign or letter written ("" at the start)
    swallow_i: bool = False  # "ri" was written as ृ: the typed "i" is already spelt


class Speller:
    def __init__(self, model: CharModel, costs: Costs | None = None) -> None:
        self.model = model
        self.costs = costs or Costs()
        self._consonants, self._vowels, self._final = _tables(self.costs)

    def spellings(self, word: str, limit: int = 5) -> list[tuple[str, float]]:
        """The ``limit`` likeliest spellings of a lower-case Latin word with their costs, cheapest first."""
        letters = units(word)
        if not letters:
            return []
        beam: list[tuple[float, _State]] = [(0.0, _State("", "", False, ""))]
        for index, unit in enumerate(letters):
            final = index == len(letters) - 1
            following = letters[index + 1] if not final else None
            grown: dict[_State, tuple[float, _State]] = {}
            for cost, state in beam:
                for added_cost, new in self._readings(state, unit, final, following):
                    fit = self.model.cost(state.text, new.text[len(state.text) :])
                    total = cost + added_cost + self.costs.model_weight * fit
                    if new not in grown or grown[new][0] > total:
                        grown[new] = (total, new)
            beam = heapq.nsmallest(BEAM, grown.values(), key=lambda pair: pair[0])
        finished: dict[str, float] = {}
        for cost, state in beam:
            total = cost + self.costs.model_weight * self.model.end_cost(state.text)
            if state.text not in finished or finished[state.text] > total:
                finished[state.text] = total
        return sorted(finished.items(), key=lambda pair: pair[1])[:limit]

    def _readings(
        self, state: _State, unit: _Unit, final: bool, following: _Unit | None
    ) -> list[tuple[float, _State]]:
        if unit.vowel:
            return self._vowel(state, unit, final, following)
        return self._consonant(state, unit, final, following)

    def _vowel(
        self, state: _State, unit: _Unit, final: bool, following: _Unit | None
    ) -> list[tuple[float, _State]]:
        if state.swallow_i:
            return [(0.0, _State(state.text, "", False, state.last_vowel))] if unit.latin == "i" else []
        readings = (self._final if final else self._vowels).get(unit.latin, self._vowels[unit.latin])
        out: list[tuple[float, _State]] = []
        if unit.latin == "e" and state.pending and following is not None and following.latin == "r":
            out.append((0.4, _State(state.text, "", False, "a")))  # "haider" हैदर
            out.append((0.6, state))  # "devender" देवेंद्र
        for matra, cost in readings:
            if state.pending:
                out.append((cost, _State(state.text + matra, "", False, matra or "a")))
                continue
            out.append(
                (
                    cost + (0.5 if state.last_vowel else 0.0),
                    _State(state.text + INDEPENDENT[matra], "", False, matra or "a"),
                )
            )
            if state.last_vowel in _I_LIKE:  # "ballia" बलिया, "riya" रिया
                out.append((cost, _State(state.text + "य" + matra, "", False, matra or "a")))
            elif state.last_vowel in _U_LIKE:  # "deoria" देवरिया
                out.append((cost + 0.3, _State(state.text + "व" + matra, "", False, matra or "a")))
        return out

    def _consonant(
        self, state: _State, unit: _Unit, final: bool, following: _Unit | None
    ) -> list[tuple[float, _State]]:
        out: list[tuple[float, _State]] = []
        for letter, cost in self._consonants[unit.latin]:
            first = letter[0]
            if not state.pending:
                out.append(
                    (cost, _State(state.text + letter, letter, bool(state.last_vowel), state.last_vowel))
                )
                continue
            # after a consonant without a vowel: a conjunct, or the "a" people leave out when typing
            joined = state.text + HALANT + letter
            halant = self.costs.halant_n if state.pending == "न" and first not in _N_KEEPS else 0.0
            out.append((cost + halant, _State(joined, letter, False, state.last_vowel)))
            schwa = self.costs.schwa + (0.6 if first in "रयव" else 0.0)  # "pr", "ky", "sv": conjuncts
            out.append((cost + schwa, _State(state.text + letter, letter, True, "a")))
            if state.pending == "न" and state.after_vowel:  # "sanjay" संजय
                nasal_cost = 1.0 if first in _N_KEEPS else 0.0
                text = state.text[: -len("न")] + ANUSVARA + letter
                out.append((cost + nasal_cost, _State(text, letter, False, state.last_vowel)))
            if state.pending == "म" and state.after_vowel and first in _LABIALS:  # "sampat" संपत
                text = state.text[: -len("म")] + ANUSVARA + letter
                out.append((cost + 0.3, _State(text, letter, False, state.last_vowel)))
            if state.pending == letter:  # "ballia" बलिया: a doubled letter written once
                out.append((cost + 0.8, state))
        if unit.latin == "y" and final and state.pending:  # "chaudhary" चौधरी
            out.append((0.2, _State(state.text + "\u0940", "", False, "\u0940")))
        if unit.latin == "y" and final and state.last_vowel == "\u0947" and not state.pending:  # "dubey" दुबे
            out.append((0.8, state))
        if unit.latin == "r" and state.pending and following is not None and following.latin == "i":
            out.append(
                (0.3, _State(state.text + "\u0943", "", False, "\u0943", swallow_i=True))
            )  # "krishna" कृष्ण
        return out


__all__ = ["Costs", "Speller", "units"]
