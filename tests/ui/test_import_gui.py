"""The import screen: a generated register with bad rows, dry run first (the problem table, the report
saved as CSV), then the import with its progress bar reaching 100 %; cancel and resume; templates; and
the GUI thread's longest stall while 10,000 rows are imported."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer

from station_app.core.importers.summary import ImportSummary
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.services.fir_register import RegisterQuery
from station_app.ui.events import AppEvents
from station_app.ui.heap import freeze_long_lived, unfreeze
from station_app.ui.main_window import MainWindow
from station_app.ui.ops import OpRunner
from station_app.ui.views.import_text import summary_text
from station_app.ui.views.import_view import ImportView
from tests.fixtures.import_files import fir_rows, row, write_csv
from tests.ui.conftest import RecordingMessages
from tests.ui.digitise_rig import alt, open_digitise, operator_desk
from tests.ui.keys import focused

STALL_LIMIT_MS = 250  # a stall an officer would notice; the figure measured is printed


def _bad_register(path: Path) -> Path:
    rows = list(fir_rows(30, start=1))
    rows.insert(5, row("fir", fir_number="101", registered_on="31-02-2019"))  # an impossible date
    rows.insert(10, row("fir", fir_number="102", acts_sections="BNS 303(2)"))  # BNS on an offence of 2019
    rows.insert(15, row("fir", fir_number="103", complainant_name=""))  # a blank required item
    rows.insert(20, dict(rows[3]))  # the same row twice
    return write_csv(path, "fir", rows)


def _import_view(qtbot, open_window, desk) -> ImportView:  # type: ignore[no-untyped-def]
    _window, view = open_digitise(qtbot, open_window, desk)
    alt(qtbot, Qt.Key.Key_I)
    assert view.tabs.currentWidget() is view.import_view
    return view.import_view


def _count(station: StationServices, sho: Actor) -> int:
    return station.fir_register.count(sho, RegisterQuery())


def test_dry_run_lists_the_bad_rows_then_the_good_ones_are_imported(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner,
    events: AppEvents, messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    screen = _import_view(qtbot, open_window, desk)
    source = _bad_register(tmp_path / "fir-register-2019.csv")
    screen.choose_file = lambda _parent: str(source)
    alt(qtbot, Qt.Key.Key_L)  # choose the file
    assert screen.file_label.text() == str(source) and screen.dry_run_button.isEnabled()
    alt(qtbot, Qt.Key.Key_Y)  # dry run
    desk.ops.wait_idle()

    assert screen.summary is not None and screen.summary.dry_run
    assert (screen.summary.imported, screen.summary.problem_rows) == (30, 4)
    assert (
        "30 would be imported" in screen.summary_label.text()
        and "Nothing was written." in screen.summary_label.text()
    )
    assert _count(station, sho) == 0
    assert focused() is screen.import_button  # next: Start import (Enter or Space)
    model = screen.model
    table = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert [r[0] for r in table] == ["7", "12", "17", "22"]  # spreadsheet rows (the header is row 1)
    assert table[0][1:3] == ["Date of FIR", "'31-02-2019' is not a possible date: February 2019 has 28 days."]
    assert table[1][1] == "Acts and sections" and table[1][2].startswith("BNS came into force on 1 July 2024")
    assert table[1][3] == "Write IPC 379: the law in force on 04-03-2019."
    assert table[2][1:3] == ["Complainant", "Complainant is blank."]
    assert table[3][1:3] == ["(whole row)", "This row repeats row 5 (FIR 4/2019)."]
    assert screen.count_label.text().startswith("4 problem(s) shown in 4 row(s).")

    report = tmp_path / "fix-these.csv"
    screen.choose_save = lambda _parent, _title, _name, _filter: str(report)
    alt(qtbot, Qt.Key.Key_P)  # save the report as CSV
    desk.ops.wait_idle()
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Row / पंक्ति [report_row]") and len(lines) >= 5

    alt(qtbot, Qt.Key.Key_M)  # start the import
    desk.ops.wait_idle()
    bar = screen.progress_bar
    assert bar.value() == bar.maximum() > 0 and bar.text() == "100 %"
    assert _count(station, sho) == 30
    assert screen.summary is not None and not screen.summary.dry_run
    assert screen.summary_label.text().startswith(
        "Imported fir-register-2019.csv (FIR): 34 rows. 30 records added"
    )
    qtbot.waitUntil(lambda: model.rowCount() == 4)  # now read from the database, a page at a time
    assert [model.index(r, 0).data() for r in range(4)] == ["7", "12", "17", "22"]
    assert messages.errors == []

    template = tmp_path / "gd-template.xlsx"
    screen.template_combo.setCurrentIndex(screen.template_combo.findData("gd"))
    screen.choose_save = lambda _parent, _title, _name, _filter: str(template)
    alt(qtbot, Qt.Key.Key_T)
    desk.ops.wait_idle()
    assert template.read_bytes()[:2] == b"PK" and screen.rate_label.text() == f"Template saved: {template}"


def test_a_cancelled_import_resumes_without_adding_anything_twice(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner,
    events: AppEvents, messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    screen = _import_view(qtbot, open_window, desk)
    source = write_csv(tmp_path / "big.csv", "fir", fir_rows(1500))
    screen.set_path(source)
    screen._relay.progress.connect(lambda _p: screen.cancel())  # Cancel as soon as the first batch is in
    screen.start_import()
    desk.ops.wait_idle(timeout_ms=60_000)
    assert (
        "import the same file again to resume where it stopped (nothing is added twice)"
        in screen.rate_label.text()
    )
    kept = _count(station, sho)
    assert 0 < kept < 1500
    screen._relay.progress.disconnect()
    screen._relay.progress.connect(screen._progress)
    screen.start_import()
    desk.ops.wait_idle(timeout_ms=60_000)
    assert _count(station, sho) == 1500
    assert screen.summary is not None and screen.summary.resumed_from == kept
    assert f"Resumed after row {kept:,}" in screen.summary_label.text()


def test_the_gui_never_freezes_during_a_10000_row_import(  # type: ignore[no-untyped-def]
    qtbot, request, tmp_path: Path, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner,
    events: AppEvents, messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    screen = _import_view(qtbot, open_window, desk)
    screen.set_path(write_csv(tmp_path / "register-10000.csv", "fir", fir_rows(10_000)))
    freeze_long_lived()  # as the app does once the desk is open (station_app/app.py)
    request.addfinalizer(unfreeze)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    updates: list[int] = []
    screen._relay.progress.connect(lambda p: updates.append(p.rows_done))
    timer.start()
    started = time.perf_counter()
    screen.start_import()
    desk.ops.wait_idle(timeout_ms=300_000)
    seconds = time.perf_counter() - started
    timer.stop()
    longest = max(b - a for a, b in zip([started, *ticks], [*ticks, time.perf_counter()], strict=True)) * 1000
    print(f"\n10,000-row import: {seconds:.1f} s, {len(updates)} progress updates, "
          f"longest GUI-thread stall {longest:.0f} ms ({len(ticks)} timer ticks)")  # fmt: skip
    assert _count(station, sho) == 10_000
    assert updates[-1] == 10_000 and len(updates) >= 10
    assert screen.progress_bar.value() == screen.progress_bar.maximum()
    assert longest < STALL_LIMIT_MS


def test_the_summary_says_what_this_run_did_in_plain_words() -> None:
    resumed = ImportSummary("fir", "big.csv", "", False, rows_read=8000, imported=8000, resumed_from=2600,
                            imported_before=2600)  # fmt: skip
    assert summary_text(resumed) == (
        "Imported big.csv (FIR): 8,000 rows. Resumed after row 2,600 of an earlier, interrupted import: "
        "5,400 records added now, 2,600 added by the earlier import, 0 already in the app before."
    )
    clean = ImportSummary("fir", "one.csv", "", False, rows_read=1, imported=1)
    assert summary_text(clean) == "Imported one.csv (FIR): 1 row. 1 record added, 0 were already in the app."
    dry = ImportSummary("gd", "gd.csv", "", True, rows_read=3, imported=1, already_present=1, problem_rows=1)
    assert summary_text(dry) == (
        "Dry run of gd.csv (GD (General Diary)): 3 rows read. 1 would be imported, 1 is already in the app, "
        "1 has problems (below). Nothing was written."
    )


def test_a_file_of_another_register_and_the_screen_at_1024_px(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, data_dir: DataDir, station: StationServices, sho: Actor, ops: OpRunner,
    events: AppEvents, messages: RecordingMessages, open_window,
) -> None:  # fmt: skip
    desk = operator_desk(data_dir, station, sho, ops, events, messages)
    screen = _import_view(qtbot, open_window, desk)
    window = screen.window()
    assert isinstance(window, MainWindow)
    chrome = window.minimumSizeHint().width() - window.modules.minimumSizeHint().width()  # the navigation
    digitise = window.module("digitise")
    assert digitise.minimumSizeHint().width() + chrome <= 1024  # the Import tab's buttons do not widen it
    assert screen.cancel_button.width() < 150  # not stretched to a shared grid column
    screen.set_path(write_csv(tmp_path / "fir.csv", "fir", fir_rows(3)))
    screen.kind_combo.setCurrentIndex(screen.kind_combo.findData("gd"))
    alt(qtbot, Qt.Key.Key_Y)
    desk.ops.wait_idle()
    assert screen.error.text() == (
        "fir.csv is a FIR file, not a GD (General Diary) one. Choose “FIR register” (or “Recognise from the "
        "file's header”) in the Kind of register box and run it again."
    )
    assert focused() is screen.kind_combo
