"""An FIR event as the services hand it out: kind, time recorded and its body."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from station_app.core.models import FirEvent


@dataclass(frozen=True)
class FirEventInfo:
    id: str
    seq: int
    kind: str
    at: datetime
    body: dict[str, Any]


def event_info(e: FirEvent) -> FirEventInfo:
    return FirEventInfo(e.id, e.seq, e.kind, e.at, json.loads(e.body))
