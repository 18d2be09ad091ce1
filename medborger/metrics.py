"""Prometheus metrics at /metrics (prometheus_client), for monitoring only.

Counted per process, as requests are served: requests by method, route (the URL's name, never the
path, so the number of series stays bounded) and status, and a latency histogram by route. Under
gunicorn each worker is a process of its own: with `PROMETHEUS_MULTIPROC_DIR` set, every worker
writes its counts to files there and a scrape sums them over all workers, living and exited (the
gunicorn hooks in `medborger/gunicorn_config.py` empty the folder at start and mark exited
workers). Without it (the development server, tests) the counts are the one process's.

Read at each scrape, so they are the same whichever worker answers: the Celery queue's length in
the broker, the outbox's backlog (rows queued or being sent, and the age of the oldest) and the
outbox's failed e-mails, in one query on the (status, next_attempt_at) index. A broker or
database that is down gives `medborger_up{dependency=...} 0` instead of its figures, never a 500.
"""

import logging
import os
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric

from .http import monitoring_allowed

log = logging.getLogger(__name__)

REQUESTS = Counter(
    "medborger_http_requests",
    "HTTP requests served, by method, route (URL name) and status code.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "medborger_http_request_duration_seconds",
    "Time from the request reaching Django to its response, by route (URL name).",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


def request_observe(*, method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method=method, route=route, status=str(status)).inc()
    LATENCY.labels(route=route).observe(seconds)


def celery_queue_length(queue: str) -> int:
    """Messages waiting in the broker's queue (Redis: the lengths of its lists)."""
    from amqp.exceptions import ChannelError  # kombu's virtual transports raise amqp's errors

    from .celery import app as celery_app

    with celery_app.connection_for_read() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
        try:
            return connection.default_channel.queue_declare(queue=queue, passive=True)[1]
        except ChannelError:  # no message has ever been queued (Redis: no list yet)
            return 0


def outbox_counts() -> tuple[dict[str, int], float]:
    """Rows per unsent or failed status, and the age in seconds of the oldest unsent row.

    One query: SELECT status, COUNT(*), MIN(created_at) FROM outboundemail WHERE status IN
    ('queued', 'sending', 'failed') GROUP BY status; sent rows, nearly all of the table, are
    never read."""
    from .models import OutboundEmail

    status = OutboundEmail.Status
    counts = {status.QUEUED.value: 0, status.SENDING.value: 0, status.FAILED.value: 0}
    oldest = None
    rows = (
        OutboundEmail.objects.filter(status__in=list(counts))
        .order_by()
        .values("status")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
    )
    for row in rows:
        counts[row["status"]] = row["n"]
        if row["status"] != status.FAILED and row["oldest"] is not None:
            oldest = row["oldest"] if oldest is None else min(oldest, row["oldest"])
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return counts, max(age, 0.0)


class StateCollector:
    """Gauges read from the broker and the database at scrape time."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "medborger_up",
            "Whether the scrape could read the dependency (1) or not (0).",
            labels=["dependency"],
        )
        yield from self._queue(up)
        yield from self._outbox(up)
        yield up

    def _queue(self, up: GaugeMetricFamily) -> Iterator[Metric]:
        from .celery import app as celery_app

        queue = celery_app.conf.task_default_queue
        try:
            length = celery_queue_length(queue)
        except Exception:
            log.warning("Metrics: the broker could not be read.", exc_info=True)
            up.add_metric(["broker"], 0)
            return
        up.add_metric(["broker"], 1)
        gauge = GaugeMetricFamily(
            "medborger_celery_queue_length",
            "Tasks waiting in the Celery queue in the broker.",
            labels=["queue"],
        )
        gauge.add_metric([queue], length)
        yield gauge

    def _outbox(self, up: GaugeMetricFamily) -> Iterator[Metric]:
        try:
            counts, oldest_age = outbox_counts()
        except DatabaseError:
            log.warning("Metrics: the database could not be read.", exc_info=True)
            up.add_metric(["database"], 0)
            return
        up.add_metric(["database"], 1)
        emails = GaugeMetricFamily(
            "medborger_outbox_emails",
            "Outbox e-mails not sent: queued, being sent, or failed for good.",
            labels=["status"],
        )
        for status, count in counts.items():
            emails.add_metric([status], count)
        yield emails
        yield GaugeMetricFamily(
            "medborger_outbox_backlog",
            "Outbox e-mails waiting to be sent (queued or being sent).",
            value=counts["queued"] + counts["sending"],
        )
        yield GaugeMetricFamily(
            "medborger_outbox_failed_emails",
            "Outbox e-mails that failed for good (no more attempts).",
            value=counts["failed"],
        )
        yield GaugeMetricFamily(
            "medborger_outbox_oldest_unsent_age_seconds",
            "Age of the oldest e-mail waiting to be sent; 0 when none waits.",
            value=oldest_age,
        )


class _ThisProcess:
    """The counters of this process (single-process mode: the development server, tests)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def scrape_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(StateCollector())
    return registry


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """For the monitoring only (METRICS_ALLOWED_ADDRESSES or `Authorization: Bearer
    <METRICS_TOKEN>`); to anyone else the page does not exist."""
    if not monitoring_allowed(
        request, addresses=settings.METRICS_ALLOWED_ADDRESSES, token=settings.METRICS_TOKEN
    ):
        raise Http404
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST)
