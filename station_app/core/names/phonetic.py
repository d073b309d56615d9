"""A phonetic key for one normalised name token, tuned to how Indian names get spelt in Latin.

Two spellings get the same key when an English-medium clerk could write either for the same sound:
aspirates (kh/k, bh/b, th/t: "Bharat"/"Barat" rarely, but "Dharmendra"/"Dharmender" and the
Devanagari ठ/ट mix-ups often), long vowels (aa/a, ee/i, oo/u), v/w, z/j, ph/f, q/k, sh/s, x/ks, c/k,
doubled letters ("Mohammad"/"Mohamad"), au/ou/o and ai/e ("Gaurav"/"Gourav", "Qureshi"/"Quraishi"),
and the final schwa ("Rama"/"Ram"). What it keeps apart on purpose: "Singh" (sing) and "Sinha"
(sina), and names that differ in a consonant ("Ramesh"/"Rakesh").
"""

from __future__ import annotations

import re

# Applied in this order; each rule assumes the earlier ones ran.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"x", "ks"),
        (r"ck", "k"),
        (r"chh", "C"),  # C marks the palatal stop whatever its spelling: ch, chh, c before a vowel
        (r"ch", "C"),
        (r"c(?=[eiy])", "s"),  # "Vincent", "Cecil": soft c
        (r"c", "k"),
        (r"C", "c"),
        (r"ph", "f"),
        (r"sh", "s"),
        (r"([kgjtdb])h", r"\1"),  # aspirates: kh gh jh th dh bh
        (r"(?<=[rnml])h(?![aeiou])", ""),  # "rh" (ढ़), and an h dangling after a sonorant
        (r"w", "v"),
        (r"z", "j"),
        (r"qu(?=[aeiou])", "k"),  # "Siddiqui" is सिद्दीक़ी: the u is silent before a vowel
        (r"q", "k"),
        (r"ya$", "ia"),  # "Priya"/"Pria"
        (r"y(?=[^aeiou]|$)", "i"),  # "Vijay"/"Vijai", "Jayswal"/"Jaiswal" (then ai → e below)
        (r"ee|ii|ie", "i"),
        (r"oo|uu", "u"),
        (r"aa", "a"),
        (r"au|ou|ow", "o"),
        (r"ai|ei", "e"),
        (r"m(?=[pb])", "n"),  # anusvara spelt either way: "Champa"/"Chanpa", "Sampat"/"Sanpat"
        (r"([a-z])\1+", r"\1"),  # doubled letters
    )
)


def phonetic_key(token: str) -> str:
    """The key of one lower-case ASCII token (see ``normalise.name_tokens``)."""
    key = token
    for pattern, repl in _RULES:
        key = pattern.sub(repl, key)
    # The final schwa: "Rama" and "Ram" are one name in the register. Keep it on short keys ("Ra"),
    # which would otherwise shrink to a single letter.
    if len(key) > 3 and key.endswith("a") and key[-2] not in "aeiou":
        key = key[:-1]
    return key


def skeleton(key: str) -> str:
    """The consonants of a key (y counts as a vowel), with its first letter: what survives a vowel
    written or not.

    Only for finding candidates, never for scoring: "अग्रवाल" reads "agraval" and the register's
    "Agarwal" keys "agarval"; both skeletons are "agrvl".
    """
    return key[:1] + "".join(ch for ch in key[1:] if ch not in "aeiouy")
