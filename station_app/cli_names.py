"""`station-app transliterate TEXT`: Latin names and places in Devanagari, for scripts.

It opens no station and needs no sign-in (it touches no records), so a spreadsheet column of names
can be converted on any computer: `station-app transliterate - < names.txt` converts standard input
line by line. Devanagari in the text is kept as typed; digits and punctuation stay.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from station_app.core.errors import UsageError
from station_app.core.names.typing import transliterate, transliterate_words

if TYPE_CHECKING:
    from station_app.cli_context import CliContext

MAX_CANDIDATES = 10


def _one(text: str, limit: int) -> dict[str, Any]:
    runs = transliterate_words(text, limit)
    return {
        "input": text,
        "output": transliterate(text),
        "words": [
            {"text": run, "candidates": found} for run, found in runs if run.isascii() and run.isalpha()
        ],
    }


def cmd_transliterate(ctx: CliContext) -> int:
    limit = ctx.args.candidates
    if not 1 <= limit <= MAX_CANDIDATES:
        raise UsageError(f"--candidates must be between 1 and {MAX_CANDIDATES}, not {limit}")
    texts = [line.rstrip("\n") for line in sys.stdin] if ctx.args.text == ["-"] else [" ".join(ctx.args.text)]
    results = [_one(text, limit) for text in texts]
    if ctx.args.json:
        ctx.print(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2))
        return 0
    for result in results:
        ctx.print(result["output"])
        if limit > 1:
            for found in result["words"]:
                ctx.print(f"  {found['text']}: {', '.join(found['candidates'])}")
    return 0


def add_names_commands(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "transliterate",
        help="Latin names and places in Devanagari (no station needed)",
        description="Print TEXT in Devanagari the way names are written in Hindi (aminabad → अमीनाबाद). "
        "TEXT '-' reads standard input, one line each.",
    )
    p.add_argument("text", nargs="+", metavar="TEXT", help="the text, or - to read standard input")
    p.add_argument(
        "--candidates", type=int, default=1, metavar="N", help="also list the N best spellings of each word"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_transliterate)
