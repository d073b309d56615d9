"""Issue 11 §1: the victim's identity on FIR copies, read back from real PDFs item by item.

The S.P.'s and the public copy of a sensitive FIR hold none of her identifying items (name in both
scripts and every spelling, relatives, address, phone, e-mail, ID numbers), not even inside the
narrative, the accused's description or the alteration memos; the court's and the informant's copy
hold all of them and say on every page that they must not be disclosed, citing the right provision.
"""

from __future__ import annotations

import copy as copying
import io
import json
from collections.abc import Mapping
from typing import Any

import pypdf
import pytest

from station_app.core.printing.fir_copy import CopyKind
from station_app.core.victim_mask import Scrubber, scrub_value
from station_app.core.victims import VictimIdentity, is_sensitive_content, provision, victims_of
from tests.core.test_fir_copy import render
from tests.fixtures import fir_samples as samples
from tests.helpers.pdf import english, hindi

ITEMS = samples.SENSITIVE_VICTIM_ITEMS
MEMO_REASON = "Statement of Priya Sharma (प्रिया शर्मा, called Pinki) recorded at House 22, Gomti Nagar"


def texts(pdf: bytes) -> tuple[str, str]:
    return " ".join(english(pdf)), " ".join(hindi(pdf))


def with_memo(content: dict[str, Any]) -> list[dict[str, Any]]:
    memos = samples.alterations()
    memos[0]["reason"] = MEMO_REASON
    return memos


def test_the_sample_really_holds_every_item_where_the_issue_says() -> None:
    """Guard for the tests below: each item is in the record, and in the free text too."""
    values = samples.sensitive_fir_content()["values"]
    blob = json.dumps(values, ensure_ascii=False)
    for item in ITEMS:
        assert item in blob, item
    assert "Priya Sharma" in values["narrative"] and "प्रिया शर्मा" in values["narrative"]
    assert "Priya Sharma" in values["accused"][0]["address"]  # the accused's description


@pytest.mark.parametrize("copy", ["sp", "public"])
def test_masked_copies_hold_none_of_the_victims_items(copy: CopyKind) -> None:
    content = samples.sensitive_fir_content()
    pdf = render(content, copy=copy, alterations=with_memo(content))
    en, hi = texts(pdf)
    for text in (en, hi):
        for item in ITEMS:
            assert item.casefold() not in text.casefold(), (copy, item)
    # The informant of a sensitive case may be her parent: withheld too.
    assert "Rekha Joshi" not in en and "Mahesh Joshi" not in en
    # Labels stand where the items were, and the rest of the record is still there.
    assert "[Victim V1 / पीड़ित V1]" in hi and "[address of V1" in en and "[phone of V1" in en
    assert "Vikas Tiwari" in en and "Queen Mary Hospital" in en and "Charbagh" in en
    assert "Alteration memo No. 1" in en  # the memo is printed, its reason masked
    metadata: Mapping[str, Any] = pypdf.PdfReader(io.BytesIO(pdf)).metadata or {}
    assert "Priya" not in json.dumps({str(k): str(v) for k, v in metadata.items()})
    for page in english(pdf):
        assert "Identity of the victim withheld" in page


@pytest.mark.parametrize("copy", ["court", "informant"])
def test_full_copies_hold_every_item_and_the_caution_on_every_page(copy: CopyKind) -> None:
    content = samples.sensitive_fir_content()
    content["values"]["narrative"] = samples.SENSITIVE_NARRATIVE + "\n" + ("Further statement. " * 900)
    pdf = render(content, copy=copy, alterations=with_memo(content))
    en, hi = texts(pdf)
    for item in ITEMS:
        assert item.casefold() in (en + hi).casefold(), (copy, item)
    assert "[Victim" not in en and "withheld" not in en.casefold()
    for field in samples.fir_form().fields_in("victim"):
        assert f"{field.label_en} / {field.label_hi}" in hi, field.name
    pages = english(pdf)
    assert len(pages) >= 3
    caution = "Identity of the victim must not be disclosed (BNS 72; POCSO Act 23, 33(7); JJ Act 74)"
    for page in pages:
        assert caution in page
    for page in hindi(pdf):
        assert "पीड़ित की पहचान प्रकट नहीं की जानी चाहिए" in page


def test_a_hindi_spelling_the_record_does_not_hold_is_masked_by_sound() -> None:
    content = samples.sensitive_fir_content()
    content["values"]["narrative"] += "\nपीड़िता गोमती नगर में अपने पिता अशोक के साथ रहती है।"
    pdf = render(content, copy="public")
    _, hi = texts(pdf)
    assert "गोमती" not in hi and "अशोक" not in hi
    assert "पिता" in hi  # an ordinary word is left alone


def test_the_victim_reporting_herself_is_masked_in_her_own_fields() -> None:
    content = samples.sensitive_self_victim_content()
    masked, court = render(content, copy="sp"), render(content, copy="court")
    en_masked, hi_masked = texts(masked)
    en_court, hi_court = texts(court)
    for item in (samples.SELF_VICTIM, "कविता", "रामअवतार यादव", "आलमबाग", "9123456780"):
        assert item not in en_masked + hi_masked, item
        assert item in en_court + hi_court, item
    assert "विकास तिवारी" in hi_masked  # the accused is not masked


