"""A case's arrests (IIF-3, one memo per accused, A1…A9, B1…) and what followed each: production
before the Magistrate, remand, bail or release.

Keyboard: Ctrl+N records an arrest (the IIF-3 form, the FIR's sections filled in); Alt+O production,
Alt+M remand, Alt+B bail or release for the selected accused; Up/Down choose the accused.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from station_app.core.custody import CustodyLimits
from station_app.core.localtime import format_ist
from station_app.core.permissions import Permission
from station_app.core.services.arrests import IN_CUSTODY, ArrestInfo
from station_app.core.services.firs import FirRecord
from station_app.ui.context import Desk
from station_app.ui.dialogs.custody_dialogs import ProductionDialog, ReleaseDialog, RemandDialog
from station_app.ui.dialogs.memo_dialog import MemoDialog
from station_app.ui.dialogs.pdf_dialog import PdfDialog
from station_app.ui.events import ARREST, PERSON, ChangeSet
from station_app.ui.models.record_table import RecordTableModel
from station_app.ui.views.case_common import action_button, memo_html, open_dialog, record_table, selected_row
from station_app.ui.widgets import named

STATUS_TEXT = {
    "in_custody": "In custody: not yet produced",
    "produced": "Produced before the Magistrate",
    "police_custody": "Police custody (remand)",
    "judicial_custody": "Judicial custody",
    "bailed": "On bail",
    "released": "Released",
}
EVENT_TEXT = {
    "produced": "Produced before the Magistrate",
    "remand_police": "Remanded to police custody",
    "remand_judicial": "Remanded to judicial custody",
    "bail": "Bailed",
    "released": "Released",
}


def event_line(event: dict[str, Any]) -> str:
    text = f"{format_ist(event['at'])} — {EVENT_TEXT.get(event['kind'], event['kind'])}"
    if event.get("until"):
        text += f" until {format_ist(event['until'])}"
    details = event.get("court") or event.get("order") or event.get("reference")
    return text + (f" · {details}" if details else "")


class ArrestsTab(QWidget):
    def __init__(self, desk: Desk, record: FirRecord) -> None:
        super().__init__()
        self._desk = desk
        self.record = record
        self.events: list[dict[str, Any]] = []
        self.limits: CustodyLimits | None = None
        self.memo_dialog: MemoDialog | None = None
        self.setObjectName("arrestsTab")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        can = desk.actor.can(Permission.INVESTIGATE)
        row = QHBoxLayout()
        self.record_button = action_button(
            self, "Record arrest…", "recordArrest", self.record_arrest, "Ctrl+N", can
        )
        self.production_button = action_button(self, "Pr&oduction…", "production", self.production, "", can)
        self.remand_button = action_button(self, "Re&mand…", "remand", self.remand, "", can)
        self.release_button = action_button(self, "&Bail / release…", "release", self.release, "", can)
        for button in (self.record_button, self.production_button, self.remand_button, self.release_button):
            row.addWidget(button)
        can_print = desk.actor.can(Permission.PRINT)
        self.print_button = action_button(
            self, "Pri&nt memo…", "printArrestMemo", self.print_memo, "", can_print
        )
        self.register_button = action_button(
            self, "Arrested-persons register…", "printArrestRegister", self.print_register, "", can_print
        )
        row.addStretch()
        row.addWidget(self.print_button)
        row.addWidget(self.register_button)
        layout.addLayout(row)
        self.model: RecordTableModel[ArrestInfo] = RecordTableModel(
            [
                ("Code", lambda a: a.accused_code),
                ("Person", lambda a: a.person_name),
                ("Arrested", lambda a: format_ist(a.arrested_at)),
                ("Status", lambda a: STATUS_TEXT.get(a.status, a.status)),
                ("Produced", lambda a: format_ist(a.produced_at) if a.produced_at else "—"),
            ],
            self,
            tone=lambda a: "error" if a.status == "in_custody" else None,
        )
        self.table = record_table(self.model, "arrestsTable", "Arrests in this case")
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 4, 0, 0)
        title = QLabel("After the arrest:")
        title.setObjectName("cardTitle")
        column.addWidget(title)
        self.events_list = named(QListWidget(), "arrestEvents", "What happened after the arrest")
        self.events_list.setMaximumHeight(110)
        column.addWidget(self.events_list)
        self.memo = named(QTextBrowser(), "arrestMemo", "The arrest memo")
        column.addWidget(self.memo, 1)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.empty = QLabel("No arrest recorded in this case. Ctrl+N records one.")
        self.empty.setObjectName("arrestsEmpty")
        self.empty.setProperty("role", "help")
        layout.addWidget(self.empty)
        desk.events.changed.connect(self._changed)
        self._update_actions()
        self.refresh()

    # --- data -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        arrests, actor, fir_id = self._desk.services.arrests, self._desk.actor, self.record.id
        self._desk.ops.run(lambda: arrests.for_fir(actor, fir_id), on_success=self._show, owner=self)

    def _show(self, arrests: list[ArrestInfo]) -> None:
        keep = self.current()
        self.model.set_rows(arrests)
        self.empty.setVisible(not arrests)
        ids = [a.id for a in arrests]
        if arrests:
            self.table.selectRow(
                ids.index(keep.id) if keep is not None and keep.id in ids else len(arrests) - 1
            )
        self._selected()

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(ARREST, PERSON):
            self.refresh()

    def current(self) -> ArrestInfo | None:
        row = selected_row(self.table)
        return self.model.record(row) if row is not None else None

    def _selected(self) -> None:
        arrest = self.current()
        self._update_actions()
        self.events, self.limits = [], None
        self.events_list.clear()
        if arrest is None:
            self.memo.clear()
            return
        arrests, diary, actor, arrest_id = (
            self._desk.services.arrests,
            self._desk.services.diary,
            self._desk.actor,
            arrest.id,
        )
        gd_id = str(arrest.content["values"].get("gd_entry") or "")

        def work() -> tuple[list[dict[str, Any]], str, CustodyLimits]:
            gd = diary.get(actor, gd_id).reference if gd_id else ""
            return arrests.events(actor, arrest_id), gd, arrests.custody_limits(actor, arrest_id)

        self._desk.ops.run(work, on_success=lambda result: self._show_details(arrest, *result), owner=self)

    def _show_details(
        self, arrest: ArrestInfo, events: list[dict[str, Any]], gd: str, limits: CustodyLimits | None = None
    ) -> None:
        self.limits = limits
        current = self.current()
        if current is None or current.id != arrest.id:
            return  # another accused was chosen meanwhile
        person = arrest.content["person"]
        who = person["name"] + (f" ({person['name_alt']})" if person.get("name_alt") else "")
        heading = f"{arrest.accused_code} {arrest.person_name} — arrest memo, FIR {arrest.fir_no}"
        form = self._desk.services.arrests.form
        self.memo.setHtml(memo_html(form, arrest.content["values"], heading, {"person": who, "gd_entry": gd}))
        self._show_events(events)

    def _show_events(self, events: list[dict[str, Any]]) -> None:
        self.events = events
        self.events_list.clear()
        for event in events:
            self.events_list.addItem(event_line(event))
        if not events:
            self.events_list.addItem("Nothing yet.")

    def _update_actions(self) -> None:
        arrest = self.current()
        can = self._desk.actor.can(Permission.INVESTIGATE)
        custody = arrest is not None and arrest.status in IN_CUSTODY
        self.production_button.defaultAction().setEnabled(
            can and arrest is not None and arrest.produced_at is None
        )
        self.remand_button.defaultAction().setEnabled(
            can and custody and arrest is not None and arrest.produced_at is not None
        )
        self.release_button.defaultAction().setEnabled(can and custody)
        self.print_button.defaultAction().setEnabled(
            self._desk.actor.can(Permission.PRINT) and arrest is not None
        )

    # --- actions ----------------------------------------------------------------------------------

    def record_arrest(self) -> MemoDialog | None:
        if not self._desk.actor.can(Permission.INVESTIGATE):
            return None
        arrests, actor, fir_id = self._desk.services.arrests, self._desk.actor, self.record.id
        dialog = MemoDialog(
            self._desk,
            self.record,
            arrests.form,
            lambda values: arrests.record_arrest(actor, fir_id, values),
            ChangeSet.of(ARREST),
            name="arrestDialog",
            initial={"acts_sections": self.record.values.get("acts_sections") or []},
            gd_kind="arrest",
            note=(
                "One memo per accused. The grounds of arrest, the rights explained, the relative informed, "
                "the medical examination and the designated officer are required (BNSS 35–38, 47, 48, 53), "
                "and the place of custody with who was told of it (D.K. Basu). A woman arrested between sunset "
                "and sunrise needs item 2(a): the exceptional circumstances, a woman officer and the "
                "Magistrate's prior permission (BNSS 43(5)); a person infirm or above 60, for an offence under "
                "3 years, item 2(b): a DSP's permission (BNSS 35(7)). The 24-hour clock for production starts "
                "at the time of arrest."
            ),
            parent=self,
        )
        self.memo_dialog = dialog
        open_dialog(dialog, self.table)
        return dialog

    def production(self) -> None:
        arrest = self.current()
        if arrest is not None:
            open_dialog(ProductionDialog(self._desk, arrest, parent=self), self.table)

    def remand(self) -> None:
        arrest = self.current()
        if arrest is not None:
            open_dialog(RemandDialog(self._desk, arrest, self.events, self.limits, parent=self), self.table)

    def release(self) -> None:
        arrest = self.current()
        if arrest is not None:
            open_dialog(ReleaseDialog(self._desk, arrest, parent=self), self.table)

    def print_memo(self) -> PdfDialog | None:
        arrest = self.current()
        if arrest is None:
            return None
        printer, actor, arrest_id = self._desk.services.investigation_print, self._desk.actor, arrest.id
        name = f"arrest-memo-{arrest.fir_no.replace('/', '-')}-{arrest.accused_code}.pdf"
        dialog = PdfDialog(
            self._desk,
            f"Arrest memo: {arrest.accused_code} {arrest.person_name}, FIR {arrest.fir_no}",
            name,
            lambda: printer.arrest_memo_pdf(actor, arrest_id),
            parent=self,
        )
        open_dialog(dialog)
        return dialog

    def print_register(self) -> PdfDialog:
        printer, actor = self._desk.services.investigation_print, self._desk.actor
        dialog = PdfDialog(
            self._desk,
            "Arrested-persons register (BNSS 37)",
            "arrested-persons-register.pdf",
            lambda: printer.arrest_register_pdf(actor),
            parent=self,
        )
        open_dialog(dialog)
        return dialog
