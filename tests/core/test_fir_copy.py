"""The printed IIF-1 FIR copy, read back from real PDFs.

pypdf reads the English text (normalised with NFKC: the font's "ff"/"fi" ligatures come back as one
character), pdfium reads Hindi through the ``/ActualText`` our paragraphs carry, and zxing-cpp
decodes the QR codes from a 200 dpi pdfium render.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.lib.units import mm

from forms.schema import FormDef, parse_form
from station_app.core.printing.fir_copy import (
    COPY_BANDS,
    CopyKind,
    FirQr,
    fir_qr_payload,
    parse_fir_qr,
    render_fir_copy,
)
from station_app.core.printing.fir_text import COPY_FOOTERS, ROAC_EN, ROAC_HI, rupees, when
from tests.fixtures import fir_samples as samples
from tests.helpers.pdf import english, hindi, qr_codes

TRAINING = "TRAINING — NOT A LEGAL DOCUMENT"
# Items the definition does not hold, printed by the copy itself (English, Hindi).
FIXED_ITEMS = [
    ("1. District", "ज़िला"),
    ("P.S.", "थाना"),
    ("Year", "वर्ष"),
    ("FIR No.", "प्राथमिकी सं."),
    ("Date and time of FIR", "प्राथमिकी का दिनांक एवं समय"),
    ("10. Total value of property (₹)", "संपत्ति का कुल मूल्य (₹)"),
    ("14. Signature / thumb impression of the complainant / informant", "अंगूठे का निशान"),
    ("Signature of the officer in charge", "थाना प्रभारी के हस्ताक्षर"),
    ("15. Date and time of dispatch to the court", "न्यायालय को प्रेषण का दिनांक एवं समय"),
]


@functools.cache
def form() -> FormDef:
    return samples.fir_form()


def render(content: Mapping[str, Any], copy: CopyKind = "informant", **kwargs: Any) -> bytes:
    return render_fir_copy(
        content,
        digest=samples.fir_digest(dict(content)),
        copy=copy,
        form=kwargs.pop("form", form()),
        training=kwargs.pop("training", False),
        **kwargs,
    )


def char_boxes(pdf: bytes, page: int) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in points of every character pdfium finds on ``page``."""
    doc = pdfium.PdfDocument(pdf)
    try:
        text = doc[page].get_textpage()
        return [text.get_charbox(i) for i in range(text.count_chars())]
    finally:
        doc.close()


def missing_in_order(expected: str, extracted: str) -> list[str]:
    """Words of ``expected`` not found, in order, among the words of ``extracted``."""
    found = iter(extracted.split())
    return [word for word in expected.split() if not any(word == got for got in found)]


# --- every item, both languages ---------------------------------------------------------------------


def test_every_iif_item_is_printed_with_bilingual_labels() -> None:
    content = samples.typical_fir_content()
    pdf = render(content)
    en_pages, hi_pages = english(pdf), hindi(pdf)
    en, hi = " ".join(en_pages), " ".join(hi_pages)

    assert "FIRST INFORMATION REPORT (Under Section 173 B.N.S.S.)" in en
    assert form().title_hi in hi
    assert "Uttar Pradesh Police" in en and "I.I.F.-I" in en
    # Items 2 to 13 come from the definition, in its order, with its labels in both languages.
    for group in form().groups:
        assert f"{group.item}. {group.label_en}" in en, group.key
        assert f"{group.item}. {group.label_en} / {group.label_hi}" in hi, group.key
        fields = [
            f for f in form().fields_in(group.key) if f.printed
        ]  # (the IPC 377 tick box is not printed)
        # A one-field item is its heading and value; the victim's item is empty here (the complainant
        # is the victim) and printed as a dash: its labels are checked in test_victim_identity_print.
        for field in fields if len(fields) > 1 and group.key != "victim" else []:
            assert f"{field.label_en} / {field.label_hi}" in hi, field.name
    positions = [en.index(f"{g.item}. {g.label_en}") for g in form().groups]
    assert positions == sorted(positions)  # paper order
    for label_en, label_hi in FIXED_ITEMS:
        assert label_en in en and label_hi in hi, label_en

    # Values: identity, sections, dates in IST, the property total with Indian grouping.
    for expected in (
        "Lucknow",
        "0099/2026",
        "14-03-2026 11:20 IST",
        "304(2)",
        "Snatching",
        "Common intention",
        "No. 45/2026, 14-03-2026 10:55 IST",  # item 3(c) from the registered GD entry
        "13-03-2026 21:40 IST (Friday",
        "Deepak Yadav, Sub-Inspector, No. PIS-2217",  # item 13's IO, from the content
        "Sonu",
        "Golu",
        "₹ 1,00,000.00",
        "₹ 18,499.00",
        "₹ 1,22,999.00",
        "Anil Kumar Singh",
        "PIS-1001",
        ROAC_EN,
    ):
        assert expected in en, expected
    for expected in ("हज़रतगंज", "झपटमारी", "राजेश कुमार वर्मा", ROAC_HI, "मतदाता पहचान पत्र", "पिता"):
        assert expected in hi, expected

    total = len(en_pages)
    assert total >= 2
    for number, (en_page, hi_page) in enumerate(zip(en_pages, hi_pages, strict=True), start=1):
        assert f"Page {number} of {total}" in en_page
        assert f"पृष्ठ {number} / {total}" in hi_page
        assert "FIR 0099/2026 · P.S. Hazratganj (UP-LKO-0042)" in en_page  # a loose sheet names its record


