"""Latin to Devanagari as an officer types: "raam" → "राम", "sunita devi" → "सुनीता देवी".

Typing Devanagari on an English keyboard is a known pain in police stations (Delhi officers were
allowed to dictate into WhatsApp and paste instead). This is the phonetic scheme most of them meet in
phone keyboards and ITRANS, with the habits of Hindi spelling:

* consonants k kh g gh ch chh j jh t th d dh n p ph b bh m y r l v/w s sh h; retroflex by capitals
  T Th D Dh N, S/Sh (ष); ksh/kSh/x (क्ष), GY (ज्ञ); nukta letters z (ज़), f (फ़), q (क़), K (ख़), G (ग़),
  R (ड़), Rh (ढ़);
* vowels a aa/A i ii/ee/I u uu/oo/U e ai o au O (ऑ) RRi/R^i (ऋ); M is anusvara (ं), ^ chandrabindu
  (ँ), H visarga (ः); "|" a danda (।);
* two consonants together are a conjunct (halant between them: "kya" → "क्या"); "n" before another
  consonant is an anusvara ("sanjay" → "संजय", "hindi" → "हिंदी");
* a word ends the Hindi way: a bare final consonant keeps its unwritten "a" ("raam" → "राम"), a
  typed final "a" is long ("rekha" → "रेखा") except after a conjunct with र ("chandra" →
  "चंद्र"), and a final "i" is long ("devi" → "देवी", "shri" → "श्री");
* a word capitalised as names are ("Sunita", "RAM") is read in small letters: capitals count as
  ITRANS only inside a word ("kShetra").

Spelling rules cannot know that सुनीता has a long ई and रवि a short one, so common names and words
are looked up first in a small lexicon, keyed the way ``translit`` writes Devanagari in Latin (the
reverse direction), with the usual English spellings added ("tiwari", "verma").

Pure and Qt-free; ``Composer`` keeps the Latin letters of the word being typed, so Backspace takes
back one typed letter and the word is shown again from what is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from station_app.core.names.translit import transliterate as to_latin

HALANT = "\u094d"
ANUSVARA = "\u0902"
CHANDRABINDU = "\u0901"
VISARGA = "\u0903"
NA = "न"
# Before these "n" stays a letter with a halant ("anya" → "अन्य", "janm" → "जन्म"), not an anusvara.
_N_CLUSTERS = frozenset({"न", "म", "य", "र", "ल", "व", "ह"})

# Latin spelling -> consonant (a nukta letter, or a conjunct that behaves like one letter).
CONSONANTS: dict[str, str] = {
    "kSh": "क्ष", "ksh": "क्ष", "x": "क्ष", "GY": "ज्ञ", "j~n": "ज्ञ",
    "kh": "ख", "k": "क", "K": "ख़", "q": "क़", "gh": "घ", "g": "ग", "G": "ग़", "~N": "ङ",
    "chh": "छ", "Ch": "छ", "ch": "च", "c": "च", "jh": "झ", "j": "ज", "z": "ज़", "~n": "ञ",
    "Th": "ठ", "T": "ट", "Dh": "ढ", "D": "ड", "Rh": "ढ़", "R": "ड़", "N": "ण",
    "th": "थ", "t": "त", "dh": "ध", "d": "द", "n": "न",
    "ph": "फ", "f": "फ़", "p": "प", "bh": "भ", "b": "ब", "m": "म",
    "y": "य", "r": "र", "l": "ल", "L": "ळ", "v": "व", "w": "व",
    "shh": "ष", "Sh": "ष", "S": "ष", "sh": "श", "s": "स", "h": "ह",
}  # fmt: skip
# Latin spelling -> (independent vowel, matra); the inherent "a" has no matra.
VOWELS: dict[str, tuple[str, str]] = {
    "aa": ("आ", "\u093e"), "A": ("आ", "\u093e"), "ai": ("ऐ", "\u0948"), "au": ("औ", "\u094c"), "a": ("अ", ""),
    "ii": ("ई", "\u0940"), "ee": ("ई", "\u0940"), "I": ("ई", "\u0940"), "i": ("इ", "\u093f"),
    "uu": ("ऊ", "\u0942"), "oo": ("ऊ", "\u0942"), "U": ("ऊ", "\u0942"), "u": ("उ", "\u0941"),
    "RRi": ("ऋ", "\u0943"), "R^i": ("ऋ", "\u0943"), "e": ("ए", "\u0947"), "o": ("ओ", "\u094b"),
    "O": ("ऑ", "\u0949"),
}  # fmt: skip
MARKS: dict[str, str] = {"M": ANUSVARA, "^": CHANDRABINDU, "H": VISARGA}
_TOKENS = sorted([*CONSONANTS, *VOWELS, *MARKS], key=len, reverse=True)
WORD_CHARS = frozenset("".join(_TOKENS))
PUNCTUATION = {"||": "॥", "|": "।"}

# Common names and words whose vowels spelling rules cannot guess: "word" (looked up by its ``translit``
# spelling), "word:other,spellings" (by those too), or "word=spellings" (by those only: माँ is "man"
# for ``translit``, which would turn every typed "man" into माँ).
_LEXICON_TEXT = """
राम श्याम सीता गीता:geeta सुनीता:suneeta अनीता:aneeta सरिता रीता नीता विनीता पुनीता ममता कविता सविता
बबीता पूजा:puja रेखा सुमन किरन प्रिया प्रीति:preeti,priti ज्योति:jyoti लक्ष्मी:laxmi पार्वती सरस्वती कमला
शांति:shanti मीना:meena रीना:reena उर्मिला राधा देवी कुमारी बेगम:begum फ़ातिमा ख़ातून:khatun,khatoon
राजेश दिनेश महेश सुरेश रमेश मुकेश राकेश नरेश उमेश योगेश गणेश:ganesh मनोज संजय विजय अजय अमित सुमित
रोहित मोहित राहुल अनिल सुनील:sunil विनोद प्रमोद अशोक आलोक आनंद:aanand अरविंद गोविंद:govind मोहन
सोहन रोहन कृष्ण:krishna गोपाल हरि शंकर:shankar शिव प्रकाश:prakash सुभाष राजू:raju बबलू पप्पू
सोनू मोनू छोटू रामू श्यामू दीपक:deepak पवन:pawan प्रदीप:pradeep संदीप:sandeep कुलदीप:kuldeep जगदीश
सतीश:satish हरीश:harish मनीष:manish आशीष:ashish,aashish रवि:ravi इरफ़ान:irfaan मोहम्मद:mohd,muhammad
अब्दुल रशीद:rasheed सलीम:saleem अहमद अली हुसैन:husain,hussain ख़ान:khan इक़बाल:iqbal यूसुफ़:yusuf
कुमार लाल प्रसाद चंद्र:chandra,chander नाथ सिंह:singh शर्मा वर्मा:verma गुप्ता यादव तिवारी:tiwari
मिश्रा पांडेय:pandey,pande दुबे:dubey चौबे:chaubey त्रिपाठी:tripathi शुक्ला:shukla श्रीवास्तव:srivastava
सक्सेना:saxena अग्रवाल:agarwal,aggarwal जैन चौहान राठौर:rathore ठाकुर:thakur पाल मौर्य:maurya
कुशवाहा:kushwaha निषाद:nishad सोनकर गौतम:gautam रावत:rawat बघेल अंसारी:ansari क़ुरैशी:qureshi
सिद्दीक़ी:siddiqui
श्री श्रीमती:shrimati सुश्री पुत्र पुत्री पत्नी पति पिता माता भाई:bhai बहन निवासी:niwasi ग्राम थाना:thana
ज़िला:jila मोहल्ला नरही चारबाग हज़रतगंज:hazratganj लखनऊ:lucknow दिल्ली:delhi अज्ञात:agyaat
चोरी मारपीट गाली धमकी शिकायत:shikayat अभियुक्त:abhiyukt गिरफ़्तार:giraftar मुक़दमा:mukadma,muqadma
अपराध:apradh क्षेत्र:kshetra ज्ञान:gyaan ईश्वर:ishwar
में=mein,mein नहीं:nahin,nahi हैं:hain मैं=main,mai यह:yeh वह:woh,wo गाँव:gaon,gaanv माँ=maa
"""
_CASE_WORD = re.compile(r"^[A-Z][a-z^~]*$")
_LONG = (("aa", "a"), ("ee", "i"), ("ii", "i"), ("oo", "u"), ("uu", "u"))


def lexicon_key(latin: str) -> str:
    """How a spelling is looked up: small letters, "w" as "v", long vowels written once."""
    key = latin.lower().replace("w", "v").replace("x", "ksh")
    for long, short in _LONG:
        key = key.replace(long, short)
    return key


@cache
def lexicon() -> dict[str, str]:
    words: dict[str, str] = {}
    for entry in _LEXICON_TEXT.split():
        word, only, listed = entry.partition("=")
        if not only:
            word, _colon, listed = entry.partition(":")
        spellings = listed.split(",") if only else [to_latin(word), *listed.split(",")]
        for spelling in filter(None, spellings):
            words.setdefault(lexicon_key(spelling), word)
    return words


def _fold_case(word: str) -> str:
    """Names are capitalised ("Sunita"), and some typed in capitals ("RAM"): read them in small letters."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.lower()
    if _CASE_WORD.match(word):
        return word[0].lower() + word[1:]
    return word


