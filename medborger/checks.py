"""System checks for settings whose mistakes would pass silently."""

from django.conf import settings
from django.core.checks import Error, Tags, register

PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CLIENT_ADDRESS = "medborger.http.client_address"


@register(Tags.security, deploy=True)
def proxy_configuration(app_configs=None, **kwargs):
    """The trusted proxies, their HTTPS header and every limit's client address must agree."""
    errors = []
    count = getattr(settings, "PROXY_COUNT", 0)
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if not isinstance(count, int) or count < 0:
        errors.append(Error("PROXY_COUNT must be a whole number, 0 or more.", id="medborger.E001"))
        return errors
    if count > 0 and tuple(header or ()) != PROXY_SSL_HEADER:
        errors.append(
            Error(
                f"PROXY_COUNT is {count} but SECURE_PROXY_SSL_HEADER is not {PROXY_SSL_HEADER}.",
                hint="Behind a TLS proxy Django only knows a request is HTTPS from the header "
                "the proxy sets (X-Forwarded-Proto); without it SECURE_SSL_REDIRECT loops.",
                id="medborger.E002",
            )
        )
    if count == 0 and header:
        errors.append(
            Error(
                "SECURE_PROXY_SSL_HEADER trusts a proxy, but PROXY_COUNT is 0.",
                hint="Every visitor would have the proxy's address, and each rate limit and "
                "the log-in throttling would apply to the whole site. Set PROXY_COUNT to the "
                "number of proxies in front of gunicorn.",
                id="medborger.E003",
            )
        )
    if getattr(settings, "AXES_CLIENT_IP_CALLABLE", None) != CLIENT_ADDRESS:
        errors.append(
            Error(
                f"AXES_CLIENT_IP_CALLABLE must be {CLIENT_ADDRESS!r}.",
                hint="The log-in throttling must see the same client address as every limit.",
                id="medborger.E004",
            )
        )
    if getattr(settings, "USE_X_FORWARDED_HOST", False) and count == 0:
        errors.append(
            Error(
                "USE_X_FORWARDED_HOST is on without a trusted proxy (PROXY_COUNT is 0).",
                hint="A client could then choose the host name of links in e-mails.",
                id="medborger.E005",
            )
        )
    return errors


#: Settings single sign-on cannot run without once MEDBORGER_OIDC_CLIENT_ID is set.
SSO_REQUIRED = {
    "OIDC_RP_CLIENT_SECRET": "MEDBORGER_OIDC_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "MEDBORGER_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "MEDBORGER_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "MEDBORGER_OIDC_JWKS_ENDPOINT",
    "MEDBORGER_OIDC_ISSUER": "MEDBORGER_OIDC_ISSUER",
}


@register(Tags.security)
def sso_configuration(app_configs=None, **kwargs):
    """Single sign-on is fully configured when on, and every group maps to a real role."""
    from .roles import Role

    errors = []
    if getattr(settings, "OIDC_RP_CLIENT_ID", ""):
        missing = [env for name, env in SSO_REQUIRED.items() if not getattr(settings, name, "")]
        if missing:
            errors.append(
                Error(
                    f"Single sign-on is on (MEDBORGER_OIDC_CLIENT_ID) but {', '.join(missing)} "
                    "is not set.",
                    hint="Take the values from the provider's discovery document "
                    "(manage.py sso_discover <issuer>).",
                    id="medborger.E010",
                )
            )
    mapping = getattr(settings, "MEDBORGER_OIDC_GROUP_ROLES", {}) or {}
    unknown = sorted({role for role in mapping.values() if role not in Role.values})
    if unknown:
        errors.append(
            Error(
                f"MEDBORGER_OIDC_GROUP_ROLES maps groups to roles that do not exist: {unknown}.",
                hint=f"A role is one of {', '.join(Role.values)}.",
                id="medborger.E011",
            )
        )
    return errors
