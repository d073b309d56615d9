"""Locking the desk after a time without keyboard or mouse input.

An application-wide event filter restarts one single-shot timer on every input event; when it
fires, ``idle`` is emitted and the main window covers its contents with the lock screen (without
destroying them, so half-typed forms survive).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

MS_PER_MINUTE = 60_000

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.ShortcutOverride,
    }
)


class IdleWatcher(QObject):
    """``interval_ms_override`` (tests, demos) replaces the station's setting in minutes."""

    idle = Signal()

    def __init__(
        self,
        app: QCoreApplication,
        minutes: int = 10,
        interval_ms_override: int | None = None,
    ) -> None:
        super().__init__()
        self._app = app
        self._override = interval_ms_override
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._installed = False
        self.set_minutes(minutes)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @property
    def active(self) -> bool:
        return self._installed

    def set_minutes(self, minutes: int) -> None:
        self._timer.setInterval(self._override if self._override is not None else minutes * MS_PER_MINUTE)
        if self._installed:
            self._timer.start()

    def start(self) -> None:
        if not self._installed:
            self._app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        if self._installed:
            self._app.removeEventFilter(self)
            self._installed = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self._timer.start()  # restart: cheap, and exact to the last input
        return False
