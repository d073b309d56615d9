"""FIR copy PDF render time vs a minimal one-page reportlab document, in the same process."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bench.common import Result, median_ms
from forms.schema import load_form
from station_app.core.printing.fir_copy import render_fir_copy
from tests.fixtures.fir_samples import fir_digest, long_narrative_fir_content, typical_fir_content


def _minimal_pdf() -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawString(72, 770, "FIRST INFORMATION REPORT 0099/2026")
    page.showPage()
    page.save()


def run(workdir: Path, quick: bool) -> list[Result]:
    repeats = 5 if quick else 25
    form = load_form("iif1_fir")
    typical = typical_fir_content()
    long = long_narrative_fir_content()
    typical_digest, long_digest = fir_digest(typical), fir_digest(long)
    render_fir_copy(
        typical, digest=typical_digest, copy="informant", form=form, training=False
    )  # fonts loaded once

    baseline = median_ms(_minimal_pdf, repeats * 4)
    results = []
    for label, content, digest in (
        ("typical FIR copy", typical, typical_digest),
        ("30,000-char narrative", long, long_digest),
    ):
        ours = median_ms(partial(render_fir_copy, content, digest=digest, copy="informant", form=form,
                                 training=False), repeats)  # fmt: skip
        results.append(
            Result(f"render {label} (A4, bilingual, QR)", round(ours, 1), "minimal one-page reportlab PDF",
                   round(baseline, 2), "ms (median)", repeats)
        )  # fmt: skip
    return results
