"""The recovery-key sheet printed once at setup and kept in the station safe.

The key is printed only as large text: never in a QR code (a phone photo of the sheet would be
enough to carry it off, and a QR invites scanning it into some other device) and never in the PDF
metadata. The PDF itself holds the key, so callers should print it without writing it to disk.
"""

from __future__ import annotations

import math
import string
from datetime import datetime, timedelta, timezone

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from station_app.core.identity import StationIdentity
from station_app.core.printing.document import (
    CONTENT_WIDTH,
    RULE,
    Field,
    PageSpec,
    build_pdf,
    field_table,
    side_by_side,
    signature_block,
)
from station_app.core.printing.fonts import MONO_BOLD, styles
from station_app.core.printing.text import bilingual, escape, paragraph

# India has one time zone and no daylight saving, so a fixed offset is exact and needs no tz database
# (zoneinfo has none on Windows without the tzdata package).
IST = timezone(timedelta(hours=5, minutes=30), "IST")

INSTRUCTIONS_EN = (
    "Keep this sheet in the station safe. It is the only way to open the station database if this "
    "computer's key store is lost. Anyone holding it and a copy of the database can read the records."
)
INSTRUCTIONS_HI = (
    "इस पत्रक को थाने की तिजोरी में रखें। यदि इस कंप्यूटर का कुंजी भंडार खो जाए, तो थाने का डेटाबेस "
    "खोलने का यही एकमात्र तरीका है। जिसके पास यह पत्रक और डेटाबेस की प्रति दोनों हों, वह सारे अभिलेख "
    "पढ़ सकता है।"
)
DO_NOT_COPY = bilingual(
    "Do not photograph, scan or copy this sheet, and do not keep it with the computer.",
    "इस पत्रक की फ़ोटो, स्कैन या प्रति न बनाएँ, और इसे कंप्यूटर के पास न रखें।",
)

KEY_SIZE = 20  # points: readable at arm's length, and 0/O, 1/l/I stay distinct in Courier
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + string.punctuation)


def render_recovery_sheet(station: StationIdentity, recovery_key: str, created_at: datetime) -> bytes:
    """The one-page recovery sheet for ``station`` as PDF bytes (watermarked for a training station)."""
    groups = key_groups(recovery_key)
    st = styles()
    page = PageSpec(
        header_left=f"{station.state} Police",
        header_right=bilingual("CONFIDENTIAL", "गोपनीय"),
        reference=f"{station.station_name} ({station.station_code}), {station.district}",
        training=station.training,
        title="Station database recovery key",
    )
    station_name = bilingual(station.station_name, station.station_name_hi)
    story = [
        paragraph("Station database recovery key", st.title),
        paragraph("थाना डेटाबेस पुनर्प्राप्ति कुंजी", st.title),
        Spacer(1, 3 * mm),
        field_table(
            [
                Field("Police station", "थाना", station_name),
                Field("Station code", "थाना कोड", station.station_code),
                Field("District", "ज़िला", station.district),
                Field("State", "राज्य", station.state),
                Field("Key created", "कुंजी बनाने का समय", format_datetime(created_at)),
            ]
        ),
        Spacer(1, 6 * mm),
        paragraph(bilingual("Recovery key", "पुनर्प्राप्ति कुंजी"), st.heading),
        KeepTogether([_key_grid(groups)]),
        Spacer(1, 5 * mm),
        _notice([INSTRUCTIONS_EN, INSTRUCTIONS_HI, DO_NOT_COPY]),
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                paragraph(
                    bilingual("Who stored this sheet, and where", "यह पत्रक किसने और कहाँ रखा"), st.heading
                ),
                side_by_side(
                    [
                        signature_block(bilingual("Stored by", "रखने वाले अधिकारी")),
                        field_table(
                            [
                                Field("Where stored", "कहाँ रखा गया", ""),
                                Field("Date", "दिनांक", ""),
                            ],
                            width=CONTENT_WIDTH / 2 - 6,
                            label_share=0.38,
                            min_row_height=12 * mm,
                        ),
                    ]
                ),
            ]
        ),
    ]
    return build_pdf(page, story)


def key_groups(recovery_key: str) -> list[str]:
    """Split the key into groups to read aloud and type back.

    A key that already comes in groups (spaces or hyphens) keeps them; otherwise groups of four.
    Only printable ASCII is accepted: the key has to be typed on any keyboard, and a character the
    sheet cannot show exactly must stop the print, not be replaced.
    """
    parts = recovery_key.replace("-", " ").split()
    if not parts or any(ch not in _KEY_CHARS for part in parts for ch in part):
        raise ValueError("a recovery key must be printable ASCII")
    if len(parts) == 1:
        key = parts[0]
        return [key[i : i + 4] for i in range(0, len(key), 4)]
    return parts


def format_datetime(moment: datetime) -> str:
    """Day-month-year, as Indian forms write dates; an aware time is shown in IST."""
    if moment.tzinfo is None:
        return moment.strftime("%d-%m-%Y %H:%M")
    return moment.astimezone(IST).strftime("%d-%m-%Y %H:%M IST")


def _key_grid(groups: list[str]) -> Table:
    st = styles()
    number_style = ParagraphStyle("key_number", parent=st.label, alignment=TA_CENTER)
    key_style = ParagraphStyle(
        # Courier is not a TrueType font, so it cannot (and need not) be shaped.
        "key",
        fontName=MONO_BOLD,
        fontSize=KEY_SIZE,
        leading=KEY_SIZE * 1.3,
        alignment=TA_CENTER,
        shaping=0,
    )
    widest = max(stringWidth(g, MONO_BOLD, KEY_SIZE) for g in groups)
    cell_width = widest + 6 * mm  # 3 mm padding either side, set below
    per_row = max(1, int(CONTENT_WIDTH // cell_width))
    # Balanced rows (7 + 6 rather than 8 + 5) read more easily.
    rows_needed = math.ceil(len(groups) / per_row)
    per_row = math.ceil(len(groups) / rows_needed)
    rows: list[list[object]] = []
    for start in range(0, len(groups), per_row):
        chunk = groups[start : start + per_row]
        cells = [
            [Paragraph(str(start + i + 1), number_style), Paragraph(escape(group), key_style)]
            for i, group in enumerate(chunk)
        ]
        rows.append(cells + [""] * (per_row - len(cells)))
    table = Table(rows, colWidths=[cell_width] * per_row, hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _notice(texts: list[str]) -> Table:
    """The instructions, boxed so they are read before anything else on the sheet."""
    st = styles()
    table = Table([[paragraph(t, st.body)] for t in texts], colWidths=[CONTENT_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table
