"""TLS: the server's certificate is verified by default; a state's own CA bundle can be given."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from state_server.config import Settings
from state_server.db import ServerDatabase
from state_server.embedded import EmbeddedServer
from sync.client import SyncClient
from sync.errors import TlsError


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _pem(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def state_ca_and_server_cert(folder: Path) -> tuple[str, str, str]:
    """A state's own CA and a server certificate for 127.0.0.1 signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder().subject_name(_name("State Police CA")).issuer_name(_name("State Police CA"))
        .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(2).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    ca_file = _pem(folder / "state-ca.pem", ca.public_bytes(serialization.Encoding.PEM))
    cert_file = _pem(folder / "server.pem", cert.public_bytes(serialization.Encoding.PEM))
    key_file = _pem(
        folder / "server.key",
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    return ca_file, cert_file, key_file


def test_certificates_are_verified_and_a_state_ca_can_be_trusted(
    tmp_path: Path, sqlite_server_db: ServerDatabase
) -> None:
    ca_file, cert_file, key_file = state_ca_and_server_cert(tmp_path)
    server = EmbeddedServer(
        Settings(database_url=sqlite_server_db.url),
        sqlite_server_db,
        ssl_certfile=cert_file,
        ssl_keyfile=key_file,
    ).start()
    try:
        assert server.url.startswith("https://")
        with pytest.raises(TlsError) as err:
            SyncClient(server.url).hello()
        assert err.value.exit_code == 38 and "--ca-bundle" in err.value.hint
        hello, _sent, _received = SyncClient(server.url, ca_bundle=ca_file).hello()
        assert hello.service == "state-sync"
    finally:
        server.stop()
