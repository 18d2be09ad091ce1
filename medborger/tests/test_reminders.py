"""The reminder bookkeeping: exactly once, opt-out, digest, bad input and a fixed query count."""

import datetime
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medborger import outbox
from medborger.models import OutboundEmail, Reminder, ReminderOptOut, ReminderRule, User
from medborger.reminders import ReminderRenderer, registry, reminders_digest, reminders_scan
from medborger.testing.fixtures import subprocess_env
from policy.models import Milestone
from policy.tests.process_factories import (
    GroupFactory,
    MemberFactory,
    MilestoneFactory,
    RevisionFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 13)  # a Friday; milestones due on the 20th get their 7-day reminder


def due_milestone(*, members=(), coordinator=None, **kwargs) -> Milestone:
    revision = RevisionFactory(coordinator=coordinator)
    group = GroupFactory(revision=revision)
    for member in members:
        MemberFactory(group=group, **member)
    return MilestoneFactory(
        revision=revision, responsible_group=group, starts_on=D(2026, 11, 20), **kwargs
    )


def test_every_rule_is_registered_with_an_administrator_row():
    keys = set(registry())
    assert {
        "policy.milestone_due",
        "policy.task_due",
        "consultation.hearing_opens",
        "consultation.hearing_closes",
        "consultation.hearing_closed",
        "consultation.hearing_report_due",
        "consultation.event_signup_deadline",
        "consultation.event_tomorrow",
        "forum.meeting_agenda",
        "forum.budget_use",
        "forum.action_plan_ending",
        "forum.mandate_ending",
    } <= keys
    reminders_scan(today=TODAY)
    assert set(ReminderRule.objects.values_list("key", flat=True)) == keys
    assert ReminderRule.objects.get(key="policy.milestone_due").lead_days == "14, 7, 1"


def test_scanning_twice_sends_each_reminder_once():
    due_milestone(members=[{"email": "a@ishoj.example"}, {"email": "b@ishoj.example"}])
    first = reminders_scan(today=TODAY)
    second = reminders_scan(today=TODAY)
    assert (first.queued, second.recorded) == (2, 0)
    assert OutboundEmail.objects.count() == 2
    keys = set(OutboundEmail.objects.values_list("idempotency_key", flat=True))
    assert keys == {f"reminder:{pk}" for pk in Reminder.objects.values_list("pk", flat=True)}


def test_the_email_links_to_the_object_and_to_the_settings():
    milestone = due_milestone(members=[{"email": "a@ishoj.example"}], title="Papirer til MED")
    reminders_scan(today=TODAY)
    email = OutboundEmail.objects.get()
    object_url = settings.SITE_URL + reverse(
        "policy:revision_manage", kwargs={"slug": milestone.revision.slug}
    )
    settings_url = settings.SITE_URL + reverse("reminder_settings")
    assert "Papirer til MED" in email.subject
    assert object_url in email.body_text and object_url in email.body_html
    assert settings_url in email.body_text and settings_url in email.body_html


def test_the_disabled_rule_and_the_changed_lead_times_of_an_administrator_hold():
    due_milestone(members=[{"email": "a@ishoj.example"}])
    reminders_scan(today=D(2026, 11, 1))
    ReminderRule.objects.filter(key="policy.milestone_due").update(lead_days="8")
    Reminder.objects.all().delete()
    reminders_scan(today=D(2026, 11, 12))
    assert list(Reminder.objects.values_list("occasion", flat=True)) == ["lead-8"]
    ReminderRule.objects.filter(key="policy.milestone_due").update(enabled=False)
    reminders_scan(today=D(2026, 11, 19))
    assert Reminder.objects.count() == 1


def test_a_user_who_opted_out_of_a_rule_gets_none_of_it(make_user):
    user = make_user(email="optout@ishoj.example")
    ReminderOptOut.objects.create(user=user, rule="policy.milestone_due")
    due_milestone(members=[{"email": "", "user": user}, {"email": "other@ishoj.example"}])
    reminders_scan(today=TODAY)
    row = Reminder.objects.get(recipient=user)
    assert (row.status, row.error) == (Reminder.Status.SKIPPED, "Opted out of this rule.")
    assert list(OutboundEmail.objects.values_list("to_address", flat=True)) == [
        "other@ishoj.example"
    ]


