"""HTTP transport of the sync protocol (``requests``): compression, timeouts, and replies mapped
onto the error taxonomy. No database here; the engine decides what the errors mean for the queue.

Timeouts are a connect timeout and a *stall* timeout (no bytes for N seconds), never a total time:
a slow 2G link that keeps moving is fine, a silent one is not.
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
import time
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError

from forms.errors import ValidationError as InputError
from sync.errors import (
    AuthRequiredError,
    BlobRefusedError,
    EnrolmentError,
    ForbiddenError,
    PayloadTooLargeError,
    ProtocolError,
    ResetRequiredError,
    ServerBusyError,
    TlsError,
    TransportError,
    UpdateRequiredError,
)
from sync.ops import PAYLOAD_VERSION
from sync.protocol import (
    HEADER_CLIENT,
    HEADER_PAYLOAD_VERSION,
    HEADER_STATION,
    PREFIX,
    BlobReceipt,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    Hello,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
)

Reply = TypeVar("Reply", bound=BaseModel)
GZIP_MIN_BYTES = 256
# The stall timer starts once the body is in this PC's network buffers, while on a 2G link it may
# still be on its way for a while: allow for it at 16 kbit/s before calling the link silent.
SLOWEST_LINK_BYTES_PER_S = 2_000
_ADMIN_NETWORK = "Check the network cable or dongle, then the server address (station-app enrol)."


def check_server_url(url: str) -> str:
    """https:// anywhere; plain http:// only to this machine (tests, a server on the same PC)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return url.strip().rstrip("/")
    if parts.scheme == "http" and host:
        loopback = host == "localhost"
        with contextlib.suppress(ValueError):
            loopback = loopback or ipaddress.ip_address(host).is_loopback
        if loopback:
            return url.strip().rstrip("/")
        raise InputError(
            {"server": "Use https:// for the state server; plain http:// is only for this computer."}
        )
    raise InputError({"server": "Give the state server's address, e.g. https://sync.police.example.in"})


@dataclass(frozen=True)
class Timeouts:
    connect: float = 15.0
    stall: float = 30.0


@dataclass
class TransferStats:
    requests: int = 0
    bytes_sent: int = 0


