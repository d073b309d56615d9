"""The officers' list as a table model: one row per account, filled by ``set_rows``."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from station_app.core.services.accounts import OfficerInfo
from station_app.ui.models.rows import RowsTableModel

COL_NAME, COL_USERNAME, COL_RANK, COL_BELT, COL_ROLE, COL_STATUS, COL_LAST_LOGIN = range(7)
HEADERS = ("Name", "User name", "Rank", "Belt / PIS", "Role", "Status", "Last sign-in")
SHORT_ROLE = {
    "sho": "SHO",
    "io": "Investigating officer",
    "duty_officer": "Duty officer",
    "data_entry": "Data entry",
    "viewer": "Viewer",
    "admin": "IT admin",
}

# Sorting uses this role so that dates sort as dates and status sorts by severity.
SortRole = Qt.ItemDataRole.UserRole + 1
OfficerRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


def _local(moment: datetime) -> datetime:
    return moment.astimezone()


def status_text(info: OfficerInfo, now: datetime) -> str:
    if not info.active:
        return "Deactivated"
    if info.locked_until is not None and info.locked_until > now:
        return f"Locked until {_local(info.locked_until):%H:%M}"
    if info.must_change_password:
        return "Active (must change password)"
    return "Active"


class OfficersModel(RowsTableModel[OfficerInfo]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HEADERS, parent)
        self._now = datetime.now(UTC)

    def set_rows(self, rows: list[OfficerInfo], now: datetime) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now
        self.endResetModel()

    def officer(self, row: int) -> OfficerInfo:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(info, col)
        if role == SortRole:
            if col == COL_LAST_LOGIN:
                return info.last_login_at.timestamp() if info.last_login_at else 0.0
            return self._display(info, col).lower()
        if role == OfficerRole:
            return info
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ROLE:
            return info.role.label
        return None

    def _display(self, info: OfficerInfo, col: int) -> str:
        if col == COL_NAME:
            return info.full_name
        if col == COL_USERNAME:
            return info.username
        if col == COL_RANK:
            return info.rank
        if col == COL_BELT:
            return info.belt_number
        if col == COL_ROLE:
            return SHORT_ROLE.get(info.role.value, info.role.value)
        if col == COL_STATUS:
            return status_text(info, self._now)
        if col == COL_LAST_LOGIN:
            return f"{_local(info.last_login_at):%d %b %Y %H:%M}" if info.last_login_at else "never"
        return ""