def test_the_daily_digest_groups_a_users_reminders_into_one_email(make_user):
    user = make_user(email="digest@ishoj.example", reminder_delivery="daily_digest")
    due_milestone(members=[{"email": "", "user": user}], title="Første")
    due_milestone(members=[{"email": "", "user": user}], title="Anden")
    reminders_scan(today=TODAY)
    assert not OutboundEmail.objects.exists()
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.DIGEST}
    assert reminders_digest(today=TODAY) == 1
    assert reminders_digest(today=TODAY) == 0
    email = OutboundEmail.objects.get()
    assert email.to_address == "digest@ishoj.example"
    assert "Første" in email.body_text and "Anden" in email.body_text
    assert set(Reminder.objects.values_list("status", "outbound_email")) == {
        (Reminder.Status.DIGESTED, email.pk)
    }


def test_a_reminder_left_pending_by_a_crashed_scan_is_finished_or_skipped_once():
    milestone = due_milestone(members=[{"email": "a@ishoj.example"}])
    reminders_scan(today=TODAY)
    row = Reminder.objects.get()
    # As if a scan had recorded it and died before writing the e-mail (an hour ago).
    OutboundEmail.objects.all().delete()
    stale = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Reminder.objects.filter(pk=row.pk).update(
        status=Reminder.Status.PENDING, outbound_email=None, updated_at=stale
    )
    reminders_scan(today=TODAY)
    assert OutboundEmail.objects.get().idempotency_key == f"reminder:{row.pk}"
    # The object deleted before a stale row was taken up: skipped, with the reason.
    Reminder.objects.filter(pk=row.pk).update(status=Reminder.Status.PENDING, updated_at=stale)
    milestone.delete()
    reminders_scan(today=TODAY)
    row.refresh_from_db()
    assert row.status == Reminder.Status.SKIPPED
    assert "deleted" in row.error
    assert OutboundEmail.objects.count() == 1


def test_a_recipient_is_reminded_once_even_if_named_twice(make_user):
    coordinator = make_user(email="koordinator@ishoj.example")
    due_milestone(
        members=[{"email": "KOORDINATOR@ishoj.example"}, {"email": "", "user": coordinator}],
        coordinator=coordinator,
    )
    reminders_scan(today=TODAY)
    assert OutboundEmail.objects.count() == 1


def test_a_deactivated_user_is_skipped(make_user):
    user = make_user(email="gone@ishoj.example", is_active=False)
    due_milestone(members=[{"email": "", "user": user}])
    reminders_scan(today=TODAY)
    assert Reminder.objects.get().status == Reminder.Status.SKIPPED
    assert not OutboundEmail.objects.exists()


def test_the_reminder_is_in_the_recipients_language(make_user):
    user = make_user(email="en@ishoj.example", language="en")
    due_milestone(members=[{"email": "", "user": user}], title="Papers")
    due_milestone(members=[{"email": "da@ishoj.example"}], title="Papirer")
    reminders_scan(today=TODAY)
    subjects = dict(OutboundEmail.objects.values_list("to_address", "subject"))
    assert subjects["en@ishoj.example"] == "Reminder: “Papers” is due in 7 days"
    assert subjects["da@ishoj.example"] == "Påmindelse: »Papirer« skal være klar om 7 dage"


def grow(*, due: int, not_due: int) -> None:
    """More milestones and tasks: `due` of each due now (two members each), `not_due` later."""
    for n in range(max(due, not_due)):
        milestone = due_milestone(members=[{}, {}]) if n < due else None
        group = milestone.responsible_group if milestone else GroupFactory()
        owner = MemberFactory(group=group)
        if n < due:
            TaskFactory(group=group, owner=owner, due_on=D(2026, 11, 15))
        if n < not_due:
            MilestoneFactory(revision=group.revision, starts_on=D(2027, 6, 1))
            TaskFactory(group=group, owner=owner, due_on=D(2027, 6, 1))


def scan_queries() -> int:
    Reminder.objects.all().delete()
    OutboundEmail.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        result = reminders_scan(today=TODAY)
    assert result.queued > 0
    return len(queries)


# Per rule: its candidates and their fixed prefetches; then the rule settings, opt-outs, the
# insert of the reminders, reclaiming stale rows, reading ours back, the outbox insert, the
# UPDATE that links reminders to their e-mails, and counting the outcome.
MAX_SCAN_QUERIES = 30


