"""Limits an attacker cannot turn against staff.

Log-in: django-axes locks one user name from one address after `AXES_FAILURE_LIMIT` wrong
passwords. On top of that, `LOGIN_ACCOUNT_FAILURE_LIMIT` wrong passwords for one account from
*all* addresses together within `AXES_COOLOFF_TIME` make that account wait until the window has
passed since the last failure: distributed guessing gets a handful of tries per window, never
a permanent lock-out. A browser the account logged in from before carries a signed cookie
(`LOGIN_DEVICE_COOKIE`) and is not held by the account's wait, so an attack from elsewhere
does not keep the coordinator out of their own machine.

Password reset: at most `PASSWORD_RESET_LIMIT_PER_ADDRESS` requests per client address and
`PASSWORD_RESET_LIMIT_PER_ACCOUNT` per e-mail address within an hour.
"""

import hashlib
import time

from axes.models import AccessAttempt
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone

from .backends import lockout_username

DEVICE_SALT = "medborger.login-device"


def _device_users(request) -> set[str]:
    raw = request.COOKIES.get(settings.LOGIN_DEVICE_COOKIE, "") if request is not None else ""
    try:
        value = signing.loads(raw, salt=DEVICE_SALT, max_age=settings.LOGIN_DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return set()
    return {str(name) for name in value} if isinstance(value, list) else set()


def device_cookie_value(request, username: str) -> str:
    """The signed cookie that marks this browser as one `username` logged in from."""
    names = sorted(_device_users(request) | {lockout_username(request, {"username": username})})
    return signing.dumps(names[-5:], salt=DEVICE_SALT)


def account_failures(username: str) -> int:
    """Wrong passwords for this account from every address within the cool-off window."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


def account_waiting(request, username: str) -> bool:
    """Must this log-in wait because the account is being guessed from many addresses?"""
    if not username or settings.LOGIN_ACCOUNT_FAILURE_LIMIT <= 0:
        return False
    name = lockout_username(request, {"username": username})
    if name in _device_users(request):
        return False
    return account_failures(name) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT


class AccountThrottleBackend:
    """Second of AUTHENTICATION_BACKENDS (after axes): refuses a log-in, right password or not,
    while its account waits. The refusal counts as a failure like any other. It has no
    `get_user`, so it is never the backend a session is tied to."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and account_waiting(request, username):
            raise PermissionDenied
        return None


def over_limit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one request for `key` in a fixed window; True once it is over `limit`."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
    window = int(time.time() // window_seconds)
    cache_key = f"throttle:{scope}:{digest}:{window}"
    cache.add(cache_key, 0, timeout=window_seconds * 2)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds * 2)
        count = 1
    # None when the cache is away (settings.CACHES ignores Redis errors): the request passes.
    return count is not None and count > limit


def password_reset_allowed(*, client_address: str, email: str) -> bool:
    """One more reset request from this address for this e-mail address; False when over."""
    by_address = over_limit(
        "reset-address",
        client_address,
        limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        window_seconds=3600,
    )
    by_account = over_limit(
        "reset-account",
        (email or "").strip().casefold(),
        limit=settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT,
        window_seconds=3600,
    )
    return not (by_address or by_account)
