"""Signed offline updates: a throwaway publisher key made here; every refusal at its boundary."""

from __future__ import annotations

import hashlib
import io
import struct
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from station_app import __version__
from station_app.cli import main
from station_app.core.errors import (
    UpdateDowngradeError,
    UpdateInstallError,
    UpdateProductError,
    UpdateRejectedError,
)
from station_app.core.updates import (
    MAGIC,
    PUBLISHER_KEYS,
    SIGNED_LABEL,
    extract_package,
    installer_command,
    make_bundle,
    parse_version,
    verify_bundle,
)
from station_app.sign_update import public_key_text

PACKAGE_BYTES = b"!<arch>\ndebian-binary   " + bytes(range(256)) * 64


@pytest.fixture
def publisher() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def keys(publisher: Ed25519PrivateKey) -> tuple[str]:
    return (public_key_text(publisher),)


def bundle(
    tmp_path: Path, key: Ed25519PrivateKey, version: str = "9.1.0", product: str = "station-app"
) -> Path:
    package = tmp_path / f"station-app_{version}_amd64.deb"
    package.write_bytes(PACKAGE_BYTES)
    out = tmp_path / f"station-app_{version}.update"
    make_bundle(package, out, key, version=version, released_at="2026-12-05",
                release_notes="Restore and offline updates.\nबैकअप", platform="debian-amd64", product=product)  # fmt: skip
    return out


def test_a_signed_newer_bundle_is_accepted_and_unpacked(tmp_path: Path, publisher: Ed25519PrivateKey, keys: tuple[str]) -> None:  # fmt: skip
    update = verify_bundle(bundle(tmp_path, publisher), keys, "0.1.0")
    assert update.manifest.version == "9.1.0" and "बैकअप" in update.manifest.release_notes
    package = extract_package(update)
    assert package.read_bytes() == PACKAGE_BYTES
    assert installer_command(package) == ["pkexec", "apt-get", "install", "-y", str(package)]


def test_every_single_byte_changed_is_refused(tmp_path: Path, publisher: Ed25519PrivateKey, keys: tuple[str]) -> None:  # fmt: skip
    good = bundle(tmp_path, publisher).read_bytes()
    tampered = tmp_path / "tampered.update"
    step = max(1, len(good) // 400)  # positions all over: magic, length, manifest, package, signature
    for position in [*range(0, len(good), step), len(good) - 1]:
        data = bytearray(good)
        data[position] ^= 0x01
        tampered.write_bytes(bytes(data))
        with pytest.raises(UpdateRejectedError):
            verify_bundle(tampered, keys, "0.1.0")


def test_a_cut_off_bundle_and_another_publisher_are_refused(tmp_path: Path, publisher: Ed25519PrivateKey, keys: tuple[str]) -> None:  # fmt: skip
    good = bundle(tmp_path, publisher)
    cut = tmp_path / "cut.update"
    cut.write_bytes(good.read_bytes()[:-100])
    with pytest.raises(UpdateRejectedError):
        verify_bundle(cut, keys, "0.1.0")
    (tmp_path / "other").mkdir()
    stranger = bundle(tmp_path / "other", Ed25519PrivateKey.generate())
    with pytest.raises(UpdateRejectedError, match="signature"):
        verify_bundle(stranger, keys, "0.1.0")
    with pytest.raises(UpdateRejectedError, match="signature"):
        verify_bundle(good, PUBLISHER_KEYS, "0.1.0")  # the built-in key did not sign a test bundle


def test_a_package_that_differs_from_its_signed_manifest_is_refused(tmp_path: Path, publisher: Ed25519PrivateKey, keys: tuple[str]) -> None:  # fmt: skip
    """Even correctly signed (a publishing mistake), a package whose SHA-256 is not the manifest's is refused."""
    good = bundle(tmp_path, publisher).read_bytes()
    (length,) = struct.unpack(">I", good[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4 + length
    body = good[:start] + good[start:-64][:-1] + b"X"
    crafted = tmp_path / "crafted.update"
    crafted.write_bytes(body + publisher.sign(SIGNED_LABEL + hashlib.sha256(body).digest()))
    with pytest.raises(UpdateRejectedError, match="SHA-256"):
        verify_bundle(crafted, keys, "0.1.0")


def test_another_product_is_refused(tmp_path: Path, publisher: Ed25519PrivateKey, keys: tuple[str]) -> None:
    with pytest.raises(UpdateProductError):
        verify_bundle(bundle(tmp_path, publisher, product="state-server"), keys, "0.1.0")


@pytest.mark.parametrize(("bundled", "running", "accepted"), [
    ("0.1.1", "0.1.0", True), ("0.1.0", "0.1.0", False), ("0.0.9", "0.1.0", False),
    ("0.10.0", "0.9.0", True), ("1.0", "0.99.99", True), ("1.0", "1.0.0", False),
])  # fmt: skip
def test_only_a_newer_version_is_accepted(
    tmp_path: Path, publisher: Ed25519PrivateKey, keys: tuple[str], bundled: str, running: str, accepted: bool
) -> None:
    path = bundle(tmp_path, publisher, version=bundled)
    if accepted:
        assert verify_bundle(path, keys, running).manifest.version == bundled
    else:
        with pytest.raises(UpdateDowngradeError):
            verify_bundle(path, keys, running)


def test_version_numbers_are_compared_as_numbers() -> None:
    assert parse_version("0.10.0") > parse_version("0.9.9")
    with pytest.raises(ValueError):
        parse_version("1.0-beta")


def test_a_windows_setup_is_not_run_on_linux(tmp_path: Path) -> None:
    with pytest.raises(UpdateInstallError):
        installer_command(tmp_path / "station-app-setup.exe", platform="linux")
    assert installer_command(tmp_path / "station-app-setup.exe", platform="win32") == [
        str(tmp_path / "station-app-setup.exe")
    ]


def test_update_verify_command_with_the_composition_roots_key(tmp_path: Path, publisher: Ed25519PrivateKey, keys: tuple[str]) -> None:  # fmt: skip
    newer = bundle(tmp_path, publisher, version="99.0.0")
    out, err = io.StringIO(), io.StringIO()
    assert main(["update", "verify", str(newer)], out, err, update_keys=keys) == 0, err.getvalue()
    assert "99.0.0" in out.getvalue() and f"runs {__version__}" in out.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert main(["update", "install", "--print-command", str(newer)], out, err, update_keys=keys) == 0
    assert out.getvalue().startswith("pkexec apt-get install -y /")
    older = bundle(tmp_path, publisher, version="0.0.1")
    err = io.StringIO()
    assert main(["update", "verify", str(older)], io.StringIO(), err, update_keys=keys) == 52
    assert "Only a newer version" in err.getvalue() and "Traceback" not in err.getvalue()
    data = bytearray(newer.read_bytes())
    data[len(data) // 2] ^= 0xFF
    newer.write_bytes(bytes(data))
    err = io.StringIO()
    assert main(["update", "verify", str(newer)], io.StringIO(), err, update_keys=keys) == 50
    assert "not a genuine station app update" in err.getvalue()
