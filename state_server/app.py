"""The FastAPI application: ``/sync/v1`` hello, enrol, push, pull and blobs (scanned pages), with
OpenAPI at /openapi.json.

Request bodies may be gzip-compressed (``Content-Encoding: gzip``); replies are compressed when the
client accepts it. Handlers are plain functions run in the worker thread pool, each one short
database transaction, so the process keeps no state between requests.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.concurrency import run_in_threadpool

from state_server import __version__, blobs
from state_server.auth import redeem_enrol_code, station_for_token
from state_server.config import Settings
from state_server.db import ServerDatabase
from state_server.feeds import ResetRequired, read_pages
from state_server.health import health_router
from state_server.ingest import process_batch
from state_server.models import Station
from sync import ops
from sync.protocol import (
    CAPABILITY_BLOBS,
    HEADER_BLOB_SIZE,
    HEADER_PAYLOAD_VERSION,
    HEADER_STATION,
    PREFIX,
    SCOPES,
    SHA256_PATTERN,
    BlobReceipt,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    Hello,
    Limits,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
)

log = logging.getLogger(__name__)


class ApiError(HTTPException):
    """An error reply with the protocol's ErrorBody. An HTTPException, so that FastAPI lets it through
    even from inside request-body parsing (where any other exception becomes a bare 400)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.status = status
        self.body = ErrorBody(code=code, message=message, **extra)


def _now() -> datetime:
    return datetime.now(UTC)


def _decompressing_route(max_body: int, max_json: int) -> type[APIRoute]:
    """A route class whose requests decompress gzip bodies, refusing with 413 a body over ``max_body``
    bytes as sent or over ``max_json`` bytes of JSON (so a small bomb cannot expand without end)."""

    class DecompressingRequest(Request):
        async def body(self) -> bytes:
            if not hasattr(self, "_body"):
                declared = self.headers.get("content-length")
                if declared is not None and declared.isdigit() and int(declared) > max_body:
                    raise ApiError(413, "too_large", f"request bodies are limited to {max_body} bytes")
                raw = await super().body()
                if len(raw) > max_body:
                    raise ApiError(413, "too_large", f"request bodies are limited to {max_body} bytes")
                if "gzip" in self.headers.get("content-encoding", "").lower():
                    inflater = zlib.decompressobj(wbits=31)
                    try:
                        raw = inflater.decompress(raw, max_json + 1)
                    except zlib.error as exc:
                        raise ApiError(400, "bad_encoding", "the gzip body is damaged") from exc
                    if inflater.unconsumed_tail:
                        raise ApiError(413, "too_large", f"request JSON is limited to {max_json} bytes")
                if len(raw) > max_json:
                    raise ApiError(413, "too_large", f"request JSON is limited to {max_json} bytes")
                self._body = raw
            return self._body

    class DecompressingRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            original = super().get_route_handler()

            async def handler(request: Request) -> Response:
                return await original(DecompressingRequest(request.scope, request.receive))

            return handler

    return DecompressingRoute


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            exc.body.model_dump(exclude_none=True), status_code=exc.status, headers=exc.headers or {}
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeoutError)
    async def _db_down(_request: Request, exc: Exception) -> JSONResponse:
        # Unreachable database, or every connection busy for 30 s: the station backs off and resends.
        log.error("database unavailable: %s", type(getattr(exc, "orig", None) or exc).__name__)
        body = ErrorBody(code="unavailable", message="the server's database is unavailable", retry_after=30)
        return JSONResponse(
            body.model_dump(exclude_none=True), status_code=503, headers={"Retry-After": "30"}
        )

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        where = "; ".join(".".join(str(p) for p in e["loc"]) + ": " + str(e["msg"]) for e in exc.errors()[:5])
        body = ErrorBody(code="bad_request", message=f"the request does not follow the protocol: {where}")
        return JSONResponse(body.model_dump(exclude_none=True), status_code=422)


