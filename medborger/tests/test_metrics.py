"""/metrics: for monitoring only, parsed as Prometheus parses it."""

import datetime
import uuid

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from medborger.celery import app as celery_app
from medborger.models import OutboundEmail

pytestmark = pytest.mark.django_db

FOREIGN = {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}  # PROXY_COUNT is 1 with DEBUG off


def scrape(client, **extra) -> dict[tuple[str, tuple], float]:
    """Every sample of a scrape, by name and sorted labels."""
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def email(status: str, minutes_ago: int = 0) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to_address="borger@example.org",
        from_address="noreply@medborger.local",
        subject="Kvittering",
        body_text="Tak",
        message_id=OutboundEmail.new_message_id(),
        status=status,
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_metrics_are_not_there_for_an_address_outside_the_allowed_ones(client):
    assert client.get("/metrics", **FOREIGN).status_code == 404


def test_metrics_answer_an_allowed_address(client, settings):
    settings.METRICS_ALLOWED_ADDRESSES = ["203.0.113.9"]
    assert client.get("/metrics", **FOREIGN).status_code == 200
    settings.METRICS_ALLOWED_ADDRESSES = []
    assert client.get("/metrics").status_code == 404


def test_metrics_answer_the_token_from_anywhere_and_refuse_a_wrong_one(client, settings):
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **FOREIGN).status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ", **FOREIGN).status_code == 404
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-0123456789", **FOREIGN)
    assert ok.status_code == 200


def test_no_token_configured_lets_no_empty_bearer_in(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ", **FOREIGN).status_code == 404


def test_requests_are_counted_and_timed_by_route(client):
    before = scrape(client)
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no-such-page/")
    after = scrape(client)

    def delta(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    ok = {"method": "GET", "route": "healthz", "status": "200"}
    assert delta("medborger_http_requests_total", **ok) == 2
    assert delta("medborger_http_requests_total", method="GET", route="unmatched", status="404")
    assert delta("medborger_http_request_duration_seconds_count", route="healthz") == 2
    assert delta("medborger_http_request_duration_seconds_bucket", route="healthz", le="+Inf") == 2
    assert not any("no-such-page" in str(key) for key in after)


def test_the_outbox_backlog_and_failed_emails_are_gauges(client):
    email(OutboundEmail.Status.QUEUED, minutes_ago=30)
    email(OutboundEmail.Status.QUEUED, minutes_ago=1)
    email(OutboundEmail.Status.SENDING, minutes_ago=5)
    email(OutboundEmail.Status.FAILED, minutes_ago=600)
    email(OutboundEmail.Status.FAILED, minutes_ago=900)
    email(OutboundEmail.Status.SENT, minutes_ago=2000)

    samples = scrape(client)

    assert samples[("medborger_outbox_backlog", ())] == 3
    assert samples[("medborger_outbox_failed_emails", ())] == 2
    assert samples[("medborger_outbox_emails", (("status", "queued"),))] == 2
    assert samples[("medborger_outbox_emails", (("status", "sending"),))] == 1
    assert samples[("medborger_outbox_emails", (("status", "failed"),))] == 2
    # The oldest unsent row is the queued one of 30 minutes ago (not the failed or sent ones).
    age = samples[("medborger_outbox_oldest_unsent_age_seconds", ())]
    assert 30 * 60 <= age < 31 * 60
    assert samples[("medborger_up", (("dependency", "database"),))] == 1


def test_an_empty_outbox_gives_zeros(client):
    email(OutboundEmail.Status.SENT)
    samples = scrape(client)

    assert samples[("medborger_outbox_backlog", ())] == 0
    assert samples[("medborger_outbox_oldest_unsent_age_seconds", ())] == 0
    assert samples[("medborger_outbox_failed_emails", ())] == 0


@pytest.mark.parametrize("rows", [1, 40])
def test_a_scrape_costs_one_query_whatever_the_outbox_holds(
    client, django_assert_num_queries, rows
):
    for i in range(rows):
        email(OutboundEmail.Status.QUEUED if i % 2 else OutboundEmail.Status.FAILED)
    # 1: SELECT status, COUNT(id), MIN(created_at) FROM outboundemail
    #    WHERE status IN ('queued', 'sending', 'failed') GROUP BY status
    # (no session or user is read: the scrape is anonymous)
    with django_assert_num_queries(1):
        scrape(client)


@pytest.fixture
def own_queue():
    """A queue of this test's own in the real broker (Redis, or the filesystem one)."""
    queue = f"test-metrics-{uuid.uuid4().hex[:12]}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_default_queue = previous
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)


def test_the_celery_queue_length_is_read_from_the_broker(client, own_queue):
    samples = scrape(client)
    assert samples[("medborger_celery_queue_length", (("queue", own_queue),))] == 0

    for _ in range(3):
        celery_app.send_task("medborger.outbox_relay", queue=own_queue)

    samples = scrape(client)
    assert samples[("medborger_celery_queue_length", (("queue", own_queue),))] == 3
    assert samples[("medborger_up", (("dependency", "broker"),))] == 1


@pytest.fixture
def broker_down():
    """The broker at a port where nothing listens: what a scrape sees when Redis is down."""
    previous = celery_app.conf.broker_url, celery_app.conf.broker_read_url
    celery_app.conf.broker_url = celery_app.conf.broker_read_url = "redis://127.0.0.1:9/0"
    yield
    celery_app.conf.broker_url, celery_app.conf.broker_read_url = previous


def test_a_broker_that_is_down_is_a_figure_not_a_500(client, broker_down):
    email(OutboundEmail.Status.QUEUED)

    samples = scrape(client)

    assert samples[("medborger_up", (("dependency", "broker"),))] == 0
    assert not any(name == "medborger_celery_queue_length" for name, _labels in samples)
    assert samples[("medborger_outbox_backlog", ())] == 1


def test_a_scrape_over_plain_http_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 301
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", **FOREIGN).status_code == 404
