"""Printing: real PDFs, read back with pypdf and pdfium, QR codes decoded with zxing-cpp.

pypdf reads the text layer glyph by glyph, which is right for Latin text but cannot give back
shaped Devanagari (conjuncts and the reordered ``ि`` have no Unicode value). Our paragraphs carry
the source text as ``/ActualText``; pdfium honours that and pypdf does not, so Hindi is checked
through pdfium and everything else through pypdf.
"""

from __future__ import annotations

import ctypes
import io
import itertools
import re
from datetime import UTC, datetime

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
import uharfbuzz as hb
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as hs
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from station_app.core.identity import StationIdentity
from station_app.core.keys import new_recovery_key
from station_app.core.printing.document import (
    Field,
    PageSpec,
    QRCode,
    build_pdf,
    field_table,
    side_by_side,
    signature_block,
    text_flowables,
)
from station_app.core.printing.fonts import font_resource, register_fonts, styles
from station_app.core.printing.recovery_sheet import format_datetime, key_groups, render_recovery_sheet
from station_app.core.printing.text import bilingual, clean_text, paragraph, split_pieces, to_markup

CREATED = datetime(2026, 3, 12, 5, 32, tzinfo=UTC)
TRAINING = "TRAINING — NOT A LEGAL DOCUMENT"
NARRATIVE_LINE = (
    "दिनांक 12-03-2026 को समय करीब 10:30 बजे मैं अपने घर से बाज़ार जा रहा था। रास्ते में दो अज्ञात "
    "व्यक्तियों ने मेरा मोबाइल फ़ोन छीन लिया और मोटरसाइकिल पर भाग गए। The complainant states that "
    "the accused (about 25 years old) fled towards the bypass; क्षतिग्रस्त वाहन बरामद नहीं हुआ।"
)


def station(training: bool = False) -> StationIdentity:
    return StationIdentity("Haryana", "Gurugram", "Sadar Gurugram", "सदर गुरुग्राम", "HR0123", training)


def pypdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def pdfium_pages(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()  # pdfium objects are not garbage-collected promptly; close them ourselves


def flat(text: str) -> str:
    return " ".join(text.split())


def missing_in_order(expected: str, extracted: str) -> list[str]:
    """Words of ``expected`` not found, in order, among the words of ``extracted`` (which also holds
    the running headers and footers between pages)."""
    found = iter(extracted.split())
    return [word for word in expected.split() if not any(word == got for got in found)]


def render(pdf: bytes, page: int = 0, dpi: int = 150) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        image: Image.Image = doc[page].render(scale=dpi / 72).to_pil()
        return image
    finally:
        doc.close()


def sample_page(training: bool = False) -> PageSpec:
    return PageSpec(
        header_left=bilingual("Haryana Police", "हरियाणा पुलिस"),
        header_right="I.I.F.-I",
        reference="FIR 0027/2026, PS Sadar Gurugram (HR0123)",
        training=training,
    )


# --- recovery sheet -------------------------------------------------------------------------------


def test_recovery_sheet_shows_station_key_and_instructions() -> None:
    key = new_recovery_key()
    pdf = render_recovery_sheet(station(), key, CREATED)

    [english] = pypdf_pages(pdf)  # one page
    for expected in ("Sadar Gurugram", "HR0123", "Gurugram", "Haryana Police", "Page 1 of 1"):
        assert expected in english
    assert "Keep this sheet in the station safe." in flat(english)
    assert "Anyone holding it and a copy of the database can read the records." in flat(english)
    assert format_datetime(CREATED) == "12-03-2026 11:02 IST" and "12-03-2026 11:02 IST" in english
    for group in key.split("-"):
        assert group in english
    assert TRAINING not in english and "TRAINING" not in english

    [hindi] = pdfium_pages(pdf)
    for expected in ("सदर गुरुग्राम", "थाना डेटाबेस पुनर्प्राप्ति कुंजी", "पृष्ठ 1 / 1", "गोपनीय"):
        assert expected in hindi
    assert "इस पत्रक को थाने की तिजोरी में रखें।" in flat(hindi)
    assert "रखने वाले अधिकारी" in hindi and "कहाँ रखा गया" in hindi


def test_recovery_key_is_not_in_a_qr_code_or_the_metadata() -> None:
    key = new_recovery_key()
    pdf = render_recovery_sheet(station(), key, CREATED)
    assert zxingcpp.read_barcodes(render(pdf, dpi=200)) == []
    metadata = dict(pypdf.PdfReader(io.BytesIO(pdf)).metadata or {})
    compact = key.replace("-", "")
    assert not any(compact in str(v).replace("-", "") for v in metadata.values())


def test_recovery_sheet_watermarked_only_for_training_station() -> None:
    key = new_recovery_key()
    training_pdf = render_recovery_sheet(station(training=True), key, CREATED)
    normal_pdf = render_recovery_sheet(station(training=False), key, CREATED)
    # Upright in the header (pypdf reads it) and diagonal across the page (pdfium reads rotated text).
    assert TRAINING in pypdf_pages(training_pdf)[0]
    [training_text] = pdfium_pages(training_pdf)
    assert training_text.count(TRAINING) == 2 and "प्रशिक्षण" in training_text
    assert "TRAINING" not in pypdf_pages(normal_pdf)[0]
    assert "TRAINING" not in pdfium_pages(normal_pdf)[0] and "प्रशिक्षण" not in pdfium_pages(normal_pdf)[0]


def test_recovery_key_groups() -> None:
    assert key_groups("ABCD-EFGH-JK") == ["ABCD", "EFGH", "JK"]
    assert key_groups("ABCDEFGHJK") == ["ABCD", "EFGH", "JK"]
    for bad in ("", "  ", "ABCD-ÉFGH", "कुंजी"):
        with pytest.raises(ValueError):
            key_groups(bad)
    assert format_datetime(datetime(2026, 1, 2, 3, 4)) == "02-01-2026 03:04"  # naive: printed as given


# --- documents --------------------------------------------------------------------------------------


def test_long_narrative_runs_onto_continuation_sheets_with_page_x_of_y() -> None:
    st = styles()
    narrative = "\n".join([NARRATIVE_LINE * 3] * 200)[:20_000]
    assert len(narrative) == 20_000
    story = [
        paragraph(bilingual("First information contents", "प्रथम सूचना तथ्य"), st.heading),
        *text_flowables(narrative, st.body),
    ]
    pdf = build_pdf(sample_page(), story)

    pages = pypdf_pages(pdf)
    total = len(pages)
    assert total >= 5
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "FIR 0027/2026, PS Sadar Gurugram (HR0123)" in text  # a loose sheet names its record
        assert ("Continued from page" in text) == (number > 1)

    # Every word of the narrative comes back, in order, across the page breaks: the parts of a
    # paragraph split between pages each carry exactly their own words as ActualText.
    hindi_pages = pdfium_pages(pdf)
    for number, text in enumerate(hindi_pages, start=1):
        assert f"पृष्ठ {number} / {total}" in text
    assert missing_in_order(narrative, " ".join(hindi_pages)) == []


def test_one_long_paragraph_split_across_pages_keeps_its_words() -> None:
    st = styles()
    words = [f"शब्द{i} word{i}" for i in range(2500)]  # numbered, so each can be told apart
    pdf = build_pdf(sample_page(), [paragraph(" ".join(words), st.body)])
    pages = pdfium_pages(pdf)
    assert len(pages) >= 3
    # Exactly these words, each once, in order: no word lost or repeated at a page break.
    assert re.findall(r"शब्द\d+|word\d+", " ".join(pages)) == " ".join(words).split()


def test_user_text_cannot_inject_markup() -> None:
    st = styles()
    hostile = 'Rs <b>500</b> & <font name="x">cash</font> &amp; <br/> </para> a<b c & d>e'
    pdf = build_pdf(sample_page(), [paragraph(hostile, st.body), paragraph(hostile, st.body_bold)])
    text = flat(pypdf_pages(pdf)[0])
    assert text.count(flat(hostile)) == 2

    markup = to_markup("राम <i>&</i> श्याम")
    assert set(re.findall(r"<[^>]*>", markup)) == {'<font name="StationDevanagari">', "</font>"}


def test_text_is_cleaned_not_rewritten() -> None:
    messy = "a\r\nb\tc\x00d\ud800e\u2028f  क़ानून"
    assert clean_text(messy) == "a\nb cd\ufffde\nf  क़ानून"  # nukta letter kept as typed, not normalised
    pdf = build_pdf(sample_page(), [paragraph(messy, styles().body)])  # an unpaired surrogate cannot break it
    assert "b cd" in pypdf_pages(pdf)[0]


@settings(max_examples=60, deadline=None)
@given(hs.text(alphabet=hs.characters() | hs.sampled_from("<>&/;\"' \nकि्षa"), max_size=80))
def test_any_text_becomes_markup_that_parses_back_to_itself(text: str) -> None:
    para = paragraph(text, styles().body)
    parsed = "".join(" " if getattr(f, "lineBreak", False) else getattr(f, "text", "") for f in para.frags)
    # reportlab collapses white space and turns <br/> into line breaks; the words are all ours.
    assert parsed.split() == [p.text for p in split_pieces(text)]
    assert flat(clean_text(text)).replace(" ", "") == "".join(parsed.split())


def test_qr_code_decodes_even_under_the_training_watermark() -> None:
    payload = "FIR|HR0123|2026|0027|sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    for training in (False, True):
        pdf = build_pdf(
            sample_page(training), [Spacer(1, 200), side_by_side([QRCode(payload), Spacer(1, 1)])]
        )
        results = zxingcpp.read_barcodes(render(pdf, dpi=150))
        assert [(r.format, r.text) for r in results] == [(zxingcpp.BarcodeFormat.QRCode, payload)]


def test_field_table_and_signature_blocks_build_a_bilingual_form() -> None:
    long_value = "मोबाइल फ़ोन, नकद रुपये 500 और पर्स। " * 300  # longer than a page, inside one row
    story = [
        field_table(
            [
                Field("District", "ज़िला", "Gurugram / गुरुग्राम", "1."),
                Field("GD reference", "रोजनामचा संदर्भ", "GD 14 at 10:45", "3(c)"),
                Field("Properties stolen", "चोरी गई संपत्ति", long_value, "8."),
            ]
        ),
        side_by_side(
            [
                signature_block(bilingual("Complainant", "शिकायतकर्ता"), thumb_impression=True),
                signature_block(
                    bilingual("Officer in charge", "थाना प्रभारी"), name="Ram Kumar", rank="SI", number="1234"
                ),
            ]
        ),
    ]
    pdf = build_pdf(sample_page(), story)
    pages = pypdf_pages(pdf)
    assert len(pages) >= 2
    assert "GD 14 at 10:45" in pages[0] and "Ram Kumar" in pages[-1] and "1234" in pages[-1]
    hindi = " ".join(pdfium_pages(pdf))
    for label in ("1. District / ज़िला", "3(c) GD reference / रोजनामचा संदर्भ", "हस्ताक्षर या अंगूठे का निशान"):
        assert label in hindi


# --- fonts and shaping --------------------------------------------------------------------------------


def test_fonts_register_once_and_are_shapable() -> None:
    fonts = register_fonts()
    assert register_fonts() is fonts
    assert ord("क") in fonts.devanagari_chars and ord("A") in fonts.latin_chars
    assert font_resource("OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") == 1


def test_mixed_script_word_is_split_so_each_part_is_in_a_font_that_has_it() -> None:
    fonts = register_fonts()
    pieces = split_pieces("FIR/एफआईआर (हिन्दी), राम&श्याम")
    assert [(p.text, p.devanagari) for p in pieces] == [
        ("FIR/", False),
        ("एफआईआर", True),
        ("(हिन्दी),", True),
        ("राम", True),
        ("&", False),
        ("श्याम", True),
    ]
    for piece in pieces:
        chars = fonts.devanagari_chars if piece.devanagari else fonts.latin_chars
        assert all(ord(c) in chars for c in piece.text)


@pytest.mark.parametrize("word", ["हिन्दी", "क्षि", "पुनर्प्राप्ति"])
def test_devanagari_is_shaped_exactly_as_harfbuzz_shapes_it(word: str) -> None:
    """The glyphs in the PDF are HarfBuzz's glyphs for the word, not its code points one by one.

    Reference: shape ``word`` with HarfBuzz directly from the shipped font file, giving glyph ids
    and advances. Unshaped, "हिन्दी" would be six glyphs starting with ह; HarfBuzz gives five, with
    the ि moved in front and ``न्द`` joined. Then read the PDF back with pdfium, which (without
    ActualText, so a plain reportlab Paragraph here) reports one character per drawn glyph and its
    origin; reportlab's character-to-glyph map of the font turns that character back into the glyph
    id. Equal glyph ids, in order, with advances equal to 0.05 pt, prove shaping happened, with no
    dependence on anti-aliasing or pixel thresholds.
    """
    st = styles()
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph(to_markup(word), st.body)])
    doc = pdfium.PdfDocument(buffer.getvalue())
    textpage = doc[0].get_textpage()
    origins: list[float] = []
    chars: list[str] = []
    for i in range(textpage.count_chars()):
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
        origins.append(x.value)
        chars.append(chr(pdfium_raw.FPDFText_GetUnicode(textpage.raw, i)))
    doc.close()

    font = hb.Font(hb.Face(hb.Blob(font_resource("NotoSansDevanagari-Regular.ttf").read_bytes())))
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True})
    shaped = [info.codepoint for info in buf.glyph_infos]
    advances = [p.x_advance * st.body.fontSize / font.face.upem for p in buf.glyph_positions]

    char_to_glyph = pdfmetrics.getFont(register_fonts().devanagari).face.charToGlyph
    assert shaped != [char_to_glyph[ord(c)] for c in word]  # shaping changes this word
    assert [char_to_glyph[ord(c)] for c in chars] == shaped
    gaps = [b - a for a, b in itertools.pairwise(origins)]
    assert gaps == pytest.approx(advances[:-1], abs=0.05)