def bearer(authorization: Annotated[str | None, Header()] = None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise ApiError(
            401,
            "unauthorized",
            "this request needs the station's credential",
            {"WWW-Authenticate": "Bearer"},
        )
    return authorization[7:].strip()


def _version_check(accepted: list[int]) -> Callable[..., None]:
    """A dependency answering 426 to a client whose newest payload version is no longer accepted."""

    def check_version(version: Annotated[int | None, Header(alias=HEADER_PAYLOAD_VERSION)] = None) -> None:
        if version is not None and version < min(accepted):
            raise ApiError(
                426, "update_required",
                f"this station app writes payload version {version}; the server accepts {accepted}. Update the app.",
                accepted_payload_versions=accepted,
            )  # fmt: skip

    return check_version


def create_app(settings: Settings, db: ServerDatabase | None = None) -> FastAPI:
    database = db or ServerDatabase(settings.database_url)
    accepted = ops.accepted_versions(settings.payload_version)
    limits = settings.limits
    app = FastAPI(
        title="State police sync server",
        version=__version__,
        description="The sync protocol of the station app (docs/sync-protocol.md).",
    )
    app.state.db = database
    app.state.settings = settings
    app.add_middleware(GZipMiddleware, minimum_size=500)
    _install_error_handlers(app)
    router = APIRouter(
        prefix=PREFIX,
        route_class=_decompressing_route(limits.max_body_bytes, limits.max_batch_bytes + 16_384),
    )

    check_version = _version_check(accepted)

    @router.get("/hello", response_model=Hello)
    def hello() -> Hello:
        return Hello(
            server_name=settings.server_name, server_version=__version__, server_time=_now(),
            training=settings.training, payload_version=settings.payload_version,
            accepted_payload_versions=accepted,
            limits=Limits(
                max_batch_count=limits.max_batch_count, max_batch_bytes=limits.max_batch_bytes,
                max_body_bytes=limits.max_body_bytes, max_pull_items=limits.max_pull_items,
                max_blob_bytes=limits.max_blob_bytes,
            ),
            capabilities=["gzip", CAPABILITY_BLOBS], scopes=list(SCOPES),
        )  # fmt: skip

    @router.post("/enrol", response_model=EnrolResponse, dependencies=[Depends(check_version)])
    def enrol(req: EnrolRequest) -> EnrolResponse:
        if req.training != settings.training:
            kind = "a training server" if settings.training else "a real state server"
            raise ApiError(
                403, "training_mismatch",
                f"this is {kind}: {'only training' if settings.training else 'no training'} stations may enrol",
            )  # fmt: skip
        with database.write() as session:
            station = session.scalar(
                select(Station).where(Station.code == req.station_code).with_for_update()
            )
            token = redeem_enrol_code(station, req.code, _now()) if station and not station.disabled else None
            if station is None or token is None:
                raise ApiError(
                    403, "bad_enrol_code", "the station code and enrolment code do not match a live code"
                )
            name = station.name
        log.info("station %s enrolled", req.station_code)
        return EnrolResponse(
            station_code=req.station_code,
            station_name=name,
            token=token,
            training=settings.training,
            server_name=settings.server_name,
        )

    @router.post("/push", response_model=PushResponse, dependencies=[Depends(check_version)])
    def push(req: PushRequest, token: Annotated[str, Depends(bearer)]) -> PushResponse:
        if len(req.mutations) > limits.max_batch_count:
            raise ApiError(413, "too_large", f"at most {limits.max_batch_count} mutations per push")
        too_old = sorted({m.op_version for m in req.mutations if m.op_version not in accepted})
        if too_old and min(too_old) < min(accepted):
            raise ApiError(
                426,
                "update_required",
                f"payload versions {too_old} are no longer accepted",
                accepted_payload_versions=accepted,
            )
        with database.write() as session:
            station = _station(session, token, req.station_code, lock=True)
            for m in req.mutations:
                if m.op_version > settings.payload_version:
                    raise ApiError(
                        422, "bad_request", f"payload version {m.op_version} is newer than this server's"
                    )
            now = _now()
            results = process_batch(
                session, station, req.mutations, now, settings.payload_version, settings.clock_suspect_ms
            )
            high = station.last_client_seq
        return PushResponse(results=results, server_time=_now(), high_water_client_seq=high)

    @router.post("/pull", response_model=PullResponse, dependencies=[Depends(check_version)])
    def pull(req: PullRequest, token: Annotated[str, Depends(bearer)]) -> PullResponse:
        limit = min(req.limit, limits.max_pull_items)
        with database.write() as session:
            station = _station(session, token, req.station_code, lock=False)
            try:
                pages = read_pages(session, station.code, req.scopes, limit)
            except KeyError as exc:
                raise ApiError(
                    422, "unknown_scope", f"unknown scope {exc.args[0]!r}; see hello's scopes"
                ) from exc
            except ResetRequired as exc:
                raise ApiError(
                    410, "reset_required", "these scopes were rebuilt at the server: read them again from the start",
                    reset_scopes=exc.scopes,
                ) from exc  # fmt: skip
            station.last_pull_at = _now()
        return PullResponse(pages=pages, server_time=_now())

    _blob_routes(router, database, settings, check_version)
    app.include_router(router)
    app.include_router(health_router(database))
    return app


Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN, description="SHA-256 of the bytes, lowercase hex")]
StationHeader = Annotated[str | None, Header(alias=HEADER_STATION)]


