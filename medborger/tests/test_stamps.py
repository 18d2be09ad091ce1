"""Cached values under a stamp (`medborger.stamps`): used while nothing changed, built again
right after the data behind them changes (issue 15: the dashboard's hearing counts and the
front page's timelines)."""

import datetime
import re

import pytest
from django.urls import reverse

from medborger import stamps


def _counting():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    return build, calls


def test_a_value_is_built_once_and_again_after_its_stamp_is_bumped(
    db, django_capture_on_commit_callbacks
):
    build, calls = _counting()
    assert stamps.cached("test", "k", build) == 1
    assert stamps.cached("test", "k", build) == 1
    assert stamps.cached("test", "other", build) == 2  # another key of the same stamp
    with django_capture_on_commit_callbacks(execute=True):
        stamps.bump("test")
    assert stamps.cached("test", "k", build) == 3
    assert stamps.cached("test", "k", build) == 3
    assert len(calls) == 3


def test_the_transaction_that_changed_the_data_builds_afresh_until_it_commits(
    db, django_capture_on_commit_callbacks
):
    build, calls = _counting()
    stamps.cached("test", "k", build)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        stamps.bump("test")
        # Not committed: the cached value is not read, nor replaced.
        assert stamps.cached("test", "k", build) == 2
        assert stamps.cached("test", "k", build) == 3
    assert len(callbacks) == 1


def _received(html: str, title: str) -> str:
    row = html[html.index(title) :].split("</tr>")[0]
    return re.findall(r"<td>(\d+)</td>", row)[0]


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_counts_a_new_response_at_once(coordinator_client, coordinator, monkeypatch):
    from consultation import hooks
    from consultation.tests.hearing_helpers import make_hearing, submit

    hearing = make_hearing(user=coordinator)
    submit(hearing)
    built = []
    build = hooks._dashboard_hearings
    monkeypatch.setattr(hooks, "_dashboard_hearings", lambda today: built.append(1) or build(today))
    url = reverse("dashboard")

    assert _received(coordinator_client.get(url).content.decode(), hearing.title) == "1"
    assert _received(coordinator_client.get(url).content.decode(), hearing.title) == "1"
    assert len(built) == 1  # the second request read the counts from the cache

    submit(hearing, text="Et helt andet svar om cykelstier og trafik.")
    assert _received(coordinator_client.get(url).content.decode(), hearing.title) == "2"
    assert len(built) == 2


@pytest.mark.django_db(transaction=True)
def test_the_front_page_shows_a_changed_milestone_at_once(client, monkeypatch):
    from policy import hooks
    from policy.models import Milestone, PolicyRevision

    revision = PolicyRevision.objects.create(title="Revision af frivillighedspolitikken", slug="r")
    today = datetime.date.today()
    milestone = Milestone.objects.create(
        revision=revision, title="Borgermøde", position=1, starts_on=today, date_precision="day"
    )
    built = []
    build = hooks._landing_revisions
    monkeypatch.setattr(hooks, "_landing_revisions", lambda today: built.append(1) or build(today))
    url = reverse("landing")

    assert "Borgermøde" in client.get(url).content.decode()
    assert "Borgermøde" in client.get(url).content.decode()
    assert len(built) == 1

    milestone.title = "Dialogmøde"
    milestone.save()
    html = client.get(url).content.decode()
    assert "Dialogmøde" in html and "Borgermøde" not in html

    PolicyRevision.objects.create(title="Revision af idrætspolitikken", slug="r2")
    assert "Revision af idrætspolitikken" in client.get(url).content.decode()
    assert len(built) == 3


def test_a_value_built_by_other_code_is_not_read(db, monkeypatch):
    """After a deploy the new templates build their own values: the old code's are not used."""
    build, _calls = _counting()
    assert stamps.cached("code-test", "k", build) == 1
    assert stamps.cached("code-test", "k", build) == 1
    monkeypatch.setattr(stamps, "code_version", lambda: "another-release")
    assert stamps.cached("code-test", "k", build) == 2


def test_the_code_version_is_the_projects_code_not_the_installed_packages():
    stamps.code_version.cache_clear()
    first = stamps.code_version()
    stamps.code_version.cache_clear()
    assert stamps.code_version() == first
    assert len(first) == 16