def _tokens(word: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(word):
        token = next((t for t in _TOKENS if word.startswith(t, i)), None)
        if token is None:
            lower = word[i].lower()  # an unused capital ("B"): its small letter
            token = lower if lower in WORD_CHARS else word[i]
            i += 1
        else:
            i += len(token)
        out.append(token)
    return out


@dataclass
class _Build:
    parts: list[str]
    pending: str = ""  # a consonant still waiting for its vowel
    cluster: int = 0  # consonants in the pending conjunct
    after_vowel: bool = False

    def consonant(self, letter: str) -> None:
        if self.pending:
            if self.pending == NA and self.cluster == 1 and self.after_vowel and letter not in _N_CLUSTERS:
                self.parts[-1] = ANUSVARA  # "sanjay" → संजय
                self.cluster = 0
            else:
                self.parts.append(HALANT)
        self.parts.append(letter)
        self.pending = letter
        self.cluster += 1

    def vowel(self, token: str, final: bool) -> None:
        independent, matra = VOWELS[token]
        if final and token == "i":
            independent, matra = VOWELS["ii"]  # देवी, श्री, भाई
        if self.pending:
            if final and token == "a" and not (self.cluster > 1 and self.pending == "र"):
                matra = VOWELS["aa"][1]  # "sita" → सीता, but "chandra" → चंद्र
            self.parts.append(matra)
        else:
            self.parts.append(independent)
        self.pending, self.cluster, self.after_vowel = "", 0, True


def spell(word: str) -> str:
    """One Latin word by the spelling rules alone (no lexicon)."""
    tokens = _tokens(_fold_case(word))
    build = _Build([])
    for index, token in enumerate(tokens):
        final = index == len(tokens) - 1
        if token in CONSONANTS:
            build.consonant(CONSONANTS[token])
        elif token in VOWELS:
            build.vowel(token, final)
        elif token in MARKS:
            build.parts.append(MARKS[token])
            build.pending, build.cluster, build.after_vowel = "", 0, True
        else:
            build.parts.append(token)
            build.pending, build.cluster, build.after_vowel = "", 0, False
    return "".join(build.parts)


def word(latin: str) -> str:
    """One Latin word in Devanagari: the lexicon's spelling if it knows the word, else the rules'."""
    if not latin:
        return ""
    if latin.isalpha():
        known = lexicon().get(lexicon_key(latin))
        if known is not None:
            return known
    return spell(latin)


def is_word_char(ch: str) -> bool:
    """A character that is part of a word being typed (letters and the ITRANS marks ^ and ~)."""
    return ch in WORD_CHARS or ("a" <= ch.lower() <= "z")


def transliterate(text: str) -> str:
    """Whole text, word by word; digits, spaces and punctuation stay as they are ("|" is a danda)."""
    out: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if is_word_char(ch) and ch.isascii():
            run.append(ch)
            i += 1
            continue
        if run:
            out.append(word("".join(run)))
            run = []
        mark = "||" if text.startswith("||", i) else ch
        out.append(PUNCTUATION.get(mark, ch))
        i += len(mark) if mark in PUNCTUATION else 1
    if run:
        out.append(word("".join(run)))
    return "".join(out)


@dataclass
class Composer:
    """The word being typed: its Latin letters, and what they show as in Devanagari."""

    latin: str = ""

    @property
    def shown(self) -> str:
        return word(self.latin)

    @property
    def active(self) -> bool:
        return bool(self.latin)

    def add(self, ch: str) -> str:
        self.latin += ch
        return self.shown

    def backspace(self) -> str:
        self.latin = self.latin[:-1]
        return self.shown

    def reset(self) -> None:
        self.latin = ""


__all__ = ["Composer", "is_word_char", "lexicon", "spell", "transliterate", "word"]
