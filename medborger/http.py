import hmac
import ipaddress

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default: str) -> str:
    """Where to go after a form: the `next` field if it is a path on this site, else `default`.

    Only absolute paths are taken ("/politik/..."): a bare word would be read by `redirect` as
    a URL name, and anything with a host or scheme could send the visitor elsewhere.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return default


def _valid_address(value: str) -> str:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_address(request) -> str:
    """The visitor's address behind `PROXY_COUNT` trusted proxies, for every limit.

    Each proxy appends the address it received the request from to `X-Forwarded-For`, and the
    last proxy is `REMOTE_ADDR`. With N trusted proxies the client is the N-th address from
    the right of `X-Forwarded-For` + `REMOTE_ADDR`'s chain, i.e. `X-Forwarded-For[-N]`: what a
    client writes into the header itself stays on the left and is never read. With fewer
    addresses than proxies (a request that did not pass them all) the leftmost one is taken.
    """
    if request is None:
        return ""
    remote = _valid_address(request.META.get("REMOTE_ADDR", ""))
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    chain = forwarded + [remote]
    return _valid_address(chain[max(0, len(chain) - 1 - count)]) or remote


def monitoring_allowed(request, *, addresses: list[str], token: str) -> bool:
    """A monitoring request: from one of `addresses` (the client address, as every limit reads
    it) or with `Authorization: Bearer <token>` when a token is configured."""
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and sent and hmac.compare_digest(sent.encode(), token.encode()):
        return True
    return client_address(request) in addresses
