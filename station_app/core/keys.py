"""The database key: made at setup, kept in the OS keyring, recoverable with a printed recovery key.

Nothing here writes a usable secret to disk. ``station-key.json`` holds only the key wrapped
(AES-256-GCM) under a key derived (scrypt) from the recovery key, and a key check value that tells a
wrong key apart from a damaged database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import keyring
import keyring.backend
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from station_app.core.errors import InsecureKeyringError, MissingKeyError, RecoveryKeyError, StorageError
from station_app.core.fsutil import atomic_write_text

KEYRING_SERVICE = "station-app"
ALLOW_INSECURE_ENV = "STATION_APP_ALLOW_INSECURE_KEYRING"
INSECURE_FILE_ENV = "STATION_APP_INSECURE_KEYRING_FILE"
KEY_BYTES = 32
_KEY_CHECK_LABEL = b"station-app database key check v1"
# Backends that keep secrets encrypted by the operating system for the signed-in user.
_SECURE_BACKEND_MODULES = (
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.SecretService",
    "keyring.backends.kwallet",
    "keyring.backends.libsecret",
)
# Recovery keys avoid letters that are easily mistaken when read off paper (no 0/O, 1/I/L, 8/B...).
_RECOVERY_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3467"
_RECOVERY_DATA_CHARS = 36  # 36 symbols of 24 -> about 165 bits
_RECOVERY_CHECK_CHARS = 4
_RECOVERY_GROUP = 4
_SCRYPT_N = 2**15


class KeyStore(Protocol):
    description: str
    secure: bool

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class OsKeyStore:
    """The operating system's keyring (Windows Credential Manager, macOS Keychain, Secret Service)."""

    secure = True

    def __init__(self, backend: keyring.backend.KeyringBackend) -> None:
        self._backend = backend
        self.description = f"{type(backend).__module__}.{type(backend).__name__}"

    def get(self, name: str) -> str | None:
        try:
            return self._backend.get_password(KEYRING_SERVICE, name)
        except keyring.errors.KeyringError as exc:
            raise MissingKeyError(
                "The computer's key store could not be read.",
                f"The keyring backend {self.description} failed: {type(exc).__name__}. "
                "Check that the user's key store is unlocked.",
            ) from exc

    def set(self, name: str, value: str) -> None:
        try:
            self._backend.set_password(KEYRING_SERVICE, name, value)
        except keyring.errors.KeyringError as exc:
            raise InsecureKeyringError(
                "The database key could not be saved in this computer's key store.",
                f"The keyring backend {self.description} refused to store it: {type(exc).__name__}.",
            ) from exc

    def delete(self, name: str) -> None:
        try:
            self._backend.delete_password(KEYRING_SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            return


class InsecureFileKeyStore:
    """A JSON file of secrets in plain text. Only for tests and CI, behind an explicit opt-in."""

    secure = False

    def __init__(self, path: Path) -> None:
        self._path = path
        self.description = f"insecure test key file {path}"

    def _load(self) -> dict[str, str]:
        if not self._path.exists():
            return {}
        data: dict[str, str] = json.loads(self._path.read_text(encoding="utf-8"))
        return data

    def get(self, name: str) -> str | None:
        return self._load().get(name)

    def set(self, name: str, value: str) -> None:
        data = self._load()
        data[name] = value
        self._path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self._path, json.dumps(data))

    def delete(self, name: str) -> None:
        data = self._load()
        if data.pop(name, None) is not None:
            atomic_write_text(self._path, json.dumps(data))


def _is_secure_backend(backend: keyring.backend.KeyringBackend) -> bool:
    children = getattr(backend, "backends", None)
    if children is not None:  # the chainer: secure only if it chains secure backends and nothing else
        return bool(children) and all(_is_secure_backend(child) for child in children)
    return type(backend).__module__.startswith(_SECURE_BACKEND_MODULES)