def _blob_routes(
    router: APIRouter, database: ServerDatabase, settings: Settings, check_version: Callable[..., None]
) -> None:
    cap = settings.limits.max_blob_bytes

    def station_code(token: str, claimed: str | None) -> str:
        with database.read() as session:
            station = _station(session, token, claimed, lock=False)
            return station.code

    @router.head(
        "/blobs/{sha256}", dependencies=[Depends(check_version)], status_code=200,
        responses={404: {"description": "this station has not uploaded bytes of that name"}},
    )  # fmt: skip
    def blob_head(
        sha256: Sha256, token: Annotated[str, Depends(bearer)], claimed: StationHeader = None
    ) -> Response:
        """200 with X-Blob-Size if this station's bytes of that name are on record, else 404."""
        size = blobs.size_of(database, station_code(token, claimed), sha256)
        if size is None:
            return Response(status_code=404)
        return Response(status_code=200, headers={HEADER_BLOB_SIZE: str(size)})

    @router.put(
        "/blobs/{sha256}", response_model=BlobReceipt, dependencies=[Depends(check_version)],
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
        responses={413: {"model": ErrorBody}, 415: {"model": ErrorBody}, 422: {"model": ErrorBody}},
    )  # fmt: skip
    async def blob_put(
        sha256: Sha256,
        request: Request,
        token: Annotated[str, Depends(bearer)],
        claimed: StationHeader = None,
    ) -> BlobReceipt | Response:
        """Upload a scan's bytes (raw, not compressed); kept only if their SHA-256 is ``sha256``."""
        code = await run_in_threadpool(station_code, token, claimed)
        encoding = request.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise ApiError(415, "unsupported_encoding", "blob bodies are sent as they are, not compressed")
        body = await blobs.receive(request.stream(), cap)
        if body.cut_off:  # no one is left to answer; the station asks again with HEAD next time
            log.info("station %s cut off an upload; nothing was stored", code)
            return Response(status_code=400)
        if body.too_large:
            raise ApiError(413, "too_large", f"a scan may be at most {cap} bytes")
        if not body.data:
            raise ApiError(422, "bad_request", "the body is empty")
        if body.sha256 != sha256:
            raise ApiError(
                422, "blob_digest_mismatch", "the bytes received do not have the SHA-256 named in the URL"
            )
        receipt = await run_in_threadpool(blobs.store, database, code, sha256, body.data, _now())
        if receipt.stored:
            log.info("station %s uploaded a scan of %d bytes", code, receipt.size)
        return receipt


def _station(session: Any, token: str, claimed: str | None, lock: bool) -> Station:
    station = station_for_token(session, token, lock=lock)
    if station is None:
        raise ApiError(
            401,
            "unauthorized",
            "the station's credential is not valid (enrol again)",
            {"WWW-Authenticate": "Bearer"},
        )
    if claimed is not None and station.code != claimed:
        raise ApiError(403, "not_owner", f"this credential belongs to station {station.code}, not {claimed}")
    return station
