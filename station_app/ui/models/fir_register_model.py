"""The FIR register as a lazy table model that stays smooth with 200,000 FIRs.

It holds the row count and the pages it has fetched, nothing else. A row whose page is not loaded
shows "…" and asks for its page; pages are fetched through the op runner (never on the GUI thread),
one at a time, and only those still on screen when their turn comes, so a jump from the top to the
end of the register loads the last page and not the thousand in between. At most
``MAX_CACHED_PAGES`` pages are kept (least recently shown dropped first).

    model = FirRegisterModel(ops, count=lambda q: register.count(actor, q),
                             page=lambda q, offset, limit: register.page(actor, q, offset, limit))
    model.set_viewport(lambda: (table.rowAt(0), table.rowAt(table.viewport().height() - 1)))
    model.set_query(RegisterQuery(year=2026))
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF

from station_app.core.localtime import format_ist
from station_app.core.services.fir_register import RegisterQuery, RegisterSort
from station_app.core.services.firs import FirSummary
from station_app.ui.ops import OpRunner

PAGE_SIZE = 200
MAX_CACHED_PAGES = 40
PLACEHOLDER = "…"
(
    COL_NUMBER,
    COL_REGISTERED,
    COL_OCCURRENCE,
    COL_SECTIONS,
    COL_COMPLAINANT,
    COL_ACCUSED,
    COL_STATUS,
) = range(7)
HEADERS = ("FIR No.", "Registered (IST)", "Occurrence (IST)", "Sections", "Complainant", "Accused", "Status")
SORT_COLUMNS: dict[int, RegisterSort] = {
    COL_NUMBER: RegisterSort.NUMBER,
    COL_REGISTERED: RegisterSort.REGISTERED,
    COL_OCCURRENCE: RegisterSort.OCCURRENCE,
    COL_COMPLAINANT: RegisterSort.COMPLAINANT,
}
FirIdRole = Qt.ItemDataRole.UserRole + 1
SummaryRole = Qt.ItemDataRole.UserRole + 2
UnsyncedRole = Qt.ItemDataRole.UserRole + 3
DIGITISED = "Digitised"
UNSYNCED_TIP = "Not yet on the state server: queued, and sent with the next sync (see the Sync screen)."
AnyIndex = QModelIndex | QPersistentModelIndex

CountLoader = Callable[[RegisterQuery], int]
PageLoader = Callable[[RegisterQuery, int, int], list[FirSummary]]
Viewport = Callable[[], tuple[int, int]]


def status_text(summary: FirSummary) -> str:
    parts = [
        {"draft": "draft", "registered": "registered", "transferred": "transferred"}.get(
            summary.status, summary.status
        )
    ]
    if summary.source == "legacy":  # a paper FIR typed or imported under its original number
        parts[0] = DIGITISED if summary.status == "registered" else f"{parts[0]}, {DIGITISED}"
    if summary.zero_fir:
        parts.append("Zero FIR")
    if summary.source == "efir":
        parts.append("e-FIR")
    if summary.sensitive:
        parts.append("sensitive")
    return ", ".join(parts)


def cell_text(summary: FirSummary, col: int) -> str:
    if col == COL_NUMBER:
        return summary.fir_no or "(draft)"
    if col == COL_REGISTERED:
        return format_ist(summary.registered_at)
    if col == COL_OCCURRENCE:
        return format_ist(summary.occurrence_from)
    if col == COL_SECTIONS:
        return summary.sections_text
    if col == COL_COMPLAINANT:
        return summary.complainant_name
    if col == COL_ACCUSED:
        return summary.accused_names
    if col == COL_STATUS:
        return status_text(summary)
    return ""


def unsynced_icon() -> QIcon:
    """An amber disc with an upward arrow: "still to go up to the state server"."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#e37400"))
    painter.drawEllipse(0, 0, 14, 14)
    painter.setBrush(QColor("#ffffff"))
    painter.drawPolygon(QPolygonF([QPointF(7, 2.5), QPointF(11.5, 7.5), QPointF(2.5, 7.5)]))
    painter.drawRect(QRectF(5, 7, 4, 4.5))
    painter.end()
    return QIcon(pixmap)


