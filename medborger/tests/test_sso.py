"""Single sign-on without a browser: settings, the role mapping, failures and the switch for
local staff passwords. The whole redirect flow runs in test_sso_browser.py."""

import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.core.checks import Error
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from medborger.checks import sso_configuration
from medborger.models import User
from medborger.roles import Role
from medborger.sso import SSOBackend, sso_user_sync

ISSUER = "https://idp.kommune.example/tenant/v2.0"
GROUPS = {"grp-koordinator": Role.COORDINATOR.value, "grp-styregruppe": Role.STEERING_GROUP.value}


@pytest.fixture
def sso(settings):
    settings.OIDC_RP_CLIENT_ID = "medborger"
    settings.OIDC_RP_CLIENT_SECRET = "a-secret-long-enough-for-hs256-signatures"
    settings.MEDBORGER_OIDC_ISSUER = ISSUER
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/authorize"
    # Nothing listens on port 9: a token request fails at once.
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    settings.OIDC_OP_USER_ENDPOINT = ""
    settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:9/jwks"
    settings.MEDBORGER_OIDC_END_SESSION_ENDPOINT = f"{ISSUER}/logout"
    settings.MEDBORGER_OIDC_PROVIDER_NAME = "Kommunens log-in"
    settings.MEDBORGER_OIDC_GROUP_ROLES = dict(GROUPS)
    return settings


def claims(sub="person-1", groups=("grp-koordinator",), **extra):
    return {"sub": sub, "groups": list(groups), "preferred_username": "anne", **extra}


def held(user) -> set[str]:
    return set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))


# --- Off and on --------------------------------------------------------------------------------


