"""The import screen's saves go through the output gate: a report or template aimed into the data
folder is refused at the screen with the reason, and the database is untouched (issue 12 §2)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt

from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.ui.events import AppEvents
from station_app.ui.ops import OpRunner
from tests.fixtures.import_files import fir_rows, write_csv
from tests.ui.conftest import RecordingMessages
from tests.ui.digitise_rig import alt, open_digitise, operator_desk


def test_saves_into_the_data_folder_are_refused_at_the_screen(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner,
    events: AppEvents, messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    _window, view = open_digitise(qtbot, open_window, desk)
    alt(qtbot, Qt.Key.Key_I)
    screen = view.import_view
    rows = list(fir_rows(3))
    rows[1]["acts_sections"] = "BNS 303(2)"
    source = write_csv(tmp_path / "register.csv", "fir", rows)
    screen.choose_file = lambda _parent: str(source)
    alt(qtbot, Qt.Key.Key_L)
    alt(qtbot, Qt.Key.Key_Y)  # dry run: its report stays in memory, nothing lands in the data folder
    desk.ops.wait_idle()
    assert screen.summary is not None and screen.summary.problem_rows == 1
    database = data_dir.database
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    listing = sorted(p.name for p in data_dir.root.iterdir())

    screen.choose_save = lambda _parent, _title, _name, _filter: str(database)
    alt(qtbot, Qt.Key.Key_P)  # save the report... as station.db
    desk.ops.wait_idle()
    assert "inside the station's data folder" in screen.error.text()
    screen.choose_save = lambda _parent, _title, _name, _filter: str(data_dir.root / "fir.xlsx")
    alt(qtbot, Qt.Key.Key_T)  # a template into the data folder
    desk.ops.wait_idle()
    assert "The template was not written" in screen.error.text()
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in data_dir.root.iterdir()) == listing

    elsewhere = tmp_path / "problems.csv"
    elsewhere.write_text("an older report", encoding="utf-8")  # the save dialog asked "replace?": yes
    screen.choose_save = lambda _parent, _title, _name, _filter: str(elsewhere)
    alt(qtbot, Qt.Key.Key_P)
    desk.ops.wait_idle()
    assert "BNS came into force" in elsewhere.read_text(encoding="utf-8-sig")
