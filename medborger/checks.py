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
