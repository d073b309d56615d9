"""Hindi typing accuracy: top-1 and top-3 on held-out name/place pairs (goal top-1 ≥ 90 %, top-3 ≥ 98 %).

The pairs are the lexicon words of two folds of seven (``core.names.suggest_eval``), typed as people
spell them; the transliterator is built from the other words only, so every pair is a name it has never
seen. Baseline: the letter-by-letter rules Hindi typing used before (``typing.spell``), one answer.

A second pair of figures is the commoner case: a name the lexicon has, typed in a spelling it does not
list ("suneeta", "chowdhury"; those spellings are taken out of the lexicon for the measurement).
"""

from __future__ import annotations

from pathlib import Path

from bench.common import Result
from station_app.core.names.suggest import lexicon_entries
from station_app.core.names.suggest_eval import (
    held_out_accuracy,
    measure,
    split,
    split_spellings,
    variant_accuracy,
)
from station_app.core.names.typing import spell

TOP1_GOAL = 90.0
TOP3_GOAL = 98.0


def run(workdir: Path, quick: bool) -> list[Result]:
    entries = lexicon_entries()
    ours = held_out_accuracy(entries)
    _train, test = split(entries)
    before = measure(lambda latin: [spell(latin)], test)
    variants = variant_accuracy(entries)
    before_variants = measure(lambda latin: [spell(latin)], split_spellings(entries)[1])
    out: list[Result] = []
    for label, value, base, goal, pairs, what in (
        ("top-1", ours.top1, before.top1, TOP1_GOAL, ours.pairs, "held-out name/place pairs unseen by the lexicon"),
        ("top-3", ours.top3, before.top3, TOP3_GOAL, ours.pairs, "held-out name/place pairs unseen by the lexicon"),
        ("top-1 (known names, other spellings)", variants.top1, before_variants.top1, TOP1_GOAL, variants.pairs,
         "known names typed in spellings the lexicon does not list"),
        ("top-3 (known names, other spellings)", variants.top3, before_variants.top3, TOP3_GOAL, variants.pairs,
         "known names typed in spellings the lexicon does not list"),
    ):  # fmt: skip
        verdict = "PASS" if value >= goal else "FAIL"
        out.append(
            Result(
                name=f"transliteration {label} % (goal ≥{goal:.0f}: {verdict})",
                ours=round(value, 1),
                baseline_name="letter-by-letter",
                baseline=round(base, 1),
                unit="% of held-out pairs",
                samples=pairs,
                note=f"{pairs} {what}; goal {goal:.0f} %: {verdict}",
            )
        )
    return out
