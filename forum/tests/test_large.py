import io

import pytest
from django.core.management import call_command

from forum import large
from forum.models import Expense, Forum

pytestmark = pytest.mark.django_db


def test_it_grows_the_demo_forum_to_the_benchmark_sizes():
    call_command("seed_demo", stdout=io.StringIO())
    summary = large.seed(size="small")
    forum = Forum.objects.get(slug=large.DEMO_SLUG)
    assert Expense.objects.filter(budget_year__forum=forum).count() >= 10
    assert forum.meetings.count() >= 10
    assert summary.startswith("Medborgerforum 2018–2021: 4 budget years")

    large.seed(size="large")
    assert Expense.objects.filter(budget_year__forum=forum).count() == 5000
    assert forum.meetings.count() == 100