def test_linked_person_record_adds_items_the_fir_does_not_hold() -> None:
    """By identity, not by string: an alias and a phone added later to her person record."""
    content = samples.sensitive_fir_content()
    content["victims"] = [{"label": "V1", "person_id": "p-1"}]
    content["values"]["narrative"] += "\nShe is also known as Guddi; her second number is 7007123456."
    person = {"id": "p-1", "name": "Priya Sharma", "aliases": '["Guddi"]', "phones": '["7007123456"]'}
    en, _ = texts(render(content, copy="public", persons={"p-1": person}))
    assert "Guddi" not in en and "7007123456" not in en
    en_court, _ = texts(render(content, copy="court", persons={"p-1": person}))
    assert "Guddi" in en_court


def test_a_case_that_is_not_sensitive_is_never_masked() -> None:
    pdf = render(samples.typical_fir_content(), copy="public")
    en = " ".join(english(pdf))
    assert "withheld" not in en and "Rajesh Kumar Verma" in en and "9876543210" in en
    assert "must not be disclosed" not in en


# --- which law the note cites: each boundary both sides ------------------------------------------


def content_with(sections: list[tuple[str, str]], victim_age: int | None) -> dict[str, Any]:
    content = copying.deepcopy(samples.sensitive_fir_content())
    content["sections"] = [{"act": a, "section": s} for a, s in sections]
    content["values"]["victim_age"] = victim_age
    return content


@pytest.mark.parametrize(
    ("sections", "age", "cites"),
    [
        ([("BNS", "64(1)")], 18, "BNS 72"),
        ([("BNS", "64(1)")], 17, "BNS 72; POCSO Act 23, 33(7); JJ Act 74"),
        ([("BNS", "71")], 30, "BNS 72"),
        ([("BNS", "72")], 30, "withheld by the station's policy for sexual offences"),
        ([("IPC", "376")], 25, "IPC 228A"),
        ([("IPC", "376DB")], 25, "IPC 228A"),
        ([("IPC", "354A")], 25, "withheld by the station's policy for sexual offences"),
        ([("BNS", "74")], 25, "withheld by the station's policy for sexual offences"),
        ([("BNS", "79")], 17, "POCSO Act 23, 33(7); JJ Act 74"),
        ([("BNS", "124(1)")], 40, "withheld by the station's policy for sexual offences"),
        ([("POCSO", "8")], 12, "POCSO Act 23, 33(7); JJ Act 74"),
        ([("BNS", "303(2)")], 17, "JJ Act 74"),
    ],
)
def test_the_provision_cited(sections: list[tuple[str, str]], age: int, cites: str) -> None:
    content = content_with(sections, age)
    assert provision(content, victims_of(content)).english() == cites


def test_a_child_victim_makes_any_fir_sensitive_and_an_adult_does_not() -> None:
    content = samples.typical_fir_content()
    content["sensitive"] = False
    content["values"].update(victim_name="Rohit Verma", victim_age=17)
    assert is_sensitive_content(content)
    content["values"]["victim_age"] = 18
    assert not is_sensitive_content(content)


def test_scrubber_spacing_case_possessive_and_common_parts() -> None:
    victim = VictimIdentity("V1", names=("Smt. Priya Devi / प्रिया देवी",), phones=("+91-98390-12345",))
    scrub = Scrubber([victim])
    assert scrub("PRIYA   devi went home") == "[Victim V1 / पीड़ित V1] went home"
    assert scrub("Priya's bag; Priyanka and Devi Lal stay") == (
        "[Victim V1 / पीड़ित V1] bag; Priyanka and Devi Lal stay"
    )
    assert scrub("call 9839012345 or 98390 12345, not 19839012345") == (
        "call [phone of V1 / V1 का फ़ोन] or [phone of V1 / V1 का फ़ोन], not 19839012345"
    )
    # A nukta typed as its own mark still matches the precomposed letter.
    assert Scrubber([VictimIdentity("V2", names=("ज़ोया",))])("\u091c\u093c\u094b\u092f\u093e आई") == (
        "[Victim V2 / पीड़ित V2] आई"
    )
    assert Scrubber([])("unchanged") == "unchanged"


def test_numbers_in_an_address_never_eat_dates_or_ids() -> None:
    """A house number "12/4" is part of her address, not a word to hunt for: the month 12 of a date
    and a record's id stay as they are, so a masked record still prints and links."""
    victim = VictimIdentity(
        "V1", names=("Ramesh Chandra Gupta",), addresses=("12/4 Narhi, Hazratganj, Lucknow",)
    )
    scrub = Scrubber([victim], keep=["Lucknow"])
    values = {
        "occurrence_from": "2026-12-04T12:18:00+05:30",
        "gd_entry": "01a2454f-59b7-7000-a796-71690a5603b6",
        "narrative": "He lives at 12/4 Narhi since 12-04-2020, near Narhi market, Lucknow.",
    }
    masked = scrub_value(values, scrub)
    assert masked["occurrence_from"] == values["occurrence_from"] and masked["gd_entry"] == values["gd_entry"]
    assert masked["narrative"] == (
        "He lives at [address of V1 / V1 का पता] since 12-04-2020, near [address of V1 / V1 का पता] market, Lucknow."
    )
