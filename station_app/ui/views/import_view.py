"""Importing a register's spreadsheet (CSV or XLSX): the dry run first, then the import.

The dry run lists every problem (row, column, problem, suggestion) with nothing written; its report
can be saved as CSV, fixed in Excel and imported. The import runs on the database thread and reports
its progress (rows, rate, time left) after each batch; the signal carrying it is delivered on the GUI
thread, which never waits. Cancel stops after the batch being written: everything before it is kept,
and importing the same file again resumes there without adding anything twice.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.core.errors import StationError
from station_app.core.importers.errors import ImportFileError
from station_app.core.importers.readers import open_table
from station_app.core.importers.report import Problem
from station_app.core.importers.spec import KIND_NAMES, Kind
from station_app.core.importers.summary import ImportProgress, ImportSummary
from station_app.core.importers.templates import write_template
from station_app.ui.context import Desk
from station_app.ui.events import ARREST, FIR, GD_ENTRY, ChangeSet
from station_app.ui.models.import_problems_model import ImportProblemsModel, problems_from_report
from station_app.ui.views.import_text import KIND_CHOICES, progress_text, summary_text
from station_app.ui.widgets import error_label, named, set_error

# Rows per transaction when importing from the GUI: fewer than the command line's 250, so that the
# database thread's flushes and commits (which hold the GIL in part) stay short. Measured on a
# 10,000-row import: the GUI thread's longest wait about 60 ms here, about 90 ms at 250 rows, at
# 10 s against 8 s for the whole import (see tests/ui/test_import_gui.py; station_app/ui/heap.py).
GUI_BATCH_ROWS = 100
T = TypeVar("T")
ChooseOpen = Callable[[QWidget], str | None]
ChooseSave = Callable[[QWidget, str, str, str], str | None]  # parent, title, suggested name, filter


def choose_import_file(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Choose the register's spreadsheet", "",
                                          "Spreadsheets (*.xlsx *.csv);;All files (*)")  # fmt: skip
    return path or None


def choose_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None


class ImportCancelled(StationError):
    title = "Import stopped"


class WrongKind(StationError):
    title = "This is another register"


def kind_checked(run: Callable[[], T], path: Path, kind: Kind | None) -> T:
    """``run``, but a file of another register than the one chosen is reported in the screen's words
    (the core's message advises the command line); on the database thread."""
    try:
        return run()
    except ImportFileError as exc:
        if kind is None:
            raise
        try:
            found = open_table(path, None).kind
        except StationError:
            raise exc from None
        if found == kind:
            raise
        choice = next(text for text, k in KIND_CHOICES if k == found)
        raise WrongKind(
            f"{path.name} is a {KIND_NAMES[found]} file, not a {KIND_NAMES[kind]} one. Choose "
            f"“{choice}” (or “{KIND_CHOICES[0][0]}”) in the Kind of register box and run it again."
        ) from None


class _Relay(QObject):
    """Carries progress from the database thread to the GUI thread (a queued signal)."""

    progress = Signal(object)


class ImportView(QWidget):
    finished = Signal(object)  # ImportSummary of a dry run or an import

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self._desk = desk
        self.setObjectName("importView")
        self.choose_file: ChooseOpen = choose_import_file  # tests answer instead of the dialogs
        self.choose_save: ChooseSave = choose_save_path
        self.path: Path | None = None
        self.summary: ImportSummary | None = None
        self.report: bytes | None = None  # the dry run's report; an import's problems are in the database
        self.running = False
        self._focus_after: QWidget | None = None  # where the focus goes once a run has stopped
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progress.connect(self._progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(self._build_controls())
        self.progress_bar = named(QProgressBar(), "importProgress", "Import progress")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat("%p %")
        layout.addWidget(self.progress_bar)
        self.rate_label = self._label(
            "importRate", "Choose a file, then Dry run: nothing is written until you import."
        )
        layout.addWidget(self.rate_label)
        self.summary_label = self._label("importSummary", "")
        layout.addWidget(self.summary_label)
        self.error = error_label("importError")
        layout.addWidget(self.error)
        self.model = ImportProblemsModel(desk.ops, self)
        self.model.loaded.connect(self._problems_loaded)
        self.table = named(QTableView(), "importProblems", "Problems found in the file")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col, width in enumerate((60, 170)):
            self.table.setColumnWidth(col, width)
        for col in (2, 3):  # the problem and what to do share the width; long ones wrap, never cut
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.count_label = self._label("importProblemCount", "")
        layout.addWidget(self.count_label)
        self._update_buttons()

    @staticmethod
    def _label(name: str, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _button(self, text: str, name: str, accessible: str, slot: Callable[[], None]) -> QPushButton:
        button = named(QPushButton(text), name, accessible)
        button.clicked.connect(slot)
        return button

    def _build_controls(self) -> QVBoxLayout:
        """Three rows, each as wide as its own buttons: the file, the runs, the templates (one row of
        them all made the main window at least 1,150 px wide)."""
        rows = QVBoxLayout()
        self.file_label = self._label("importFile", "No file chosen.")
        self.choose_button = self._button(
            "Choose fi&le…", "chooseImportFile", "Choose the file to import", self.choose
        )
        kind_label = QLabel("&Kind of register:")
        self.kind_combo = named(QComboBox(), "importKind", "Kind of register")
        for text, kind in KIND_CHOICES:
            self.kind_combo.addItem(text, kind)
        kind_label.setBuddy(self.kind_combo)
        self.dry_run_button = self._button(
            "Dr&y run", "dryRunButton", "Dry run: check the file, write nothing", self.dry_run
        )
        self.import_button = self._button(
            "Start i&mport", "importButton", "Import the file", self.start_import
        )
        self.cancel_button = self._button("Ca&ncel", "cancelImportButton", "Stop the import", self.cancel)
        self.report_button = self._button(
            "Save re&port as CSV…", "saveReportButton", "Save the problem report", self.save_report
        )
        template_label = QLabel("Templat&e for:")
        self.template_combo = named(QComboBox(), "templateKind", "Template for")
        for text, kind in KIND_CHOICES[1:]:
            self.template_combo.addItem(text, kind)
        template_label.setBuddy(self.template_combo)
        self.template_button = self._button(
            "Save &template…", "saveTemplateButton", "Save a template", self.save_template
        )
        self.file_label.setMinimumWidth(120)  # a long path wraps instead of widening the window
        for widgets in (
            (self.choose_button, kind_label, self.kind_combo, self.file_label),
            (self.dry_run_button, self.import_button, self.cancel_button, self.report_button),
            (template_label, self.template_combo, self.template_button),
        ):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget, 1 if widget is self.file_label else 0)
            if self.file_label not in widgets:
                row.addStretch(1)
            rows.addLayout(row)
        return rows

    def _update_buttons(self) -> None:
        ready = self.path is not None and not self.running
        self.choose_button.setEnabled(not self.running)
        self.dry_run_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.cancel_button.setEnabled(self.running)
        self.report_button.setEnabled(
            not self.running and self.summary is not None and self.summary.problem_rows > 0
        )

    # --- choosing -----------------------------------------------------------------------------------

    def choose(self) -> None:
        path = self.choose_file(self)
        if path:
            self.set_path(Path(path))

    def set_path(self, path: Path) -> None:
        self.path, self.summary, self.report = path, None, None
        self.file_label.setText(str(path))
        self.summary_label.setText("")
        self.rate_label.setText("Dry run first: it lists every problem and writes nothing.")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.model.set_loader(None)
        self.count_label.setText("")
        self._update_buttons()
        self.dry_run_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- running --------------------------------------------------------------------------------------

    def _progress_callback(self) -> Callable[[ImportProgress], None]:
        cancel, relay = self._cancel, self._relay

        def report(progress: ImportProgress) -> None:  # on the database thread
            relay.progress.emit(progress)
            if cancel.is_set():
                raise ImportCancelled(f"Stopped after {progress.rows_done:,} of {progress.total:,} rows.")

        return report

    def _start(self, dry: bool) -> None:
        if self.path is None or self.running:
            return
        self.running = True
        self._cancel.clear()
        set_error(self.error, "")
        self.summary, self.report = None, None
        self.model.set_loader(None)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.rate_label.setText("Dry run: reading the file…" if dry else "Importing: reading the file…")
        self._update_buttons()
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        imports, actor, path, kind = (
            self._desk.services.imports,
            self._desk.actor,
            self.path,
            self.kind_combo.currentData(),
        )
        progress = self._progress_callback()
        if dry:

            def work() -> tuple[ImportSummary, bytes]:
                report = io.BytesIO()  # kept until the officer saves it: no file in the data folder
                summary = kind_checked(lambda: imports.dry_run(actor, path, kind=kind, report=report,
                                       progress=progress, batch_rows=GUI_BATCH_ROWS), path, kind)  # fmt: skip
                return summary, report.getvalue()

            self._desk.ops.run(work, on_success=self._dry_run_done, on_failure=self._failed, owner=self,
                               on_done=self._stopped)  # fmt: skip
        else:
            self._desk.ops.run(lambda: kind_checked(lambda: imports.run(actor, path, kind=kind, progress=progress,
                                                                        batch_rows=GUI_BATCH_ROWS), path, kind),
                               on_success=self._import_done, on_failure=self._failed, owner=self,
                               on_done=self._stopped, changes=ChangeSet.of(FIR, GD_ENTRY, ARREST))  # fmt: skip

    def dry_run(self) -> None:
        self._start(True)

    def start_import(self) -> None:
        self._start(False)

    def cancel(self) -> None:
        if self.running:
            self._cancel.set()
            self.rate_label.setText("Stopping after the rows being written…")

    def _progress(self, progress: ImportProgress) -> None:
        total = max(progress.total, progress.rows_done, 1)
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(min(progress.rows_done, total))
        self.rate_label.setText(progress_text(progress))

    def _stopped(self) -> None:
        self.running = False
        self._update_buttons()
        # Only now are the buttons enabled again (the focused Cancel is not: Qt would pass the focus on
        # to whatever follows it, the template box).
        target, self._focus_after = self._focus_after, None
        focus = QApplication.focusWidget()
        if not self.isVisible() or (focus is not None and not self.isAncestorOf(focus)):
            return  # the officer went on elsewhere while it ran
        if target is None or not target.isEnabled():
            target = self.import_button if self.import_button.isEnabled() else self.choose_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ImportCancelled):
            self.rate_label.setText(f"{exc.message} What was imported is kept: import the same file again to "
                                    "resume where it stopped (nothing is added twice).")  # fmt: skip
            self.error.hide()
            return
        self.rate_label.setText("")
        set_error(self.error, exc.full_text())
        if isinstance(exc, WrongKind):
            self._focus_after = self.kind_combo

    def _finish_bar(self, summary: ImportSummary) -> None:
        total = max(summary.rows_read, 1)
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(total)

    def _dry_run_done(self, result: tuple[ImportSummary, bytes]) -> None:
        summary, report = result
        self.summary, self.report = summary, report
        problems = problems_from_report(report)
        self._show(summary, lambda offset, limit: problems[offset : offset + limit])
        self._focus_after = self.import_button if summary.imported else self.report_button

    def _import_done(self, summary: ImportSummary) -> None:
        self.summary = summary
        imports, actor, sha = self._desk.services.imports, self._desk.actor, summary.sha256
        self._show(summary, lambda offset, limit: imports.problems(actor, sha, limit=limit, offset=offset))
        self._focus_after = self.report_button if summary.problem_rows else self.choose_button

    def _show(self, summary: ImportSummary, load: Callable[[int, int], list[Problem]]) -> None:
        self._finish_bar(summary)
        self.rate_label.setText(f"Done in {summary.seconds:.1f} s.")
        self.summary_label.setText(summary_text(summary))
        self.model.set_loader(load if summary.problem_rows else None)
        self._update_buttons()
        self.finished.emit(summary)

    def _problems_loaded(self) -> None:
        count = self.model.rowCount()
        more = " (scroll for more)" if not self.model.complete else ""
        rows = self.summary.problem_rows if self.summary else 0
        self.count_label.setText(f"{count:,} problem(s) shown in {rows:,} row(s){more}. Save the report as CSV "
                                 "to fix them in Excel, then import the report file.")  # fmt: skip

    # --- files --------------------------------------------------------------------------------------

    def save_report(self) -> None:
        if self.summary is None or self.path is None:
            return
        target = self.choose_save(
            self, "Save the problem report", f"{self.path.stem}-problems.csv", "CSV (*.csv)"
        )
        if not target:
            return
        dest, report, source = Path(target), self.report, self.path
        imports, actor, kind = self._desk.services.imports, self._desk.actor, self.summary.kind

        outputs = self._desk.services.outputs

        def work() -> Path:  # replace=True: the save dialog asked before replacing a file
            if report is not None:  # a dry run's report, as it was written
                outputs.write_bytes(dest, report, what="The problem report", replace=True)
            else:
                imports.write_report(actor, open_table(source, kind), dest, replace=True)
            return dest

        self._desk.ops.run(work, on_success=lambda p: self.rate_label.setText(f"Report saved: {p}"),
                           on_failure=self._failed, owner=self)  # fmt: skip

    def save_template(self) -> None:
        kind = self.template_combo.currentData()
        target = self.choose_save(self, "Save an import template", f"{kind}-register-template.xlsx",
                                  "Excel workbook (*.xlsx);;CSV UTF-8 (*.csv)")  # fmt: skip
        if not target:
            return
        outputs = self._desk.services.outputs
        self._desk.ops.run(lambda: write_template(kind, Path(target), outputs, replace=True),
                           on_success=lambda p: self.rate_label.setText(f"Template saved: {p}"),
                           on_failure=self._failed, owner=self)  # fmt: skip