class SyncClient:
    def __init__(
        self,
        server_url: str,
        token: str | None = None,
        *,
        ca_bundle: str | None = None,
        timeouts: Timeouts | None = None,
        app_version: str = "0",
        payload_version: int = PAYLOAD_VERSION,
        session: requests.Session | None = None,
    ) -> None:
        self.base = check_server_url(server_url) + PREFIX
        self._token = token
        self._verify: bool | str = ca_bundle or True
        self._timeouts = timeouts or Timeouts()
        self._session = session or requests.Session()
        self._headers = {
            HEADER_CLIENT: f"station-app/{app_version}",
            HEADER_PAYLOAD_VERSION: str(payload_version),
            "Accept-Encoding": "gzip",
        }
        self.stats = TransferStats()

    def close(self) -> None:
        self._session.close()

    def hello(self) -> tuple[Hello, float, float]:
        """The server's hello and the local send/receive instants (epoch seconds) around it."""
        sent = time.time()
        reply = self._request("GET", "/hello", None, Hello)
        return reply, sent, time.time()

    def enrol(self, req: EnrolRequest) -> EnrolResponse:
        return self._request("POST", "/enrol", req, EnrolResponse, auth=False)

    def push(self, req: PushRequest) -> PushResponse:
        return self._request("POST", "/push", req, PushResponse)

    def pull(self, req: PullRequest) -> PullResponse:
        return self._request("POST", "/pull", req, PullResponse)

    @staticmethod
    def encode(req: BaseModel) -> tuple[bytes, bool]:
        raw = req.model_dump_json().encode("utf-8")
        if len(raw) < GZIP_MIN_BYTES:
            return raw, False
        return gzip.compress(raw, compresslevel=6), True

    def blob_exists(self, sha256: str, station_code: str) -> bool:
        """Whether the server already holds this station's bytes of that name (HEAD: 200 or 404)."""
        response = self._send("HEAD", f"/blobs/{sha256}", None, {HEADER_STATION: station_code})
        if response.status_code == 404:
            return False
        if response.status_code != 200:
            raise self._status_error(
                response.status_code, response.content, response.headers.get("Retry-After")
            )
        return True

    def put_blob(self, sha256: str, data: bytes, station_code: str) -> BlobReceipt:
        """Upload a scan's bytes as they are: scans are compressed already, so never gzip."""
        headers = {HEADER_STATION: station_code, "Content-Type": "application/octet-stream"}
        response = self._send("PUT", f"/blobs/{sha256}", data, headers)
        if response.status_code == 422:
            err = _error_body(response.status_code, response.content)
            if err.code == "blob_digest_mismatch":
                raise BlobRefusedError(err.code, err.message)
        if response.status_code != 200:
            raise self._status_error(
                response.status_code, response.content, response.headers.get("Retry-After")
            )
        return self._parse(BlobReceipt, response.content, f"/blobs/{sha256}")

    def _request(
        self, method: str, path: str, req: BaseModel | None, reply: type[Reply], *, auth: bool = True
    ) -> Reply:
        headers: dict[str, str] = {}
        body: bytes | None = None
        if req is not None:
            body, compressed = self.encode(req)
            headers["Content-Type"] = "application/json"
            if compressed:
                headers["Content-Encoding"] = "gzip"
        response = self._send(method, path, body, headers, auth=auth)
        if response.status_code != 200:
            raise self._status_error(
                response.status_code, response.content, response.headers.get("Retry-After")
            )
        return self._parse(reply, response.content, path)

    def _send(
        self, method: str, path: str, body: bytes | None, extra: dict[str, str], *, auth: bool = True
    ) -> requests.Response:
        """One request, its reply read whole (a cut-off body is a transport error, like no reply)."""
        headers = {**self._headers, **extra}
        if auth and self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        self.stats.requests += 1
        self.stats.bytes_sent += len(body or b"")
        try:
            response = self._session.request(
                method, self.base + path, data=body, headers=headers, verify=self._verify,
                timeout=(self._timeouts.connect, self._timeouts.stall + len(body or b"") / SLOWEST_LINK_BYTES_PER_S),
            )  # fmt: skip
            _ = response.content  # read it all here, so a cut-off body is a transport error
        except requests.exceptions.SSLError as exc:
            raise TlsError(
                "The state server's certificate could not be verified, so nothing was sent.",
                "If the state uses its own certificate authority, give its CA bundle: "
                "station-app enrol --ca-bundle FILE. Check the PC's date and time too.",
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise TransportError(
                f"No answer from the state server ({type(exc).__name__}); records stay queued.",
                _ADMIN_NETWORK,
            ) from exc
        return response

    def _parse(self, reply: type[Reply], content: bytes, path: str) -> Reply:
        try:
            return reply.model_validate_json(content)
        except ValidationError as exc:
            raise ProtocolError(
                "The reply did not come from a state server (a login page or proxy may be in the way).",
                f"{self.base}{path} answered 200 with something that is not the sync protocol; "
                "check for a captive portal or a proxy that needs signing in.",
            ) from exc

    @staticmethod
    def _status_error(status: int, content: bytes, retry_after_header: str | None) -> Exception:
        err = _error_body(status, content)
        retry_after = _parse_retry_after(retry_after_header, err.retry_after)
        if status == 401:
            return AuthRequiredError(
                "The state server no longer accepts this station's credential; records stay queued.",
                "Ask the state server's admin for a new enrolment code and run station-app enrol.",
            )
        if status == 403:
            if err.code == "bad_enrol_code":
                return EnrolmentError(err.message, "Codes are used once and expire: ask for a new one.")
            return ForbiddenError(err.message, "See the state server's admin.", err.code)
        if status == 410:
            return ResetRequiredError(err.reset_scopes or [])
        if status == 413:
            return PayloadTooLargeError("The batch was too large for the server or a proxy on the way.")
        if status == 426:
            return UpdateRequiredError(
                "This station app is too old for the state server: update it. Records stay queued meanwhile.",
                f"The server accepts payload versions {err.accepted_payload_versions}.",
            )
        if status in (429, 503) or status >= 500:
            return ServerBusyError(
                f"The state server answered {status} ({err.code}); records stay queued.",
                "The server is overloaded or under maintenance; sync retries by itself.",
                retry_after,
                status,
            )
        if err.code == f"http_{status}":  # not our server's JSON: a proxy, a login page, another site
            return ProtocolError(
                f"The reply did not come from a state server (HTTP {status}; a login page or proxy may be "
                "in the way).",
                "Check the server address given to station-app enrol, and for a captive portal or a proxy "
                "that needs signing in.",
            )
        return ProtocolError(
            f"The state server refused the request ({status} {err.code}): {err.message}",
            "This is a fault in the station app or the server; send the log to the district IT cell.",
        )


def _error_body(status: int, content: bytes) -> ErrorBody:
    try:
        return ErrorBody.model_validate_json(content)
    except ValidationError:
        return ErrorBody(code=f"http_{status}", message=content[:200].decode("utf-8", "replace"))


def _parse_retry_after(header: str | None, body_value: int | None) -> float | None:
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            return None  # an HTTP date: rare from our server; the backoff policy decides instead
    return float(body_value) if body_value is not None else None
