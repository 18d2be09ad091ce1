"""The dashboard's revision panels are read from the cache (`policy.dashboard.PROCESS_STAMP`)
while nothing they show changes, and show a change at once: a task, a milestone, a group, a
member (a task's owner) or a revision, changed through the services, the models or a bulk
writer."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from medborger import stamps
from policy import dashboard
from policy.dashboard import PROCESS_STAMP
from policy.models import Task
from policy.services.process import milestone_update, task_complete

from .process_factories import MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def built(monkeypatch):
    """How often the cached values were built: the revisions, and a revision's part."""
    calls = {"revisions": 0, "part": 0}
    revisions, part = dashboard._revisions, dashboard._revision_part

    def count_revisions(today):
        calls["revisions"] += 1
        return revisions(today)

    def count_part(*args):
        calls["part"] += 1
        return part(*args)

    monkeypatch.setattr(dashboard, "_revisions", count_revisions)
    monkeypatch.setattr(dashboard, "_revision_part", count_part)
    return calls


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (the stamps are deleted on commit). Called
    once with nothing first: what the fixtures wrote counts as committed, so the cache is read
    from then on, as in production."""

    def run(change=None):
        with django_capture_on_commit_callbacks(execute=True):
            if change is None:
                stamps.bump(PROCESS_STAMP)
            else:
                change()

    return run


@pytest.fixture
def board(revision, project_group, steering_group, project_member, commit):
    owner = project_group.members.get(user=project_member)
    milestone = MilestoneFactory(
        revision=revision,
        title="Borgermøde",
        position=1,
        starts_on=TODAY + datetime.timedelta(days=10),
        responsible_group=project_group,
    )
    task = TaskFactory(
        group=project_group,
        owner=project_group.members.exclude(pk=owner.pk).get(),
        title="Book salen",
        due_on=TODAY + datetime.timedelta(days=5),
    )
    commit()
    return {"milestone": milestone, "task": task, "group": project_group, "revision": revision}


def page(client) -> str:
    return client.get(reverse("dashboard")).content.decode()


def test_a_second_visit_reads_the_revision_panels_from_the_cache(coordinator_client, board, built):
    first, second = page(coordinator_client), page(coordinator_client)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub("", first) == token.sub("", second)
    assert built == {"revisions": 1, "part": 1}


def test_a_renamed_task_shows_at_once(coordinator_client, board, built, commit):
    page(coordinator_client)
    task = board["task"]
    task.title = "Book den store sal"
    commit(task.save)
    html = page(coordinator_client)
    assert "Book den store sal" in html and "Book salen" not in html
    assert built["part"] == 2


def test_a_task_ticked_done_through_the_service_shows_at_once(
    coordinator_client, coordinator, board, commit
):
    assert "Genåbn" not in page(coordinator_client)
    commit(lambda: task_complete(task=board["task"], user=coordinator))
    html = page(coordinator_client)
    assert Task.objects.get(pk=board["task"].pk).status == Task.Status.DONE
    # Done: listed among the tasks done lately, with a button to open it again.
    assert "Genåbn" in html


def test_a_milestone_status_changed_from_the_dashboard_shows_at_once(
    coordinator_client, coordinator, board, commit
):
    assert "0 af 1 udført" in page(coordinator_client)
    commit(
        lambda: milestone_update(
            milestone=board["milestone"], user=coordinator, status="done", note="Holdt"
        )
    )
    html = page(coordinator_client)
    assert "1 af 1 udført" in html and "Holdt" in html


def test_a_renamed_group_and_owner_show_at_once(coordinator_client, board, commit):
    html = page(coordinator_client)
    assert "Projektgruppen" in html and "Thomas Berg" in html
    group = board["group"]
    group.name = "Arbejdsgruppen"
    commit(group.save)
    owner = board["task"].owner
    owner.name = "Thomas Bergmann"
    commit(owner.save)
    html = page(coordinator_client)
    assert "Arbejdsgruppen" in html and "Projektgruppen" not in html
    assert "Thomas Bergmann" in html


def test_a_new_and_a_deleted_task_show_at_once(coordinator_client, board, commit):
    page(coordinator_client)
    commit(lambda: TaskFactory(group=board["group"], title="Bestil kaffe", due_on=TODAY))
    assert "Bestil kaffe" in page(coordinator_client)
    commit(Task.objects.filter(title="Bestil kaffe").delete)
    assert "Bestil kaffe" not in page(coordinator_client)


def test_a_renamed_revision_shows_at_once(coordinator_client, board, commit):
    page(coordinator_client)
    revision = board["revision"]
    revision.title = "Revision af frivillighedspolitikken"
    commit(revision.save)
    assert "Revision af frivillighedspolitikken" in page(coordinator_client)


def test_the_bulk_writers_bump_the_stamp(coordinator_client, board, commit):
    from policy import large

    assert "Opgave 2" not in page(coordinator_client)
    commit(lambda: large._grow_tasks([board["revision"]], 2))  # bulk_create: no signals
    assert "Opgave 2" in page(coordinator_client)


def test_each_user_gets_their_own_buttons_from_the_shared_cache(
    coordinator_client, steering_client, board
):
    # The coordinator may tick every task and update every milestone; a steering-group member
    # neither the project group's milestone nor another member's task (same cached part).
    coordinator_html = page(coordinator_client)
    steering_html = page(steering_client)
    task, milestone = board["task"], board["milestone"]
    assert f'data-inline-focus="opgave-{task.pk}-status"' in coordinator_html
    assert f'data-inline-focus="opgave-{task.pk}-status"' not in steering_html
    assert f'id="ms-{milestone.pk}-status"' in coordinator_html
    assert f'id="ms-{milestone.pk}-status"' not in steering_html


def test_the_table_of_revisions_marks_the_shown_one_and_counts_a_change_at_once(
    coordinator_client, coordinator, board, commit
):
    from .process_factories import RevisionFactory

    RevisionFactory(title="Revision af frivillighedspolitikken", slug="frivillighed")
    commit()
    html = page(coordinator_client)
    assert "0 af 1" in html and "0 af 0" in html
    assert '<option value="frivillighed">' in html
    url = reverse("dashboard") + "?forloeb=frivillighed"
    html = coordinator_client.get(url).content.decode()
    assert f'href="{reverse("dashboard")}?forloeb=frivillighed" aria-current="true"' in html
    assert '<option value="frivillighed" selected>' in html
    commit(
        lambda: milestone_update(
            milestone=board["milestone"], user=coordinator, status="done", note=""
        )
    )
    assert "1 af 1" in coordinator_client.get(url).content.decode()
