"""One JSON access line per request, with a request id that every log line and task carries."""

import io
import json
import logging
import re

import pytest
from django.urls import reverse

from medborger import logs
from medborger.models import OutboundEmail
from medborger.outbox import email_enqueue
from medborger.tasks import outbox_send

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_output():
    """What the project's configured console handler writes (JSON: LOG_FORMAT's default with
    DEBUG off), read back as one parsed object per line."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)

    def lines(logger: str | None = None) -> list[dict]:
        parsed = [json.loads(line) for line in stream.getvalue().splitlines()]
        return [line for line in parsed if logger is None or line["logger"] == logger]

    lines.raw = stream.getvalue  # type: ignore[attr-defined]
    yield lines
    handler.setStream(previous)


def test_a_request_logs_exactly_one_json_access_line_with_its_fields(client, log_output):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c.1")

    assert response.status_code == 200
    assert response["X-Request-ID"] == "lb-7f3a9c.1"
    [line] = log_output("medborger.access")
    assert line["request_id"] == "lb-7f3a9c.1"
    assert (line["method"], line["route"], line["status"]) == ("GET", "healthz", 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["timestamp"]
    assert "user_id" not in line


def test_a_request_without_an_id_gets_a_new_one_each_time(client, log_output):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second
    assert [line["request_id"] for line in log_output("medborger.access")] == [first, second]


def test_the_access_line_names_the_route_never_the_path(client, coordinator, log_output):
    client.get("/kalender/a-secret-feed-token.ics")
    client.get("/no-such-page/a-secret-token/")

    routes = [line["route"] for line in log_output("medborger.access")]
    assert routes == ["calendar_feed", "unmatched"]
    assert "a-secret" not in log_output.raw()


def test_a_staff_users_id_is_logged_but_never_their_address(coordinator, log_output, client):
    client.force_login(coordinator)
    response = client.get(reverse("dashboard"))

    assert response.status_code == 200
    [line] = log_output("medborger.access")
    assert line["user_id"] == coordinator.pk
    assert coordinator.email not in log_output.raw()


def test_a_forum_members_id_is_not_logged(forum_member, log_output, client):
    client.force_login(forum_member)
    client.get(reverse("dashboard"))

    [line] = log_output("medborger.access")
    assert "user_id" not in line


def test_an_unknown_method_is_counted_as_other(client, log_output):
    response = client.generic("BREW", "/healthz")

    assert response.status_code == 405
    [line] = log_output("medborger.access")
    assert (line["method"], line["status"]) == ("other", 405)


@pytest.mark.parametrize(
    "bad",
    [
        "x" * 129,
        "abc\x01def",
        "abc\x00def",
        "abc\ndef",
        "two words",
        "<script>",
        "øre-42",
        "",
    ],
)
def test_a_bad_request_id_is_replaced_never_a_500(client, log_output, bad):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bad)

    assert response.status_code == 200
    assert GENERATED.fullmatch(response["X-Request-ID"])
    [line] = log_output("medborger.access")
    assert line["request_id"] == response["X-Request-ID"]


def test_other_log_lines_of_the_request_carry_its_id(client, log_output):
    response = client.get("/healthz", HTTP_HOST="evil.example", HTTP_X_REQUEST_ID="req-host-1")

    assert response.status_code == 400
    lines = log_output()
    security = [line for line in lines if line["logger"] == "django.security.DisallowedHost"]
    assert security and all(line["request_id"] == "req-host-1" for line in security)
    assert {line["request_id"] for line in lines} == {"req-host-1"}


def test_a_task_published_during_a_request_carries_its_id_in_a_header():
    headers: dict = {}
    token = logs.request_id_var.set("req-publish-1")
    try:
        logs.carry_request_id(headers=headers)
    finally:
        logs.request_id_var.reset(token)
    assert headers == {logs.TASK_HEADER: "req-publish-1"}

    outside: dict = {}
    logs.carry_request_id(headers=outside)
    assert outside == {}


def test_a_task_logs_one_line_with_the_request_id_it_was_sent_with(log_output, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email = email_enqueue(to="borger@example.org", subject="Kvittering", body_text="Tak")

    outbox_send.apply(args=[email.pk], headers={logs.TASK_HEADER: "req-task-1"})

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    [line] = log_output("medborger.tasks")
    assert line["request_id"] == "req-task-1"
    assert line["task_name"] == "medborger.outbox_send"
    assert line["state"] == "SUCCESS"
    assert line["task_id"] and isinstance(line["duration_ms"], float)
    assert "borger@example.org" not in log_output.raw()
    assert logs.request_id_var.get() == ""


def test_a_task_that_came_without_an_id_gets_one_of_its_own(log_output):
    outbox_send.apply(args=[0])

    [line] = log_output("medborger.tasks")
    assert GENERATED.fullmatch(line["request_id"])
    assert line["state"] == "SUCCESS"