def test_empty_items_print_a_dash_and_are_never_left_out() -> None:
    pdf = render(samples.minimal_fir_content(), copy="court")
    en, hi = " ".join(english(pdf)), " ".join(hindi(pdf))
    for group in form().groups:
        assert f"{group.item}. {group.label_en}" in en, group.key
    for label_en, _ in FIXED_ITEMS:
        assert label_en in en, label_en
    assert en.count("—") >= 20  # beat, relative, ID documents, e-mail...
    # An item with nothing in it is one line: its heading, then a dash.
    compact = "".join(hi.split())
    for group in form().groups:
        if group.key in ("victim", "accused", "delay", "property", "inquest"):
            assert "".join(f"{group.label_en} / {group.label_hi}".split()) + "—" in compact, group.key
    assert "संपत्तिकाकुलमूल्य(₹)—" in compact  # item 10: no property, no total


def test_layout_follows_the_form_definition() -> None:
    raw = json.loads(
        resources.files("forms.definitions").joinpath("iif1_fir.json").read_text(encoding="utf-8")
    )
    place = next(g for g in raw["groups"] if g["key"] == "place")
    place["fields"].insert(
        2, {"name": "landmark", "type": "text", "label_en": "Landmark", "label_hi": "पहचान चिह्न"}
    )
    place["label_en"] = "Place of occurrence (as defined)"
    changed = parse_form(raw)
    content = samples.typical_fir_content()
    content["values"]["landmark"] = "Opposite the Lalbagh post office"
    pdf = render(content, form=changed)
    en, hi = " ".join(english(pdf)), " ".join(hindi(pdf))
    assert "5. Place of occurrence (as defined)" in en
    assert "(c) Landmark" in en and "Opposite the Lalbagh post office" in en and "पहचान चिह्न" in hi


# --- the narrative ----------------------------------------------------------------------------------


def test_a_30000_character_narrative_runs_onto_continuation_sheets() -> None:
    content = samples.long_narrative_fir_content(30_000)
    narrative = content["values"]["narrative"]
    assert len(narrative) == 30_000
    pdf = render(content, copy="court")
    en_pages, hi_pages = english(pdf), hindi(pdf)
    total = len(en_pages)
    assert total >= 6
    for number, text in enumerate(en_pages, start=1):
        assert f"Page {number} of {total}" in text
        assert ("Continued from page" in text) == (number > 1)
    hi = " ".join(hi_pages)
    assert narrative.split()[0] == "NARRATIVE-START" and "NARRATIVE-START" in hi
    assert narrative.endswith("NARRATIVE-END") and "NARRATIVE-END" in hi
    assert hi.index("NARRATIVE-START") < hi.index("NARRATIVE-END") < hi.index("13. Action taken")
    # Every word, in order, across the page breaks.
    assert missing_in_order(narrative, hi) == []
    # And what follows the narrative is still all there, on the last sheets.
    assert ROAC_EN in " ".join(en_pages[-2:])


# --- QR code ----------------------------------------------------------------------------------------


