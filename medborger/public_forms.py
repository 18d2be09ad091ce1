"""The one policy every public form follows: rate limit, proof of work, honeypot and timing.

Citizens use the public forms without an account, so each form declares a `PublicFormPolicy`
and its view asks it once, before reading the form:

    verdict = SIGNUP_FORM.judge(request, scope=event.pk)

`judge` raises `FormRefused` (with a message for the person and an HTTP status) when

- the client's address has posted more than the form's limit within its window (every post
  counts, also one whose upload was refused, so a failing upload cannot be repeated without end);
- the proof of work is missing, wrong, expired, made for another form, or used before (ALTCHA:
  a browser solves it invisibly while the person fills in the form; without JavaScript the form
  is refused with a message that says what else to do).

Otherwise it returns a `Verdict`: whether the honeypot was filled in and whether the form was
sent faster than a person can (the form's service decides what that means: a hearing response
is flagged for moderation, a robot's sign-up is thanked and dropped).

E-mails to addresses that nobody has confirmed yet go out only while `mail_allowed` says so:
a few per recipient address per day, so the forms cannot be used to send mail to strangers.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field

import altcha
from django.conf import settings
from django.core import signing
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

# The client's address, the same function for every limit (trusted proxies are its concern).
from medborger.http import client_address
from medborger.models import OutboundEmail, PublicFormAttempt, PublicFormChallenge

HONEYPOT_FIELD = "website"
POW_FIELD = "altcha"
STAMP_FIELD = "form_stamp"
POW_ALGORITHM = "PBKDF2/SHA-256"

#: Notifications that the public forms send to addresses nobody has confirmed yet.
_UNCONFIRMED_NOTIFICATIONS: set[str] = set()


def single_line(value: str) -> str:
    """A name or subject on one line: line breaks (and runs of spaces) become one space, so a
    name can never add lines to an e-mail's header or text."""
    return " ".join((value or "").split())


def address_hash(address: str) -> str:
    """A keyed hash of a client's address: enough to count, useless for anything else."""
    return hmac.new(
        settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256
    ).hexdigest()


class FormRefused(Exception):
    """The form is refused before it is read; `message` says why, `status` is the HTTP status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Stamp:
    """What a form's signed stamp tells: its one-time nonce and when the form was handed out."""

    nonce: str
    issued_at: float


@dataclass(frozen=True)
class Verdict:
    """What a post that got past the door looks like: the form's stamp (None if missing or
    forged), whether the honeypot was filled in, and how long the form took."""

    stamp: Stamp | None
    honeypot: bool
    fill_seconds: int | None
    too_fast: bool


