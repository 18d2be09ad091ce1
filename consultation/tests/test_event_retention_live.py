import time

import pytest

from consultation.models import SignUp, SignUpErasure
from consultation.tasks import event_retention_run

from .test_event_retention import past_event, sign_up

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_runs_the_daily_retention_task(celery_worker_process):
    celery_worker_process()
    event = past_event()
    signup = sign_up(event, 1)

    event_retention_run.delay()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not SignUpErasure.objects.exists():
        time.sleep(0.2)
    erasure = SignUpErasure.objects.get()
    assert (erasure.event_id, erasure.signup_count) == (event.pk, 1)
    assert SignUp.objects.get(pk=signup.pk).email == ""