def test_qr_code_on_page_one_and_the_last_page_carries_the_digest() -> None:
    content = samples.typical_fir_content()
    digest = samples.fir_digest(content)
    pdf = render(content)
    pages = len(english(pdf))
    payload = fir_qr_payload(content, digest)
    assert payload == f"fir:v1:UP-LKO-0042:2026:FIR:99:{digest}"

    first = qr_codes(pdf, 0)
    assert [(c.format, c.text) for c in first] == [(zxingcpp.BarcodeFormat.QRCode, payload)]
    height = 297 / 25.4 * 200
    assert first[0].position.top_left.y > height * 0.8  # at the foot of page 1
    last = qr_codes(pdf, pages - 1)
    assert [c.text for c in last] == [payload]
    for middle in range(1, pages - 1):
        assert qr_codes(pdf, middle) == []

    assert parse_fir_qr(last[0].text) == FirQr("UP-LKO-0042", 2026, "FIR", 99, digest)

    # Page 1's text stops above the code; the pages after it use their full height again.
    floor, qr_top, qr_right = (12 + 9) * mm, (12 + 9 + 24) * mm, (30 + 24) * mm
    in_qr_area = [b for b in char_boxes(pdf, 0) if b[0] < qr_right and floor < b[1] < qr_top]
    assert in_qr_area == []
    assert any(floor < b[1] < qr_top for b in char_boxes(pdf, 1))
    metadata: Mapping[str, Any] = pypdf.PdfReader(io.BytesIO(pdf)).metadata or {}
    assert digest in str(metadata.get("/Subject"))
    assert f"SHA-256: {digest[:16]}…" in hindi(pdf)[0]


def test_zero_fir_qr_and_a_training_copy_still_scan() -> None:
    content = samples.zero_fir_content()
    pdf = render(content, copy="sp", training=True, transfer=samples.ZERO_TRANSFER)
    [code] = qr_codes(pdf, 0)
    qr = parse_fir_qr(code.text)
    assert (qr.series, qr.number, qr.digest) == ("ZERO", 3, samples.fir_digest(content))


def test_parse_fir_qr_rejects_anything_malformed() -> None:
    digest = "ab" * 32
    good = f"fir:v1:HR0123:2026:FIR:27:{digest}"
    assert parse_fir_qr(good) == FirQr("HR0123", 2026, "FIR", 27, digest)
    bad = [
        "",
        good + "\n",
        " " + good,
        good.upper(),
        good.replace("v1", "v2"),
        good.replace("fir:", "gd:", 1),
        good.replace(":FIR:", ":fir:"),
        good.replace(":FIR:", ":OTHER:"),
        good.replace(":27:", ":0:"),
        good.replace(":27:", ":-27:"),
        good.replace(":27:", ":027:"),
        good.replace(":2026:", ":26:"),
        good.replace(":2026:", ":२०२६:"),  # Devanagari digits are digits to Python, not to us
        good[:-1],
        good + "0",
        good.replace(digest, "AB" * 32),
        good.replace("HR0123", "HR:0123"),
        good.replace("HR0123", ""),
        good + ":extra",
    ]
    for payload in bad:
        with pytest.raises(ValueError):
            parse_fir_qr(payload)
    with pytest.raises(ValueError):
        parse_fir_qr(None)  # type: ignore[arg-type]
    content = samples.typical_fir_content()
    with pytest.raises(ValueError):
        fir_qr_payload(content, "not-a-digest")
    content["station"]["station_code"] = "UP:LKO"
    with pytest.raises(ValueError):
        render(content)


# --- sensitive cases: tests/core/test_victim_identity_print.py ---------------------------------------


# --- marks, bands, watermark ------------------------------------------------------------------------


def test_copy_bands_differ() -> None:
    content = samples.typical_fir_content()
    texts = {
        copy: (" ".join(english(render(content, copy))), " ".join(hindi(render(content, copy))))
        for copy in COPY_BANDS
    }
    for copy, (en, hi) in texts.items():
        band_en, band_hi = COPY_BANDS[copy]
        assert band_en in en and band_hi in hi
        for other, (other_en, _) in COPY_BANDS.items():
            if other != copy:
                assert other_en not in en
        assert COPY_FOOTERS[copy] in hi
    with pytest.raises(ValueError):
        render(content, "accused")  # type: ignore[arg-type]


def test_training_watermark_only_when_training() -> None:
    content = samples.typical_fir_content()
    training, normal = render(content, training=True), render(content)
    assert all(TRAINING in page for page in english(training))
    assert all("प्रशिक्षण" in page for page in hindi(training))
    assert not any("TRAINING" in page for page in english(normal))
    assert not any("प्रशिक्षण" in page for page in hindi(normal))