def test_without_a_client_id_there_is_no_sso_button_and_no_sso_pages(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "Log ind med" not in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_the_log_in_page_offers_the_provider_and_starts_the_code_flow_with_pkce(client, sso, db):
    page = client.get(reverse("login") + "?next=/politik/").content.decode()
    assert "Log ind med Kommunens log-in" in page
    assert f'href="{reverse("oidc_authentication_init")}?next=/politik/"' in page

    response = client.get(reverse("oidc_authentication_init") + "?next=/politik/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/authorize"
    query = parse_qs(location.query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["medborger"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"] and query["code_challenge"]
    assert query["redirect_uri"][0].endswith(reverse("oidc_authentication_callback"))
    assert query["state"][0] in client.session["oidc_states"]
    assert client.session["oidc_login_next"] == "/politik/"


@pytest.mark.parametrize(
    "query",
    [
        "?code=abc&state=never-issued",
        "?error=access_denied&state=x",
        "?state=only",
        "",
    ],
)
def test_a_bad_callback_ends_on_the_failure_page(client, sso, coordinator, query):
    client.force_login(coordinator)
    client.get(reverse("oidc_authentication_init"))
    response = client.get(reverse("oidc_authentication_callback") + query)
    assert response.status_code == 302
    assert response["Location"] == reverse("sso_failed")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert page.status_code == 403
    assert "Log-in lykkedes ikke" in page.content.decode()


def test_an_unreachable_token_endpoint_is_a_failure_page_not_an_error(client, sso, db):
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(reverse("oidc_authentication_callback") + f"?code=abc&state={state}")
    assert response["Location"] == reverse("sso_failed")
    assert state not in client.session.get("oidc_states", {}), "a state is used once"
    assert not User.objects.exclude(sso_subject="").exists()


# --- The id_token ------------------------------------------------------------------------------


@pytest.fixture
def hs256(sso):
    sso.OIDC_RP_SIGN_ALGO = "HS256"
    return sso


def id_token(settings, **changes):
    payload = {
        "iss": ISSUER,
        "aud": "medborger",
        "sub": "person-1",
        "nonce": "n-1",
        "exp": int(time.time()) + 300,
        **changes,
    }
    return jwt.encode(payload, settings.OIDC_RP_CLIENT_SECRET, algorithm="HS256")


def test_an_id_token_from_this_issuer_for_this_client_is_accepted(hs256):
    assert SSOBackend().verify_token(id_token(hs256), nonce="n-1")["sub"] == "person-1"


@pytest.mark.parametrize(
    "changes",
    [
        {"aud": "another-client"},
        {"iss": "https://evil.example/v2.0"},
        {"nonce": "n-2"},
        {"exp": int(time.time()) - 10},
    ],
)
def test_an_id_token_for_another_client_issuer_nonce_or_time_is_refused(hs256, changes):
    with pytest.raises((SuspiciousOperation, jwt.PyJWTError)):
        SSOBackend().verify_token(id_token(hs256, **changes), nonce="n-1")


# --- Roles from groups -------------------------------------------------------------------------


def test_the_first_log_in_creates_the_user_with_the_mapped_roles(sso, db):
    user = sso_user_sync(
        claims=claims(groups=["grp-koordinator", "grp-styregruppe", "kantinen"], email="a@k.dk")
    )
    assert held(user) == {Role.COORDINATOR, Role.STEERING_GROUP}
    assert (user.username, user.sso_subject, user.email) == ("anne", "person-1", "a@k.dk")
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser


def test_roles_follow_the_groups_and_an_unmapped_person_gets_no_account(sso, db):
    user = sso_user_sync(claims=claims())
    assert sso_user_sync(claims=claims(groups=["grp-styregruppe"])) == user
    assert held(user) == {Role.STEERING_GROUP}

    assert sso_user_sync(claims=claims(groups=["kantinen"])) is None
    assert held(user) == set(), "an account that lost every group loses every role"
    assert sso_user_sync(claims=claims(sub="person-2", groups=[])) is None
    assert not User.objects.filter(sso_subject="person-2").exists()


def test_a_provider_name_never_takes_over_a_local_account(sso, coordinator):
    user = sso_user_sync(claims=claims(preferred_username=coordinator.username, groups=[]))
    assert user is None
    user = sso_user_sync(claims=claims(preferred_username=coordinator.username))
    assert user != coordinator and user.username == f"{coordinator.username}-2"
    coordinator.refresh_from_db()
    assert coordinator.sso_subject == "" and coordinator.has_usable_password()


def test_claims_without_a_subject_are_refused(sso, db):
    with pytest.raises(SuspiciousOperation):
        sso_user_sync(claims={"groups": ["grp-koordinator"]})


def test_a_mapping_to_a_role_that_does_not_exist_is_a_system_check_error(sso):
    assert sso_configuration() == []
    sso.MEDBORGER_OIDC_GROUP_ROLES = {"grp-x": "Borgmester"}
    sso.OIDC_OP_JWKS_ENDPOINT = ""
    assert [e.id for e in sso_configuration() if isinstance(e, Error)] == [
        "medborger.E010",
        "medborger.E011",
    ]


# --- Log-out and local passwords ---------------------------------------------------------------


def test_log_out_after_sso_ends_the_providers_session_too(client, sso, coordinator):
    client.force_login(coordinator)
    session = client.session
    session["oidc_id_token"] = "the.id.token"
    session.save()
    response = client.post(reverse("logout"))
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/logout"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == ["the.id.token"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert "_auth_user_id" not in client.session


def test_log_out_after_a_password_log_in_stays_here(client, sso, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("logout"))["Location"] == reverse("landing")


def log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": "test-password"})


def test_staff_passwords_can_be_switched_off_but_forum_members_keep_theirs(
    client, sso, coordinator, forum_member, superuser
):
    sso.MEDBORGER_LOCAL_STAFF_PASSWORDS = False
    for staff in (coordinator, superuser):
        response = log_in(client, staff)
        assert response.status_code == 200
        assert "Medarbejdere logger ind med Kommunens log-in" in response.content.decode()
        assert "_auth_user_id" not in client.session
    assert log_in(client, forum_member)["Location"] == reverse("dashboard")

    client.logout()
    sso.MEDBORGER_LOCAL_STAFF_PASSWORDS = True
    assert log_in(client, coordinator)["Location"] == reverse("dashboard")
