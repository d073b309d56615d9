"""The station's latitude and longitude, for sunset and sunrise (BNSS 43(5): no woman is arrested
between them save with the Magistrate's prior permission). Set by the SHO; until then the app uses
its per-state table with a 30-minute margin, and says so here."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from station_app.core.errors import StationError, ValidationError
from station_app.core.permissions import Permission
from station_app.core.services.station import INDIA_LATITUDE, INDIA_LONGITUDE
from station_app.ui.context import Desk
from station_app.ui.events import STATION, ChangeSet
from station_app.ui.widgets import card_layout, error_label, named, set_error


def location_text(coordinates: tuple[float, float] | None, state: str) -> str:
    if coordinates is None:
        return (
            "Not set: sunset and sunrise for the night-arrest rule (BNSS 43(5)) are taken from the capital of "
            f"{state}, 30 minutes wider at each end. Set the station's own position for exact times."
        )
    lat, lon = coordinates
    return f"Sunset and sunrise (BNSS 43(5)) are computed for {lat:.4f}° N, {lon:.4f}° E (NOAA method)."


class LocationCard(QFrame):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        layout = card_layout(self, "Station location")
        self.note = QLabel("…")
        self.note.setObjectName("locationNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.latitude = self._spin(
            "latitudeSpin", "Latitude of the station, degrees north", INDIA_LATITUDE, " ° N"
        )
        self.longitude = self._spin(
            "longitudeSpin", "Longitude of the station, degrees east", INDIA_LONGITUDE, " ° E"
        )
        self.save = named(QPushButton("Sa&ve location"), "locationSaveButton", "Save the station's location")
        self.save.clicked.connect(self._save)
        self.error = error_label("locationError")
        setting = QWidget()
        row = QHBoxLayout(setting)
        row.setContentsMargins(0, 0, 0, 0)
        for text, spin in (("La&titude:", self.latitude), ("Lo&ngitude:", self.longitude)):
            label = QLabel(text)
            label.setBuddy(spin)
            row.addWidget(label)
            row.addWidget(spin)
        row.addWidget(self.save)
        row.addStretch()
        layout.addWidget(setting)
        layout.addWidget(self.error)
        setting.setVisible(desk.actor.can(Permission.MANAGE_STATION))  # the service refuses others too
        desk.events.changed.connect(self._changed)
        self.refresh()

    @staticmethod
    def _spin(name: str, accessible: str, bounds: tuple[float, float], suffix: str) -> QDoubleSpinBox:
        spin = named(QDoubleSpinBox(), name, accessible)
        spin.setDecimals(4)
        # One step below India's bounds stands for "not set", shown as a dash: a spin box at its
        # lowest real value (6° N, 68° E: the sea) would look like a position the SHO could save.
        spin.setRange(bounds[0] - 1, bounds[1])
        spin.setSpecialValueText("—")
        spin.setValue(spin.minimum())
        spin.setSuffix(suffix)
        return spin

    def refresh(self) -> None:
        station = self._desk.services.station
        self._desk.ops.run(station.coordinates, on_success=self._show, owner=self)

    def _changed(self, changes: ChangeSet) -> None:
        if changes.touches(STATION):
            self.refresh()

    def _show(self, coordinates: tuple[float, float] | None) -> None:
        self.note.setText(location_text(coordinates, self._desk.identity.state))
        if coordinates is not None:
            self.latitude.setValue(coordinates[0])
            self.longitude.setValue(coordinates[1])

    def _save(self) -> None:
        actor, station = self._desk.actor, self._desk.services.station
        lat, lon = self.latitude.value(), self.longitude.value()
        if lat == self.latitude.minimum() or lon == self.longitude.minimum():
            set_error(self.error, "Type both the latitude and the longitude of the station (from a map).")
            return
        set_error(self.error, "")
        self._desk.ops.run(
            lambda: station.set_coordinates(actor, lat, lon),
            on_failure=self._failed,
            changes=ChangeSet.of(STATION),
            owner=self,
        )

    def _failed(self, exc: StationError) -> None:
        if isinstance(exc, ValidationError):
            set_error(self.error, "; ".join(exc.field_errors.values()))
        else:
            self._desk.messages.station_error(self, exc)