@dataclass(frozen=True)
class PublicFormPolicy:
    """The rules of one public form. Limits and times are read from settings by name."""

    name: str
    #: Setting names: posts allowed per address within the window, the window in minutes, and
    #: the fewest seconds a person needs between getting the form and sending it.
    limit_setting: str
    window_setting: str
    min_fill_setting: str
    #: Salt of the form's signed stamp (kept stable: a changed salt voids forms already open).
    stamp_salt: str
    #: Notifications this form sends to an address nobody has confirmed (limited per day).
    unconfirmed_notifications: tuple[str, ...] = field(default=())
    #: The hidden field that carries the stamp.
    stamp_field: str = STAMP_FIELD
    #: True for a form whose service answers a repeated post itself (the hearing form: the
    #: stamp's nonce names the stored response), so the same form posted twice is let through.
    stamp_names_submission: bool = False

    def __post_init__(self):
        _UNCONFIRMED_NOTIFICATIONS.update(self.unconfirmed_notifications)

    # --- What the page hands out ------------------------------------------------------------

    def stamp_issue(self, *, scope) -> str:
        """A signed stamp for the form: for which scope (hearing, event), a nonce, and when."""
        return signing.dumps(
            {"h": scope, "n": secrets.token_urlsafe(24), "t": timezone.now().timestamp()},
            salt=self.stamp_salt,
        )

    def stamp_read(self, raw, *, scope) -> Stamp | None:
        try:
            payload = signing.loads(raw or "", salt=self.stamp_salt)
        except signing.BadSignature:
            return None
        if not isinstance(payload, dict) or payload.get("h") != scope:
            return None
        try:
            return Stamp(nonce=str(payload["n"]), issued_at=float(payload["t"]))
        except (KeyError, TypeError, ValueError):
            return None

    def challenge(self, *, now=None) -> str:
        """A new proof-of-work challenge (JSON for the widget), signed with SECRET_KEY."""
        now = now or timezone.now()
        expires = now + datetime.timedelta(minutes=settings.PUBLIC_FORM_CHALLENGE_MINUTES)
        challenge = altcha.create_challenge(
            algorithm=POW_ALGORITHM,
            cost=settings.PUBLIC_FORM_POW_COST,
            expires_at=int(expires.timestamp()),
            data={"form": self.name},
            hmac_secret=self._pow_secret(),
        )
        return json.dumps(challenge.to_dict(), separators=(",", ":"))

    # --- What a post is judged by -----------------------------------------------------------

    def judge(self, request, *, scope, now=None) -> Verdict:
        """Count the post, check the proof of work, read the stamp, honeypot and timing.

        Raises `FormRefused`. `scope` is what the form's stamp was issued for (the hearing's or
        the event's primary key).
        """
        now = now or timezone.now()
        stamp = self.stamp_read(request.POST.get(self.stamp_field), scope=scope)
        self._count(client_address(request), now)
        replay_key = stamp.nonce if (stamp and self.stamp_names_submission) else ""
        self._check_proof_of_work(request.POST.get(POW_FIELD, ""), replay_key, now)
        fill_seconds, too_fast = self.fill_time(stamp.issued_at if stamp else None, now)
        return Verdict(
            stamp=stamp,
            honeypot=bool((request.POST.get(HONEYPOT_FIELD) or "").strip()),
            fill_seconds=fill_seconds,
            too_fast=too_fast,
        )

    def fill_time(self, issued_at: float | None, now) -> tuple[int | None, bool]:
        """Seconds between handing out the form and its post, and whether that is too fast."""
        if issued_at is None:
            return None, False
        seconds = max(0, int(now.timestamp() - issued_at))
        return seconds, seconds < getattr(settings, self.min_fill_setting)

    def _count(self, address: str, now) -> None:
        """Count this post, unless the address is over the limit (then refuse it, uncounted).

        One statement (the count and the insert together, committed on their own as before):
        a post costs one round trip here, not four (BEGIN, COUNT, INSERT, COMMIT)."""
        key = address_hash(address)
        window = datetime.timedelta(minutes=getattr(settings, self.window_setting))
        table = connection.ops.quote_name(PublicFormAttempt._meta.db_table)
        stamp = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (form, address_hash, created_at) SELECT %s, %s, %s "
                f"WHERE (SELECT COUNT(*) FROM {table} WHERE form = %s AND address_hash = %s "
                "AND created_at > %s) < %s",
                [
                    self.name,
                    key,
                    stamp(now),
                    self.name,
                    key,
                    stamp(now - window),
                    getattr(settings, self.limit_setting),
                ],
            )
            counted = cursor.rowcount == 1
        if not counted:
            raise FormRefused(
                _(
                    "Many forms have been sent from your internet connection within a short "
                    "time. Please wait a while and try again, or use the contact given on "
                    "this page. What you wrote is kept below."
                ),
                429,
            )

    def _check_proof_of_work(self, payload: str, replay_key: str, now) -> None:
        if not payload:
            raise FormRefused(
                _(
                    "Your browser did not send the automatic check that keeps robots out of "
                    "this form. It needs JavaScript, which seems to be turned off. Turn it on "
                    "and send the form again, or use the contact given on this page. What you "
                    "wrote is kept below."
                ),
                400,
            )
        try:
            result = altcha.verify_solution(payload, self._pow_secret())
            parameters = altcha.Payload.from_base64(payload).challenge.parameters
        except Exception:  # noqa: BLE001 - any malformed payload is simply not a solution
            result, parameters = None, None
        if result is not None and result.expired:
            raise FormRefused(
                _(
                    "The form was open for a long time, so its automatic check has expired. "
                    "Please send it again. What you wrote is kept below."
                ),
                400,
            )
        if (
            result is None
            or not result.verified
            or not isinstance(parameters.data, dict)
            or parameters.data.get("form") != self.name
        ):
            raise FormRefused(
                _(
                    "The automatic check that keeps robots out of this form failed. Please "
                    "send the form again. What you wrote is kept below."
                ),
                400,
            )
        expires_at = datetime.datetime.fromtimestamp(
            parameters.expires_at or now.timestamp(), tz=datetime.UTC
        )
        # One statement that inserts unless the challenge was used before: no savepoint is
        # needed inside the caller's transaction (the hearing form's post is one transaction).
        table = connection.ops.quote_name(PublicFormChallenge._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (nonce, form, replay_key, expires_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (nonce) DO NOTHING",
                [
                    parameters.nonce[:64],
                    self.name,
                    replay_key,
                    connection.ops.adapt_datetimefield_value(expires_at),
                ],
            )
            first_use = cursor.rowcount == 1
        if not first_use:
            used = PublicFormChallenge.objects.filter(nonce=parameters.nonce[:64]).first()
            if not (used and replay_key and used.replay_key == replay_key):
                raise FormRefused(
                    _("This form has already been sent. Open the page again to send another one."),
                    409,
                )

    @staticmethod
    def _pow_secret() -> str:
        return "public-form-pow:" + settings.SECRET_KEY


# --- E-mail to addresses nobody has confirmed -----------------------------------------------


def mail_allowed(*, to: str, now=None) -> bool:
    """May the public forms send one more e-mail to this address today?

    Counts the outbox's rows of every public form's unconfirmed notifications to the address
    within the last 24 hours against `PUBLIC_FORM_MAILS_PER_ADDRESS_PER_DAY`.
    """
    now = now or timezone.now()
    address = (to or "").strip()
    if not address:
        return False
    sent = OutboundEmail.objects.filter(
        notification__in=_UNCONFIRMED_NOTIFICATIONS,
        to_address__iexact=address,
        created_at__gt=now - datetime.timedelta(days=1),
    ).count()
    return sent < settings.PUBLIC_FORM_MAILS_PER_ADDRESS_PER_DAY


def public_forms_cleanup(*, now=None) -> int:
    """Forget rate-limit counters older than a day and challenges that have expired."""
    now = now or timezone.now()
    deleted, _rows = PublicFormAttempt.objects.filter(
        created_at__lt=now - datetime.timedelta(days=1)
    ).delete()
    expired, _rows = PublicFormChallenge.objects.filter(expires_at__lt=now).delete()
    return deleted + expired
