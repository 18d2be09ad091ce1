"""Staff single sign-on, the whole redirect flow in Chromium against a real OpenID Connect
provider (django-oauth-toolkit) running in a process of its own (medborger/testing/oidc.py).

Every page of the app, and the provider's log-in page, is checked with axe-core.
"""

import io
import re

import pytest
from django.core.management import call_command

from medborger.models import User
from medborger.roles import Role
from medborger.testing.oidc import PASSWORD, PROVIDER_NAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALLBACK = re.compile(r"/konto/sso/retur/\?")


@pytest.fixture(autouse=True)
def no_server_errors(page):
    """No response of the app or the provider is an error 500, whatever the test sends."""
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else 0)
    yield
    assert errors == []


def roles(user: User) -> set[str]:
    return set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))


def start_sso(page) -> None:
    page.goto("/konto/log-ind/")
    page.follow(page.get_by_role("link", name=f"Log ind med {PROVIDER_NAME}"))


def provider_sign_in(page, name: str) -> None:
    """On the provider's own log-in page, which asks for the credentials."""
    assert page.get_by_role("heading", name="Test identity provider").is_visible()
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.submit(page.get_by_role("button", name="Sign in"))


def log_out(page) -> None:
    page.submit(page.get_by_role("button", name="Log ud"))
    assert page.get_by_role("link", name="Log ind for medarbejdere").is_visible()


def test_a_role_follows_the_providers_groups_at_every_log_in(page, sso_settings):
    sso_settings.add_user("anne-holm", "medborger-koordinatorer", "kantineudvalget")

    start_sso(page)
    provider_sign_in(page, "anne-holm")
    assert page.url.endswith("/oversigt/")
    assert page.get_by_role("heading", name="Overblik", level=1).is_visible()
    user = User.objects.get(username="anne-holm")
    assert user.sso_subject and not user.has_usable_password()
    assert (user.first_name, user.email) == ("Anne", "anne-holm@kommune.example")
    assert roles(user) == {Role.COORDINATOR}

    # Log-out ends the provider's session too: the next log-in asks for the password again.
    log_out(page)
    sso_settings.set_groups("anne-holm", "medborger-styregruppe")
    start_sso(page)
    provider_sign_in(page, "anne-holm")
    assert page.url.endswith("/oversigt/")
    assert roles(user) == {Role.STEERING_GROUP}
    assert User.objects.filter(sso_subject=user.sso_subject).count() == 1

    # Out of every mapped group: a clear page, not logged in, and no role left.
    log_out(page)
    sso_settings.set_groups("anne-holm", "kantineudvalget")
    start_sso(page)
    provider_sign_in(page, "anne-holm")
    assert page.url.endswith("/konto/sso/ingen-rolle/")
    assert page.get_by_role("heading", name="Du har ingen rolle i Medborger").is_visible()
    assert page.get_by_role("link", name="Log ind for medarbejdere").is_visible()
    assert roles(user) == set()
    page.goto("/oversigt/")
    assert "/konto/log-ind/" in page.url


def test_a_person_in_no_mapped_group_gets_no_account(page, sso_settings):
    sso_settings.add_user("bo-berg", "kantineudvalget")
    start_sso(page)
    provider_sign_in(page, "bo-berg")
    assert page.url.endswith("/konto/sso/ingen-rolle/")
    assert page.get_by_role("heading", name="Du har ingen rolle i Medborger").is_visible()
    assert not User.objects.filter(username__startswith="bo-berg").exists()


def sign_in_at_provider_only(page, provider, name: str) -> None:
    """Open a session at the provider without going on to the app."""
    page.goto(f"{provider.base}/accounts/login/?next=/")
    provider_sign_in(page, name)
    assert page.get_by_role("heading", name="Signed in at the test identity provider").is_visible()


def callback_url(page) -> str:
    """Start a log-in in the browser's sessions and return where the provider sends it back
    to, with a fresh code and the state, without following it yet."""
    start = page.request.get(page.url_for("/konto/sso/"), max_redirects=0)
    authorize = start.headers["location"]
    answer = page.request.get(authorize, max_redirects=0)
    location = answer.headers["location"]
    assert CALLBACK.search(location) and "code=" in location
    return location


def test_a_callback_with_a_wrong_state_logs_nobody_in(page, sso_settings):
    sso_settings.add_user("carl-dam", "medborger-koordinatorer")
    sign_in_at_provider_only(page, sso_settings, "carl-dam")
    real = callback_url(page)

    page.goto(re.sub(r"state=[^&]+", "state=forged", real))
    assert page.url.endswith("/konto/sso/fejl/")
    assert page.get_by_role("heading", name="Log-in lykkedes ikke").is_visible()
    assert page.get_by_role("link", name="Log ind for medarbejdere").is_visible()
    assert not User.objects.filter(username="carl-dam").exists()

    # Without a session that started the log-in, the real callback is refused too.
    page.context.clear_cookies()
    page.goto(real)
    assert page.url.endswith("/konto/sso/fejl/")
    assert not User.objects.filter(username="carl-dam").exists()


def test_an_expired_or_reused_code_logs_nobody_in(page, sso_settings):
    sso_settings.add_user("dorte-lund", "medborger-koordinatorer")
    sign_in_at_provider_only(page, sso_settings, "dorte-lund")

    url = callback_url(page)
    sso_settings.control("expire-codes")
    page.goto(url)
    assert page.url.endswith("/konto/sso/fejl/")
    assert page.get_by_role("heading", name="Log-in lykkedes ikke").is_visible()
    assert not User.objects.filter(username="dorte-lund").exists()

    # The provider's session is still open: a fresh code logs her in.
    used = callback_url(page)
    page.goto(used)
    assert page.url.endswith("/oversigt/")
    assert roles(User.objects.get(username="dorte-lund")) == {Role.COORDINATOR}

    # A code used once is refused the second time, even under a state the session knows,
    # and the session it comes to is logged out.
    fresh = callback_url(page)
    used_code = re.search(r"code=([^&]+)", used)[1]
    page.goto(re.sub(r"code=[^&]+", f"code={used_code}", fresh))
    assert page.url.endswith("/konto/sso/fejl/")
    assert page.get_by_role("heading", name="Log-in lykkedes ikke").is_visible()
    page.goto("/oversigt/")
    assert "/konto/log-ind/" in page.url


def test_sso_discover_prints_the_settings_from_the_discovery_document(oidc_provider):
    out = io.StringIO()
    call_command("sso_discover", oidc_provider.issuer, stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert lines["MEDBORGER_OIDC_ISSUER"] == oidc_provider.issuer
    assert lines["MEDBORGER_OIDC_TOKEN_ENDPOINT"] == f"{oidc_provider.issuer}/token/"
    assert lines["MEDBORGER_OIDC_END_SESSION_ENDPOINT"] == f"{oidc_provider.issuer}/logout/"
    assert lines["MEDBORGER_OIDC_JWKS_ENDPOINT"].startswith(oidc_provider.issuer)
