import time

import pytest
from django.db import transaction

from medborger import outbox
from medborger.models import OutboundEmail

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_real_worker_delivers_the_outbox_through_redis(celery_worker_process):
    celery_worker_process()
    with transaction.atomic():
        emails = [
            outbox.email_enqueue(
                to=f"borger{i}@example.org", subject=f"Kvittering {i}", body_text="Tak"
            )
            for i in range(5)
        ]
    assert wait_for(
        lambda: OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == 5
    ), list(OutboundEmail.objects.values_list("status", "last_error"))
    files = list(celery_worker_process.mail_dir.glob("*.log"))
    sent = "".join(path.read_text() for path in files)
    for email in emails:
        assert sent.count(email.message_id) == 1