class FirRegisterModel(QAbstractTableModel):
    loaded = Signal()  # the count or a page arrived

    def __init__(
        self,
        ops: OpRunner,
        count: CountLoader,
        page: PageLoader,
        parent: QObject | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._count_loader = count
        self._page_loader = page
        self.page_size = page_size
        self.query = RegisterQuery()
        self._count = 0
        self._pages: OrderedDict[int, list[FirSummary]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()  # most recently asked for last
        self._in_flight: int | None = None
        self._generation = 0
        self._viewport: Viewport | None = None
        self.counted = False
        self.fetched_pages: list[int] = []  # every page fetched, in order (for tests and the status line)
        self._unsynced: frozenset[str] = frozenset()
        self._unsynced_icon: QIcon | None = None
        self._pump_timer = QTimer(self)
        self._pump_timer.setSingleShot(True)
        self._pump_timer.setInterval(0)
        self._pump_timer.timeout.connect(self._pump)

    # --- queries ----------------------------------------------------------------------------------

    def set_viewport(self, viewport: Viewport | None) -> None:
        """Tell the model which rows are on screen, so it fetches those pages and skips the rest."""
        self._viewport = viewport

    def set_query(self, query: RegisterQuery) -> None:
        """New filters or sort: count and first page in one op, then a reset."""
        self.query = query
        self._load(reset=True)

    def refresh(self) -> None:
        """The same query again (an FIR was registered or changed): rows stay where they are."""
        self._load(reset=False)

    def _load(self, reset: bool) -> None:
        self._generation += 1
        generation, query, size = self._generation, self.query, self.page_size
        count, page = self._count_loader, self._page_loader
        self._ops.run(
            lambda: (count(query), page(query, 0, size)),
            on_success=lambda result: self._counted(generation, reset, *result),
            owner=self,
        )

    def _counted(self, generation: int, reset: bool, count: int, first: list[FirSummary]) -> None:
        if generation != self._generation:
            return
        self._wanted.clear()
        if reset or count != self._count:
            self.beginResetModel()
            self._count = count
            self._pages = OrderedDict({0: first})
            self.endResetModel()
        else:
            self._pages = OrderedDict({0: first})
            if count:
                self.dataChanged.emit(self.index(0, 0), self.index(count - 1, len(HEADERS) - 1))
        self.counted = True
        self.fetched_pages.append(0)
        self.loaded.emit()

    def set_unsynced(self, fir_ids: frozenset[str]) -> None:
        """FIRs with something the state server has not applied yet (from the sync monitor)."""
        if fir_ids == self._unsynced:
            return
        self._unsynced = fir_ids
        if self._count:
            roles = [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, UnsyncedRole]
            self.dataChanged.emit(self.index(0, COL_NUMBER), self.index(self._count - 1, COL_NUMBER), roles)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = SORT_COLUMNS.get(column)
        if sort is None:
            return  # Sections, names of accused and status are not sortable over the whole register
        self.set_query(self.query.with_sort(sort, order == Qt.SortOrder.DescendingOrder))

    # --- pages ------------------------------------------------------------------------------------

    def loaded_pages(self) -> list[int]:
        return sorted(self._pages)

    def _summary(self, row: int) -> FirSummary | None:
        number = row // self.page_size
        rows = self._pages.get(number)
        if rows is None:
            self._want(number)
            return None
        self._pages.move_to_end(number)
        offset = row - number * self.page_size
        return rows[offset] if offset < len(rows) else None

    def summary(self, row: int) -> FirSummary | None:
        """The row's FIR if its page is loaded (asks for the page otherwise)."""
        return self._summary(row)

    def _want(self, number: int) -> None:
        self._wanted[number] = None
        self._wanted.move_to_end(number)
        if not self._pump_timer.isActive():
            self._pump_timer.start()

    def _visible_pages(self) -> range | None:
        if self._viewport is None:
            return None
        first, last = self._viewport()
        if first < 0:
            return None
        if last < 0:
            last = min(first + self.page_size, self._count - 1)
        return range(first // self.page_size, last // self.page_size + 1)

    def _pump(self) -> None:
        """Fetch the most recently wanted page still on screen; one op at a time."""
        if self._in_flight is not None:
            return
        visible = self._visible_pages()
        while self._wanted:
            number, _ = self._wanted.popitem(last=True)
            if number in self._pages or (visible is not None and number not in visible):
                continue  # scrolled past: if it comes back on screen, painting asks again
            self._fetch(number)
            return

    def _fetch(self, number: int) -> None:
        self._in_flight = number
        generation, query, size, page = self._generation, self.query, self.page_size, self._page_loader
        self._ops.run(
            lambda: page(query, number * size, size),
            on_success=lambda rows: self._arrived(generation, number, rows),
            on_done=self._fetch_done,
            owner=self,
        )

    def _fetch_done(self) -> None:
        self._in_flight = None
        if self._wanted:
            self._pump_timer.start()

    def _arrived(self, generation: int, number: int, rows: list[FirSummary]) -> None:
        if generation != self._generation:
            return
        self._pages[number] = rows
        self.fetched_pages.append(number)
        self._evict()
        first = number * self.page_size
        last = min(first + self.page_size, self._count) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))
        self.loaded.emit()

    def _evict(self) -> None:
        visible = self._visible_pages() or range(0)
        while len(self._pages) > MAX_CACHED_PAGES:
            oldest = next((n for n in self._pages if n not in visible), None)
            if oldest is None:
                return
            del self._pages[oldest]

    # --- Qt model ---------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Click to sort" if section in SORT_COLUMNS else "Not sortable"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.DecorationRole,
            FirIdRole,
            SummaryRole,
            UnsyncedRole,
        ):
            return None
        summary = self._summary(index.row())
        if summary is None:
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
        if role == FirIdRole:
            return summary.id
        if role == SummaryRole:
            return summary
        unsynced = summary.id in self._unsynced and summary.status != "draft"
        if role == UnsyncedRole:
            return unsynced
        col = index.column()
        if role == Qt.ItemDataRole.DecorationRole:
            if col != COL_NUMBER or not unsynced:
                return None
            if self._unsynced_icon is None:  # made on first use: a pixmap needs the QApplication
                self._unsynced_icon = unsynced_icon()
            return self._unsynced_icon
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_NUMBER and unsynced:
                return UNSYNCED_TIP
            return cell_text(summary, col) if col in (COL_SECTIONS, COL_ACCUSED) else None
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_NUMBER and unsynced:
            return f"{cell_text(summary, col)}, not yet on the state server"
        return cell_text(summary, col)
