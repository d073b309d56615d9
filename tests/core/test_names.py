"""Names across scripts: transliteration, normalisation, phonetic keys, similarity, plates, phones."""

from __future__ import annotations

import pytest

from station_app.core.names import (
    PersonFacts,
    edit_similarity,
    name_tokens,
    normalise_name,
    phonetic_key,
    prepare,
    score_pair,
    transliterate,
)
from station_app.core.names.fields import find_plates, normalise_phone, plate_query
from station_app.core.names.index import candidate_expressions, index_row, search_terms


@pytest.mark.parametrize(
    ("devanagari", "latin"),
    [
        ("मोहम्मद इरफ़ान", "mohammad irfan"),  # nukta, geminate म्म keeps its vowel
        ("सुनीता देवी", "sunita devi"),  # long vowels lose their length
        ("राम", "ram"),  # final schwa dropped
        ("कमला", "kamla"),  # medial schwa dropped between vowels
        ("सुरेन्द्र", "surendra"),  # conjunct keeps the final a
        ("सुरेंद्र", "surendra"),  # the same name spelt with anusvara
        ("लक्ष्मी", "lakshmi"),
        ("ज्ञान", "gyan"),
        ("चंपा", "champa"),  # anusvara before a labial is m
        ("सिंह", "singh"),
        ("क़ुरैशी", "quraishi"),
        ("फ़ातिमा", "fatima"),
        ("हँसराज", "hansraj"),  # chandrabindu
        ("जयप्रकाश", "jayprakash"),
        ("०९८७६५४३२१", "0987654321"),  # Devanagari digits
        ("Md. इरफ़ान", "Md. irfan"),  # mixed text: Latin passes through
    ],
)
def test_transliteration_writes_names_the_way_registers_do(devanagari: str, latin: str) -> None:
    assert transliterate(devanagari) == latin


def test_a_word_still_being_typed_reads_as_the_start_of_the_whole_word() -> None:
    assert transliterate("इरफ़") == "iraf"  # alone, the medial schwa stays
    assert transliterate("इरफ़", partial=True) == "irf"  # as the start of "इरफ़ान" (irfan)


@pytest.mark.parametrize(
    "written",
    ["Shri Mohd. Irfan", "MD IRFAN", "मो. इरफ़ान", "Late Md Irfan", "Muhammad Irfan", "मोहम्मद इरफ़ान"],
)
def test_titles_and_spellings_of_mohammad_normalise_away(written: str) -> None:
    assert normalise_name(written) == "mohammad irfan"


def test_titles_are_dropped_only_at_the_start_and_kr_is_kumar() -> None:
    assert normalise_name("Kumari Sunita") == "sunita"
    assert normalise_name("Sunita Kumari") == "sunita kumari"
    assert normalise_name("Smt. Kamla Devi") == "kamla devi"
    assert normalise_name("Ramesh Kr. Yadav") == "ramesh kumar yadav"
    assert normalise_name("Ram s/o Shyam") == "ram"  # the relative is not part of the name
    assert [(t.text, t.initial) for t in name_tokens("R.K. Sharma")] == [
        ("r", True),
        ("k", True),
        ("sharma", False),
    ]
    assert normalise_name("RK Sharma") == "r k sharma"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("rama", "ram"),  # terminal schwa
        ("mohammad", "mohamad"),  # doubled consonants
        ("gaurav", "gourav"),
        ("qureshi", "quraishi"),
        ("deepak", "dipak"),  # long vowels
        ("pooja", "puja"),
        ("lakshmi", "laxmi"),  # x = ks, sh = s
        ("vijay", "vijai"),
        ("jaiswal", "jayswal"),  # w = v, y before a consonant
        ("zakir", "jakir"),  # z = j
        ("fatima", "phatima"),  # ph = f
        ("khan", "kan"),  # aspirates
        ("bharat", "barat"),
        ("siddiqui", "siddiqi"),
    ],
)
def test_phonetic_key_joins_spellings_of_one_name(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(("a", "b"), [("singh", "sinha"), ("ramesh", "rakesh"), ("kumar", "kumari")])
def test_phonetic_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)


