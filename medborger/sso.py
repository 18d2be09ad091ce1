"""Staff single sign-on with OpenID Connect (mozilla-django-oidc).

Any standard provider works; Microsoft Entra ID is what most Danish municipalities use. The
authorisation code flow runs with state, nonce and PKCE; the id_token's signature is checked
against the provider's keys, and here also its issuer, audience and expiry (the library checks
only the signature and the nonce).

Roles come from the provider: the groups claim (`MEDBORGER_OIDC_GROUPS_CLAIM`, read from the
id_token and the userinfo endpoint together) is mapped through `MEDBORGER_OIDC_GROUP_ROLES`, and
at every log-in the user's roles become exactly the mapped ones, so a changed group at the
provider changes the role at the next log-in. A person whose groups map to no role gets no
account and a page that says why; one who had an account loses every role and is not logged
in. Accounts are matched on the provider's subject (`User.sso_subject`), never on a user name or
an e-mail address, so no provider-side rename can take over a local account.

Two-factor: the provider does the second factor (Entra ID's conditional access, MFA), so a
single sign-on log-in does not also ask for the local authenticator code that the password
form asks for. `OTP_REQUIRED_FOR_SUPERUSERS` still holds for superusers however they log in.

Log-out ends the provider's session too when it has an end_session_endpoint
(`MEDBORGER_OIDC_END_SESSION_ENDPOINT`, OpenID Connect RP-initiated logout).
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .models import User
from .roles import Role

log = logging.getLogger(__name__)

#: Set on the request by the backend when the person's groups map to no role.
NO_ROLE = "no_role"


def sso_enabled() -> bool:
    return bool(
        settings.OIDC_RP_CLIENT_ID
        and settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        and settings.OIDC_OP_TOKEN_ENDPOINT
    )


def roles_for_groups(groups) -> set[str]:
    """The roles a list of provider groups gives through MEDBORGER_OIDC_GROUP_ROLES."""
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list | tuple):
        return set()
    mapping = settings.MEDBORGER_OIDC_GROUP_ROLES
    return {mapping[g] for g in groups if isinstance(g, str) and mapping.get(g) in Role.values}


def password_login_allowed(user) -> bool:
    """May this user log in with a local password? Staff may not when the switch is off."""
    if settings.MEDBORGER_LOCAL_STAFF_PASSWORDS:
        return True
    if user.is_staff or user.is_superuser or user.sso_subject:
        return False
    roles = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    return roles <= {Role.FORUM_MEMBER}


def _claim(claims: dict, name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def _free_username(wanted: str, subject: str) -> str:
    base = (wanted or f"sso-{subject}")[:140]
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


@transaction.atomic
def sso_user_sync(*, claims: dict) -> User | None:
    """Create or update the user the provider's claims describe, with exactly the mapped roles.

    Returns None when the groups map to no role: no account is created, and an existing one
    loses every role.
    """
    subject = _claim(claims, settings.MEDBORGER_OIDC_SUBJECT_CLAIM)
    if not subject:
        raise SuspiciousOperation("The provider's claims carry no subject.")
    roles = roles_for_groups(claims.get(settings.MEDBORGER_OIDC_GROUPS_CLAIM))
    user = User.objects.select_for_update().filter(sso_subject=subject).first()
    if user is None and not roles:
        return None
    if user is None:
        user = User(
            sso_subject=subject,
            username=_free_username(
                _claim(claims, settings.MEDBORGER_OIDC_USERNAME_CLAIM), subject
            ),
        )
        user.set_unusable_password()
    user.first_name = _claim(claims, "given_name")[:150] or user.first_name
    user.last_name = _claim(claims, "family_name")[:150] or user.last_name
    user.email = _claim(claims, "email")[:254] or user.email
    user.save()
    held = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    if held - roles:
        user.groups.remove(*Group.objects.filter(name__in=held - roles))
    if roles - held:
        user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in roles - held))
    return user if roles else None


class SSOBackend(OIDCAuthenticationBackend):
    """Authenticates the provider's callback; does nothing for passwords or when SSO is off.

    It grants no model permissions (named rules and PasswordBackend do that), so listing it
    costs no queries on permission checks.
    """

    def __init__(self, *args, **kwargs):
        self.UserModel = User
        if sso_enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is None:
            return payload  # a signed userinfo response, not an id_token
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The id_token is not for this client.")
        issuer = settings.MEDBORGER_OIDC_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The id_token comes from another issuer.")
        expires = payload.get("exp")
        if not isinstance(expires, int | float) or expires < timezone.now().timestamp():
            raise SuspiciousOperation("The id_token has expired.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The id_token's claims with the userinfo endpoint's on top (Entra ID sends the
        groups only in the id_token; other providers only from userinfo)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub", payload.get("sub")) != payload.get("sub"):
                raise SuspiciousOperation("The userinfo is about someone else.")
            claims.update(userinfo)
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        user = sso_user_sync(claims=claims)
        if user is None:
            self.request.medborger_sso_outcome = NO_ROLE
        return user

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id).first()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False


@never_cache
def sso_login(request):
    """Start the log-in at the provider (state, nonce and PKCE kept in the session)."""
    if not sso_enabled():
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here. Every failure (a wrong or replayed state, an
    expired or used code, a token that does not verify, the provider unreachable) ends on a
    page that says so, never on an error 500, and leaves nobody logged in."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, ValueError) as e:
            log.warning("Single sign-on failed: %s", e)
            return self.login_failure()

    def login_failure(self):
        outcome = getattr(self.request, "medborger_sso_outcome", "")
        if self.request.user.is_authenticated:
            auth.logout(self.request)
        return redirect("sso_no_role" if outcome == NO_ROLE else "sso_failed")


sso_callback = never_cache(CallbackView.as_view())


def sso_failed(request):
    return render(request, "registration/sso_failed.html", status=403)


def sso_no_role(request):
    return render(request, "registration/sso_no_role.html", status=403)


def provider_logout_url(request) -> str:
    """The provider's end-session address for this session, or "" when there is none."""
    endpoint = settings.MEDBORGER_OIDC_END_SESSION_ENDPOINT
    id_token = request.session.get("oidc_id_token")
    if not (sso_enabled() and endpoint and id_token):
        return ""
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(
                reverse(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class LogoutView(auth_views.LogoutView):
    """Django's log-out; after a single sign-on log-in it goes on to end the provider's
    session too (when the provider has an end-session endpoint)."""

    def post(self, request, *args, **kwargs):
        provider_url = provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_url) if provider_url else response
