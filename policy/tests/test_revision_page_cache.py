"""The staff's revision page is rendered once and cached (issue 15): a change to anything it
shows is on the page at once, each request gets its own CSRF token, and a cached page makes
the same queries at any size."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from medborger.testing.queries import assert_constant_queries, count_queries
from policy.models import Milestone, Task

from .process_factories import (
    MemberFactory,
    MilestoneFactory,
    RevisionFactory,
    StakeholderFactory,
    TaskFactory,
    decision_for,
)

pytestmark = pytest.mark.django_db


def page(client, revision) -> str:
    response = client.get(reverse("policy:revision_manage", args=[revision.slug]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a change does after its commit (the stamps are bumped then), as in production:
    without it the test's open transaction would build every page afresh."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def task(project_group, committed):
    return committed(lambda: TaskFactory(group=project_group, title="Skriv udkast"))


def test_the_page_is_served_from_the_cache_until_something_changes(
    coordinator_client, revision, task, committed, monkeypatch
):
    from policy.views import process

    builds = []
    build = process._revision_manage_body
    monkeypatch.setattr(
        process, "_revision_manage_body", lambda *a, **k: builds.append(1) or build(*a, **k)
    )
    first = page(coordinator_client, revision)
    second = page(coordinator_client, revision)
    assert "Skriv udkast" in first and "Skriv udkast" in second
    assert len(builds) == 1

    def rename():
        task.title = "Skriv andet udkast"
        task.save()

    committed(rename)
    assert "Skriv andet udkast" in page(coordinator_client, revision)
    assert len(builds) == 2


def _rename_task(revision, task, project_group):
    task.title = "Ny opgavetitel"
    task.save()
    return "Ny opgavetitel"


def _complete_task(revision, task, project_group):
    task.status = Task.Status.DONE
    task.save()
    return "✓"


def _add_member(revision, task, project_group):
    MemberFactory(group=project_group, name="Ny Deltager")
    return "Ny Deltager"


def _rename_group(revision, task, project_group):
    project_group.name = "Arbejdsgruppen"
    project_group.save()
    return "Arbejdsgruppen"


def _add_milestone(revision, task, project_group):
    MilestoneFactory(revision=revision, title="Dialogmøde i hallen", position=50)
    return "Dialogmøde i hallen"


def _add_stakeholder(revision, task, project_group):
    StakeholderFactory(revision=revision, name="Ishøj Idrætsråd")
    return "Ishøj Idrætsråd"


def _record_decision(revision, task, project_group):
    milestone = MilestoneFactory(
        revision=revision,
        title="Udvalget behandler",
        kind=Milestone.Kind.COMMITTEE_APPROVAL,
        responsible_group=project_group,
        starts_on=datetime.date(2026, 11, 20),
        position=60,
    )
    decision_for(
        milestone,
        user=revision.coordinator,
        version=revision.terms_of_reference.current_version,
        outcome="approved",
        text="Udkastet er drøftet grundigt.",
    )
    return "Udkastet er drøftet grundigt."


def _rename_document(revision, task, project_group):
    document = revision.policy_document
    document.title = "Medborgerpolitik 2027"
    document.save()
    return "Medborgerpolitik 2027"


def _rename_coordinator(revision, task, project_group):
    user = revision.coordinator
    user.first_name, user.last_name = "Louise", "Kjærgaard"
    user.save()
    return "Louise Kjærgaard"


def _change_revision(revision, task, project_group):
    revision.target_groups = "Unge under 25"
    revision.save()
    return "Unge under 25"


@pytest.mark.parametrize(
    "change",
    [
        _rename_task,
        _complete_task,
        _add_member,
        _rename_group,
        _add_milestone,
        _add_stakeholder,
        _record_decision,
        _rename_document,
        _rename_coordinator,
        _change_revision,
    ],
)
def test_a_change_to_what_the_page_shows_is_shown_at_once(
    coordinator_client, revision, task, project_group, committed, change
):
    before = page(coordinator_client, revision)
    page(coordinator_client, revision)  # from the cache
    shown = committed(lambda: change(revision, task, project_group))
    if shown == "✓":
        row = page(coordinator_client, revision).split(f'id="opgave-{task.pk}"')[1]
        assert "is-done" in row.split("</tr>")[0]
    else:
        assert shown not in before
        assert shown in page(coordinator_client, revision)


def test_each_request_gets_its_own_csrf_token_and_the_forms_work(
    coordinator, revision, task, committed
):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(coordinator)
    second.force_login(coordinator)
    page_one, page_two = page(first, revision), page(second, revision)
    assert "csrf-token" not in page_one
    # The token of the task's form (the page's other forms carry it too, each masked anew).
    complete = reverse("policy:task_complete", args=[task.pk])
    token_of = re.compile(
        re.escape(complete) + r'" class="d-inline"><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)"'
    )
    (token_one,), (token_two,) = token_of.findall(page_one), token_of.findall(page_two)
    assert token_one != token_two
    response = first.post(
        complete, {"csrfmiddlewaretoken": token_one, "next": revision_path(revision)}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def revision_path(revision) -> str:
    return reverse("policy:revision_manage", args=[revision.slug])


def test_a_member_who_owns_a_task_sees_it_as_theirs_and_others_do_not(
    project_member, steering_member, revision, project_group, steering_group, committed
):
    owner = project_group.members.get(user=project_member)
    task = committed(lambda: TaskFactory(group=project_group, owner=owner, title="Min opgave"))
    mine, theirs = Client(), Client()
    mine.force_login(project_member)
    theirs.force_login(steering_member)
    for _ in range(2):  # the second visit is from the cache
        row = page(mine, revision).split(f'id="opgave-{task.pk}"')[1].split("</tr>")[0]
        assert reverse("policy:task_complete", args=[task.pk]) in row
        row = page(theirs, revision).split(f'id="opgave-{task.pk}"')[1].split("</tr>")[0]
        assert reverse("policy:task_complete", args=[task.pk]) not in row


def test_a_cached_page_makes_the_same_queries_at_any_size(
    coordinator_client, revision, project_group, steering_group, committed
):
    def grow(count):
        def add():
            for i in range(revision.milestones.count(), count):
                MilestoneFactory(
                    revision=revision, responsible_group=project_group, position=i + 10
                )
                member = MemberFactory(group=project_group)
                TaskFactory(group=project_group, owner=member)
                StakeholderFactory(
                    revision=revision,
                    special_invitation=True,
                    invitation_decided_by=steering_group,
                )

        committed(add)

    queries = assert_constant_queries(
        coordinator_client, revision_path(revision), grow=grow, small=3, large=30, warm=True
    )
    # session, user with their roles, the revision, the cached page (the database cache here:
    # one query for the stamp and the page together).
    assert queries == 4
    assert count_queries(coordinator_client, revision_path(revision)) == 4


# --- The public page ---------------------------------------------------------------------------


def public_page(client, revision) -> str:
    response = client.get(reverse("policy:revision_public", args=[revision.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_page_shows_a_change_at_once_and_makes_the_same_queries_at_any_size(
    client, revision, committed
):
    def grow(count):
        def add():
            for i in range(revision.milestones.count(), count):
                MilestoneFactory(revision=revision, position=i + 1)

        committed(add)

    queries = assert_constant_queries(
        client,
        reverse("policy:revision_public", args=[revision.slug]),
        grow=grow,
        small=3,
        large=40,
        warm=True,
    )
    # the revision with its documents, the cached milestones' part (the database cache here:
    # one query for the stamp and the part together).
    assert queries == 2
    public_page(client, revision)

    def add_milestone():
        MilestoneFactory(revision=revision, title="Borgermøde i Ishøj Bibliotek", position=99)

    committed(add_milestone)
    assert "Borgermøde i Ishøj Bibliotek" in public_page(client, revision)

    def retitle():
        milestone = revision.milestones.get(title="Borgermøde i Ishøj Bibliotek")
        milestone.title = "Borgermøde i Ishøj Idrætscenter"
        milestone.save()

    committed(retitle)
    html = public_page(client, revision)
    assert "Borgermøde i Ishøj Idrætscenter" in html
    assert "Borgermøde i Ishøj Bibliotek" not in html


# --- The list of revisions ---------------------------------------------------------------------


def test_the_list_of_revisions_shows_a_change_at_once(
    client, coordinator_client, revision, committed
):
    url = reverse("policy:revision_list")
    for _ in range(2):  # the second visit is from the cache
        assert "Revision af Medborgerpolitikken" in client.get(url).content.decode()
    committed(lambda: RevisionFactory(title="Revision af Ældrepolitikken", slug="aeldre"))
    assert "Revision af Ældrepolitikken" in client.get(url).content.decode()

    def next_milestone():
        MilestoneFactory(
            revision=revision,
            title="Dialogmøde om udkastet",
            starts_on=datetime.date.today() + datetime.timedelta(days=3),
            position=1,
        )

    committed(next_milestone)
    assert "Dialogmøde om udkastet" in client.get(url).content.decode()
    # Staff see the link to each revision's own page; the cached list is not shared with them.
    manage = reverse("policy:revision_manage", args=[revision.slug])
    assert manage not in client.get(url).content.decode()
    assert manage in coordinator_client.get(url).content.decode()
