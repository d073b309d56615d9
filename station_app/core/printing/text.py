"""User text to reportlab paragraphs: exact escaping, the right font for each word, extractable Hindi.

Three problems are solved here, once, so no document has to think about them:

* **Injection.** reportlab paragraphs take XML-like markup. Everything the user typed is escaped
  (``&``, ``<``, ``>``); the only tags in the result are ``<font name="...">`` with one of our own font
  names and ``<br/>`` for the user's line breaks. ``<b>`` typed by an officer prints as ``<b>``.
* **Fonts.** The shipped Noto Sans has no Devanagari and Noto Sans Devanagari no Latin letters, so
  each word goes in the font that covers it. reportlab shapes a whole word with the font of its
  first character (``shapeFragWord``), so a font change *inside* a word would draw the second part
  with the wrong glyph numbers (we saw boxes). A word that really mixes scripts, like
  ``FIR/एफआईआर``, is therefore split into one word per script: it prints as ``FIR/ एफआईआर``, a
  small visible gap in exchange for correct letters. Digits and punctuation are in both fonts and
  stay with their neighbours, so ``(हिन्दी),`` is one Devanagari word.
* **Extraction.** Shaped Devanagari is drawn as glyphs in visual order, some of which (conjuncts,
  the pre-base ``ि``) have no Unicode value, so copying text out of the PDF gives garbage. Each
  paragraph is wrapped in a marked-content span carrying ``/ActualText`` (PDF 1.5, §14.9.4) with
  the exact source text, which readers such as pdfium and Acrobat return instead of the glyphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from station_app.core.printing.fonts import FontSet, register_fonts

# Devanagari, Devanagari Extended, Vedic Extensions, Devanagari Extended-A.
_DEVANAGARI_BLOCKS = ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF), (0x11B00, 0x11B5F))
_NEWLINES = frozenset("\r\x0b\x0c\x85\u2028\u2029")


def is_devanagari(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _DEVANAGARI_BLOCKS)


def clean_text(text: str) -> str:
    """Make user text printable without changing what it says.

    Any line-break convention becomes ``\\n`` and tabs become spaces (a paragraph has no tab stops).
    Other control characters are invisible and can upset PDF readers, so they are dropped; an
    unpaired surrogate cannot be encoded at all and becomes U+FFFD, so the reader sees *something*
    was there. Nothing else is normalised: a legal text is printed as typed.
    """
    out: list[str] = []
    for ch in text.replace("\r\n", "\n"):
        cp = ord(ch)
        if ch == "\n" or ch in _NEWLINES:
            out.append("\n")
        elif ch == "\t":
            out.append(" ")
        elif cp < 0x20 or 0x7F <= cp <= 0x9F:
            continue
        elif 0xD800 <= cp <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def escape(text: str) -> str:
    """Escape for reportlab's paragraph parser; ``&`` first so the entities we add stay intact."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Piece:
    """One word as reportlab will see it: a run of one script, drawn in one font.

    ``sep`` is what stood before it in the source: ``" "``, one ``"\\n"`` per line break, or ``""``
    for the first piece and for the second part of a word split at a script change.
    """

    text: str
    devanagari: bool
    sep: str


def split_pieces(text: str, fonts: FontSet | None = None) -> list[Piece]:
    fonts = fonts or register_fonts()
    pieces: list[Piece] = []
    last_line = 0
    for line_no, line in enumerate(clean_text(text).split("\n")):
        for word in line.split():
            if not pieces:
                sep = ""
            elif line_no != last_line:
                sep = "\n" * (line_no - last_line)
            else:
                sep = " "
            last_line = line_no
            for i, (run, devanagari) in enumerate(_script_runs(word, fonts)):
                pieces.append(Piece(run, devanagari, sep if i == 0 else ""))
    return pieces


