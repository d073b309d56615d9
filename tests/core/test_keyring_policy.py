"""The key store fails closed: insecure keyring backends are refused unless explicitly allowed."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.backends.SecretService
import pytest

from station_app.core.errors import InsecureKeyringError
from station_app.core.keys import InsecureFileKeyStore, OsKeyStore, open_keystore


class _PlaintextLike(keyring.backends.null.Keyring):
    """Stands for keyrings.alt's plaintext file backend: any module outside the secure list."""


@pytest.mark.parametrize(
    "backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring(), _PlaintextLike()]
)
def test_insecure_backends_are_refused_without_the_opt_in(
    backend: keyring.backend.KeyringBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    with pytest.raises(InsecureKeyringError) as err:
        open_keystore(environ={})
    assert "no secure key store" in err.value.message
    assert "STATION_APP_ALLOW_INSECURE_KEYRING" in err.value.hint


def test_opt_in_without_the_exact_value_is_still_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", keyring.backends.fail.Keyring)
    with pytest.raises(InsecureKeyringError):
        open_keystore(environ={"STATION_APP_ALLOW_INSECURE_KEYRING": "yes"})


def test_secure_backend_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = keyring.backends.SecretService.Keyring.__new__(keyring.backends.SecretService.Keyring)
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    store = open_keystore(environ={})
    assert isinstance(store, OsKeyStore) and store.secure


def test_explicit_opt_in_uses_the_named_test_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_keystore(
        environ={
            "STATION_APP_ALLOW_INSECURE_KEYRING": "1",
            "STATION_APP_INSECURE_KEYRING_FILE": str(tmp_path / "k.json"),
        }
    )
    assert isinstance(store, InsecureFileKeyStore) and not store.secure
    store.set("a", "b")
    assert store.get("a") == "b"
    store.delete("a")
    assert store.get("a") is None
