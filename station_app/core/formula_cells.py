"""Spreadsheet cells the app writes are never formulas (CSV/formula injection, OWASP).

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
some versions also after a leading tab or carriage return. A name typed as
``=HYPERLINK("http://…","click")`` would become a live link (or worse) in the problem report an
officer opens. So every text value written to a CSV or XLSX file that starts with one of those
characters gets a leading apostrophe, as OWASP advises; the spreadsheet then shows it as text.

Decided for numbers: a value that is a plain number (``-5``, ``+91``, ``-0.25``, ``1e3``) is left as
it is, because no formula can hide in it, and numbers stay numbers (in XLSX a Python int or float is
written as a numeric cell and never touched). ``-5 + A1`` is not a plain number and is neutralised.

The importer undoes the apostrophe (``restore``), so a report fixed in Excel and imported again
yields exactly the values that were typed, apostrophe-free.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_PLAIN_NUMBER = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)  # ASCII digits: Excel reads no others


def _would_run(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` (after any apostrophes already in front) as a formula."""
    bare = text.lstrip(QUOTE)
    return bare.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(bare)


def neutralise(text: str) -> str:
    """``text`` as a cell that cannot run as a formula. A value that already starts with apostrophes
    before such a character gets one more, so that ``restore`` gives it back exactly."""
    return QUOTE + text if _would_run(text) else text


def neutralise_cell(value: object) -> object:
    """For XLSX: numbers, dates and empty cells as they are; text through ``neutralise``."""
    return neutralise(value) if isinstance(value, str) else value


def restore(text: str) -> str:
    """The value before ``neutralise``: the apostrophe it added comes off again on import (as Excel
    hides an apostrophe typed before a value to keep it text)."""
    return text[1:] if text.startswith(QUOTE) and _would_run(text[1:]) else text
