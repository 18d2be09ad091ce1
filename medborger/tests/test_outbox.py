import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from medborger import outbox
from medborger.models import OutboundEmail
from medborger.testing.fixtures import subprocess_env

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"


def enqueue(**kwargs) -> OutboundEmail:
    return outbox.email_enqueue(
        **{"to": "borger@example.org", "subject": "Kvittering", "body_text": "Tak.", **kwargs}
    )


def test_it_stores_the_email_as_queued_and_sends_nothing_before_delivery():
    email = enqueue()
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.QUEUED
    assert mail.outbox == []


def test_it_nudges_the_worker_only_after_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue()
    assert len(callbacks) == 1


def test_a_rolled_back_transaction_leaves_no_email(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue()
        raise RuntimeError("the request failed")
    assert not OutboundEmail.objects.exists()
    assert callbacks == []


def test_delivery_sends_once_and_marks_it_sent():
    email = enqueue(body_html="<p>Tak.</p>")
    assert outbox.email_deliver(email_id=email.pk) is True
    assert outbox.email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["borger@example.org"]
    assert sent.extra_headers["Message-ID"] == email.message_id
    assert sent.alternatives[0].content == "<p>Tak.</p>"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_sent_email_stays_sent_when_the_database_drops_the_connection_meanwhile(settings):
    """Otherwise the row looks unsent, and the relay sends the e-mail a second time."""
    from django.db import connection

    from .failing_backend import ConnectionDroppingBackend

    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL to end a connection: set DATABASE_URL (the CI run does).")
    settings.EMAIL_BACKEND = "medborger.tests.failing_backend.ConnectionDroppingBackend"
    ConnectionDroppingBackend.sent = []
    email = enqueue()

    assert outbox.email_deliver(email_id=email.pk) is True

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert [m.extra_headers["Message-ID"] for m in ConnectionDroppingBackend.sent] == [
        email.message_id
    ]


def test_a_failed_delivery_is_retried_later_and_eventually_marked_failed(settings):
    settings.EMAIL_BACKEND = "medborger.tests.failing_backend.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = enqueue()

    assert outbox.email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED
    assert email.next_attempt_at > timezone.now()
    assert "SMTP server said no" in email.last_error
    # Not due yet: the relay leaves it alone.
    assert outbox.outbox_relay() == 0

    later = email.next_attempt_at + timezone.timedelta(seconds=1)
    assert outbox.email_deliver(email_id=email.pk, now=later) is False
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 2


def test_an_address_that_cannot_be_delivered_to_is_stored_as_failed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        missing = enqueue(to="")
        invalid = enqueue(to="not an address")
    assert callbacks == []
    assert {missing.status, invalid.status} == {OutboundEmail.Status.FAILED}
    assert missing.last_error == "No e-mail address."
    assert invalid.last_error == "No valid e-mail address."
    assert outbox.email_deliver(email_id=invalid.pk) is False
    assert mail.outbox == []


def test_the_same_idempotency_key_queues_one_email():
    first = enqueue(idempotency_key="reminder:milestone:1:due-7:user:5")
    second = enqueue(idempotency_key="reminder:milestone:1:due-7:user:5", subject="Anden")
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1


def test_the_relay_sends_what_is_due_and_requeues_abandoned_claims(settings):
    settings.OUTBOX_CLAIM_TIMEOUT_SECONDS = 60
    due = enqueue(to="a@example.org")
    abandoned = enqueue(to="b@example.org")
    OutboundEmail.objects.filter(pk=abandoned.pk).update(
        status=OutboundEmail.Status.SENDING,
        claimed_at=timezone.now() - timezone.timedelta(minutes=5),
    )
    assert outbox.outbox_relay() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert due.pk != abandoned.pk


def test_a_recent_claim_is_left_to_the_worker_that_holds_it():
    email = enqueue()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENDING, claimed_at=timezone.now()
    )
    assert outbox.outbox_relay() == 0
    assert mail.outbox == []


def test_notifications_are_rendered_in_the_recipients_language(make_user, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]
    danish = make_user(language="da")
    english = make_user(language="en")
    for user in (danish, english):
        outbox.notification_enqueue(
            notification="test_notice", to=user.email, recipient=user, context={"what": "møde"}
        )
    subjects = dict(OutboundEmail.objects.values_list("to_address", "subject"))
    assert subjects[danish.email] == "Påmindelse om møde"
    assert subjects[english.email] == "Reminder about møde"
    email = OutboundEmail.objects.get(to_address=english.email)
    assert email.notification == "test_notice"
    assert "<strong>møde</strong>" in email.body_html


ENQUEUE_WITH_BROKER_DOWN = """
import time
from django.db import transaction
from medborger import outbox
started = time.monotonic()
with transaction.atomic():
    outbox.email_enqueue(to="borger@example.org", subject="Kvittering", body_text="Tak.")
print(f"elapsed={time.monotonic() - started:.3f}")
from django.conf import settings
print(f"publish_retries={settings.CELERY_BROKER_TRANSPORT_OPTIONS['max_retries']}")
"""


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_broker_delays_the_email_but_never_fails_the_caller():
    env = {**subprocess_env(), "REDIS_URL": "redis://127.0.0.1:1/0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", ENQUEUE_WITH_BROKER_DOWN],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "waits for the outbox relay" in result.stderr
    # Publishing gives up at the first refused connection instead of retrying (a generous
    # bound: it catches a caller that hangs on the broker, not a slow machine).
    assert "publish_retries=0" in result.stdout
    assert float(result.stdout.split("elapsed=")[1].split()[0]) < 10
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.QUEUED
    assert outbox.outbox_relay() == 1
    assert len(mail.outbox) == 1