def open_keystore(environ: dict[str, str] | None = None) -> KeyStore:
    """The key store to use, failing closed when the computer has no secure one.

    ``STATION_APP_ALLOW_INSECURE_KEYRING=1`` (tests and CI only) permits a plain file, named by
    ``STATION_APP_INSECURE_KEYRING_FILE``, which is then always used so tests never touch a real keyring.
    """
    env = dict(os.environ if environ is None else environ)
    allow_insecure = env.get(ALLOW_INSECURE_ENV) == "1"
    if allow_insecure and env.get(INSECURE_FILE_ENV):
        return InsecureFileKeyStore(Path(env[INSECURE_FILE_ENV]))
    backend = keyring.get_keyring()
    if _is_secure_backend(backend):
        return OsKeyStore(backend)
    if allow_insecure:
        fallback = Path.home() / ".station-app-insecure-keyring.json"
        return InsecureFileKeyStore(fallback)
    raise InsecureKeyringError(
        "This computer has no secure key store, so the station database cannot be protected.",
        f"The keyring backend found is {type(backend).__module__}.{type(backend).__name__}. "
        "On Windows and macOS the system store is used automatically; on Linux install and unlock "
        "GNOME Keyring or KWallet (Secret Service). For a test machine only, set "
        f"{ALLOW_INSECURE_ENV}=1 and {INSECURE_FILE_ENV}=<file>.",
    )


# --- recovery key --------------------------------------------------------------------------------


def _checksum(data: str) -> str:
    digest = hashlib.sha256(data.encode("ascii")).digest()
    value = int.from_bytes(digest[:4], "big")
    out = []
    for _ in range(_RECOVERY_CHECK_CHARS):
        value, idx = divmod(value, len(_RECOVERY_ALPHABET))
        out.append(_RECOVERY_ALPHABET[idx])
    return "".join(out)


def new_recovery_key() -> str:
    """A recovery key in groups of four, e.g. ``CDEF-7QXA-...``; the last group is a checksum."""
    data = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_DATA_CHARS))
    return format_recovery_key(data + _checksum(data))


def format_recovery_key(symbols: str) -> str:
    return "-".join(symbols[i : i + _RECOVERY_GROUP] for i in range(0, len(symbols), _RECOVERY_GROUP))


def normalise_recovery_key(text: str) -> str:
    """Accept what a person types from the sheet: any case, with or without spaces and dashes."""
    symbols = "".join(ch for ch in text.upper() if ch.isalnum())
    expected = _RECOVERY_DATA_CHARS + _RECOVERY_CHECK_CHARS
    if len(symbols) != expected:
        raise RecoveryKeyError(
            f"A recovery key has {expected} letters and digits in {expected // _RECOVERY_GROUP} groups; "
            f"{len(symbols)} were typed.",
        )
    strange = sorted({ch for ch in symbols if ch not in _RECOVERY_ALPHABET})
    if strange:
        raise RecoveryKeyError(
            f"The recovery key never contains {', '.join(strange)}; please compare it with the sheet "
            f"(it uses only {_RECOVERY_ALPHABET}).",
        )
    data, check = symbols[:_RECOVERY_DATA_CHARS], symbols[_RECOVERY_DATA_CHARS:]
    if _checksum(data) != check:
        raise RecoveryKeyError("The recovery key has a typing mistake: please compare it group by group.")
    return symbols


def _kek(recovery_symbols: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=8, p=1).derive(recovery_symbols.encode("ascii"))


def key_check(db_key: bytes) -> str:
    return hmac.new(db_key, _KEY_CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class ChainKeyWrap:
    """The audit chain key, wrapped like the database key (see docs/audit-chain.md).

    ``wrapped_under`` is ``recovery_key`` (set up since 0010, or after one ``recover``) or
    ``database_key`` (a station upgraded to 0010, until its recovery key is next typed). The first
    keyed entry's number is bound into the wrapping, so it cannot be moved by editing this file.
    """

    key_check: str
    keyed_from_seq: int
    wrapped_under: str
    nonce: bytes
    wrapped_key: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "key_check": self.key_check,
            "keyed_from_seq": self.keyed_from_seq,
            "wrapped_under": self.wrapped_under,
            "cipher": "AES-256-GCM",
            "nonce": base64.b64encode(self.nonce).decode(),
            "wrapped_key": base64.b64encode(self.wrapped_key).decode(),
        }

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> ChainKeyWrap:
        return cls(
            key_check=str(body["key_check"]),
            keyed_from_seq=int(body["keyed_from_seq"]),
            wrapped_under=str(body["wrapped_under"]),
            nonce=base64.b64decode(body["nonce"]),
            wrapped_key=base64.b64decode(body["wrapped_key"]),
        )


