"""The forum's reminders to the secretariat at their boundaries."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from forum.models import ActionPlan, Expense
from medborger.models import Reminder
from medborger.reminders import reminders_scan

from .factories import ActionPlanFactory, BudgetYearFactory, ExpenseFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def occasions(rule: str) -> set[str]:
    return set(Reminder.objects.filter(rule=rule).values_list("occasion", flat=True))


def test_a_meeting_without_a_published_agenda_reminds_the_secretariat_7_days_before(
    forum, secretary
):
    meeting = MeetingFactory(
        forum=forum, starts_at=timezone.make_aware(datetime.datetime(2026, 11, 24, 17, 0))
    )
    reminders_scan(today=D(2026, 11, 16))
    assert not occasions("forum.meeting_agenda")
    reminders_scan(today=D(2026, 11, 17))
    rows = Reminder.objects.filter(rule="forum.meeting_agenda")
    assert list(rows.values_list("occasion", "recipient_email")) == [("lead-7", secretary.email)]
    assert f"/moeder/{meeting.pk}/dagsorden/" in rows.get().outbound_email.body_text


def test_a_meeting_with_a_published_agenda_reminds_nobody(forum, secretary):
    MeetingFactory(
        forum=forum,
        starts_at=timezone.make_aware(datetime.datetime(2026, 11, 24, 17, 0)),
        agenda_published_at=timezone.now(),
    )
    reminders_scan(today=D(2026, 11, 17))
    assert not occasions("forum.meeting_agenda")


def test_the_budget_reminds_at_80_and_at_100_percent_once_each(forum, secretary):
    year = BudgetYearFactory(forum=forum, year=2026, allocation=Decimal("10000.00"))
    ExpenseFactory(budget_year=year, amount=Decimal("7999.00"))
    reminders_scan(today=D(2026, 9, 1))
    assert not occasions("forum.budget_use")
    ExpenseFactory(budget_year=year, amount=Decimal("1.00"), status=Expense.Status.COMMITTED)
    reminders_scan(today=D(2026, 9, 1))
    reminders_scan(today=D(2026, 9, 2))
    assert occasions("forum.budget_use") == {"used-80"}
    ExpenseFactory(budget_year=year, amount=Decimal("2000.00"))
    reminders_scan(today=D(2026, 9, 3))
    assert occasions("forum.budget_use") == {"used-80", "used-100"}
    assert Reminder.objects.filter(rule="forum.budget_use").count() == 2


def test_a_past_years_budget_reminds_nobody(forum, secretary):
    year = BudgetYearFactory(forum=forum, year=2025, allocation=Decimal("100.00"))
    ExpenseFactory(budget_year=year, amount=Decimal("100.00"))
    reminders_scan(today=D(2026, 1, 5))
    assert not occasions("forum.budget_use")


def test_an_adopted_action_plan_reminds_60_days_before_it_ends(forum, secretary):
    ActionPlanFactory(forum=forum, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    ActionPlanFactory(
        forum=forum,
        title="Kladde",
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 12, 31),
        status=ActionPlan.Status.DRAFT,
        adopted_on=None,
    )
    reminders_scan(today=D(2026, 10, 31))
    assert not occasions("forum.action_plan_ending")
    reminders_scan(today=D(2026, 11, 1))
    assert occasions("forum.action_plan_ending") == {"lead-60"}
    assert Reminder.objects.filter(rule="forum.action_plan_ending").count() == 1


def test_the_forum_mandate_reminds_90_days_before_it_ends(forum, secretary):
    forum.mandate_start_year, forum.mandate_end_year = 2023, 2026
    forum.save()
    reminders_scan(today=D(2026, 10, 1))
    assert not occasions("forum.mandate_ending")
    reminders_scan(today=D(2026, 10, 2))  # 90 days before 31 December
    assert occasions("forum.mandate_ending") == {"lead-90"}
    reminders_scan(today=D(2026, 10, 3))
    assert Reminder.objects.filter(rule="forum.mandate_ending").count() == 1
