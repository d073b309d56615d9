"""Hindi typing accuracy: top-1 and top-3 on held-out name/place pairs (goal top-1 ≥ 90 %, top-3 ≥ 98 %).

The pairs are the lexicon words of two folds of seven (``core.names.suggest_eval``), typed as people
spell them; the transliterator is built from the other words only, so every pair is a name it has never
seen. Baseline: the letter-by-letter rules Hindi typing used before (``typing.spell``), one answer.
"""

from __future__ import annotations

from pathlib import Path

from bench.common import Result
from station_app.core.names.suggest import lexicon_entries
from station_app.core.names.suggest_eval import held_out_accuracy, measure, split
from station_app.core.names.typing import spell

TOP1_GOAL = 90.0
TOP3_GOAL = 98.0


def run(workdir: Path, quick: bool) -> list[Result]:
    entries = lexicon_entries()
    ours = held_out_accuracy(entries)
    _train, test = split(entries)
    before = measure(lambda latin: [spell(latin)], test)
    out: list[Result] = []
    for label, value, base, goal in (
        ("top-1", ours.top1, before.top1, TOP1_GOAL),
        ("top-3", ours.top3, before.top3, TOP3_GOAL),
    ):
        verdict = "PASS" if value >= goal else "FAIL"
        out.append(
            Result(
                name=f"transliteration {label} % (goal ≥{goal:.0f}: {verdict})",
                ours=round(value, 1),
                baseline_name="letter-by-letter",
                baseline=round(base, 1),
                unit="% of held-out pairs",
                samples=ours.pairs,
                note=f"{ours.pairs} held-out name/place pairs unseen by the lexicon; goal {goal:.0f} %: {verdict}",
            )
        )
    return out