@dataclass(frozen=True)
class KeyMetadata:
    """What ``station-key.json`` holds: no secret that opens the database by itself."""

    key_id: str
    station_code: str
    created_at: str
    key_check: str
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    chain: ChainKeyWrap | None = None

    @property
    def keyring_name(self) -> str:
        return f"db-key:{self.key_id}"

    @property
    def chain_keyring_name(self) -> str:
        return f"chain-key:{self.key_id}"

    def to_json(self) -> str:
        body: dict[str, Any] = {
            "format": 1,
            "key_id": self.key_id,
            "station_code": self.station_code,
            "created_at": self.created_at,
            "key_check": self.key_check,
            "recovery": {
                "kdf": "scrypt",
                "n": _SCRYPT_N,
                "r": 8,
                "p": 1,
                "salt": base64.b64encode(self.salt).decode(),
                "cipher": "AES-256-GCM",
                "nonce": base64.b64encode(self.nonce).decode(),
                "wrapped_key": base64.b64encode(self.wrapped_key).decode(),
            },
        }
        if self.chain is not None:
            body["audit_chain"] = self.chain.to_json()
        return json.dumps(body, indent=2)

    @classmethod
    def read(cls, path: Path) -> KeyMetadata:
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            rec = body["recovery"]
            return cls(
                key_id=body["key_id"],
                station_code=body["station_code"],
                created_at=body["created_at"],
                key_check=body["key_check"],
                salt=base64.b64decode(rec["salt"]),
                nonce=base64.b64decode(rec["nonce"]),
                wrapped_key=base64.b64decode(rec["wrapped_key"]),
                chain=ChainKeyWrap.from_json(body["audit_chain"]) if "audit_chain" in body else None,
            )
        except FileNotFoundError as exc:
            raise MissingKeyError(
                "The station's key file (station-key.json) is missing from the data folder.",
                f"Restore {path.name} from the latest backup into {path.parent}.",
            ) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise StorageError(
                "The station's key file (station-key.json) is damaged.",
                f"Restore {path.name} from the latest backup into {path.parent}.",
            ) from exc


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def wrap_key(db_key: bytes, recovery_key: str, station_code: str, created_at: datetime) -> KeyMetadata:
    symbols = normalise_recovery_key(recovery_key)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key_id = secrets.token_hex(8)
    wrapped = AESGCM(_kek(symbols, salt)).encrypt(nonce, db_key, key_id.encode())
    return KeyMetadata(
        key_id=key_id,
        station_code=station_code,
        created_at=created_at.isoformat(timespec="seconds"),
        key_check=key_check(db_key),
        salt=salt,
        nonce=nonce,
        wrapped_key=wrapped,
    )


def unwrap_key(meta: KeyMetadata, recovery_key: str) -> bytes:
    symbols = normalise_recovery_key(recovery_key)
    try:
        db_key = AESGCM(_kek(symbols, meta.salt)).decrypt(meta.nonce, meta.wrapped_key, meta.key_id.encode())
    except InvalidTag as exc:
        raise RecoveryKeyError(
            "This recovery key does not belong to this station's database.",
            f"The sheet must be the one printed when station {meta.station_code} was set up "
            f"on {meta.created_at}.",
        ) from exc
    if key_check(db_key) != meta.key_check:
        raise RecoveryKeyError(
            "The recovered key does not match this station's key check; the key file is damaged."
        )
    return db_key


def encode_key(db_key: bytes) -> str:
    return db_key.hex()


def decode_key(text: str) -> bytes:
    try:
        raw = bytes.fromhex(text)
    except ValueError as exc:
        raise MissingKeyError("The key stored in this computer's key store is unreadable.") from exc
    if len(raw) != KEY_BYTES:
        raise MissingKeyError("The key stored in this computer's key store has the wrong length.")
    return raw


# --- the audit chain key -------------------------------------------------------------------------

