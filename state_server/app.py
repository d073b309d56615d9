"""The FastAPI application: ``/sync/v1`` hello, enrol, push, pull and blobs (scanned pages), with
OpenAPI at /openapi.json.

Request bodies may be gzip-compressed (``Content-Encoding: gzip``); replies are compressed when the
client accepts it. Handlers are plain functions run in the worker thread pool, each one short
database transaction, so the process keeps no state between requests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Request, Response
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from state_server import __version__, blobs, edges
from state_server.auth import redeem_enrol_code, station_for_token
from state_server.chain_anchor import advance_anchor
from state_server.config import Settings
from state_server.db import ServerDatabase
from state_server.edges import ApiError
from state_server.feeds import ResetRequired, read_pages
from state_server.handlers import safe_text
from state_server.ingest import UnusableMutationId, process_batch, screen
from state_server.models import Station
from state_server.ratelimit import AttemptLimiter
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
    Hello,
    Limits,
    Mutation,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
)

log = logging.getLogger(__name__)


class PushEnvelope(PushRequest):
    """A push as the server first reads it: every field of ``PushRequest`` (new ones included) but
    the mutations, each of which is then checked on its own, so that one that breaks the protocol
    is refused alone (``invalid_mutation``) and never the whole batch."""

    mutations: list[Any]


@dataclass(frozen=True)
class Credential:
    token: str
    address: str


def _now() -> datetime:
    return datetime.now(UTC)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _too_many(retry_after: int, what: str) -> ApiError:
    return ApiError(
        429, "rate_limited", f"too many {what} from this address; try again in {retry_after} s",
        {"Retry-After": str(retry_after)}, retry_after=retry_after,
    )  # fmt: skip


def bearer(request: Request, authorization: Annotated[str | None, Header()] = None) -> Credential:
    """The bearer credential; 429 for an address whose credentials were refused too often lately (the
    refusals themselves are counted where the token is looked up)."""
    failures: AttemptLimiter = request.app.state.refusals
    address = _address(request)
    wait = failures.retry_after(address)
    if wait is not None:
        raise _too_many(wait, "refused credentials")
    if not authorization or not authorization.lower().startswith("bearer "):
        failures.record(address)
        raise ApiError(
            401,
            "unauthorized",
            "this request needs the station's credential",
            {"WWW-Authenticate": "Bearer"},
        )
    return Credential(authorization[7:].strip(), address)


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


StationLookup = Callable[[Any, Credential, "str | None", bool], Station]


@dataclass(frozen=True)
class _Edge:
    """What every route shares: storage, settings, and the credential and version checks."""

    database: ServerDatabase
    settings: Settings
    accepted: list[int]
    check_version: Callable[..., None]
    station: StationLookup
    enrolments: AttemptLimiter


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
    edges.install_error_handlers(app)
    edges.install_openapi(app)
    router = APIRouter(
        prefix=PREFIX,
        route_class=edges.decompressing_route(limits.max_body_bytes, limits.max_batch_bytes + 16_384),
    )
    refusals = app.state.refusals = AttemptLimiter(settings.auth_failures, settings.attempt_window_s)

    def station(session: Any, credential: Credential, claimed: str | None, lock: bool) -> Station:
        found = _station(session, credential.token, claimed, lock)
        if found is None:
            refusals.record(credential.address)
            raise ApiError(
                401, "unauthorized", "the station's credential is not valid (enrol again)",
                {"WWW-Authenticate": "Bearer"},
            )  # fmt: skip
        return found

    edge = _Edge(
        database, settings, accepted, _version_check(accepted), station,
        AttemptLimiter(settings.enrol_attempts, settings.attempt_window_s),
    )  # fmt: skip
    _enrol_routes(router, edge)
    _record_routes(router, edge)
    _blob_routes(router, edge)
    app.include_router(router)
    return app


def _enrol_routes(router: APIRouter, edge: _Edge) -> None:
    settings, limits, database = edge.settings, edge.settings.limits, edge.database

    @router.get("/hello", response_model=Hello)
    def hello() -> Hello:
        return Hello(
            server_name=settings.server_name, server_version=__version__, server_time=_now(),
            training=settings.training, payload_version=settings.payload_version,
            accepted_payload_versions=edge.accepted,
            limits=Limits(
                max_batch_count=limits.max_batch_count, max_batch_bytes=limits.max_batch_bytes,
                max_body_bytes=limits.max_body_bytes, max_pull_items=limits.max_pull_items,
                max_blob_bytes=limits.max_blob_bytes,
            ),
            capabilities=["gzip", CAPABILITY_BLOBS], scopes=list(SCOPES),
        )  # fmt: skip

    @router.post(
        "/enrol", response_model=EnrolResponse, dependencies=[Depends(edge.check_version)],
        responses=edges.responses(edges.E400, edges.E403, edges.E413, edges.E422, edges.E426, edges.E429,
                                  edges.E503),
    )  # fmt: skip
    def enrol(req: EnrolRequest, request: Request) -> EnrolResponse:
        address = _address(request)
        wait = edge.enrolments.retry_after(address)
        if wait is not None:
            raise _too_many(wait, "refused enrolment attempts")
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
                # Only refusals count: a district office enrolling many stations from one address
                # never waits, while guessing codes stops after a few tries.
                edge.enrolments.record(address)
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


def _record_routes(router: APIRouter, edge: _Edge) -> None:
    settings, limits, database, accepted = edge.settings, edge.settings.limits, edge.database, edge.accepted

    @router.post(
        "/push", response_model=PushResponse, dependencies=[Depends(edge.check_version)],
        responses=edges.responses(edges.E400, edges.E401, edges.E403, edges.E413, edges.E422, edges.E426,
                                  edges.E429, edges.E503),
        openapi_extra={"requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/PushRequest"}}}}},
    )  # fmt: skip
    def push(req: PushEnvelope, credential: Annotated[Credential, Depends(bearer)]) -> PushResponse:
        if len(req.mutations) > limits.max_batch_count:
            raise ApiError(413, "too_large", f"at most {limits.max_batch_count} mutations per push")
        try:
            screened = [screen(raw) for raw in req.mutations]
        except UnusableMutationId as exc:
            raise ApiError(422, "bad_request", f"the request does not follow the protocol: {exc}") from exc
        valid = [m for m in screened if isinstance(m, Mutation)]
        too_old = sorted({m.op_version for m in valid if m.op_version not in accepted})
        if too_old and min(too_old) < min(accepted):
            raise ApiError(
                426,
                "update_required",
                f"payload versions {too_old} are no longer accepted",
                accepted_payload_versions=accepted,
            )
        with database.write() as session:
            found = edge.station(session, credential, req.station_code, True)
            for m in valid:
                if m.op_version > settings.payload_version:
                    raise ApiError(
                        422, "bad_request", f"payload version {m.op_version} is newer than this server's"
                    )
            now = _now()
            results = process_batch(
                session, found, screened, now, settings.payload_version, settings.clock_suspect_ms
            )
            high = found.last_client_seq
            anchor = advance_anchor(found, req.chain_head, req.chain_at_anchor, now)
        return PushResponse(
            results=results, server_time=_now(), high_water_client_seq=high, chain_anchor=anchor
        )

    @router.post(
        "/pull", response_model=PullResponse, dependencies=[Depends(edge.check_version)],
        responses=edges.responses(edges.E400, edges.E401, edges.E403, edges.E410, edges.E413, edges.E422,
                                  edges.E426, edges.E429, edges.E503),
    )  # fmt: skip
    def pull(req: PullRequest, credential: Annotated[Credential, Depends(bearer)]) -> PullResponse:
        limit = min(req.limit, limits.max_pull_items)
        with database.write() as session:
            found = edge.station(session, credential, req.station_code, False)
            try:
                pages = read_pages(session, found.code, req.scopes, limit)
            except KeyError as exc:
                raise ApiError(
                    422, "unknown_scope", f"unknown scope {exc.args[0]!r}; see hello's scopes"
                ) from exc
            except ResetRequired as exc:
                raise ApiError(
                    410, "reset_required", "these scopes were rebuilt at the server: read them again from the start",
                    reset_scopes=exc.scopes,
                ) from exc  # fmt: skip
            found.last_pull_at = _now()
        return PullResponse(pages=pages, server_time=_now())


Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN, description="SHA-256 of the bytes, lowercase hex")]
StationHeader = Annotated[str | None, Header(alias=HEADER_STATION)]


def _blob_routes(router: APIRouter, edge: _Edge) -> None:
    database, cap, check_version = edge.database, edge.settings.limits.max_blob_bytes, edge.check_version

    def station_code(credential: Credential, claimed: str | None) -> str:
        with database.read() as session:
            return edge.station(session, credential, claimed, False).code

    @router.head(
        "/blobs/{sha256}", dependencies=[Depends(check_version)], status_code=200,
        responses=edges.responses(edges.E401, edges.E403, edges.E404, edges.E422, edges.E426, edges.E429,
                                  edges.E503),
    )  # fmt: skip
    def blob_head(
        sha256: Sha256, credential: Annotated[Credential, Depends(bearer)], claimed: StationHeader = None
    ) -> Response:
        """200 with X-Blob-Size if this station's bytes of that name are on record, else 404."""
        size = blobs.size_of(database, station_code(credential, claimed), sha256)
        if size is None:
            return Response(status_code=404)
        return Response(status_code=200, headers={HEADER_BLOB_SIZE: str(size)})

    @router.put(
        "/blobs/{sha256}", response_model=BlobReceipt, dependencies=[Depends(check_version)],
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}},
        responses=edges.responses(edges.E400, edges.E401, edges.E403, edges.E413, edges.E415, edges.E422,
                                  edges.E426, edges.E429, edges.E503),
    )  # fmt: skip
    async def blob_put(
        sha256: Sha256,
        request: Request,
        credential: Annotated[Credential, Depends(bearer)],
        claimed: StationHeader = None,
    ) -> BlobReceipt | Response:
        """Upload a scan's bytes (raw, not compressed); kept only if their SHA-256 is ``sha256``."""
        code = await run_in_threadpool(station_code, credential, claimed)
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


def _station(session: Any, token: str, claimed: str | None, lock: bool) -> Station | None:
    """The token's station (None: unknown or revoked); 403 if it is not the station claimed."""
    found = station_for_token(session, token, lock=lock)
    if found is not None and claimed is not None and found.code != claimed:
        raise ApiError(
            403, "not_owner", f"this credential belongs to station {found.code}, not {safe_text(claimed, 40)}"
        )
    return found
