"""`python3 dev.py sign-update`: make a signed offline update bundle for the station app.

    python3 dev.py sign-update --key release-key.pem --package dist/station-app_0.2.0_amd64.deb \\
        --version 0.2.0 --platform debian-amd64 --notes notes.txt -o station-app_0.2.0.update
    python3 dev.py sign-update --new-key release-key.pem     # once: make the release key pair

The private key is read from --key or the file named by STATION_APP_UPDATE_KEY (PEM, PKCS#8). It
must never be committed: keep it offline with the release manager. --new-key prints the public key
to put into station_app/core/updates.py (PUBLISHER_KEYS).
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from station_app.core.updates import make_bundle

KEY_ENV = "STATION_APP_UPDATE_KEY"


def public_key_text(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SystemExit(f"{path} is not an Ed25519 private key.")
    return key


def new_key(path: Path) -> int:
    if path.exists():
        raise SystemExit(f"{path} exists; refusing to overwrite a release key.")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    print(f"Private key written to {path} (keep it offline). Public key for PUBLISHER_KEYS:")
    print(public_key_text(key))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dev.py sign-update", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--new-key", metavar="PEM", help="make a new release key pair and stop")
    parser.add_argument("--key", metavar="PEM", help=f"the release private key (default: ${KEY_ENV})")
    parser.add_argument("--package", metavar="FILE", help="the .deb or setup .exe to ship")
    parser.add_argument("--version", help="the package's version, e.g. 0.2.0")
    parser.add_argument("--platform", default="debian-amd64", help="debian-amd64 (default) or windows-x64")
    parser.add_argument("--notes", metavar="FILE", help="release notes (UTF-8 text)")
    parser.add_argument("--product", default="station-app", help=argparse.SUPPRESS)
    parser.add_argument("-o", "--output", metavar="FILE", help="the bundle to write (.update)")
    args = parser.parse_args(argv)
    if args.new_key:
        return new_key(Path(args.new_key))
    key_path = args.key or os.environ.get(KEY_ENV)
    if not key_path:
        parser.error(f"give the release key with --key or {KEY_ENV}")
    if not (args.package and args.version and args.output):
        parser.error("--package, --version and -o are required")
    notes = Path(args.notes).read_text(encoding="utf-8") if args.notes else ""
    manifest = make_bundle(
        Path(args.package),
        Path(args.output),
        load_private_key(Path(key_path)),
        version=args.version,
        released_at=datetime.now(UTC).date().isoformat(),
        release_notes=notes,
        platform=args.platform,
        product=args.product,
    )
    print(
        f"{args.output}: {manifest.product} {manifest.version}, {manifest.package_name} sha256 {manifest.package_sha256}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
