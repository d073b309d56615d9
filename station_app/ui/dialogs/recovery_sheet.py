"""Showing and printing the recovery key. Never through the clipboard: a copied secret lingers in
clipboard managers and sync tools, so the key leaves the screen only on paper (or a PDF the
officer saves on purpose)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from station_app.core.identity import StationIdentity
from station_app.core.localtime import to_ist

# station_app.core.printing.recovery_sheet.render_recovery_sheet, when that module exists.
RecoverySheetRenderer = Callable[[StationIdentity, str, datetime], bytes]

GROUPS_PER_LINE = 5


def key_lines(recovery_key: str) -> list[str]:
    """The key as it is shown and printed: two lines of five groups, two spaces apart."""
    groups = recovery_key.split("-")
    return ["  ".join(groups[i : i + GROUPS_PER_LINE]) for i in range(0, len(groups), GROUPS_PER_LINE)]


def sheet_html(identity: StationIdentity, recovery_key: str, created_at: datetime) -> str:
    e = html.escape
    key = "<br>".join(e(line) for line in key_lines(recovery_key))
    training = "<p><b>TRAINING STATION: not for real records.</b></p>" if identity.training else ""
    return f"""
<h2>Station App: recovery key</h2>
{training}
<p><b>{e(identity.station_name)} / {e(identity.station_name_hi)}</b><br>
CCTNS code {e(identity.station_code)}, {e(identity.district)}, {e(identity.state)}<br>
Made on {e(to_ist(created_at).strftime("%d %B %Y, %H:%M IST"))}</p>
<p style="font-family: monospace; font-size: 20pt; margin: 18px 0;">{key}</p>
<p>This key opens the station's records if this computer's key store is lost (a new Windows
profile, a reinstalled or replaced computer). Without it, and without the key store, the records
cannot be opened by anyone.</p>
<p><b>Keep this sheet in the station safe.</b> Anyone who has this sheet and a copy of the data
folder can read the records. Do not photograph it or type it into e-mail or chat.</p>
<p>To use it: start the app and choose "Recover with recovery key…", or ask the IT admin to run
<tt>station-app recover</tt>.</p>
"""


def print_sheet(parent: QWidget, identity: StationIdentity, recovery_key: str, created_at: datetime) -> bool:
    """Print through the system print dialog; True if it was sent to a printer."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(f"Recovery key {identity.station_code}")
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    doc = QTextDocument()
    doc.setHtml(sheet_html(identity, recovery_key, created_at))
    doc.print_(printer)
    return True


def ask_pdf_path(parent: QWidget, station_code: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        "Save the recovery sheet as PDF",
        str(Path.home() / f"recovery-key-{station_code}.pdf"),
        "PDF documents (*.pdf)",
    )
    return Path(name) if name else None
