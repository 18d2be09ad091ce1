"""A task queued by a request logs, in a real worker, with the request's id."""

import json
import time

import pytest
from django.urls import reverse

from medborger.models import OutboundEmail

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def task_lines(path) -> list[dict]:
    if not path.exists():
        return []
    lines = []
    for raw in path.read_text().splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if line.get("logger") == "medborger.tasks":
            lines.append(line)
    return lines


def test_the_worker_logs_the_task_with_the_id_of_the_request_that_queued_it(
    client, coordinator, celery_worker_process, tmp_path
):
    log_file = tmp_path / "worker.log"
    celery_worker_process(log_file=log_file)

    response = client.post(
        reverse("password_reset"),
        {"email": coordinator.email},
        HTTP_X_REQUEST_ID="req-live-42",
    )

    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-live-42"
    assert wait_for(lambda: task_lines(log_file)), log_file.read_text()
    [line] = task_lines(log_file)
    assert line["task_name"] == "medborger.outbox_send"
    assert line["state"] == "SUCCESS"
    assert line["request_id"] == "req-live-42"
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    assert coordinator.email not in log_file.read_text()
