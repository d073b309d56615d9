"""Offline updates: a signed bundle brought to the station on a USB stick.

A bundle (``station-app_<version>.update``) is one file:

    MAGIC | manifest length (4 bytes, big-endian) | manifest.json | the package | signature (64 bytes)

The manifest names the product, version, release date, release notes and the package (file name,
platform, size, SHA-256). The Ed25519 signature covers the SHA-256 of *everything before it*, so one
byte changed anywhere in the file (header, manifest, package or signature) makes it fail.

The app trusts only the public keys built into it (``PUBLISHER_KEYS``; tests pass their own through
the composition root). Checking refuses, before anything is installed: a file that is not a bundle
or is cut off, a signature that does not verify, a package whose size or SHA-256 differs from the
signed manifest, another product, and a version that is not newer than the running one. Handing the
package to the platform's installer is separate (``installer_command`` / ``hand_to_installer``) so
tests check everything up to that point.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from station_app.core.errors import (
    UpdateDowngradeError,
    UpdateInstallError,
    UpdateProductError,
    UpdateRejectedError,
)

PRODUCT = "station-app"
MAGIC = b"STATION-APP-UPDATE-1\n"
SIGNED_LABEL = b"station-app update bundle v1 sha256:"
SIGNATURE_BYTES = 64
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 256 * 1024
MAX_PACKAGE_BYTES = 2 * 1024**3
# The publisher's release key (raw Ed25519 public key, base64). The private half never enters the
# repository: `python3 dev.py sign-update --key FILE` signs with it. Replace or add keys here to rotate.
PUBLISHER_KEYS: tuple[str, ...] = ("tiZN7de2QjUPycQeDZKwYRU+NPuk4I4rlJhAhwfTQ4M=",)
_VERSION_RE = re.compile(r"^\d+(\.\d+){0,3}$")
_SAFE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,200}$")


def parse_version(text: str) -> tuple[int, ...]:
    if not _VERSION_RE.match(text):
        raise ValueError(f"not a version number: {text!r}")
    parts = tuple(int(p) for p in text.split("."))
    return parts + (0,) * (4 - len(parts))


@dataclass(frozen=True)
class UpdateManifest:
    product: str
    version: str
    released_at: str
    release_notes: str
    package_name: str
    package_platform: str
    package_size: int
    package_sha256: str

    def to_json(self) -> bytes:
        body = {
            "format": 1,
            "product": self.product,
            "version": self.version,
            "released_at": self.released_at,
            "release_notes": self.release_notes,
            "package": {
                "name": self.package_name,
                "platform": self.package_platform,
                "size": self.package_size,
                "sha256": self.package_sha256,
            },
        }
        return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> UpdateManifest:
        body = json.loads(raw.decode("utf-8"))
        pkg = body["package"]
        manifest = cls(
            product=str(body["product"]),
            version=str(body["version"]),
            released_at=str(body.get("released_at", "")),
            release_notes=str(body.get("release_notes", "")),
            package_name=str(pkg["name"]),
            package_platform=str(pkg["platform"]),
            package_size=int(pkg["size"]),
            package_sha256=str(pkg["sha256"]).lower(),
        )
        parse_version(manifest.version)
        if not _SAFE_NAME_RE.match(manifest.package_name):
            raise ValueError("unsafe package name")
        if not 0 < manifest.package_size <= MAX_PACKAGE_BYTES:
            raise ValueError("package size out of range")
        return manifest


@dataclass(frozen=True)
class VerifiedUpdate:
    bundle: Path
    manifest: UpdateManifest
    current_version: str


def public_keys(encoded: Sequence[str]) -> list[Ed25519PublicKey]:
    return [Ed25519PublicKey.from_public_bytes(base64.b64decode(k)) for k in encoded]


def _rejected(bundle: Path, why: str) -> UpdateRejectedError:
    return UpdateRejectedError(
        f"{bundle.name} is not a genuine station app update: {why}. Nothing was installed.",
        "Copy the update file again from the district's release (the copy may be damaged), and check "
        "that it came from the state's station-app team.",
    )


def verify_bundle(bundle: Path, keys: Sequence[str], current_version: str) -> VerifiedUpdate:
    """Every check except installing; raises the typed refusal. Reads the file once, streamed."""
    manifest = _read_signed_manifest(bundle, keys)
    if manifest.product != PRODUCT:
        raise UpdateProductError(
            f"{bundle.name} is an update for {manifest.product!r}, not for the station app. Nothing was installed.",
            "Use the station app's own update file.",
        )
    if parse_version(manifest.version) <= parse_version(current_version):
        raise UpdateDowngradeError(
            f"{bundle.name} holds version {manifest.version}, and this station already runs {current_version}. "
            "Only a newer version can be installed; nothing was changed.",
            "An older version cannot open data the newer one wrote. Ask for the latest update file.",
        )
    return VerifiedUpdate(bundle, manifest, current_version)


def _read_signed_manifest(bundle: Path, keys: Sequence[str]) -> UpdateManifest:
    try:
        size = bundle.stat().st_size
        with open(bundle, "rb") as fh:
            head = fh.read(len(MAGIC) + 4)
            if len(head) < len(MAGIC) + 4 or head[: len(MAGIC)] != MAGIC:
                raise _rejected(bundle, "it is not a station app update file")
            (manifest_len,) = struct.unpack(">I", head[len(MAGIC) :])
            package_start = len(head) + manifest_len
            if manifest_len > MAX_MANIFEST_BYTES or size < package_start + SIGNATURE_BYTES:
                raise _rejected(bundle, "the file is cut off or damaged")
            manifest_raw = fh.read(manifest_len)
            whole = hashlib.sha256(head + manifest_raw)
            package = hashlib.sha256()
            remaining = size - package_start - SIGNATURE_BYTES
            while remaining > 0:
                chunk = fh.read(min(CHUNK, remaining))
                if not chunk:
                    raise _rejected(bundle, "the file is cut off")
                whole.update(chunk)
                package.update(chunk)
                remaining -= len(chunk)
            signature = fh.read(SIGNATURE_BYTES)
    except FileNotFoundError as exc:
        raise _rejected(bundle, "the file is not there") from exc
    except OSError as exc:
        raise _rejected(bundle, f"the file cannot be read ({exc.strerror})") from exc
    if not _signed_by_any(SIGNED_LABEL + whole.digest(), signature, keys):
        raise _rejected(bundle, "its signature does not match (the file was altered or not signed by us)")
    try:
        manifest = UpdateManifest.from_json(manifest_raw)
    except (ValueError, KeyError, TypeError) as exc:
        raise _rejected(bundle, "its manifest cannot be read") from exc
    if manifest.package_size != size - package_start - SIGNATURE_BYTES:
        raise _rejected(bundle, "the package's size differs from the signed manifest")
    if package.hexdigest() != manifest.package_sha256:
        raise _rejected(bundle, "the package's SHA-256 differs from the signed manifest")
    return manifest


def _signed_by_any(message: bytes, signature: bytes, keys: Sequence[str]) -> bool:
    for key in public_keys(keys):
        try:
            key.verify(signature, message)
        except InvalidSignature:
            continue
        return True
    return False


# --- making bundles (dev.py sign-update) ---------------------------------------------------------


def make_bundle(
    package: Path,
    output: Path,
    private_key: Ed25519PrivateKey,
    *,
    version: str,
    released_at: str,
    release_notes: str,
    platform: str,
    product: str = PRODUCT,
) -> UpdateManifest:
    parse_version(version)
    digest = hashlib.sha256()
    with open(package, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    manifest = UpdateManifest(
        product=product,
        version=version,
        released_at=released_at,
        release_notes=release_notes,
        package_name=package.name,
        package_platform=platform,
        package_size=package.stat().st_size,
        package_sha256=digest.hexdigest(),
    )
    raw = manifest.to_json()
    head = MAGIC + struct.pack(">I", len(raw)) + raw
    whole = hashlib.sha256(head)
    tmp = output.with_name(f".{output.name}.partial")
    with open(tmp, "wb") as out, open(package, "rb") as src:
        out.write(head)
        while chunk := src.read(CHUNK):
            whole.update(chunk)
            out.write(chunk)
        out.write(private_key.sign(SIGNED_LABEL + whole.digest()))
    tmp.replace(output)
    return manifest


# --- handing over to the platform's installer ----------------------------------------------------


def extract_package(update: VerifiedUpdate) -> Path:
    """The package, in a fresh private temporary folder, checked again after extraction (the file
    on the USB stick could change between the check and the copy)."""
    folder = Path(tempfile.mkdtemp(prefix="station-app-update-"))
    target = folder / update.manifest.package_name
    digest = hashlib.sha256()
    with open(update.bundle, "rb") as src, open(target, "wb") as dst:
        (manifest_len,) = struct.unpack(">I", src.read(len(MAGIC) + 4)[len(MAGIC) :])
        src.seek(len(MAGIC) + 4 + manifest_len)
        remaining = update.manifest.package_size
        while remaining > 0:
            chunk = src.read(min(CHUNK, remaining))
            if not chunk:
                break
            digest.update(chunk)
            dst.write(chunk)
            remaining -= len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    if digest.hexdigest() != update.manifest.package_sha256:
        shutil.rmtree(folder, ignore_errors=True)
        raise _rejected(update.bundle, "the package changed while it was being unpacked")
    return target


def installer_command(package: Path, platform: str = sys.platform) -> list[str]:
    """The command that installs ``package``: apt through pkexec on Debian, the setup .exe on Windows."""
    if package.suffix == ".deb":
        return ["pkexec", "apt-get", "install", "-y", str(package)]
    if package.suffix == ".exe" and platform == "win32":
        return [str(package)]
    raise UpdateInstallError(
        f"{package.name} cannot be installed on this computer ({platform}).",
        "Use the update file made for this operating system.",
    )


def hand_to_installer(package: Path) -> subprocess.Popen[bytes]:  # pragma: no cover - installs software
    """Start the platform's installer and return at once: the app is closed by the installer (Windows)
    or asked to restart (Debian) once it has finished."""
    command = installer_command(package)
    if command[0] == "pkexec" and shutil.which("pkexec") is None:
        raise UpdateInstallError(
            "This computer cannot ask for the administrator's password (pkexec is missing).",
            f"Install the update as root: apt-get install {package}",
        )
    try:
        return subprocess.Popen(command)
    except OSError as exc:
        raise UpdateInstallError(
            f"The installer could not be started: {exc.strerror or exc}.",
            f"Install it by hand: {' '.join(command)}",
        ) from exc