def test_the_scan_makes_the_same_number_of_queries_however_much_is_not_due():
    registry()  # rules imported, administrator rows created
    reminders_scan(today=TODAY)
    grow(due=3, not_due=3)
    small = scan_queries()
    grow(due=0, not_due=100)
    large = scan_queries()
    assert small == large
    assert large <= MAX_SCAN_QUERIES


def test_the_scan_makes_the_same_number_of_queries_however_much_is_due():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite splits bulk statements into batches of 999 parameters")
    registry()
    reminders_scan(today=TODAY)
    grow(due=3, not_due=0)
    small = scan_queries()
    grow(due=60, not_due=0)
    large = scan_queries()
    assert small == large
    assert large <= MAX_SCAN_QUERIES


def test_the_settings_page_saves_delivery_and_opt_outs(client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("reminder_settings")
    page = client.get(url)
    assert page.status_code == 200
    assert b"<legend" in page.content and b"policy.task_due" in page.content
    keys = [key for key in registry() if key != "policy.task_due"]
    response = client.post(url, {"delivery": "daily_digest", "receive": keys})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.reminder_delivery == User.ReminderDelivery.DAILY_DIGEST
    assert list(ReminderOptOut.objects.filter(user=coordinator).values_list("rule", flat=True)) == [
        "policy.task_due"
    ]
    junk = client.post(url, {"delivery": "immediate", "receive": [*keys, "junk"]})
    assert junk.status_code == 200 and junk.context["form"].errors["receive"]
    assert ReminderOptOut.objects.filter(user=coordinator).count() == 1
    client.post(url, {"delivery": "immediate", "receive": [*keys, "policy.task_due"]})
    assert not ReminderOptOut.objects.filter(user=coordinator).exists()


def test_the_settings_page_refuses_an_unknown_delivery(client_for, coordinator):
    response = client_for(coordinator).post(reverse("reminder_settings"), {"delivery": "sms"})
    assert response.status_code == 200
    assert response.context["form"].errors["delivery"]
    coordinator.refresh_from_db()
    assert coordinator.reminder_delivery == User.ReminderDelivery.IMMEDIATE


def test_the_settings_page_needs_a_log_in(client):
    response = client.get(reverse("reminder_settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


SCAN_WITH_BROKER_DOWN = """
import datetime
from medborger.reminders import reminders_scan
print("queued=%s" % reminders_scan(today=datetime.date(2026, 11, 13)).queued)
"""


@pytest.mark.django_db(transaction=True)
def test_a_scan_with_the_broker_down_records_and_queues_and_the_relay_sends_later():
    due_milestone(members=[{"email": "a@ishoj.example"}])
    env = {**subprocess_env(), "REDIS_URL": "redis://127.0.0.1:1/0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCAN_WITH_BROKER_DOWN],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "queued=1" in result.stdout
    assert "waits for the periodic outbox relay" in result.stderr
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.QUEUED
    assert outbox.outbox_relay() == 1
    assert mail.outbox[0].to == ["a@ishoj.example"]


@pytest.mark.parametrize("name", ["Anne <Ø> & Co", ""])
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_fast_rendering_equals_the_template(name, language):
    context = {
        "recipient_name": name,
        "subject": "Påmindelse: »A & B« skal være klar om 7 dage",
        "message": "»A & B« skal være klar den <20. november>.",
        "rule_label": "Milepæle",
        "object_title": "A & B",
        "object_url": "http://127.0.0.1:8000/politik/proces/x/?a=1&b=2",
        "settings_url": "http://127.0.0.1:8000/konto/paamindelser/",
    }
    renderer = ReminderRenderer()
    renderer.render(notification="reminder", language=language, context=context)  # warm
    fast = renderer.render(notification="reminder", language=language, context=context)
    slow = outbox.notification_render(notification="reminder", context=context, language=language)
    assert fast == slow
    assert ("&amp; Co" in fast.body_html) == bool(name)


def test_a_reminder_of_an_object_deleted_after_the_scan_is_not_sent():
    milestone = due_milestone(members=[{"email": "a@ishoj.example"}])
    reminders_scan(today=TODAY)
    email = OutboundEmail.objects.get()
    milestone.delete()
    assert outbox.email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert "deleted" in email.last_error
    assert mail.outbox == []
