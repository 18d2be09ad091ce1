"""A real OpenID Connect provider for the single sign-on tests, in a process of its own.

`oidc_provider` (module-scoped) starts the django-oauth-toolkit project in
`medborger/tests/oidc_provider/` on a free port with its own SQLite database and an RSA key made
for the run; `sso_settings` points this app's settings at it for one test.
"""

import copy
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

CLIENT_ID = "medborger-test"
CLIENT_SECRET = "medborger-test-secret"
PROVIDER_NAME = "Testkommunens log-in"
PASSWORD = "provider-password"
#: The provider's groups and the roles they give in the tests.
GROUP_ROLES = {
    "medborger-koordinatorer": "Koordinator",
    "medborger-styregruppe": "Styregruppe",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Provider:
    base: str
    env: dict
    cwd: Path

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"

    def control(self, *args: str) -> None:
        """Run `medborger.tests.oidc_provider.control` against the provider's database."""
        subprocess.run(
            [sys.executable, "-m", "medborger.tests.oidc_provider.control", *args],
            env=self.env,
            cwd=self.cwd,
            check=True,
            timeout=60,
        )

    def add_user(self, name: str, *groups: str) -> None:
        self.control("user", name, PASSWORD, *groups)

    def set_groups(self, name: str, *groups: str) -> None:
        self.control("groups", name, *groups)


@pytest.fixture(scope="module")
def oidc_provider(live_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    # Another host name than the app's, so that the browser keeps the two sessions apart.
    host = "127.0.0.1" if "localhost" in live_server.url else "localhost"
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "medborger.tests.oidc_provider.settings",
        "OP_HOST": host,
        "OP_PORT": str(port),
        "OP_DB": str(folder / "provider.sqlite3"),
        "OP_KEY": str(folder / "key.pem"),
    }
    cwd = Path(__file__).resolve().parent.parent.parent
    provider = Provider(base=f"http://{host}:{port}", env=env, cwd=cwd)
    provider.control(
        "setup",
        CLIENT_ID,
        CLIENT_SECRET,
        live_server.url + reverse("oidc_authentication_callback"),
        live_server.url + reverse("landing"),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"{host}:{port}", "--noreload"],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        discovery = f"{provider.issuer}/.well-known/openid-configuration"
        for _ in range(200):
            try:
                with urllib.request.urlopen(discovery, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("The test OpenID Connect provider did not start.")
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def sso_settings(settings, oidc_provider):
    """This app's single sign-on pointed at the test provider."""
    issuer = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.MEDBORGER_OIDC_ISSUER = issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/.well-known/jwks.json"
    settings.MEDBORGER_OIDC_END_SESSION_ENDPOINT = f"{issuer}/logout/"
    settings.MEDBORGER_OIDC_PROVIDER_NAME = PROVIDER_NAME
    settings.MEDBORGER_OIDC_GROUP_ROLES = dict(GROUP_ROLES)
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(oidc_provider.base)
    settings.CONTENT_SECURITY_POLICY = policy
    return oidc_provider
