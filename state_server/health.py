"""GET /healthz: what a load balancer, a reverse proxy or a monitoring check asks the server.

200 when the database answers and its schema is the one this server was built for; 503 otherwise
(database unreachable, or `state-server migrate` not yet run after an upgrade). No authentication
and nothing about stations or records in the answer: it is safe to expose to the monitoring network.
"""

from __future__ import annotations

import logging
import time
from typing import Literal

from alembic.script import ScriptDirectory
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from state_server import __version__
from state_server.db import ServerDatabase, alembic_config

log = logging.getLogger(__name__)
HEALTH_PATH = "/healthz"


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    version: str
    database: Literal["ok", "unreachable", "migrations_pending", "newer_schema"]
    schema_revision: str | None
    expected_schema_revision: str
    database_ms: float | None


def health_router(database: ServerDatabase) -> APIRouter:
    router = APIRouter()
    script = ScriptDirectory.from_config(alembic_config())
    expected = script.get_current_head()
    assert expected is not None, "the server ships at least one migration"
    known = {rev.revision for rev in script.walk_revisions()}

    @router.get(
        HEALTH_PATH,
        response_model=Health,
        responses={503: {"model": Health, "description": "database unreachable or not migrated"}},
        summary="Liveness and readiness: the database answers and is migrated",
    )
    def healthz() -> JSONResponse:
        started = time.perf_counter()
        revision: str | None = None
        try:
            with database.engine.connect() as conn:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            state: Literal["ok", "unreachable", "migrations_pending", "newer_schema"] = "ok"
            if revision != expected:
                state = (
                    "newer_schema" if revision is not None and revision not in known else "migrations_pending"
                )
            elapsed: float | None = round((time.perf_counter() - started) * 1000, 1)
        except SQLAlchemyError as exc:
            log.error(
                "health check: database unreachable (%s)", type(getattr(exc, "orig", None) or exc).__name__
            )
            state, elapsed = "unreachable", None
        body = Health(
            status="ok" if state == "ok" else "unavailable", version=__version__, database=state,
            schema_revision=revision, expected_schema_revision=expected, database_ms=elapsed,
        )  # fmt: skip
        return JSONResponse(body.model_dump(), status_code=200 if state == "ok" else 503)

    return router