def test_alteration_memos_are_printed_after_the_fir() -> None:
    content = samples.typical_fir_content()
    pdf = render(content, alterations=samples.alterations())
    en_pages = english(pdf)
    en, hi = " ".join(en_pages), " ".join(hindi(pdf))
    assert all("2 alteration memos" in page for page in en_pages)  # every page's header
    assert "This FIR has 2 alteration memo(s), printed after it" in en
    assert (
        en.index("15. Date and time of dispatch")
        < en.index("Alteration memo No. 1")
        < en.index("Alteration memo No. 2")
    )
    for expected in (
        "309(4)",
        "Robbery",
        "317(2)",
        "16-03-2026 14:30 IST",
        "medical report dated 15-03-2026",
    ):
        assert expected in en, expected
    assert "धारा परिवर्तन ज्ञापन सं. 1" in hi and "लूट" in hi
    plain = " ".join(english(render(content)))
    assert "Alteration memo" not in plain and "alteration memo" not in plain


def test_zero_fir_is_marked_with_its_transfer() -> None:
    content = samples.zero_fir_content()
    pending = " ".join(english(render(content, copy="court")))
    assert "ZERO FIR" in pending and "Z-0003/2026" in pending and "Zero FIR No." in pending
    assert "Not yet transferred to the P.S. with jurisdiction" in pending
    done = render(content, copy="court", transfer=samples.ZERO_TRANSFER)
    en, hi = " ".join(english(done)), " ".join(hindi(done))
    for expected in ("Kotwali Nagar, Barabanki, Uttar Pradesh", "14-03-2026 16:05 IST", "HZG/ZFIR/3/2026"):
        assert expected in en
    assert "ज़ीरो एफ.आई.आर." in hi
    assert "ZERO FIR" not in " ".join(english(render(samples.typical_fir_content())))


def test_efir_digitised_record_and_dispatch() -> None:
    efir = " ".join(english(render(samples.efir_content())))
    assert "e-FIR" in efir and "13-03-2026 23:10 IST" in efir and "14-03-2026 10:40 IST" in efir
    legacy = " ".join(english(render(samples.legacy_content())))
    assert "DIGITISED RECORD" in legacy and "FIR register vol. 3, p. 118" in legacy
    assert "DIGITISED RECORD" not in " ".join(english(render(samples.typical_fir_content())))
    dispatch = {"at": "2026-03-14T18:00:00+05:30", "carried_by": "HC Ram Prasad No. 889"}
    sent = " ".join(english(render(samples.typical_fir_content(), copy="court", dispatch=dispatch)))
    assert "HC Ram Prasad No. 889" in sent and "14-03-2026 18:00 IST" in sent


def test_same_content_same_bytes() -> None:
    content = samples.typical_fir_content()
    assert render(content) == render(content)


# --- formatting -------------------------------------------------------------------------------------


def test_rupees_use_indian_digit_grouping() -> None:
    assert rupees(Decimal("123456")) == "₹ 1,23,456.00"
    assert rupees(Decimal("1234567890.5")) == "₹ 1,23,45,67,890.50"
    assert rupees(Decimal("999")) == "₹ 999.00"
    assert rupees(Decimal("1000")) == "₹ 1,000.00"
    assert rupees(Decimal("0.05")) == "₹ 0.05"
    assert rupees(Decimal("100000")) == "₹ 1,00,000.00"


def test_times_are_printed_in_ist() -> None:
    assert when("2026-03-14T05:50:00+00:00") == "14-03-2026 11:20 IST"
    assert when("2026-03-14T11:20:00+05:30") == "14-03-2026 11:20 IST"
    assert when(None) == "—"


def test_a_digitised_fir_from_before_july_2024_prints_its_crpc_caption_and_paper_gd() -> None:
    content = samples.legacy_content()
    content.update(
        year=2019, number=45, fir_no="0045/2019", registered_at="2019-03-04T11:00:00+05:30", gd_entry=None,
        legacy={"source_reference": "FIR register vol. 3, p. 118", "gd_reference": "GD No. 17 at 10:40"},
    )  # fmt: skip
    text = " ".join(english(render(content)))
    assert "Under Section 154 Cr.P.C." in text and "173 B.N.S.S." not in text
    assert "GD No. 17 at 10:40" in text
    assert "Under Section 173 B.N.S.S." in " ".join(english(render(samples.typical_fir_content())))
