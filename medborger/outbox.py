"""The e-mail outbox: every e-mail the system sends goes through here.

`email_enqueue` / `notification_enqueue` write a row in the caller's transaction and, once that
transaction commits, nudge a Celery task to deliver it. If the nudge cannot reach the broker the
row simply waits for the periodic relay; the request never fails or waits because of the broker.

Delivery claims a row with a conditional UPDATE before sending, so a nudge, the relay and a
retry can race harmlessly: exactly one of them sends.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def notification_render(*, notification: str, context: dict, language: str) -> RenderedEmail:
    """Render `templates/emails/<notification>/{subject.txt,body.txt,body.html}` in a language."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{notification}/subject.txt", context)
        body_text = render_to_string(f"emails/{notification}/body.txt", context)
        body_html = render_to_string(f"emails/{notification}/body.html", context)
    return RenderedEmail(
        subject=" ".join(subject.split()), body_text=body_text.strip() + "\n", body_html=body_html
    )


def notification_enqueue(
    *,
    notification: str,
    to: str,
    context: dict,
    language: str | None = None,
    recipient=None,
    idempotency_key: str | None = None,
    related=None,
) -> OutboundEmail:
    """Render a named notification in the recipient's language and put it in the outbox."""
    if language is None:
        language = getattr(recipient, "language", None) or settings.LANGUAGE_CODE
    rendered = notification_render(
        notification=notification, context={"recipient": recipient, **context}, language=language
    )
    return email_enqueue(
        to=to,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        notification=notification,
        recipient=recipient,
        idempotency_key=idempotency_key,
        related=related,
    )


def email_enqueue(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    notification: str = "",
    recipient=None,
    idempotency_key: str | None = None,
    related=None,
) -> OutboundEmail:
    """Write one e-mail to the outbox; deliver it after the surrounding transaction commits.

    With an `idempotency_key` that is already in the outbox, the existing row is returned and
    nothing new is queued. An address that cannot be delivered to is stored as failed, so the
    problem is visible in the admin instead of disappearing.
    """
    to = (to or "").strip()
    email = OutboundEmail(
        to_address=to,
        recipient=recipient,
        from_address=settings.DEFAULT_FROM_EMAIL,
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        notification=notification,
        message_id=OutboundEmail.new_message_id(),
        idempotency_key=idempotency_key,
    )
    if related is not None:
        email.related_type = ContentType.objects.get_for_model(related)
        email.related_id = str(related.pk)
    try:
        validate_email(to)
    except ValidationError:
        email.status = OutboundEmail.Status.FAILED
        email.last_error = "No valid e-mail address." if to else "No e-mail address."
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        if idempotency_key is None:
            raise
        return OutboundEmail.objects.get(idempotency_key=idempotency_key)
    if email.status == OutboundEmail.Status.QUEUED:
        transaction.on_commit(lambda: _nudge(email.pk))
    return email


def _nudge(email_id: int) -> None:
    """Ask a worker to deliver now; if the broker is unreachable the relay will do it later."""
    # Tasks are queued by name: `medborger.tasks` calls this module, so this one does not import it.
    try:
        current_app.send_task("medborger.outbox_send", args=[email_id], retry=False)
    except Exception:  # noqa: BLE001 - any broker failure only delays the e-mail
        log.warning("Broker unreachable; e-mail %s waits for the outbox relay.", email_id)


def relay_nudge() -> None:
    """Ask a worker to run the relay now (after a batch was queued); harmless if it cannot."""
    try:
        current_app.send_task("medborger.outbox_relay", retry=False)
    except Exception:  # noqa: BLE001 - the periodic relay delivers the batch later
        log.warning("Broker unreachable; the batch waits for the periodic outbox relay.")


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempts - 1), 6 * 60))


def email_deliver(*, email_id: int, now=None) -> bool:
    """Claim and send one queued e-mail. Returns True if this call sent it."""
    now = now or timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status=OutboundEmail.Status.QUEUED, next_attempt_at__lte=now
    ).update(status=OutboundEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return False
    email = OutboundEmail.objects.select_related("related_type").get(pk=email_id)
    if _about_a_deleted_object(email):
        OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.SENDING).update(
            status=OutboundEmail.Status.FAILED,
            last_error="Not sent: what it reminds about was deleted after it was queued.",
        )
        return False
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_address,
        to=[email.to_address],
        headers={"Message-ID": email.message_id},
        connection=get_connection(),
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - every delivery failure is recorded on the row
        failed_for_good = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.SENDING).update(
            status=OutboundEmail.Status.FAILED if failed_for_good else OutboundEmail.Status.QUEUED,
            next_attempt_at=timezone.now() + _retry_delay(email.attempts),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        log.warning("Sending e-mail %s failed (attempt %s): %s", email_id, email.attempts, exc)
        return False
    _mark_sent(email_id)
    return True


def _mark_sent(email_id: int) -> None:
    """Record that the e-mail went out.

    It has left already, so a database that is away for a moment (a restart) must not leave
    the row looking unsent: the relay would send it a second time. Retry with a fresh
    connection for most of the claim timeout; after it the relay may take the row back.
    """
    deadline = time.monotonic() + settings.OUTBOX_CLAIM_TIMEOUT_SECONDS * 0.8
    delay = 0.25
    while True:
        try:
            OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.SENDING).update(
                status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
            )
            return
        except (OperationalError, InterfaceError):
            if time.monotonic() + delay > deadline:
                raise
            log.warning("Database away while marking e-mail %s sent; retrying.", email_id)
            connection.close()
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


#: Notifications that make no sense once their object is gone (a reminder of a deleted milestone).
NOT_SENT_WITHOUT_THEIR_OBJECT = ("reminder",)


def _about_a_deleted_object(email: OutboundEmail) -> bool:
    if email.notification not in NOT_SENT_WITHOUT_THEIR_OBJECT or email.related_type is None:
        return False
    model = email.related_type.model_class()
    return model is not None and not model._default_manager.filter(pk=email.related_id).exists()


def outbox_relay(*, now=None, limit: int | None = None) -> int:
    """Re-queue abandoned claims, then deliver what is due. Returns how many were sent."""
    now = now or timezone.now()
    OutboundEmail.objects.stale_claims(now).update(
        status=OutboundEmail.Status.QUEUED, next_attempt_at=now
    )
    limit = limit or settings.OUTBOX_RELAY_BATCH
    due_ids = list(
        OutboundEmail.objects.due(now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(email_deliver(email_id=email_id, now=now) for email_id in due_ids)
