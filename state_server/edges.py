"""The server's HTTP edge: request bodies (gzip, size limits), every error reply in the protocol's
``ErrorBody``, the catch-all that keeps values out of logs, and the OpenAPI that lists each error.

Nothing a client sends makes the server answer with a traceback: a body that is not the protocol is
400/413/422, an unexpected fault 500 with a body naming no value; logs name exception types, never
SQL parameters or request bodies (they may hold personal data).
"""

from __future__ import annotations

import logging
import traceback
import zlib
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from state_server.handlers import safe_text
from sync.protocol import ErrorBody, PushRequest

log = logging.getLogger("state_server.app")


class ApiError(HTTPException):
    """An error reply with the protocol's ErrorBody. An HTTPException, so that FastAPI lets it through
    even from inside request-body parsing (where any other exception becomes a bare 400)."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.status = status
        self.body = ErrorBody(code=code, message=message, **extra)


HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}


def _error(status: int, text: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": text}


# Every error the reference server can answer, with the protocol's body (docs/sync-protocol.md §7).
E400: dict[int | str, dict[str, Any]] = {
    400: _error(400, "`bad_encoding`: a damaged or cut-off gzip body; `bad_request`: a body that is not JSON")
}
E401: dict[int | str, dict[str, Any]] = {
    401: _error(401, "`unauthorized`: the station's credential is missing, unknown or revoked")
}
E403: dict[int | str, dict[str, Any]] = {
    403: _error(403, "`not_owner`, `training_mismatch`, `bad_enrol_code`")
}
E404: dict[int | str, dict[str, Any]] = {
    404: {"description": "this station has not uploaded bytes of that name (no body)"}
}
E410: dict[int | str, dict[str, Any]] = {
    410: _error(410, "`reset_required`: read the scopes in `reset_scopes` again from the start")
}
E413: dict[int | str, dict[str, Any]] = {
    413: _error(413, "`too_large`: the body is over `max_body_bytes`, or its JSON over the batch limit")
}
E415: dict[int | str, dict[str, Any]] = {
    415: _error(415, "`unsupported_encoding`: a scan's bytes were compressed")
}
E422: dict[int | str, dict[str, Any]] = {
    422: _error(
        422,
        "`bad_request` (the request does not follow the protocol: a field, nesting, a mutation without a "
        "usable id, a payload version newer than the server's), `unknown_scope`, `blob_digest_mismatch`",
    )
}
E426: dict[int | str, dict[str, Any]] = {
    426: _error(426, "`update_required`: the payload version is no longer accepted")
}
E429: dict[int | str, dict[str, Any]] = {
    429: _error(429, "`rate_limited`: too many attempts from this address; wait `Retry-After` seconds")
}
E503: dict[int | str, dict[str, Any]] = {
    503: _error(503, "`unavailable`: the database is unreachable or busy; wait `Retry-After` seconds")
}
E500: dict[int | str, dict[str, Any]] = {
    500: _error(500, "`internal_error`: a fault in the server (never caused by a value sent)")
}


def responses(*groups: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    merged: dict[int | str, dict[str, Any]] = {}
    for group in (*groups, E500):
        merged.update(group)
    return merged


def _inflate(raw: bytes, max_json: int) -> bytes:
    """All gzip members of ``raw`` (a body may be several concatenated), at most ``max_json`` + 1
    bytes; ApiError 400 if damaged or cut off, 413 if larger."""
    out = bytearray()
    data = raw
    while data:
        inflater = zlib.decompressobj(wbits=31)
        try:
            out += inflater.decompress(data, max_json + 1 - len(out))
        except zlib.error as exc:
            raise ApiError(400, "bad_encoding", "the gzip body is damaged") from exc
        if inflater.unconsumed_tail or len(out) > max_json:
            raise ApiError(413, "too_large", f"request JSON is limited to {max_json} bytes")
        if not inflater.eof:
            raise ApiError(400, "bad_encoding", "the gzip body is cut off")
        data = inflater.unused_data
        if data and not data.strip(b"\x00"):
            break  # zero padding after the last member (some tools write it)
    return bytes(out)


def decompressing_route(max_body: int, max_json: int) -> type[APIRoute]:
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
                    raw = _inflate(raw, max_json)
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


def _json_error(body: ErrorBody, status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, headers=headers or {})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _json_error(exc.body, exc.status, dict(exc.headers or {}))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI's own refusals (a body that does not parse, e.g. nested beyond its stack; an
        # unknown path or method) in the protocol's body too.
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        return _json_error(
            ErrorBody(code=code, message=str(exc.detail)), exc.status_code, dict(exc.headers or {})
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeoutError)
    async def _db_down(_request: Request, exc: Exception) -> JSONResponse:
        # Unreachable database, or every connection busy for 30 s: the station backs off and resends.
        log.error("database unavailable: %s", type(getattr(exc, "orig", None) or exc).__name__)
        body = ErrorBody(code="unavailable", message="the server's database is unavailable", retry_after=30)
        return _json_error(body, 503, {"Retry-After": "30"})

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Where and what, never the value: the input may be personal data or a control character.
        where = "; ".join(
            ".".join(safe_text(str(p), 40) for p in e["loc"]) + ": " + safe_text(str(e["msg"]), 200)
            for e in exc.errors()[:5]
        )
        body = ErrorBody(code="bad_request", message=f"the request does not follow the protocol: {where}")
        return _json_error(body, 422)

    app.add_middleware(NoTracebackValues)


class NoTracebackValues:
    """The outermost layer: an exception nothing else handled becomes a 500 with the protocol's body,
    and is logged with its type and stack only (an exception's message may quote a value)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            stack = "".join(traceback.format_tb(exc.__traceback__))
            log.error(
                "unexpected %s on %s %s\n%s",
                type(exc).__name__,
                scope.get("method"),
                scope.get("path"),
                stack,
            )
            if not started:
                body = ErrorBody(code="internal_error", message="the server failed on this request")
                await _json_error(body, 500)(scope, receive, send)


def install_openapi(app: FastAPI) -> None:
    """The OpenAPI shows ``PushRequest`` as the push body: the server reads each mutation on its own
    (so that one bad mutation is refused alone), but the contract is the protocol's model."""

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            defs = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components = spec.setdefault("components", {}).setdefault("schemas", {})
            components.update(defs.pop("$defs", {}))
            components["PushRequest"] = defs
            components.pop("PushEnvelope", None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]
