"""Reminders with a real Redis broker and a real Celery worker process (not eager mode).

Two scans run at once, and a worker is killed in the middle of a scan's batch and started
again: each expected e-mail still lands in the mail folder exactly once.
"""

import datetime
import os
import re
import signal
import time
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from medborger.models import OutboundEmail, Reminder
from medborger.tasks import outbox_relay, reminders_scan
from policy.models import Milestone
from policy.tests.process_factories import GroupFactory, MemberFactory, MilestoneFactory

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def make_due(count: int) -> list[str]:
    """`count` milestones due in 7 days, each with a group of two; returns the addresses."""
    due = timezone.localdate() + datetime.timedelta(days=7)
    addresses = []
    for n in range(count):
        group = GroupFactory()
        for m in range(2):
            MemberFactory(group=group, email=f"m{n}-{m}@ishoj.example")
            addresses.append(f"m{n}-{m}@ishoj.example")
        MilestoneFactory(
            revision=group.revision, responsible_group=group, starts_on=due, title=f"Frist {n}"
        )
    return addresses


def delivered(mail_dir) -> Counter:
    """How many times each address received a message, over every file in the mail folder."""
    found = Counter()
    for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
        found.update(re.findall(r"^To: (\S+)$", path.read_text(), flags=re.MULTILINE))
    return found


def wait_until_delivered(mail_dir, expected: list[str], timeout=60.0) -> Counter:
    """Ask the worker's relay to send (the worker's own nudge goes to its default queue, which
    no test worker listens to) until every address has its e-mail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count()
        if sent >= len(expected) and set(delivered(mail_dir)) >= set(expected):
            break
        outbox_relay.apply_async()
        time.sleep(0.5)
    time.sleep(1.0)  # anything sent twice would arrive now
    return delivered(mail_dir)


def test_two_scans_at_once_send_each_reminder_once(celery_worker_process):
    expected = make_due(10)
    celery_worker_process("--concurrency=2")
    reminders_scan.apply_async()
    reminders_scan.apply_async()
    counts = wait_until_delivered(celery_worker_process.mail_dir, expected)
    assert counts == Counter(expected)
    assert Reminder.objects.count() == len(expected)
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.QUEUED}


def wait_for_scan_to_block(timeout=30.0) -> bool:
    """True once another session waits for a lock (the scan's INSERT on our row)."""
    if connection.vendor != "postgresql":
        time.sleep(3)  # SQLite: the scan waits for our write transaction to end
        return True
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.2)
    return False


def test_a_worker_killed_in_the_middle_of_a_scan_and_restarted_sends_each_reminder_once(
    celery_worker_process,
):
    expected = make_due(10)
    first = Milestone.objects.order_by("pk").first()
    worker = celery_worker_process()
    with transaction.atomic():
        # An uncommitted row with the key of one of the scan's reminders: the scan's insert
        # waits for it, so the worker is killed while its batch is half done.
        Reminder.objects.create(
            rule="policy.milestone_due",
            content_type=ContentType.objects.get_for_model(Milestone),
            object_id=str(first.pk),
            occasion="lead-7",
            recipient_key=expected[0],
            recipient_email=expected[0],
        )
        reminders_scan.apply_async()
        assert wait_for_scan_to_block()
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        transaction.set_rollback(True)
    assert not Reminder.objects.exists()
    assert not OutboundEmail.objects.exists()

    celery_worker_process()
    reminders_scan.apply_async()
    reminders_scan.apply_async()
    counts = wait_until_delivered(celery_worker_process.mail_dir, expected)
    assert counts == Counter(expected)
    assert Reminder.objects.count() == len(expected)
    assert OutboundEmail.objects.count() == len(expected)
