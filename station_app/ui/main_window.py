"""The desk: navigation on the left, one module at a time on the right, and the lock screen that
covers both without destroying them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station_app import __version__
from station_app.core.permissions import Actor, Permission
from station_app.ui.context import Desk
from station_app.ui.dialogs.passwords import ChangePasswordDialog
from station_app.ui.events import STATION, ChangeSet
from station_app.ui.idle_lock import IdleWatcher
from station_app.ui.maintenance import MaintenanceActions
from station_app.ui.search_box import SearchBar
from station_app.ui.sync_monitor import SyncMonitor
from station_app.ui.sync_status_bar import SyncStatusButton
from station_app.ui.views.dashboard import Dashboard
from station_app.ui.views.diary import DiaryView
from station_app.ui.views.digitise_view import DigitiseView
from station_app.ui.views.fir_desk import FirDesk
from station_app.ui.views.fir_register import FirRegisterView
from station_app.ui.views.inbox_view import InboxView
from station_app.ui.views.lock_screen import LockScreen
from station_app.ui.views.officers import OfficersView
from station_app.ui.views.persons_view import PersonsView
from station_app.ui.views.sync_view import SyncView
from station_app.ui.widgets import named

# Modules that exist. Each is (navigation title, object name, factory). Later modules add a line.
MODULES: tuple[tuple[str, str, Callable[[Desk], QWidget]], ...] = (
    ("Home", "home", Dashboard),
    ("General Diary", "diary", DiaryView),
    ("FIR register", "register", FirRegisterView),
    ("New FIR / Drafts", "fir", FirDesk),
    ("Officers", "officers", OfficersView),
    ("Inbox", "inbox", InboxView),
    ("Sync", "sync", SyncView),
    ("Persons", "persons", PersonsView),
    ("Digitise", "digitise", DigitiseView),
)
# Modules shown only to officers who may use them (the services refuse the others anyway): the
# IT admin, who reads no case records, sees Home, Officers and Sync.
MODULE_PERMISSIONS: dict[str, Permission] = {
    "diary": Permission.VIEW_RECORDS,
    "register": Permission.VIEW_RECORDS,
    "fir": Permission.VIEW_RECORDS,
    "officers": Permission.VIEW_ACCOUNTS,
    "inbox": Permission.VIEW_RECORDS,
    "persons": Permission.VIEW_RECORDS,
    "digitise": Permission.DIGITISE_LEGACY,
}


def modules_for(actor: Actor) -> tuple[tuple[str, str, Callable[[Desk], QWidget]], ...]:
    return tuple(m for m in MODULES if m[1] not in MODULE_PERMISSIONS or actor.can(MODULE_PERMISSIONS[m[1]]))


SYNC_NOW_SHORTCUT = "Ctrl+Shift+S"


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    quit_requested = Signal()
    restore_requested = Signal(object)  # a confirmed RestoreRequest (Station → Restore from a backup)

    def __init__(self, desk: Desk, idle: IdleWatcher) -> None:
        super().__init__()
        self._desk = desk
        self._idle = idle
        self._allow_close = False
        self._hidden_dialogs: list[QDialog] = []
        identity, actor = desk.identity, desk.actor
        self.setObjectName("mainWindow")
        training = " [TRAINING]" if identity.training else ""
        self.setWindowTitle(f"{identity.station_name} ({identity.station_code}){training}")
        # One reader of the sync state for the status bar, the Sync screen, the inbox and the register.
        self.sync_monitor = SyncMonitor(desk, self)

        self.nav = named(QListWidget(), "navigation", "Modules")
        self.nav.setFixedWidth(180)  # room for the modules on a 1024-pixel screen
        self.modules = QStackedWidget()
        self.modules.setObjectName("modules")
        self.module_widgets: dict[str, QWidget] = {}
        self.module_list = modules_for(actor)
        for index, (title, name, factory) in enumerate(self.module_list):
            widget = factory(desk)
            self.module_widgets[name] = widget
            self.modules.addWidget(widget)
            item = QListWidgetItem(title)
            item.setToolTip(f"{title} (Ctrl+{index + 1})")
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.modules.setCurrentIndex)
        self._wire_modules()

        workspace = QWidget()
        workspace.setObjectName("workspace")
        row = self._workspace_layout(workspace)
        row.addWidget(self.nav)
        row.addWidget(self.modules, 1)
        self.lock_screen = LockScreen(identity, actor, desk.services.accounts, desk.ops)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.sign_out_requested.connect(self.sign_out_requested)
        self.desk_stack = QStackedWidget()
        self.desk_stack.setObjectName("deskStack")
        self.desk_stack.addWidget(workspace)
        self.desk_stack.addWidget(self.lock_screen)
        self.workspace = workspace
        self.setCentralWidget(self.desk_stack)

        self._build_menus()
        self._build_status_bar()
        self.nav.setCurrentRow(0)
        self._idle.idle.connect(self.lock)
        desk.events.changed.connect(self._changed)
        self._load_idle_minutes()
        self._idle.start()

    # --- chrome -----------------------------------------------------------------------------------

    def _workspace_layout(self, workspace: QWidget) -> QHBoxLayout:
        """The search bar on top (inside the desk: the lock screen covers it too), then the row for
        the navigation and the modules."""
        column = QVBoxLayout(workspace)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.search_bar = SearchBar(self._desk, workspace)
        self.search_bar.box.open_requested.connect(self.open_search_hit)
        column.addWidget(self.search_bar)
        if self._desk.actor.can(Permission.VIEW_RECORDS):
            self.addAction(self.search_bar.box.focus_action)  # Ctrl+K / Ctrl+F from anywhere on the desk
        else:  # the search finds persons and FIRs: nothing for a role that reads no records
            self.search_bar.box.focus_action.setEnabled(False)
            self.search_bar.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        column.addLayout(row, 1)
        return row

    def _action(self, text: str, name: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        actor = self._desk.actor
        bar = self.menuBar()
        self.maintenance = MaintenanceActions(self, self._desk)
        self.maintenance.restore_requested.connect(self.restore_requested)
        station = bar.addMenu("&Station")
        self.change_password_action = self._action(
            "&Change password…", "changePasswordAction", self.change_password
        )
        self.lock_action = self._action("&Lock desk", "lockAction", self.lock, "Ctrl+L")
        self.sign_out_action = self._action("Sign &out", "signOutAction", self.request_sign_out)
        self.quit_action = self._action("&Quit", "quitAction", self.request_quit, "Ctrl+Q")
        self.sync_now_action = self._action(
            "Sync &now", "syncNowAction", self.sync_monitor.sync_now, SYNC_NOW_SHORTCUT
        )
        can_sync = actor.can(Permission.SYNC)
        self.sync_now_action.setEnabled(self.sync_monitor.worker is not None and can_sync)
        self.sync_now_action.setVisible(can_sync)
        station.addActions([self.change_password_action, self.lock_action, self.sign_out_action])
        station.addSeparator()
        self.maintenance.add_to(station)
        if can_sync:
            station.addAction(self.sync_now_action)
            station.addSeparator()
        station.addAction(self.quit_action)
        go = bar.addMenu("&Go")
        self.go_actions: list[QAction] = []
        for index, (title, name, _factory) in enumerate(self.module_list[:9]):
            go_to = partial(self.nav.setCurrentRow, index)
            action = self._action(f"&{title}", f"go_{name}", go_to, f"Ctrl+{index + 1}")
            go.addAction(action)
            self.go_actions.append(action)
        self.new_fir_action = self._action("New &FIR", "newFirAction", self.new_fir, "Ctrl+Shift+N")
        self.new_gd_action = self._action(
            "New &General Diary entry…", "newGdEntryMenuAction", self.new_gd_entry, "Ctrl+Shift+G"
        )
        # Only what the role may do is offered; the others stay out of every menu, and disabled so
        # that their shortcuts do nothing either.
        offered = [
            action
            for action, permission in (
                (self.new_fir_action, Permission.DRAFT_FIR),
                (self.new_gd_action, Permission.WRITE_GD),
            )
            if actor.can(permission)
        ]
        for action in (self.new_fir_action, self.new_gd_action):
            if action not in offered:
                action.setEnabled(False)
                action.setVisible(False)
        if offered:
            records = bar.addMenu("&Records")
            records.addActions(offered)
        help_menu = bar.addMenu("&Help")
        self.about_action = self._action("&About Station App", "aboutAction", self.about)
        help_menu.addAction(self.maintenance.update_action)
        help_menu.addAction(self.about_action)
        # Everything but Quit stops working while the desk is locked.
        self._desk_actions = [
            self.change_password_action,
            self.lock_action,
            self.sign_out_action,
            *self.go_actions,
            *offered,
            self.about_action,
            *self.maintenance.actions,
        ]
        if actor.can(Permission.VIEW_RECORDS):
            self._desk_actions.append(self.search_bar.box.focus_action)
        if self.sync_monitor.worker is not None and can_sync:
            self._desk_actions.append(self.sync_now_action)

    def _build_status_bar(self) -> None:
        identity, actor = self._desk.identity, self._desk.actor
        self.officer_label = QLabel(f"{actor.full_name}, {actor.rank}")
        self.officer_label.setObjectName("officerStatus")
        self.station_label = QLabel(f"{identity.station_name} ({identity.station_code})")
        self.station_label.setObjectName("stationStatus")
        sync_index = [n for _t, n, _f in self.module_list].index("sync")
        self.sync_label = SyncStatusButton(self.sync_monitor, f"Ctrl+{sync_index + 1}")
        self.sync_label.clicked.connect(lambda: self.show_module("sync"))
        bar = self.statusBar()
        bar.addWidget(self.officer_label)
        bar.addWidget(self.station_label)
        bar.addPermanentWidget(self.sync_label)

    def _wire_modules(self) -> None:
        """Modules that lead to one another: the register and the dashboard open FIRs and drafts.
        The record modules are missing for a role that reads no records (the IT admin)."""
        dashboard, sync = self.module_widgets["home"], self.module_widgets["sync"]
        assert isinstance(dashboard, Dashboard) and isinstance(sync, SyncView)
        sync.attach(self.sync_monitor)
        if "fir" in self.module_widgets:
            dashboard.drafts_requested.connect(self.show_drafts)
            if dashboard.deadlines_card is not None:
                dashboard.deadlines_card.case_requested.connect(self.open_fir)
        register = self.module_widgets.get("register")
        if isinstance(register, FirRegisterView):
            register.open_requested.connect(self.open_fir)
            register.attach(self.sync_monitor)
        inbox = self.module_widgets.get("inbox")
        if isinstance(inbox, InboxView):
            inbox.attach(self.sync_monitor)

    def fir_desk(self) -> FirDesk:
        desk = self.module_widgets["fir"]
        assert isinstance(desk, FirDesk)
        return desk

    def open_fir(self, fir_id: str) -> None:
        self.show_module("fir")
        self.fir_desk().open_fir(fir_id)

    def open_person(self, person_id: str) -> None:
        self.show_module("persons")
        persons = self.module_widgets["persons"]
        assert isinstance(persons, PersonsView)
        persons.open_person(person_id)

    def open_search_hit(self, kind: str, record_id: str) -> None:
        """A search result: a person opens in Persons; an FIR, or a vehicle's FIR, in its case."""
        if kind == "person":
            self.open_person(record_id)
        else:
            self.open_fir(record_id)

    def show_drafts(self) -> None:
        self.show_module("fir")
        self.fir_desk().show_drafts()

    def new_fir(self) -> None:
        self.show_module("fir")
        self.fir_desk().new_fir()

    def new_gd_entry(self) -> None:
        self.show_module("diary")
        diary = self.module_widgets["diary"]
        assert isinstance(diary, DiaryView)
        diary.new_entry()

    def module(self, name: str) -> QWidget:
        return self.module_widgets[name]

    def show_module(self, name: str) -> None:
        self.nav.setCurrentRow([n for _t, n, _f in self.module_list].index(name))

    # --- lock -------------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.desk_stack.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.locked:
            return
        self._idle.stop()
        # Dialogs opened from the desk (with open(), never exec()) are hidden, not closed, so
        # their typed text survives too; they come back after unlocking.
        self._hidden_dialogs = [d for d in self.findChildren(QDialog) if d.isVisible()]
        for dialog in self._hidden_dialogs:
            dialog.hide()
        for action in self._desk_actions:
            action.setEnabled(False)
        self.desk_stack.setCurrentWidget(self.lock_screen)
        self.lock_screen.reset()

    def unlock(self) -> None:
        self.desk_stack.setCurrentWidget(self.workspace)
        for action in self._desk_actions:
            action.setEnabled(True)
        for dialog in self._hidden_dialogs:
            dialog.show()
        self._hidden_dialogs = []
        current = self.modules.currentWidget()
        if current is not None:
            current.setFocus()
        self._idle.start()

    def _load_idle_minutes(self) -> None:
        station = self._desk.services.station
        self._desk.ops.run(station.idle_lock_minutes, on_success=self._idle.set_minutes, owner=self)

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(STATION):
            self._load_idle_minutes()

    # --- menu actions -----------------------------------------------------------------------------

    def change_password(self) -> None:
        desk = self._desk
        dialog = ChangePasswordDialog(desk.actor, desk.services.accounts, desk.ops, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: desk.messages.info(self, "Password changed", "Your new password is in use.")
        )
        dialog.open()

    def about(self) -> None:
        data_dir = self._desk.data_dir
        self._desk.messages.info(
            self,
            "About Station App",
            f"Station App {__version__}\n\nData folder: {data_dir.root}\nLog file: {data_dir.log_file}",
        )

    # --- closing ----------------------------------------------------------------------------------

    def unfinished_work(self) -> list[str]:
        """What would be lost by leaving now, as each module says it (``unfinished_work() -> str | None``:
        a paper record half keyed in, an import running). Drafts and diaries save themselves."""
        said = (getattr(widget, "unfinished_work", lambda: None)() for widget in self.module_widgets.values())
        return [text for text in said if text]

    def _may_leave(self, action: str) -> bool:
        pending = self.unfinished_work()
        if not pending:
            return True
        text = "\n".join(pending) + f"\n\n{action} anyway?"
        if not self._desk.messages.confirm(self, f"{action} now?", text, action):
            return False
        for widget in self.module_widgets.values():
            getattr(widget, "leave", lambda: None)()
        return True

    def request_quit(self) -> None:
        if self._may_leave("Quit"):
            self.quit_requested.emit()

    def request_sign_out(self) -> None:
        if self._may_leave("Sign out"):
            self.sign_out_requested.emit()

    def close_for_good(self) -> None:
        """Close without asking (sign-out or quit decided by the composition root). Once is enough."""
        if self._allow_close:
            return
        self._idle.stop()
        self._idle.idle.disconnect(self.lock)
        self._allow_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._allow_close:
            event.accept()
            return
        event.ignore()  # the window's close button means Quit; the composition root decides
        self.request_quit()
