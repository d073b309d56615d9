"""Templates the app writes for typing up a paper register in Excel or LibreOffice: CSV or XLSX.

The header row names each column in English and Hindi with its key in brackets ("FIR No. /
प्राथमिकी सं. [fir_number]"); the key is what the importer trusts, so the labels may be re-worded.
Example rows carry "EXAMPLE" in the register column and are skipped on import. The XLSX template
adds an Instructions sheet. CSV templates are UTF-8 with a byte-order mark, which Excel needs to show
Hindi correctly.
"""

from __future__ import annotations

import csv
from pathlib import Path

from station_app.core.errors import ValidationError
from station_app.core.formula_cells import neutralise, neutralise_cell
from station_app.core.importers.readers import INSTRUCTIONS_SHEET
from station_app.core.importers.spec import EXAMPLE_MARK, KINDS, SPECS, Kind, KindSpec
from station_app.core.outputs import OutputFiles

DATA_SHEETS: dict[Kind, str] = {"fir": "FIR", "gd": "GD", "arrest": "Arrests"}
GENERAL_RULES = (
    ("One row per record, in the order of the register. Do not merge cells.",
     "हर अभिलेख की एक पंक्ति, पंजी के क्रम में। सेल मर्ज न करें।"),
    (f"Rows whose Register cell starts with {EXAMPLE_MARK} are examples and are not imported: overwrite or delete them.",
     f"जिन पंक्तियों के पंजी सेल में {EXAMPLE_MARK} है वे उदाहरण हैं और आयात नहीं होतीं।"),
    ("Dates day first: DD-MM-YYYY. Times on the 24-hour clock: HH:MM.",
     "दिनांक दिन पहले: DD-MM-YYYY। समय 24 घंटे की घड़ी में: HH:MM।"),
    ("Sections of the law in force on the date of the offence: IPC/CrPC before 1 July 2024, BNS/BNSS from then.",
     "घटना के दिनांक पर लागू क़ानून की धाराएँ: 1 जुलाई 2024 से पहले भा.दं.वि./दं.प्र.सं., उसके बाद भा.न्या.सं./भा.ना.सु.सं.।"),
    ("Names may be in Hindi or English, as written in the register.", "नाम हिन्दी या अंग्रेज़ी में, जैसे पंजी में लिखे हों।"),
    ("Save as .xlsx, or as 'CSV UTF-8 (Comma delimited)'. Try 'station-app import FILE --dry-run' first.",
     "फ़ाइल .xlsx या 'CSV UTF-8' के रूप में सहेजें। पहले --dry-run से जाँचें।"),
)  # fmt: skip


def write_template(kind: str, path: Path, outputs: OutputFiles, *, replace: bool = False) -> Path:
    """Write the ``kind`` template to ``path``: XLSX or CSV by the file's extension. Never into the
    data folder; an existing file is replaced only if ``replace``."""
    if kind not in KINDS:
        raise ValidationError({"template": f"Choose one of: {', '.join(KINDS)} (not {kind!r})."})
    spec = SPECS[kind]
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        data = _xlsx(spec)
    elif suffix == ".csv":
        data = _csv(spec)
    else:
        raise ValidationError({"output": "Name the template file .csv or .xlsx."})
    return outputs.write_bytes(path, data, what="The template", replace=replace)


class _Lines:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)


def _csv(spec: KindSpec) -> bytes:
    out = _Lines()
    writer = csv.writer(out, lineterminator="\r\n")  # what Excel writes, so a round trip changes nothing
    writer.writerow([neutralise(c.header) for c in spec.columns])
    writer.writerows([neutralise(value) for value in example] for example in spec.examples)
    return "".join(out.parts).encode("utf-8-sig")


def _xlsx(spec: KindSpec) -> bytes:
    import io  # noqa: PLC0415

    from openpyxl import Workbook  # noqa: PLC0415 - only template writers pay for openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = DATA_SHEETS[spec.kind]
    sheet.append([neutralise(c.header) for c in spec.columns])
    for example in spec.examples:
        sheet.append([neutralise_cell(value) for value in example])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.alignment = bold, wrap
        if column.required:
            cell.fill = fill
        sheet.column_dimensions[get_column_letter(index)].width = 40 if column.max_length > 300 else 18
        if column.type in ("date", "time", "text", "name", "sections", "fir_ref"):
            # Text cells keep what was typed: "05-03-2019" stays a day-first date, "0012" stays 0012.
            for row in range(2, 1001):
                sheet.cell(row=row, column=index).number_format = "@"
    for row in range(2, 2 + len(spec.examples)):
        for index in range(1, len(spec.columns) + 1):
            sheet.cell(row=row, column=index).font = Font(italic=True, color="808080")
    sheet.freeze_panes = "A2"

    notes = book.create_sheet(INSTRUCTIONS_SHEET)
    notes.append([f"{spec.title_en} / {spec.title_hi}"])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append([])
    for english, hindi in GENERAL_RULES:
        notes.append([english, hindi])
    notes.append([])
    notes.append(["Column / स्तंभ", "Required / आवश्यक", "How to fill it", "कैसे भरें", "Example / उदाहरण"])
    for cell in notes[notes.max_row]:
        cell.font = bold
    for index, column in enumerate(spec.columns):
        sample = spec.examples[0][index] if spec.examples else ""
        notes.append([neutralise_cell(v) for v in (column.header, "Yes / हाँ" if column.required else "No / नहीं",
                                                   column.help_en, column.help_hi, sample)])  # fmt: skip
    for letter, width in zip("ABCDE", (48, 16, 60, 48, 30), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
