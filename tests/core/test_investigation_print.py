"""Printed investigation records, made through the services of real stations and read back.

English comes back through pypdf, Hindi through pdfium (our paragraphs carry ``/ActualText``), QR
codes through zxing-cpp from a 200 dpi render (``tests/helpers/pdf.py``).
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pypdf
import pytest

from forms.schema import load_form
from station_app.core.canonical import canonical_json, sha256_hex
from station_app.core.clock import SystemClock
from station_app.core.errors import ConflictError, NotFoundError
from station_app.core.keys import KeyStore
from station_app.core.localtime import IST
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.printing.arrest_memo import OPTIONAL_GROUPS, ArrestQr, parse_arrest_qr
from station_app.core.printing.case_diary_volume import count_case_diary_pages, page_label, render_case_diary
from station_app.core.printing.seizure_memo import parse_seizure_qr
from station_app.core.runtime import StationServices, set_up_station
from station_app.core.services.fir_register import RegisterQuery
from station_app.core.services.person_input import PersonInput
from tests.conftest import IDENTITY, SHO, SHO_PASSWORD
from tests.helpers.clock import ManualClock
from tests.helpers.investigation import (
    accused,
    arrest_values,
    diary_values,
    gd_at,
    later,
    registered_theft,
    seizure_values,
)
from tests.helpers.pdf import english, hindi, qr_codes

TRAINING = "TRAINING — NOT A LEGAL DOCUMENT"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def svc(data_dir: DataDir, keystore: KeyStore, clock: ManualClock) -> Iterator[StationServices]:
    outcome = set_up_station(data_dir, keystore, clock, IDENTITY, SHO, SHO_PASSWORD)
    yield outcome.services
    report = outcome.services.station.check_integrity()
    assert report.ok, report
    outcome.services.close()


@pytest.fixture
def sho(svc: StationServices) -> Actor:
    return svc.accounts.login(SHO.username, SHO_PASSWORD)


@pytest.fixture
def fir(svc: StationServices, sho: Actor) -> Any:
    return registered_theft(svc, sho)


def _arrest(svc: StationServices, sho: Actor, clock: ManualClock, fir: Any, **overrides: Any) -> Any:
    at = later(clock, hours=3) - timedelta(hours=1)
    gd = gd_at(svc, sho, "arrest", at + timedelta(minutes=5), "Arrest")
    person = overrides.pop("person", None) or accused(svc, sho)
    return svc.arrests.record_arrest(sho, fir.id, arrest_values(gd, person, at, **overrides))


def _text(pdf: bytes) -> tuple[list[str], str, str]:
    pages = english(pdf)
    return pages, " ".join(pages), " ".join(hindi(pdf))


def _pages_numbered(pdf: bytes) -> None:
    en_pages, hi_pages = english(pdf), hindi(pdf)
    for number, (en, hi) in enumerate(zip(en_pages, hi_pages, strict=True), start=1):
        assert f"Page {number} of {len(en_pages)}" in en and f"पृष्ठ {number} / {len(en_pages)}" in hi


# --- arrest memo (IIF-3) -------------------------------------------------------------------------


def test_arrest_memo_prints_every_item_the_person_and_the_bnss_duties(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    arrest = _arrest(
        svc, sho, clock, fir, religion="Islam", category="obc", height_cm=170, fingerprints_taken=True
    )
    gd = svc.diary.get(sho, arrest.content["values"]["gd_entry"])
    pdf = svc.investigation_print.arrest_memo_pdf(sho, arrest.id)
    pages, en, hi = _text(pdf)
    form = svc.arrests.form

    assert "ARREST / COURT SURRENDER MEMO" in en and form.title_hi in hi and "I.I.F.-III" in en
    # Every item of the definition, with its number, in paper order; 2(a) (a woman at night) and 2(b)
    # (DSP permission) only when they apply, so a daytime arrest of a man under theft prints neither.
    assert "2(a). Arrest of a woman" not in en and "2(b). Permission of an officer" not in en
    form = replace(form, groups=tuple(g for g in form.groups if g.key not in OPTIONAL_GROUPS))
    for group in form.groups:
        assert f"{group.item}. {group.label_en} / {group.label_hi}" in hi, group.key
        for field in form.fields_in(group.key) if len(form.fields_in(group.key)) > 1 else []:
            if field.type != "person":
                assert f"{field.label_en} / {field.label_hi}" in hi, field.name
    positions = [hi.index(f"{g.item}. {g.label_en}") for g in form.groups]
    assert positions == sorted(positions)
    # Case identity, the accused code, the GD entry, the person's frozen particulars.
    for expected in ("1. District", "Lucknow", "Hazratganj", "UP-LKO-0042", "0001/2026", "02-11-2026 10:00 IST",
                     "Accused A1: Raju Khan", f"GD No. {gd.number:04d}/{gd.year}", "Salim Khan (father",
                     "Daliganj, Lucknow", "1994 (age 32", "BNS", "303(2)", "Theft", "Islam", "OBC", "170"):  # fmt: skip
        assert expected in en, expected
    assert "अभियुक्त कोड" in hi and "पिता / पति का नाम" in hi and "अन्य पिछड़ा वर्ग" in hi
    # The duties of arrest, with their sections, filled in from the memo.
    for expected in ("Found in possession of the stolen motorcycle UP32 AB 1234", "nothing was found (NIL)",
                     "made known to Salim Khan (Father) on 02-11-2026 at 12:30 hrs",
                     "designated officer / control room on 02-11-2026 at 12:40 hrs",
                     "medically examined on 02-11-2026 at 13:00 hrs by Dr. S. K. Awasthi",
                     "the right to meet an advocate of his or her choice (BNSS 38)", "(BNSS 49)", "(BNSS 53)",
                     "(BNSS 48, 37)", "held at Lock-up, Police Station Hazratganj, Lucknow and this place of custody "
                     "was told to Salim Khan (father) (D.K. Basu)", "11. Socio-economic profile",
                     "Not every offence is bailable (BNS 303(2))"):  # fmt: skip
        assert expected in en, expected
    assert "released on bail" not in en  # theft is not bailable: the memo must not promise bail (BNSS 47(2))
    assert "गिरफ़्तारी की सूचना Salim Khan (Father) को 02-11-2026 को 12:30 बजे" in hi
    # Item 14: every signature the law asks for, with the officer's particulars filled in.
    for expected in ("14. Signatures", "Countersigned by the arrested person (BNSS 36)",
                     "Signature or thumb impression (LTI)", "Witness attesting the memo (BNSS 36)", "Mohd. Aslam",
                     "Charbagh, Lucknow", "Attested by a relative or friend, if present (BNSS 36)",
                     "Arresting / investigating officer", "Anil Kumar Singh", "Inspector", "PIS-1001"):  # fmt: skip
        assert expected in en, expected
    assert all("FIR 0001/2026 · A1 Raju Khan" in page for page in pages)  # a loose sheet names its record
    assert TRAINING not in en and "प्रशिक्षण" not in hi
    _pages_numbered(pdf)


def test_arrest_memo_qr_carries_the_content_digest(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    _arrest(svc, sho, clock, fir)
    second = _arrest(svc, sho, clock, fir, person=accused(svc, sho, "Pappu alias Pradeep", "Ram Kishore"))
    assert second.digest == sha256_hex(canonical_json(second.content))
    pdf = svc.investigation_print.arrest_memo_pdf(sho, second.id)
    payload = f"arrest:v1:UP-LKO-0042:2026:1:A2:{second.digest}"
    last = len(english(pdf)) - 1
    assert [c.text for c in qr_codes(pdf, 0)] == [payload]  # at the foot of page 1...
    assert [c.text for c in qr_codes(pdf, last)] == [payload]  # ...and after the signatures
    qr = parse_arrest_qr(payload)
    assert qr == ArrestQr("UP-LKO-0042", 2026, 1, False, "A2", second.digest) and qr.fir_no == "0001/2026"
    assert pdf == svc.investigation_print.arrest_memo_pdf(sho, second.id)  # same record, same bytes


def test_parse_arrest_and_seizure_qr_reject_anything_malformed() -> None:
    digest = "ab" * 32
    good = f"arrest:v1:HR0123:2026:27:B1:{digest}"
    assert parse_arrest_qr(good).accused_code == "B1"
    assert parse_arrest_qr(good.replace(":27:", ":Z3:")).fir_no == "Z-0003/2026"
    for bad in ("", good + "\n", good.upper(), good.replace("v1", "v2"), good.replace(":B1:", ":b1:"),
                good.replace(":B1:", ":B0:"), good.replace(":27:", ":027:"), good.replace(":27:", ":0:"),
                good.replace(":2026:", ":26:"), good[:-1], good.replace("HR0123", "HR:0123"),
                good.replace("arrest:", "seizure:")):  # fmt: skip
        with pytest.raises(ValueError):
            parse_arrest_qr(bad)
    seizure = f"seizure:v1:HR0123:2026:27:{digest}"
    assert parse_seizure_qr(seizure).fir_no == "0027/2026"
    for bad in (seizure + ":x", seizure.replace(digest, digest[:-1]), seizure.replace("seizure", "arrest")):
        with pytest.raises(ValueError):
            parse_seizure_qr(bad)


def test_surrender_memo_with_articles_found_on_search(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    arrest = _arrest(
        svc, sho, clock, fir, kind="surrender", surrender_court="Court of the CJM, Lucknow",
        outcome="surrender_judicial", personal_search="Mobile phone (Redmi, black); cash ₹ 340",
        search_receipt_given=True,
    )  # fmt: skip
    _, en, hi = _text(svc.investigation_print.arrest_memo_pdf(sho, arrest.id))
    assert "Surrender in court" in en and "Court of the CJM, Lucknow" in en
    assert "Surrendered and sent to judicial custody" in en
    assert "Countersigned by the surrendered person (BNSS 36)" in en
    assert "the articles listed in item 8 were found; receipt given: Yes" in en
    assert "Mobile phone (Redmi, black); cash ₹ 340" in hi
    with pytest.raises(NotFoundError):
        svc.investigation_print.arrest_memo_pdf(sho, "no-such-arrest")


# --- the arrested-persons register (BNSS 37) -------------------------------------------------------


def test_arrest_register_for_the_notice_board(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    first = _arrest(svc, sho, clock, fir)
    svc.arrests.record_production(sho, first.id, later(clock, hours=1), "CJM Lucknow")
    since = clock.now()
    child = svc.persons.create(
        sho, PersonInput(name="Chhotu Lal", relative_name="Ramesh Lal", relative_relation="father", age=15,
                         sex="M", present_address="Aminabad, Lucknow"),
    ).id  # fmt: skip
    _arrest(svc, sho, clock, fir, person=child)
    _arrest(svc, sho, clock, fir, person=accused(svc, sho, "मनोज तिवारी", "श्याम सुंदर तिवारी"), kind="surrender",
            surrender_court="CJM Lucknow", outcome="surrender_judicial")  # fmt: skip

    pdf = svc.investigation_print.arrest_register_pdf(sho)
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape A4
    _, en, hi = _text(pdf)
    for label in ("Name (alias) / नाम (उपनाम)", "Father's / husband's name / पिता / पति का नाम", "Address / पता",
                  "Offence (sections) / अपराध (धाराएँ)", "Arrested on, at", "Accused code, FIR",
                  "Informed (relative / friend; designated officer)", "Custody now / वर्तमान अभिरक्षा",
                  "गिरफ़्तार व्यक्तियों की पंजी (धारा 37)"):  # fmt: skip
        assert label in hi, label
    assert "ARRESTED PERSONS (Section 37 B.N.S.S.)" in en and "All arrests on record" in en
    assert f"Printed / मुद्रित {clock.now().astimezone(IST):%d-%m-%Y %H:%M} IST" in hi
    assert "Raju Khan" in en and "Salim Khan (father" in en and "Daliganj, Lucknow" in en
    assert "मनोज तिवारी" in hi and "श्याम सुंदर तिवारी" in hi and "Surrendered" in en
    assert "BNS 303(2) — Theft" in en and "A1 FIR 0001/2026" in en and "A3 FIR 0001/2026" in en
    assert "Salim Khan (Father), 02-11-2026 12:30 IST" in en and "Designated officer" in en
    assert "Produced before the Magistrate" in en and "In custody at the P.S." in en
    # A child is not named on a public notice (J.J. Act s.74); the arrest itself is still listed.
    assert "Chhotu" not in en and "Ramesh Lal" not in en and "Aminabad" not in en
    assert en.count("[withheld: child (J.J. Act s.74)") == 3 and "A2 FIR 0001/2026" in en
    # Newest first.
    assert en.index("A3 FIR") < en.index("A2 FIR") < en.index("A1 FIR")
    _pages_numbered(pdf)

    recent = " ".join(english(svc.investigation_print.arrest_register_pdf(sho, since=since)))
    assert "A1 FIR" not in recent and "A2 FIR" in recent and "Arrests since" in recent


def test_a_long_register_repeats_its_headers(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    for i in range(14):
        _arrest(svc, sho, clock, fir, person=accused(svc, sho, f"Accused Number{i}", f"Father Number{i}"))
    pdf = svc.investigation_print.arrest_register_pdf(sho)
    hi_pages = hindi(pdf)
    assert len(hi_pages) >= 2
    assert all("Custody now / वर्तमान अभिरक्षा" in page for page in hi_pages)  # column heads on every page
    en = " ".join(english(pdf))
    assert all(f"Accused Number{i}" in en for i in range(14))
    _pages_numbered(pdf)


# --- case diary (BNSS 192) -----------------------------------------------------------------------


def _diary(svc: StationServices, sho: Actor, clock: ManualClock, fir: Any) -> list[Any]:
    long_statement = (
        "I was on duty at the gate when two young men came on foot and took the motorcycle. " * 110
    )
    clock.advance(hours=9)
    values = [
        diary_values(later(clock, minutes=1)),
        diary_values(later(clock, days=1), circumstances="Enquiries at the bus stand. " * 400),
        diary_values(later(clock, days=1), other_work="Sent the CCTV footage to the FSL.",
                     esakshya_session="ES-2026-11-04-0042", statements=[
            {"witness": "Shyam Lal (cinema guard)", "particulars": "s/o Ram Lal, 55, Narhi", "statement": long_statement},
            {"witness": "रमेश चन्द्र गुप्ता", "particulars": "पुत्र श्री राम गुप्ता, 48", "statement": "मैंने दो लड़कों को देखा। " * 40},
            {"witness": "Sunita Devi", "statement": "STATEMENT-THREE I heard a shout."},
        ]),
        diary_values(later(clock, days=1), circumstances="CIRCUMSTANCES-FOUR Arrested A1."),
    ]  # fmt: skip
    return [svc.case_diary.add_entry(sho, fir.id, v) for v in values]


def test_case_diary_volume_prints_the_stored_page_numbers_and_chain(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    written = _diary(svc, sho, clock, fir)
    entries = svc.case_diary.entries(sho, fir.id)
    assert [e.page_start for e in entries] == [1, *(e.page_end + 1 for e in entries[:-1])]
    for entry in entries:  # the stored numbers are the rendered layout's
        assert entry.page_end - entry.page_start + 1 == count_case_diary_pages(entry.content)
    assert entries[1].page_end - entries[1].page_start >= 2 and entries[2].page_end > entries[2].page_start
    assert [e.entry_hash for e in written] == [e.entry_hash for e in entries]

    pdf = svc.investigation_print.case_diary_pdf(sho, fir.id)
    en_pages, hi_pages = english(pdf), hindi(pdf)
    assert len(en_pages) == entries[-1].page_end
    for entry in entries:
        for k in range(entry.page_start, entry.page_end + 1):
            page, hi_page = en_pages[k - 1], hi_pages[k - 1]
            assert re.findall(r"CD page (\S+)", page) == [str(k)]
            assert f"केस डायरी पृष्ठ {k}" in hi_page
            assert f"entry {entry.entry_hash[:16]}" in page and f"previous {entry.prev_hash[:16]}" in page
            assert f"Entry {entry.seq}" in page and "FIR 0001/2026" in page
            assert "Case Diary (Section 192 B.N.S.S.) / केस डायरी (धारा 192 बी.एन.एस.एस.)" in hi_page
            assert "intentionally left blank" not in page
        start = en_pages[entry.page_start - 1]
        assert "Proceedings of" in start and f"{entry.entry_date:%d-%m-%Y}" in start
    assert en_pages[0].count("previous 0000000000000000") == 1  # the first entry links to the genesis
    hi = " ".join(hi_pages)
    form = svc.case_diary.form
    for group in form.groups:
        assert f"{group.item}. {group.label_en} / {group.label_hi}" in hi
    # Statements one after another, in order, on the third entry's pages.
    third = " ".join(hi_pages[entries[2].page_start - 1 : entries[2].page_end])
    assert third.index("Shyam Lal") < third.index("रमेश चन्द्र गुप्ता") < third.index("STATEMENT-THREE")
    assert "Statements: 1 of 3 / कथन: 1 / 3" in third and "ES-2026-11-04-0042" in third
    assert "CIRCUMSTANCES-FOUR" in hi_pages[-1] and "Investigating officer" in en_pages[-1]
    assert "Anil Kumar Singh" in en_pages[-1] and "PIS-1001" in en_pages[-1]
    assert TRAINING not in " ".join(en_pages)
    _pages_numbered(pdf)


def test_a_volume_keeps_the_stored_numbers_when_an_entry_lays_out_differently(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    _diary(svc, sho, clock, fir)
    entries = svc.case_diary.entries(sho, fir.id)
    form = load_form("case_diary_entry")
    long = entries[1]
    rendered = long.page_end - long.page_start + 1
    # Numbered for fewer pages than it takes: the extra pages are 2-A, 2-B...
    short = dataclasses.replace(long, page_end=long.page_start)
    pages = english(render_case_diary([entries[0], short], form=form, training=False))
    assert [re.findall(r"CD page (\S+)", p)[0] for p in pages] == [
        "1", "2", *(f"2-{chr(ord('A') + i)}" for i in range(rendered - 1))
    ]  # fmt: skip
    assert page_label(short, 26) == "2-Z" and page_label(short, 30) == "2-30"  # 30th extra page
    # Numbered for more pages than it takes: blank pages keep the numbering whole.
    wide = dataclasses.replace(long, page_end=long.page_end + 2)
    after = dataclasses.replace(
        entries[2], page_start=entries[2].page_start + 2, page_end=entries[2].page_end + 2
    )
    pages = english(render_case_diary([entries[0], wide, after], form=form, training=False))
    assert len(pages) == after.page_end
    blank = [i + 1 for i, p in enumerate(pages) if "This page is intentionally left blank." in p]
    assert blank == [wide.page_end - 1, wide.page_end]
    assert all(re.findall(r"CD page (\S+)", p) == [str(i)] for i, p in enumerate(pages, start=1))
    with pytest.raises(ValueError):
        render_case_diary([], form=form, training=False)


def test_an_fir_without_a_diary_has_nothing_to_print(svc: StationServices, sho: Actor, fir: Any) -> None:
    with pytest.raises(ConflictError):
        svc.investigation_print.case_diary_pdf(sho, fir.id)


# --- seizure memo (IIF-4) ------------------------------------------------------------------------


def test_seizure_memo_with_malkhana_numbers_and_the_chain_of_custody(
    svc: StationServices, sho: Actor, clock: ManualClock, fir: Any
) -> None:
    person = accused(svc, sho)
    at = later(clock, hours=3) - timedelta(hours=1)
    gd = gd_at(svc, sho, "property", at + timedelta(minutes=10), "Seizure")
    seizure = svc.seizures.record_seizure(
        sho, fir.id, seizure_values(gd, at, seized_from=person, witness1_age=45)
    )
    item = seizure.items[0]
    svc.seizures.move(sho, item.id, at=later(clock, days=1), to_location="FSL Lucknow", purpose="Examination",
                      handed_over_by="HC Salim Ansari", received_by="FSL clerk R. Verma", reference="Letter 45/26")  # fmt: skip
    pdf = svc.investigation_print.seizure_memo_pdf(sho, seizure.id)
    pages, en, hi = _text(pdf)
    form = svc.seizures.form

    assert "PROPERTY SEARCH AND SEIZURE MEMO" in en and form.title_hi in hi and "I.I.F.-IV" in en
    for group in form.groups:
        assert f"{group.item}. {group.label_en} / {group.label_hi}" in hi, group.key
    positions = [hi.index(f"{g.item}. {g.label_en}") for g in form.groups]
    assert positions == sorted(positions)
    for column in form.field("items").columns:
        assert f"{column.label_en} / {column.label_hi}" in hi, column.name
    for expected in (
        "Stolen", "Garage behind Charbagh railway station", "Raju Khan", "Salim Khan (father",
        "Mohd. Aslam", "Prem Shankar Tiwari", "Naka Hindola, Lucknow", "45",
        "Hero Splendor UP32 AB 1234, black", "Set of duplicate keys", "PS-HZG/1", "PS-HZG/2",
        "M-0001/2026", "M-0002/2026", "₹ 45,000.00", "e-Sakshya session 2026-11-02-000417",
        "(BNSS 105)", "(BNSS 103)", "a copy of this memo was given to Raju Khan",
        "Specimen seal impression", "Person seized from / occupant", "First witness", "Second witness",
        "Investigating officer", "Anil Kumar Singh", "PIS-1001",
    ):  # fmt: skip
        assert expected in en, expected
    assert "मालखाना सं." in hi and "नमूना मुहर की छाप" in hi
    # The annexure starts on a page of its own, after the memo and its signatures.
    annexure = next(i for i, p in enumerate(pages) if "Annexure: chain of custody" in p)
    assert annexure == len(pages) - 1 and "Second witness" in " ".join(pages[:annexure])
    assert "Second witness" not in pages[annexure]
    chain = pages[annexure]
    for expected in ("M-0001/2026", "Seal", "FSL Lucknow", "Examination", "HC Salim Ansari", "FSL clerk R. Verma",
                     "Letter 45/26", "Seized and deposited in the malkhana", "Out of the malkhana", "M-0002/2026"):  # fmt: skip
        assert expected in chain, expected
    assert chain.index("Seized and deposited") < chain.index("Letter 45/26") < chain.index("M-0002/2026")
    # The QR names the memo's FIR and carries its digest.
    [code] = qr_codes(pdf, 0)
    assert code.text == f"seizure:v1:UP-LKO-0042:2026:1:{seizure.digest}"
    assert parse_seizure_qr(code.text).digest == sha256_hex(canonical_json(seizure.content))
    assert TRAINING not in en
    _pages_numbered(pdf)


# --- training stations, start-up --------------------------------------------------------------------


def test_a_training_station_prints_every_record_with_the_watermark(
    data_dir: DataDir, keystore: KeyStore
) -> None:
    outcome = set_up_station(
        data_dir, keystore, SystemClock(), dataclasses.replace(IDENTITY, training=True), SHO, SHO_PASSWORD
    )
    svc = outcome.services
    try:
        sho = svc.accounts.login(SHO.username, SHO_PASSWORD)
        printer = svc.investigation_print
        firs = [r.id for r in svc.fir_register.page(sho, RegisterQuery(), 0, 1000)]
        with_diary = next(f for f in firs if svc.case_diary.entries(sho, f))
        seizure = next(s for f in firs for s in svc.seizures.for_fir(sho, f))
        arrest = svc.arrests.register(sho)[0]
        diary = printer.case_diary_pdf(sho, with_diary)
        assert len(english(diary)) == svc.case_diary.entries(sho, with_diary)[-1].page_end  # seeded numbering
        for pdf in (
            printer.arrest_memo_pdf(sho, arrest.id),
            printer.arrest_register_pdf(sho),
            diary,
            printer.seizure_memo_pdf(sho, seizure.id),
        ):
            assert all(TRAINING in page for page in english(pdf))
            assert all("प्रशिक्षण" in page for page in hindi(pdf))
        assert qr_codes(printer.arrest_memo_pdf(sho, arrest.id), 0)  # the watermark does not hide the code
    finally:
        svc.close()


def test_starting_the_app_does_not_load_reportlab() -> None:
    code = "import sys, station_app.core.runtime; print('reportlab' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