_CHAIN_CHECK_LABEL = b"station-app audit chain key check v1"
_CHAIN_ESCROW_INFO = b"station-app audit chain key escrow v1"
WRAPPED_UNDER_RECOVERY = "recovery_key"
WRAPPED_UNDER_DATABASE_KEY = "database_key"


def new_chain_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def chain_key_check(chain_key: bytes) -> str:
    return hmac.new(chain_key, _CHAIN_CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def _chain_aad(key_id: str, keyed_from_seq: int) -> bytes:
    return f"audit-chain:{key_id}:{keyed_from_seq}".encode()


def _escrow_kek(db_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_CHAIN_ESCROW_INFO).derive(db_key)


def wrap_chain_key(
    meta: KeyMetadata,
    chain_key: bytes,
    keyed_from_seq: int,
    *,
    recovery_key: str | None = None,
    db_key: bytes | None = None,
) -> KeyMetadata:
    """``meta`` with the chain key wrapped under the recovery key (preferred) or the database key."""
    if recovery_key is not None:
        kek, under = _kek(normalise_recovery_key(recovery_key), meta.salt), WRAPPED_UNDER_RECOVERY
    elif db_key is not None:
        kek, under = _escrow_kek(db_key), WRAPPED_UNDER_DATABASE_KEY
    else:
        raise ValueError("wrap_chain_key needs the recovery key or the database key")
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(kek).encrypt(nonce, chain_key, _chain_aad(meta.key_id, keyed_from_seq))
    chain = ChainKeyWrap(chain_key_check(chain_key), keyed_from_seq, under, nonce, wrapped)
    return replace(meta, chain=chain)


def unwrap_chain_key(
    meta: KeyMetadata, *, recovery_key: str | None = None, db_key: bytes | None = None
) -> bytes:
    """The chain key from ``station-key.json``; a file edited to move the keyed entries fails here."""
    chain = meta.chain
    if chain is None:
        raise MissingKeyError("The station's key file holds no audit chain key.")
    if chain.wrapped_under == WRAPPED_UNDER_RECOVERY and recovery_key is not None:
        kek = _kek(normalise_recovery_key(recovery_key), meta.salt)
    elif chain.wrapped_under == WRAPPED_UNDER_DATABASE_KEY and db_key is not None:
        kek = _escrow_kek(db_key)
    else:
        raise MissingKeyError(
            "The audit chain key cannot be restored without the printed recovery key.",
            "Run station-app recover with the station's recovery key sheet.",
        )
    try:
        chain_key = AESGCM(kek).decrypt(
            chain.nonce, chain.wrapped_key, _chain_aad(meta.key_id, chain.keyed_from_seq)
        )
    except InvalidTag as exc:
        raise RecoveryKeyError(
            "The audit chain key in the station's key file does not open: the file was changed.",
            "Restore station-key.json from the latest backup, then run station-app recover.",
        ) from exc
    if chain_key_check(chain_key) != chain.key_check:
        raise RecoveryKeyError(
            "The recovered audit chain key does not match its key check; the key file is damaged."
        )
    return chain_key


def encode_chain_key(chain_key: bytes, keyed_from_seq: int, *, pending: bool = False) -> str:
    """The key-store value: the key and the first entry it keys, which only the key store can vouch for.

    ``pending`` marks a switch-over whose first keyed entry may not be committed yet: only then may
    opening the station append it (a chain merely cut back to that point is not "finished" again).
    """
    return json.dumps({"key": chain_key.hex(), "keyed_from_seq": keyed_from_seq, "pending": pending})


def decode_chain_key(text: str) -> tuple[bytes, int, bool]:
    try:
        body = json.loads(text)
        raw, keyed_from_seq = bytes.fromhex(body["key"]), int(body["keyed_from_seq"])
        pending = body.get("pending") is True
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise MissingKeyError(
            "The audit chain key stored in this computer's key store is unreadable."
        ) from exc
    if len(raw) != KEY_BYTES or keyed_from_seq < 1:
        raise MissingKeyError("The audit chain key stored in this computer's key store is damaged.")
    return raw, keyed_from_seq, pending