def test_edit_similarity_forgives_slips_but_not_a_changed_consonant() -> None:
    assert edit_similarity("rajseh", "rajesh") > 0.8  # neighbours swapped
    assert edit_similarity("nhea", "neha") > 0  # even in a short name
    assert edit_similarity("darmendr", "darmender") > 0.85  # a vowel added in a long name
    assert edit_similarity("rames", "rakes") == 0  # Ramesh / Rakesh: another name
    assert edit_similarity("sing", "sinh") == 0  # Singh / Sinha
    assert edit_similarity("ram", "rao") == 0


def _facts(name: str, **kw: object) -> PersonFacts:
    return PersonFacts(names=(name,), **kw)  # type: ignore[arg-type]


def test_score_needs_more_than_the_name_for_likely() -> None:
    alone = score_pair(prepare(_facts("Ram Kumar")), prepare(_facts("राम कुमार")))
    assert alone.level == "possible"
    assert "name sounds alike: Ram Kumar ≈ राम कुमार" in alone.reasons
    fuller = score_pair(
        prepare(_facts("Mohd. Irfan", relative_name="Abdul Rashid", birth_year=1986, sex="M")),
        prepare(_facts("मोहम्मद इरफ़ान", relative_name="अब्दुल रशीद", birth_year=1988, sex="M")),
    )
    assert fuller.level == "likely"
    assert "same father's/husband's name: अब्दुल रशीद" in fuller.reasons


def test_score_keeps_father_and_son_of_one_name_apart() -> None:
    father = _facts("Ramesh Yadav", relative_name="Shiv Yadav", birth_year=1960, sex="M")
    son = _facts("Ramesh Yadav", relative_name="Ramesh Yadav", birth_year=1987, sex="M")
    result = score_pair(prepare(father), prepare(son))
    assert result.level == ""
    assert any("born 27 years apart" in c for c in result.conflicts)


def test_same_phone_and_address_are_reasons() -> None:
    a = _facts("Sunita Devi", phones=("9876543210",), addresses=("Village Rampur, Post Kakori",))
    b = _facts("सुनीता", phones=("9876543210",), addresses=("ग्राम रामपुर",))
    result = score_pair(prepare(a), prepare(b))
    assert result.level == "likely"
    assert "same phone: 9876543210" in result.reasons
    assert any(r.startswith("address overlaps") for r in result.reasons)


def test_plates_and_phones_normalise() -> None:
    plates = find_plates("Hero Splendor UP 32 AB 1234 black; car dl-3c-ab-0012; 22 BH 1234 AA; XX 12 AB 1234")
    assert [p.reg_no for p in plates] == ["UP32AB1234", "DL03CAB0012", "22BH1234AA"]
    query = plate_query("up32ab1234")
    assert query is not None and query.exact == "UP32AB1234"
    assert plate_query("ramesh") is None and plate_query("1234") is None
    for written in ("+91 98765-43210", "098765 43210", "९८७६५४३२१०"):
        assert normalise_phone(written) == "9876543210"
    with pytest.raises(ValueError, match="10 digits"):
        normalise_phone("12345")


def test_index_row_and_queries_carry_only_ascii_tokens() -> None:
    row = index_row(["Ram Lal", "राम लाल"], "Shyam", ["9876543210"], ["ABC1234567"])
    assert row.names == "ram lal"
    assert "ramlal" in row.keys.split()  # written together elsewhere: "Ramlal"
    assert row.phone == "9876543210 x0123456789"
    terms = search_terms("मोहम्मद इरफ़")
    assert [p.spellings for p in terms.parts] == [("mohammad",), ("iraf", "irf")]
    expressions = candidate_expressions(["Sunita Devi"], "Ram Lal", ["9876543210"], [])
    assert expressions[0] == 'phone : "9876543210"'
    assert all(e.isascii() for e in expressions)
