"""Hindi candidates for names and places: the lexicon file, the held-out accuracy floor, the CLI."""

from __future__ import annotations

import io
import json

import pytest

from station_app.cli import main
from station_app.core.names.suggest import lexicon_entries, parse_lexicon
from station_app.core.names.suggest_eval import held_out_accuracy, split, split_spellings, variant_accuracy
from station_app.core.names.typing import candidates, transliterate

# Measured 2026-12-05: top-1 42.4 %, top-3 64.6 % on 915 unseen pairs (goal 90 / 98: not met).
TOP1_FLOOR = 40.0
TOP3_FLOOR = 62.0
# Known names typed in a spelling the lexicon does not list: measured 78.0 % / 87.9 % on 613 pairs.
VARIANT_TOP1_FLOOR = 75.0
VARIANT_TOP3_FLOOR = 85.0


def test_the_lexicon_file_is_well_formed_and_large() -> None:
    entries = lexicon_entries()
    assert len(entries) > 2000
    assert {e.kind for e in entries} == {"given_m", "given_f", "surname", "place", "word", "part"}
    assert all(e.latin.isascii() and e.latin.isalpha() and e.latin.islower() for e in entries)
    assert all(not any("a" <= c.lower() <= "z" for c in e.devanagari) for e in entries)
    with pytest.raises(ValueError, match="line 1"):
        parse_lexicon("ram\tराम\tgod\n")


def test_held_out_pairs_are_kept_apart_from_the_lexicon_they_are_measured_with() -> None:
    train, test = split(lexicon_entries())
    assert len(test) >= 500
    assert not {e.devanagari for e in train} & {e.devanagari for e in test}


def test_held_out_accuracy_does_not_regress() -> None:
    accuracy = held_out_accuracy(lexicon_entries())
    assert accuracy.top1 >= TOP1_FLOOR and accuracy.top3 >= TOP3_FLOOR, (accuracy.top1, accuracy.top3)


def test_known_names_in_other_spellings_do_not_regress() -> None:
    train, test = split_spellings(lexicon_entries())
    assert len(test) >= 500 and not {e.latin for e in train} & {e.latin for e in test}
    accuracy = variant_accuracy(lexicon_entries())
    assert accuracy.top1 >= VARIANT_TOP1_FLOOR and accuracy.top3 >= VARIANT_TOP3_FLOOR, (
        accuracy.top1,
        accuracy.top3,
    )


@pytest.mark.parametrize(
    ("latin", "devanagari"),
    [
        ("aminabad", "अमीनाबाद"),  # long vowels from plain a and i
        ("ameenabad", "अमीनाबाद"),
        ("lucknow", "लखनऊ"),
        ("ramnagar", "रामनगर"),  # the unwritten a between consonants
        ("sanjay", "संजय"),  # n before a consonant: anusvara
        ("krishna", "कृष्ण"),  # word-final a of a Sanskrit name, conjunct
        ("chowdhury", "चौधरी"),
        ("khan", "ख़ान"),  # nukta, as the lexicon writes Urdu and Persian names
        ("mohammed", "मोहम्मद"),
        ("sitamarhi", "सीतामढ़ी"),
    ],
)
def test_names_as_people_spell_them(latin: str, devanagari: str) -> None:
    assert transliterate(latin) == devanagari
    assert len(candidates(latin)) == 3


def test_cli_prints_candidates_without_a_station(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(tmp_path / "none"), "transliterate", "thana", "aminabad", "रोड",
                 "--candidates", "3", "--json"], out, err)  # fmt: skip
    assert code == 0, err.getvalue()
    result = json.loads(out.getvalue())
    assert result["output"] == "थाना अमीनाबाद रोड"  # the Devanagari typed is kept
    assert [w["text"] for w in result["words"]] == ["thana", "aminabad"]
    assert len(result["words"][1]["candidates"]) == 3
    assert not (tmp_path / "none").exists()  # no station, no records touched
    out = io.StringIO()
    assert main(["transliterate", "ram", "prasad"], out, err) == 0
    assert out.getvalue() == "राम प्रसाद\n"
