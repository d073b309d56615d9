"""Latin-to-Devanagari typing: the phonetic scheme, Hindi word endings, the lexicon of names (those of
the training station among them), whole text, and the word being typed (Backspace takes back a letter)."""

from __future__ import annotations

import pytest

from station_app.core.names.suggest import lexicon_entries
from station_app.core.names.translit import has_devanagari
from station_app.core.names.typing import (
    Composer,
    candidates,
    is_word_char,
    lexicon,
    spell,
    transliterate,
    word,
)

CASES: list[tuple[str, str]] = [
    # the scheme itself
    ("raam", "राम"),
    ("kShetra", "क्षेत्र"),
    ("ksh", "क्ष"),
    ("x", "क्ष"),
    ("shri", "श्री"),
    ("saMjay", "संजय"),
    ("sanjay", "संजय"),  # "n" before a consonant is an anusvara
    ("hindi", "हिंदी"),
    ("hiMdii", "हिंदी"),
    ("zila", "ज़िला"),  # nukta letters
    ("fir", "फ़िर"),
    ("qila", "क़िला"),
    ("GYaan", "ज्ञान"),
    ("laRakaa", "लड़का"),
    ("paRosi", "पड़ोसी"),
    ("ghaTanaa", "घटना"),  # capitals inside a word are retroflex
    ("shikShaa", "शिक्षा"),
    ("kRRiShN", "कृष्ण"),
    ("maa^", "माँ"),  # chandrabindu
    ("gaa^v", "गाँव"),
    ("haiM", "हैं"),
    ("aam", "आम"),  # vowels at the start of a word
    ("ek", "एक"),
    ("aur", "और"),
    ("Om", "ओम"),
    ("kya", "क्या"),  # halant for consonant clusters
    ("pyaar", "प्यार"),
    ("svarg", "स्वर्ग"),
    ("dharm", "धर्म"),
    ("prashn", "प्रश्न"),
    ("janm", "जन्म"),  # "n" before m stays a letter
    ("patni", "पत्नी"),
    ("vidyaa", "विद्या"),
    ("mohammad", "मोहम्मद"),
    ("dilli", "दिल्ली"),
    ("pulis", "पुलिस"),
    # Hindi word endings: bare consonant, long final a (not after र in a conjunct), long final i
    ("chandr", "चंद्र"),
    ("chandra", "चंद्र"),
    ("putra", "पुत्र"),
    ("gupta", "गुप्ता"),
    ("pita", "पिता"),
    ("devi", "देवी"),
    ("bhaai", "भाई"),
    # names as written in registers, capitalised or not (the training station's among them)
    ("sunita devi", "सुनीता देवी"),
    ("Sunita Devi", "सुनीता देवी"),
    ("RAM", "राम"),
    ("manoj tiwari", "मनोज तिवारी"),
    ("hari shankar yadav", "हरि शंकर यादव"),
    ("shyam sundar tiwari", "श्याम सुंदर तिवारी"),
    ("ram prasad verma", "राम प्रसाद वर्मा"),
    ("rajesh kumar yadav", "राजेश कुमार यादव"),
    ("raju khan", "राजू ख़ान"),
    ("fatima begum", "फ़ातिमा बेगम"),
    ("abdul rashid", "अब्दुल रशीद"),
    ("anita mishra", "अनीता मिश्रा"),
    ("geeta devi", "गीता देवी"),
    ("gita devi", "गीता देवी"),
    ("sarita", "सरिता"),
    ("mahesh", "महेश"),
    ("anil kumar singh", "अनिल कुमार सिंह"),
    ("irfan", "इरफ़ान"),
    ("mohalla narhi", "मोहल्ला नरही"),
    ("agyat", "अज्ञात"),
    ("thana hazratganj", "थाना हज़रतगंज"),
    ("shrimati kamala", "श्रीमती कमला"),
    ("ravi", "रवि"),
    # text around the words stays as it was
    ("2019 mein chori hui|", "2019 में चोरी हुई।"),
    ("FIR 12/2019", "फ़िर 12/2019"),
    ("maarpiiT, gaali", "मारपीट, गाली"),
    ("पहले से हिन्दी raam", "पहले से हिन्दी राम"),
    ("", ""),
]


@pytest.mark.parametrize(("latin", "devanagari"), CASES)
def test_latin_becomes_devanagari(latin: str, devanagari: str) -> None:
    assert transliterate(latin) == devanagari


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("latin", "by_rules"),
    [("sunita", "सुनिता"), ("tiwari", "तिवरी"), ("singh", "सिंघ"), ("ravi", "रवी"), ("niwasi", "निवसी")],
)
def test_the_lexicon_knows_what_the_rules_cannot(latin: str, by_rules: str) -> None:
    assert spell(latin) == by_rules
    assert word(latin) != by_rules


def test_every_lexicon_spelling_offers_its_word() -> None:
    """Each typed spelling in lexicon_hi.tsv offers its word among the three candidates (the lexicon moved
    from a word list keyed by the reverse transliteration to a data file of typed spellings)."""
    missing = [(e.latin, e.devanagari) for e in lexicon_entries() if e.devanagari not in candidates(e.latin)]
    assert missing == []
    assert len(lexicon()) > 1500


def test_typed_man_is_not_turned_into_maa() -> None:
    assert transliterate("man") == "मन"
    assert transliterate("maa") == "माँ"


def test_the_word_being_typed_is_shown_letter_by_letter() -> None:
    composer = Composer()
    shown = [composer.add(ch) for ch in "sunita"]
    # the candidates are worked out again after each letter, so "sunit" may show सुनीत: only the whole word is fixed
    assert len(shown) == 6 and all(has_devanagari(s) for s in shown)
    assert shown[-1] == "सुनीता" and composer.candidates[0] == "सुनीता"
    assert composer.active and composer.latin == "sunita"


def test_backspace_takes_back_one_typed_letter() -> None:
    composer = Composer()
    for ch in "raam":
        composer.add(ch)
    assert composer.shown == "राम"
    assert composer.backspace() == "रा"  # "raa": the letter m is gone, not the whole syllable
    assert composer.backspace() == "रा"  # "ra": a typed final "a" is long
    assert composer.backspace() == "र"
    assert composer.backspace() == ""
    assert not composer.active
    composer.add("k")
    composer.reset()
    assert composer.latin == "" and composer.shown == ""


def test_word_characters() -> None:
    assert all(is_word_char(c) for c in "abcXYZ^~")
    assert not any(is_word_char(c) for c in " 1,./|-")
