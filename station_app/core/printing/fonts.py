"""The fonts and paragraph styles every printed document uses.

Fonts are the OFL Noto faces shipped in ``resources/fonts`` (see its README.md). They are registered
with reportlab as *shapable* TrueType fonts, so with ``uharfbuzz`` installed and ``shaping=1`` on a
style, reportlab runs HarfBuzz over each word: Devanagari conjuncts, half forms and the pre-base
``ि`` matra come out as they should instead of as a row of unjoined letters.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Our own registry names: reportlab's font registry is process-wide, and names of our own cannot be
# taken by some other code registering "NotoSans" with different options (e.g. without shaping).
LATIN = "StationSans"
LATIN_BOLD = "StationSans-Bold"
DEVANAGARI = "StationDevanagari"
DEVANAGARI_BOLD = "StationDevanagari-Bold"
# The recovery key is ASCII only; a base-14 font needs no file and every PDF reader has one.
MONO_BOLD = "Courier-Bold"

_FILES = {
    LATIN: "NotoSans-Regular.ttf",
    LATIN_BOLD: "NotoSans-Bold.ttf",
    DEVANAGARI: "NotoSansDevanagari-Regular.ttf",
    DEVANAGARI_BOLD: "NotoSansDevanagari-Bold.ttf",
}

# Text is black; rules and secondary text are a dark grey that still photocopies well.
INK = colors.black
GREY = colors.Color(0.35, 0.35, 0.35)


@dataclass(frozen=True)
class FontSet:
    """The registered font names and which characters each family can draw."""

    latin: str
    latin_bold: str
    devanagari: str
    devanagari_bold: str
    latin_chars: frozenset[int]
    devanagari_chars: frozenset[int]

    def devanagari_for(self, latin_font: str) -> str:
        """The Devanagari face that matches a style's (Latin) font: bold goes with bold."""
        if latin_font == self.latin:
            return self.devanagari
        if latin_font == self.latin_bold:
            return self.devanagari_bold
        raise ValueError(f"{latin_font!r} is not one of the printing fonts; use a style from styles()")


def font_resource(file_name: str) -> Traversable:
    """The one place that knows where the shipped fonts live (a source tree, a wheel or a frozen app).

    Installed, ``resources`` is a package next to ``station_app``. An editable install made before
    ``resources`` existed does not map it, and a script run from elsewhere does not have the
    repository on ``sys.path``; then the folder is found relative to this package in the checkout.
    """
    try:
        return resources.files("resources.fonts").joinpath(file_name)
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parents[3]  # printing -> core -> station_app -> checkout
        return checkout / "resources" / "fonts" / file_name


_register_lock = threading.Lock()


@functools.cache
def register_fonts() -> FontSet:
    """Register the printing fonts with reportlab, once per process; later calls return the same set.

    The cache is the idempotence guard; the lock stops two threads that print at the same moment
    from both parsing the fonts and racing on reportlab's registry.
    """
    with _register_lock:
        for name, file_name in _FILES.items():
            with resources.as_file(font_resource(file_name)) as path:
                # TTFont reads the whole file into memory here, so a temporary path is enough.
                pdfmetrics.registerFont(TTFont(name, str(path), shapable=True))
            if not pdfmetrics.getFont(name).shapable:
                # Either uharfbuzz is missing or the same face was registered earlier, unshaped, by
                # other code (reportlab then reuses that object). Printing unshaped Hindi is wrong.
                raise RuntimeError(f"font {name} cannot be shaped; is uharfbuzz installed?")
        pdfmetrics.registerFontFamily(
            LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN, boldItalic=LATIN_BOLD
        )
        pdfmetrics.registerFontFamily(
            DEVANAGARI, normal=DEVANAGARI, bold=DEVANAGARI_BOLD, italic=DEVANAGARI, boldItalic=DEVANAGARI_BOLD
        )
        return FontSet(
            latin=LATIN,
            latin_bold=LATIN_BOLD,
            devanagari=DEVANAGARI,
            devanagari_bold=DEVANAGARI_BOLD,
            latin_chars=_chars(LATIN) & _chars(LATIN_BOLD),
            devanagari_chars=_chars(DEVANAGARI) & _chars(DEVANAGARI_BOLD),
        )


def _chars(font_name: str) -> frozenset[int]:
    # Only the code points the font's cmap had when loaded: shaping later adds private-use entries
    # to reportlab's map (its way of naming ligature glyphs), and those must not count as coverage.
    face = pdfmetrics.getFont(font_name).face
    return frozenset(c for c in face.charToGlyph if not 0xE000 <= c <= 0xF8FF)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for printed documents; use them with ``text.paragraph``."""

    body: ParagraphStyle  # values and narrative
    body_bold: ParagraphStyle
    label: ParagraphStyle  # bilingual field labels: "English / हिन्दी"
    heading: ParagraphStyle  # section headings inside a document
    title: ParagraphStyle  # the document title, centred
    small: ParagraphStyle  # running header/footer, notes
    small_right: ParagraphStyle
    small_center: ParagraphStyle


def styles() -> Styles:
    """A fresh set of styles (reportlab styles are mutable, so callers may adjust their own copy).

    Devanagari needs more line space than Latin: matras rise above the headline and conjuncts hang
    below it. Leading is therefore about 1.5 times the size (Odisha's rule for FIRs is 1.5 spacing).
    """
    fonts = register_fonts()

    def style(name: str, font: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
        # shaping=1 is the switch that makes reportlab run HarfBuzz; without it Hindi is garbled.
        options: dict[str, object] = {"textColor": INK, **extra}
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, shaping=1, **options)

    return Styles(
        body=style("body", fonts.latin, 10.5, 16),
        body_bold=style("body_bold", fonts.latin_bold, 10.5, 16),
        label=style("label", fonts.latin, 8.5, 12.5, textColor=GREY),
        heading=style("heading", fonts.latin_bold, 11.5, 17, spaceBefore=6, spaceAfter=4),
        title=style("title", fonts.latin_bold, 14, 21, alignment=TA_CENTER, spaceAfter=6),
        small=style("small", fonts.latin, 8, 12, alignment=TA_LEFT),
        small_right=style("small_right", fonts.latin, 8, 12, alignment=TA_RIGHT),
        small_center=style("small_center", fonts.latin, 8, 12, alignment=TA_CENTER),
    )
