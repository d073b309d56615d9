"""Wiring sync into an open station: enrolment with a one-time code, and one engine per cycle.

The station's bearer credential lives only in the OS key store (under a name tied to this database's
key id); the database keeps the server's address and the name of that key-store entry, never the
credential itself. Used by `station-app enrol|sync` and by the GUI's sync worker.
"""

from __future__ import annotations

import random

from forms.text_rules import text_problem
from station_app import __version__
from station_app.core.audit import SYSTEM_ACTOR, record_change
from station_app.core.audit_anchor import anchor_problem
from station_app.core.errors import ValidationError
from station_app.core.keys import KeyMetadata, KeyStore
from station_app.core.models import SyncState
from station_app.core.permissions import Actor, Permission, require
from station_app.core.runtime import StationServices
from station_app.core.sync_adapters import station_ports
from station_app.core.sync_store import state as sync_state
from sync.client import SyncClient, Timeouts, check_server_url
from sync.engine import CycleReport, Observer, Outcome, StationSide, SyncEngine
from sync.errors import ForbiddenError, NotEnrolledError, SyncError
from sync.lock import SyncLock
from sync.protocol import SCOPES, ChainAnchor, EnrolRequest, EnrolResponse, PushRequest

_NOT_ENROLLED_HINT = (
    "Ask the state server's admin for a one-time enrolment code (state-server create-station), then run "
    "station-app enrol --server URL --code CODE."
)


def credential_name(services: StationServices) -> str:
    return f"sync-token:{KeyMetadata.read(services.data_dir.key_metadata).key_id}"


def enrol_station(
    services: StationServices,
    keystore: KeyStore,
    server_url: str,
    code: str,
    *,
    by: Actor | None,
    ca_bundle: str | None = None,
    timeouts: Timeouts | None = None,
) -> EnrolResponse:
    """Trade a one-time code for this station's credential and remember where the server is.

    ``by`` is the signed-in officer, who must be allowed to manage the station (the SHO). None is the
    ``station-app enrol`` command, run at this machine by the district IT admin like ``setup`` and
    ``recover``: it is audited as the system.
    """
    if by is not None:
        require(by, Permission.MANAGE_STATION)
    code = code.strip()
    if problem := text_problem(code):
        raise ValidationError({"code": problem})
    if not 4 <= len(code) <= 64:
        raise ValidationError({"code": "Type the enrolment code as given, e.g. CDEF-7QXA-KM3P."})
    url = check_server_url(server_url)
    identity = services.station.identity()
    client = SyncClient(url, None, ca_bundle=ca_bundle, timeouts=timeouts, app_version=__version__)
    try:
        hello, _sent, _received = client.hello()
        if hello.training != identity.training:
            raise ForbiddenError(
                "A training station enrols only with a training server, and a real station never with one.",
                f"{url} is {'a training' if hello.training else 'a real state'} server; this station is "
                f"{'a training' if identity.training else 'a real'} station.",
                "training_mismatch",
            )
        reply = client.enrol(
            EnrolRequest(
                station_code=identity.station_code,
                code=code,
                training=identity.training,
                app_version=__version__,
            )
        )
    finally:
        client.close()
    name = credential_name(services)
    keystore.set(name, reply.token)
    now = services.clock.now()
    with services.db.write() as session:
        state = session.get(SyncState, 1) or SyncState(id=1, consecutive_failures=0)
        state.server_url, state.ca_bundle, state.credential_name = url, ca_bundle, name
        state.server_name, state.enrolled_at, state.problem = reply.server_name, now, None
        session.merge(state)
        record_change(
            session, actor=by.audit if by is not None else SYSTEM_ACTOR, at=now, action="sync.enrol", entity_type="sync_server", entity_id=url[:64],
            summary=f"enrolled with {reply.server_name}",
        )  # fmt: skip
    return reply


def build_engine(
    services: StationServices,
    keystore: KeyStore,
    *,
    timeouts: Timeouts | None = None,
    observer: Observer | None = None,
    rng: random.Random | None = None,
    page_limit: int = 500,
    scopes: tuple[str, ...] = SCOPES,
) -> SyncEngine:
    state = sync_state(services.db)
    token = keystore.get(state.credential_name) if state.credential_name else None
    if not state.server_url or token is None:
        raise NotEnrolledError("This station is not connected to a state server yet.", _NOT_ENROLLED_HINT)
    identity = services.station.identity()
    client = SyncClient(
        state.server_url, token, ca_bundle=state.ca_bundle, timeouts=timeouts, app_version=__version__
    )
    return SyncEngine(
        station_ports(services.db),
        services.clock,
        client,
        StationSide(identity.station_code, identity.training),
        SyncLock(services.data_dir.root / "sync.lock"),
        observer=observer,
        rng=rng,
        page_limit=page_limit,
        scopes=scopes,
    )


def run_sync_cycle(
    services: StationServices,
    keystore: KeyStore,
    *,
    timeouts: Timeouts | None = None,
    observer: Observer | None = None,
    by: Actor | None = None,
) -> CycleReport:
    """One cycle; never raises for network trouble (the report's outcome says what happened).

    ``by`` is an officer who asked for it now, who must be allowed to sync. None is the station
    itself: the desk's background sync and ``station-app sync`` (a scheduled task may run it).
    """
    if by is not None:
        require(by, Permission.SYNC)
    try:
        engine = build_engine(services, keystore, timeouts=timeouts, observer=observer)
    except NotEnrolledError as exc:
        return CycleReport(outcome=Outcome.NOT_ENROLLED, message=exc.message)
    try:
        return engine.run_cycle()
    finally:
        engine.close()


def probe_server(services: StationServices, timeouts: Timeouts | None = None) -> bool:
    """Whether the enrolled server answers `hello` now (the offline probe; nothing is sent)."""
    state = sync_state(services.db)
    if not state.server_url:
        return False
    client = SyncClient(
        state.server_url, ca_bundle=state.ca_bundle, timeouts=timeouts, app_version=__version__
    )
    try:
        client.hello()
    except SyncError:
        return False
    finally:
        client.close()
    return True


def check_against_server(
    services: StationServices, keystore: KeyStore, timeouts: Timeouts | None = None
) -> tuple[ChainAnchor | None, str | None]:
    """Ask the state server which head of this station's audit chain it holds (an empty push that
    anchors nothing), and say why the local chain no longer extends it, if it does not.

    Raises ``NotEnrolledError`` or the sync errors of an unreachable or refusing server.
    """
    state = sync_state(services.db)
    token = keystore.get(state.credential_name) if state.credential_name else None
    if not state.server_url or token is None:
        raise NotEnrolledError("This station is not connected to a state server yet.", _NOT_ENROLLED_HINT)
    client = SyncClient(
        state.server_url, token, ca_bundle=state.ca_bundle, timeouts=timeouts, app_version=__version__
    )
    try:
        reply = client.push(PushRequest(station_code=services.station.identity().station_code, mutations=[]))
    finally:
        client.close()
    with services.db.read() as session:
        return reply.chain_anchor, anchor_problem(session, reply.chain_anchor)
