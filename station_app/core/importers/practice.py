"""A practice batch of legacy FIRs for training stations, with the mistakes real registers bring.

``seed_legacy_practice`` writes two CSV files into the data folder's ``practice/`` folder: a clean
batch that it imports at once (so the register already shows digitised FIRs with their mark), and a
batch left for the trainee, whose rows carry typical mistakes: a BNS section on a 2019 offence, an
impossible date, a month-first date, a blank complainant, an act missing, a row typed twice, a
number that belongs to another year. The trainee dry-runs it, reads the report, fixes and imports.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from station_app.core.formula_cells import neutralise
from station_app.core.fsutil import atomic_write_bytes, private_folder
from station_app.core.importers.jobs import ImportSummary
from station_app.core.importers.spec import FIR_SPEC
from station_app.core.permissions import Actor

if TYPE_CHECKING:
    from station_app.core.station_services import StationServices

PRACTICE_DIR = "practice"
IMPORTED_FILE = "legacy-firs-2019-imported.csv"
PRACTICE_FILE = "legacy-firs-2019-practice.csv"
_REG = "FIR register (practice)"

# number, date, time, sections, occurrence, complainant, father, place, accused, facts, page
_CLEAN = (
    ("101", "02-04-2019", "10:15", "IPC 379", "01-04-2019", "Ramesh Chandra", "Hari Prasad", "Aminabad market", "",
     "Bicycle stolen from outside the shop.", "41"),
    ("102", "03-04-2019", "18:40", "IPC 323, 504", "03-04-2019", "गीता देवी", "श्याम लाल", "मोहल्ला नरही", "राजू",
     "पड़ोसी ने मारपीट की।", "41"),
    ("103", "05-04-2019", "09:00", "IPC 457, 380", "04-04-2019", "Mohd. Salim", "Abdul Karim", "Qaiserbagh", "",
     "House broken into at night; jewellery taken.", "42"),
    ("104", "07-04-2019", "13:30", "IPC 420", "20-03-2019", "Sunita Verma", "R. K. Verma", "Hazratganj", "Pankaj",
     "Money taken for a job that never came.", "42"),
)  # fmt: skip
_MISTAKES = (
    ("105", "09-04-2019", "11:00", "BNS 303(2)", "08-04-2019", "Anil Kumar", "Shiv Kumar", "Charbagh", "",
     "Mobile phone stolen at the bus stand.", "43"),  # BNS on a 2019 offence
    ("106", "31-04-2019", "16:20", "IPC 379", "10-04-2019", "Pooja Singh", "Ajay Singh", "Lalbagh", "",
     "Purse snatched.", "43"),  # 31 April
    ("107", "04/15/2019", "12:00", "IPC 279, 337", "15-04-2019", "Vinod Yadav", "Ram Yadav", "Ashok Marg", "",
     "Hit by a car.", "44"),  # month first
    ("108", "16-04-2019", "", "IPC 406", "01-04-2019", "", "", "Narhi", "", "Goods not returned.", "44"),  # no complainant
    ("109", "18-04-2019", "20:05", "379", "18-04-2019", "Kamla Devi", "Suresh", "Daliganj", "",
     "Goat stolen.", "45"),  # act missing
    ("110", "20-04-2019", "08:30", "IPC 447, 506", "19-04-2019", "Rafiq Ahmad", "Nazir Ahmad", "Aliganj", "Bablu",
     "Trespass and threats over land.", "45"),
    ("110", "20-04-2019", "08:30", "IPC 447, 506", "19-04-2019", "Rafiq Ahmad", "Nazir Ahmad", "Aliganj", "Bablu",
     "Trespass and threats over land.", "45"),  # typed twice
    ("111", "02-01-2020", "10:00", "IPC 379", "01-01-2020", "Deepa Mishra", "Alok Mishra", "Gomti Nagar", "",
     "Scooter stolen.", "46"),  # numbered in 2019, registered in 2020
    ("112", "23-04-2019", "17:45", "IPC 354", "23-04-2019", "सरिता", "महेश", "चारबाग", "अज्ञात",
     "छेड़छाड़ की शिकायत।", "46"),
)  # fmt: skip


def _csv(rows: tuple[tuple[str, ...], ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in FIR_SPEC.columns])
    for number, day, at, sections, occurred, name, father, place, accused, facts, page in rows:
        cells = [number, "2019", day, at, sections, occurred, "", "", "", place, name, father, "", accused, facts,
                 "SI (practice)", _REG, "7", page]  # fmt: skip
        writer.writerow([neutralise(cell) for cell in cells])  # as every CSV the app writes
    return out.getvalue().encode("utf-8-sig")


def seed_legacy_practice(services: StationServices, actor: Actor) -> ImportSummary:
    """Write the practice files and import the clean batch; the other file is the trainee's to import."""
    folder = services.data_dir.root / PRACTICE_DIR
    private_folder(folder)
    imported = folder / IMPORTED_FILE
    atomic_write_bytes(imported, _csv(_CLEAN))
    atomic_write_bytes(folder / PRACTICE_FILE, _csv(_MISTAKES))
    return services.imports.run(actor, imported, kind="fir")


def practice_files(root: Path) -> tuple[Path, Path]:
    """(the batch imported at setup, the batch left for practice)"""
    return root / PRACTICE_DIR / IMPORTED_FILE, root / PRACTICE_DIR / PRACTICE_FILE
