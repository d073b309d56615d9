"""The one rule for text and numbers that the station's forms and importers and the server share
(issue 12 §1): each class of character at its boundary, both sides."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from forms.schema import load_form
from forms.text_rules import INT32_MAX, SAFE_INT_MAX, int_problem, text_problem, wire_text_problem
from forms.validation import validate_values

NOW = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "ch", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9f"]
)
def test_control_characters_are_refused_on_any_field(ch: str) -> None:
    for multiline in (False, True):
        problem = text_problem(f"Patrol{ch}left", multiline=multiline)
        assert problem is not None and "character 7" in problem
        assert wire_text_problem(f"Patrol{ch}left") is not None


@pytest.mark.parametrize("ch", ["\ud800", "\udbff", "\udc00", "\udfff"])
def test_a_lone_surrogate_is_refused(ch: str) -> None:
    assert "surrogate" in (text_problem(f"Ram {ch}") or "")
    assert "surrogate" in (wire_text_problem(f"Ram {ch}") or "")


@pytest.mark.parametrize("ch", ["\t", "\n", "\r", "\u2028", "\u2029"])
def test_tabs_and_line_breaks_belong_to_narratives_only(ch: str) -> None:
    assert text_problem(f"first{ch}second", multiline=True) is None
    assert "one-line" in (text_problem(f"first{ch}second") or "")


@pytest.mark.parametrize(
    "text", [" ", "~", "\xa0", "\xa1", "राम", "क्\u200dष", "क्\u200cष", "\ufeff", "😀", "\U0010fffd"]
)
def test_printable_text_and_joiners_of_hindi_typing_pass(text: str) -> None:
    assert text_problem(text) is None
    assert wire_text_problem(text) is None


def test_the_protocol_allows_tab_and_line_breaks_in_any_string() -> None:
    assert wire_text_problem("a\tb\nc\rd") is None


def test_integers_are_bounded_at_32_bits_both_sides() -> None:
    assert int_problem(INT32_MAX) is None and int_problem(-INT32_MAX) is None
    assert int_problem(INT32_MAX + 1) is not None and int_problem(-INT32_MAX - 1) is not None
    assert int_problem(SAFE_INT_MAX, -SAFE_INT_MAX, SAFE_INT_MAX) is None
    assert int_problem(SAFE_INT_MAX + 1, -SAFE_INT_MAX, SAFE_INT_MAX) is not None


def _gd(**values: object) -> dict[str, str]:
    base = {"kind": "other", "entry_at": "2026-11-02T11:00:00+05:30", "subject": "Patrol", "details": "Left."}
    return validate_values(load_form("gd_entry"), {**base, **values}, NOW)


def test_the_gd_form_refuses_a_nul_at_the_field_and_keeps_line_breaks_in_the_details() -> None:
    assert set(_gd(details="Patrol\x00left")) == {"details"}
    assert "NUL" in _gd(details="Patrol\x00left")["details"]
    assert _gd(details="Patrol left.\n\tBeat 4.") == {}
    assert "one-line" in _gd(subject="Patrol\nleft")["subject"]
    assert set(_gd(subject="Patrol \ud800")) == {"subject"}


def test_form_dates_stay_within_the_years_1860_to_2200() -> None:
    form = load_form("iif1_fir")
    name = "complainant_dob"
    assert name not in validate_values(form, {name: "1860-01-01"}, NOW)
    assert "between 1860 and 2200" in validate_values(form, {name: "1859-12-31"}, NOW)[name]
    assert "between 1860 and 2200" in validate_values(form, {name: "9999-12-31"}, NOW)[name]
    assert "between 1860 and 2200" in _gd(entry_at="9999-12-31T23:59:00-05:00")["entry_at"]


def test_form_numbers_beyond_what_json_holds_exactly_are_refused() -> None:
    form = load_form("iif4_seizure")  # an item's value has no maximum of its own
    row = {"description": "Mobile phone", "quantity": "1", "value": str(2**53)}
    assert "too large" in validate_values(form, {"items": [row]}, NOW)["items[0].value"]
    row["value"] = str(2**53 - 1)
    assert "items[0].value" not in validate_values(form, {"items": [row]}, NOW)
