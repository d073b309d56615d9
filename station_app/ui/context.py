"""What a signed-in desk is made of, built by the composition root and passed to each view.

A plain, frozen record passed through constructors: views take what they need from it, and nothing
is looked up from globals or the QApplication.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from station_app.core.identity import StationIdentity
from station_app.core.paths import DataDir
from station_app.core.permissions import Actor
from station_app.core.runtime import StationServices
from station_app.core.updates import PUBLISHER_KEYS, hand_to_installer
from station_app.ui.events import AppEvents
from station_app.ui.messages import Messages
from station_app.ui.ops import OpRunner
from station_app.ui.sync_worker import SyncWorker


@dataclass(frozen=True)
class Desk:
    data_dir: DataDir
    services: StationServices
    identity: StationIdentity
    actor: Actor
    ops: OpRunner
    events: AppEvents
    messages: Messages
    # The network thread of this sign-in; None where a desk is built without one (most GUI tests).
    sync_worker: SyncWorker | None = None
    # Offline updates: the publisher's keys and the hand-over to the installer (tests pass their own).
    update_keys: Sequence[str] = PUBLISHER_KEYS
    installer: Callable[[Path], object] = hand_to_installer
