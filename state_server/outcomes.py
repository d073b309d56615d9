"""The outcomes a handler raises instead of applying its mutation, and what handlers are given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session


class Outcome(Exception):
    """A mutation that was not applied; ``status`` is its result in the push reply."""

    status = "rejected"

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class Rejected(Outcome):
    """Permanent: the station quarantines it and a person looks at it."""

    status = "rejected"


class Conflict(Outcome):
    """Clashes with what the server holds (a legal number taken, a stale base): for a person."""

    status = "conflict"


class RetryLater(Outcome):
    """Not applicable yet (its predecessor has not arrived); the station sends it again later."""

    status = "retry_later"


@dataclass(frozen=True)
class Context:
    station_code: str
    now: datetime
    base_version: int | None


Handler = Callable[[Session, Context, Any], None]


def own(ctx: Context, station_code: str) -> None:
    if station_code != ctx.station_code:
        raise Rejected("not_owner", f"station {ctx.station_code} cannot write records of {station_code}")
