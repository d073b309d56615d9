"""Search as you type from the main window: persons (a name in either script, or a phone), FIRs by
number, vehicles by registration number, grouped by type in a list under the search field.

Every keystroke restarts a 150 ms timer; when it fires, one search goes to the database thread. At
most one is in flight: text typed meanwhile is searched when the answer is in, and an answer for
text that is no longer in the box is dropped. So the GUI thread never waits and the database thread
never queues a backlog of stale searches.

Keyboard: Ctrl+K or Ctrl+F (where the screen has no Ctrl+F or Ctrl+K of its own) goes to the field;
Down/Up choose a result, Enter opens it, Esc closes the list.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from station_app.core.services.search import SearchResults
from station_app.ui.context import Desk
from station_app.ui.widgets import named

SEARCH_DELAY_MS = 150
SHORTCUTS = ("Ctrl+K", "Ctrl+F")
POPUP_WIDTH = 720
POPUP_MAX_HEIGHT = 440
HitRole = Qt.ItemDataRole.UserRole + 1  # (kind, id) of a result; None on a group title
KIND_TITLES = {"person": "Persons / व्यक्ति", "fir": "FIRs / प्रथम सूचना रिपोर्ट", "vehicle": "Vehicles / वाहन"}


class SearchPopup(QFrame):
    """The grouped results, drawn over the desk under the search field (it never takes the focus)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)  # drawn over the desk: nothing may show through
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        self.list = named(QListWidget(), "searchResults", "Search results")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(False)
        layout.addWidget(self.list)
        self.note = QLabel()
        self.note.setObjectName("searchNote")
        self.note.setProperty("role", "help")
        self.note.setContentsMargins(8, 2, 8, 4)
        layout.addWidget(self.note)
        self.hide()

    def show_results(self, results: SearchResults) -> None:
        self.list.clear()
        for group in results.groups:
            title = QListWidgetItem(KIND_TITLES.get(group.kind, group.title))
            title.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: shown, never selected
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            title.setBackground(Qt.GlobalColor.lightGray)
            self.list.addItem(title)
            for hit in group.hits:
                text = f"   {hit.label}" + (f"\n      {hit.detail}" if hit.detail else "")
                item = QListWidgetItem(text)
                item.setData(HitRole, (hit.kind, hit.id))
                self.list.addItem(item)
        count = sum(len(g.hits) for g in results.groups)
        self.note.setText(
            f"{count} found · Up/Down choose · Enter opens · Esc closes"
            if count
            else f"Nothing found for “{results.text.strip()}”. Try a name, a phone, an FIR No. (12/2026) "
            "or a vehicle number (UP32 AB 1234)."
        )
        self.move_by(1, from_top=True)

    def hits(self) -> list[tuple[str, str]]:
        return [
            self.list.item(i).data(HitRole)
            for i in range(self.list.count())
            if self.list.item(i).data(HitRole)
        ]

    def move_by(self, step: int, from_top: bool = False) -> None:
        """Next (or previous) result, skipping group titles."""
        rows = [i for i in range(self.list.count()) if self.list.item(i).data(HitRole)]
        if not rows:
            return
        current = self.list.currentRow()
        if from_top or current not in rows:
            target = rows[0]
        else:
            index = max(0, min(len(rows) - 1, rows.index(current) + step))
            target = rows[index]
        self.list.setCurrentRow(target)

    def current_hit(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        data = item.data(HitRole) if item is not None else None
        return (str(data[0]), str(data[1])) if data else None

    def place(self, anchor: QWidget) -> None:
        host = self.parentWidget()
        assert host is not None
        below = anchor.mapTo(host, QPoint(0, anchor.height() + 2))
        width = min(anchor.width(), POPUP_WIDTH)
        x = min(below.x(), max(0, host.width() - width - 8))
        rows = sum(self.list.sizeHintForRow(i) for i in range(self.list.count())) + 8
        height = min(
            POPUP_MAX_HEIGHT, rows + self.note.sizeHint().height() + 6, host.height() - below.y() - 8
        )
        self.setGeometry(x, below.y(), width, max(80, height))
        self.raise_()


class SearchBox(QLineEdit):
    open_requested = Signal(str, str)  # kind (person | fir | vehicle), record id
    results_shown = Signal(str)  # the text whose results are now on screen (tests, the stall benchmark)

    def __init__(self, desk: Desk, popup_host: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._in_flight = False
        self._shown_for = ""
        self._window_hooked = False
        self._open_when_found = False
        named(self, "globalSearch", "Search persons, FIRs and vehicles")
        self.setPlaceholderText("Search: a name (Hindi or English), phone, FIR No. or vehicle No.   (Ctrl+K)")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(460)
        self.popup = SearchPopup(popup_host)
        self.popup.list.itemClicked.connect(self.popup.list.setCurrentItem)
        self.popup.list.itemDoubleClicked.connect(lambda _item: self.open_current())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.textEdited.connect(self._typed)
        # Ctrl+K / Ctrl+F go to this field from anywhere on the desk, unless the screen in use has
        # its own (the FIR editor's Ctrl+K "Check", the diary's Ctrl+F): then that one wins.
        self.focus_action = QAction("Search…", self)
        self.focus_action.setObjectName("globalSearchAction")
        self.focus_action.setShortcuts([QKeySequence(k) for k in SHORTCUTS])
        self.focus_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.focus_action.triggered.connect(self.focus_search)

    # --- the keyboard's way in --------------------------------------------------------------------

    def focus_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()
        if self.text().strip() and self._shown_for == self.text().strip():
            self._show_popup()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.window().windowHandle()
        if not self._window_hooked and handle is not None:
            handle.focusObjectChanged.connect(self._focus_moved)
            self._window_hooked = True

    def _focus_moved(self, focused: QObject | None) -> None:
        """Give up a global shortcut while the focus is inside a screen that uses the same keys."""
        claimed: set[str] = set()
        widget = focused if isinstance(focused, QWidget) else None
        while widget is not None:
            for action in widget.actions():
                if (
                    action is not self.focus_action
                    and action.shortcutContext() != Qt.ShortcutContext.WindowShortcut
                ):
                    claimed.update(s.toString() for s in action.shortcuts())
            for shortcut in widget.findChildren(QShortcut, options=Qt.FindChildOption.FindDirectChildrenOnly):
                if shortcut.context() != Qt.ShortcutContext.WindowShortcut:
                    claimed.add(shortcut.key().toString())
            widget = widget.parentWidget()
        keys = [QKeySequence(k) for k in SHORTCUTS if QKeySequence(k).toString() not in claimed]
        if [k.toString() for k in self.focus_action.shortcuts()] != [k.toString() for k in keys]:
            self.focus_action.setShortcuts(keys)

    # --- searching --------------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._open_when_found = False
        if not text.strip():
            self._timer.stop()
            self._shown_for = ""
            self.popup.hide()
            return
        self._timer.start()

    def search(self) -> None:
        self._timer.stop()
        text = self.text().strip()
        if not text or self._in_flight or text == self._shown_for:
            return
        self._in_flight = True
        search, actor = self._desk.services.search, self._desk.actor
        self._desk.ops.run(
            lambda: search.search(actor, text),
            on_success=self._found,
            on_done=self._search_done,
            owner=self,
        )

    def _search_done(self) -> None:
        self._in_flight = False
        if self.text().strip() and self.text().strip() != self._shown_for:
            self._timer.start()  # typed on while that search ran

    def _found(self, results: SearchResults) -> None:
        text = results.text.strip()
        if text != self.text().strip():
            return  # stale: the box says something else by now
        self._shown_for = text
        self.popup.show_results(results)
        if self.hasFocus():
            self._show_popup()
        self.results_shown.emit(text)
        if self._open_when_found:
            self.open_current()

    def _show_popup(self) -> None:
        self.popup.place(self)
        self.popup.show()

    # --- choosing ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.popup.list.count():
            if not self.popup.isVisible():
                self._show_popup()
            else:
                self.popup.move_by(1 if key == Qt.Key.Key_Down else -1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current()
            return
        if key == Qt.Key.Key_Escape and self.popup.isVisible():
            self.popup.hide()
            return
        super().keyPressEvent(event)

    def open_current(self) -> None:
        if self.text().strip() != self._shown_for:
            self._open_when_found = bool(self.text().strip())  # Enter typed ahead of the answer
            self.search()
            return
        self._open_when_found = False
        hit = self.popup.current_hit()
        if hit is None:
            return
        self.popup.hide()
        self.open_requested.emit(*hit)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if shiboken6.isValid(self.popup):  # gone first when the desk is torn down
            self.popup.hide()


class SearchBar(QToolBar):
    """The desk's toolbar: the search field (inside the desk, so the lock screen covers it too)."""

    def __init__(self, desk: Desk, popup_host: QWidget) -> None:
        super().__init__("Search")
        self.setObjectName("searchBar")
        self.setMovable(False)
        label = QLabel("  Search: ")
        label.setObjectName("searchLabel")
        self.addWidget(label)
        self.box = SearchBox(desk, popup_host, self)
        label.setBuddy(self.box)
        self.addWidget(self.box)
