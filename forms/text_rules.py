"""What text and numbers a record may hold: one rule for the station's forms and importers and for
the state server's check of every mutation (docs/sync-protocol.md §5.0).

Text never holds control characters (Unicode category Cc: NUL, escape, the C1 block...) except tab,
line feed and carriage return, and never a lone surrogate (half of a UTF-16 pair, which no UTF-8
file or database can store). A one-line field holds no line break or tab either. Format characters
such as the zero-width joiner stay: Hindi typing needs them.

Numbers stay within what every database and JSON reader holds exactly: a payload's integers are
32-bit, numbers inside frozen content at most 2^53 - 1. Pure functions, standard library only, so
the server uses them without the station app.
"""

from __future__ import annotations

import re

INT32_MAX = 2**31 - 1  # PostgreSQL integer columns
SAFE_INT_MAX = 2**53 - 1  # the largest integer every JSON reader (JavaScript too) keeps exactly

# Always refused: C0 controls except tab, LF and CR; DEL and the C1 block; lone surrogates.
_NEVER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Refused in one-line fields as well: tab and line breaks.
_NOT_ON_ONE_LINE = re.compile(r"[\t\n\r\u2028\u2029]")
_NAMES = {
    "\x00": "a NUL character",
    "\x1b": "an escape character",
    "\x7f": "a delete character",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a line break",
    "\u2028": "a line break",
    "\u2029": "a paragraph break",
}


def _name(ch: str) -> str:
    if "\ud800" <= ch <= "\udfff":
        return f"a broken character (half of a surrogate pair, U+{ord(ch):04X})"
    return _NAMES.get(ch, f"an invisible control character (U+{ord(ch):04X})")


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be stored as it is, in words for the person who typed it; None when fine.

    ``multiline``: a narrative (details, facts, addresses), where line breaks and tabs belong."""
    found = _NEVER.search(text)
    if found is None and not multiline:
        found = _NOT_ON_ONE_LINE.search(text)
        if found is not None:
            return (
                f"This is a one-line field: it cannot hold {_name(found.group())} "
                f"(character {found.start() + 1}). Keep it on one line."
            )
    if found is None:
        return None
    return (
        f"Contains {_name(found.group())} at character {found.start() + 1}, which cannot be stored. "
        "Retype that part (it often comes with text pasted from another program)."
    )


def wire_text_problem(text: str) -> str | None:
    """The sync protocol's rule for any string: control characters other than tab, line feed and
    carriage return, and lone surrogates, are refused (short, value-free words for a server reply)."""
    found = _NEVER.search(text)
    if found is None:
        return None
    ch = found.group()
    kind = "a lone surrogate" if "\ud800" <= ch <= "\udfff" else "a control character"
    return f"contains {kind} (U+{ord(ch):04X}) at character {found.start() + 1}"


def int_problem(value: int, low: int = -INT32_MAX, high: int = INT32_MAX) -> str | None:
    """Why a whole number is out of range (value-free words), or None."""
    if low <= value <= high:
        return None
    return f"a number out of range (allowed {low} to {high})"