def _script_runs(word: str, fonts: FontSet) -> list[tuple[str, bool]]:
    """Split a word where it changes script; characters both fonts have join their neighbours."""
    kinds: list[bool | None] = []  # True: Devanagari font, False: Latin font, None: either
    for ch in word:
        cp = ord(ch)
        in_latin, in_deva = cp in fonts.latin_chars, cp in fonts.devanagari_chars
        if is_devanagari(ch):
            kinds.append(True)  # even if the font lacks it: its notdef box is the honest result
        elif in_latin and in_deva:
            kinds.append(None)  # digits, most punctuation, ZWJ/ZWNJ, the rupee sign
        else:
            # In Latin only, or in neither font (another script): Noto Sans is the wider fallback.
            kinds.append(in_deva and not in_latin)
    decided = [k for k in kinds if k is not None]
    if not decided or all(k is False for k in decided):
        return [(word, False)]
    if all(decided):
        return [(word, True)]
    runs: list[tuple[str, bool]] = []
    current = decided[0]  # leading neutral characters go with the first script in the word
    start = 0
    for i, kind in enumerate(kinds):
        if kind is not None and kind != current:
            runs.append((word[start:i], current))
            start, current = i, kind
    runs.append((word[start:], current))
    return runs


def to_markup(text: str, *, bold: bool = False) -> str:
    """Safe reportlab markup for plain user text (use with a style from ``fonts.styles()``)."""
    fonts = register_fonts()
    return _markup(split_pieces(text, fonts), fonts.devanagari_bold if bold else fonts.devanagari)


def _markup(pieces: Sequence[Piece], devanagari_font: str) -> str:
    parts: list[str] = []
    for piece in pieces:
        if piece.sep:
            parts.append("<br/>" * piece.sep.count("\n") or " ")
        elif parts:
            # A split mixed-script word: reportlab only separates words at white space.
            parts.append(" ")
        body = escape(piece.text)
        parts.append(f'<font name="{devanagari_font}">{body}</font>' if piece.devanagari else body)
    return "".join(parts)


class TextParagraph(Paragraph):  # type: ignore[misc]  # reportlab has no type information
    """A paragraph of user text that also carries that text as ``/ActualText`` for extraction.

    Build it with :func:`paragraph`. When reportlab splits it across pages, each part keeps its own
    share of the words; if the share cannot be worked out exactly (reportlab broke a very long word
    into pieces), the parts carry no ActualText rather than a wrong one.
    """

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle | None = None,
        bulletText: str | None = None,  # reportlab's own keyword names
        frags: list[Any] | None = None,
        caseSensitive: int = 1,
        encoding: str = "utf8",
    ) -> None:
        # reportlab's split() calls this with the same positional/keyword shape, so keep it.
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        self.pieces: tuple[Piece, ...] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) == 2 and isinstance(parts[0], TextParagraph) and isinstance(parts[1], TextParagraph):
            first, rest = parts  # made by reportlab through our __init__, so pieces is None
            if self.pieces is not None:
                taken = _word_count(first)
                if taken is not None and _word_count(self) == len(self.pieces):
                    first.pieces = self.pieces[:taken]
                    rest.pieces = self.pieces[taken:]
        return parts

    def draw(self) -> None:
        if not self.pieces:
            super().draw()
            return
        actual = "".join(p.sep + p.text for p in self.pieces).lstrip()
        hex_text = ("\ufeff" + actual).encode("utf-16-be").hex().upper()
        # Hex string: nothing the user typed can end the PDF string or the dictionary early.
        self.canv.addLiteral(f"/Span <</ActualText <{hex_text}>>> BDC")
        super().draw()
        self.canv.addLiteral("EMC")


def _word_count(para: TextParagraph) -> int | None:
    bl_para = getattr(para, "blPara", None)
    if bl_para is None or getattr(bl_para, "kind", 0) != 1:
        return None
    counts = [getattr(line, "wordCount", None) for line in bl_para.lines]
    return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)


def paragraph(text: str, style: ParagraphStyle) -> TextParagraph:
    """A paragraph showing ``text`` literally, in ``style`` (one of ``fonts.styles()``)."""
    fonts = register_fonts()
    pieces = split_pieces(text, fonts)
    para = TextParagraph(_markup(pieces, fonts.devanagari_for(style.fontName)), style)
    para.pieces = tuple(pieces)
    return para


def bilingual(english: str, hindi: str) -> str:
    """The house format for a bilingual label: English first, then Hindi."""
    return f"{english} / {hindi}" if hindi else english
