"""Field widgets used by more than one dialog (station and officer forms)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit

from station_app.core.permissions import ROLE_LABELS, Role
from station_app.ui.widgets import named

# Offered as suggestions only: a state may spell its ranks differently, so the combo stays editable.
RANKS = (
    "Inspector",
    "Sub-Inspector",
    "Assistant Sub-Inspector",
    "Head Constable",
    "Constable",
    "Deputy Superintendent",
)

STATES_AND_UTS = (
    "Andaman and Nicobar Islands",
    "Andhra Pradesh",
    "Arunachal Pradesh",
    "Assam",
    "Bihar",
    "Chandigarh",
    "Chhattisgarh",
    "Dadra and Nagar Haveli and Daman and Diu",
    "Delhi",
    "Goa",
    "Gujarat",
    "Haryana",
    "Himachal Pradesh",
    "Jammu and Kashmir",
    "Jharkhand",
    "Karnataka",
    "Kerala",
    "Ladakh",
    "Lakshadweep",
    "Madhya Pradesh",
    "Maharashtra",
    "Manipur",
    "Meghalaya",
    "Mizoram",
    "Nagaland",
    "Odisha",
    "Puducherry",
    "Punjab",
    "Rajasthan",
    "Sikkim",
    "Tamil Nadu",
    "Telangana",
    "Tripura",
    "Uttar Pradesh",
    "Uttarakhand",
    "West Bengal",
)


def state_edit() -> QLineEdit:
    edit = named(QLineEdit(), "stateEdit", "State")
    completer = QCompleter(list(STATES_AND_UTS), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)
    return edit


def rank_combo() -> QComboBox:
    combo = named(QComboBox(), "rankCombo", "Rank")
    combo.setEditable(True)
    combo.addItems(RANKS)
    combo.setCurrentIndex(-1)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


def role_combo() -> QComboBox:
    combo = named(QComboBox(), "roleCombo", "Role")
    for role in Role:
        combo.addItem(ROLE_LABELS[role], role)
    return combo


def selected_role(combo: QComboBox) -> Role:
    return Role(combo.currentData())


def select_role(combo: QComboBox, role: Role) -> None:
    combo.setCurrentIndex(combo.findData(role))
