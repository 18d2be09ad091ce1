"""The staff dashboard: every app's panels under their own headings, the process timeline with
today, done, late and next, the next deadlines, my tasks, filtering by group, and a query count
that does not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from medborger import stamps
from medborger.testing.queries import assert_constant_queries
from policy.dashboard import PROCESS_STAMP
from policy.models import Group, GroupMember, Milestone, PolicyRevision, Task

from .process_factories import MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture
def timeline(revision, project_group, steering_group):
    return {
        "approved": MilestoneFactory(
            revision=revision,
            title="Kommissorium godkendt",
            position=1,
            starts_on=day(-30),
            status="done",
            responsible_group=steering_group,
        ),
        "workshop": MilestoneFactory(
            revision=revision,
            title="Intern workshop",
            position=2,
            starts_on=day(-2),
            responsible_group=project_group,
        ),
        "meeting": MilestoneFactory(
            revision=revision,
            title="Borgermøde",
            position=3,
            starts_on=day(20),
            responsible_group=project_group,
        ),
        "hearing": MilestoneFactory(
            revision=revision,
            title="Offentlig høring",
            position=4,
            date_precision="month",
            starts_on=datetime.date(TODAY.year + 1, 4, 1),
            responsible_group=steering_group,
        ),
        "lokal_med": MilestoneFactory(
            revision=revision,
            title="LokalMED",
            position=5,
            date_precision="unset",
            starts_on=None,
            responsible_group=steering_group,
        ),
    }


def test_it_shows_today_done_late_and_next_in_words(project_client, timeline):
    html = project_client.get(reverse("dashboard")).content.decode()
    assert 'class="tl-today"' in html and ">I dag<" in html
    assert "1 af 5 udført" in html
    assert "1 milepæl er forsinket" in html
    # The late workshop, the next meeting: said in words, not only in colour.
    assert html.count("! Forsinket") >= 2
    assert "→ Næste" in html
    assert "april %s" % (TODAY.year + 1) in html
    assert "Ingen dato endnu" in html
    assert 'role="img"' in html and "2 af 5" not in html


def test_the_next_deadlines_put_the_missed_one_first_and_a_month_at_its_end(
    project_client, timeline, project_group, project_member
):
    owner = project_group.members.get(user=project_member)
    TaskFactory(group=project_group, owner=owner, title="Plakater", due_on=day(5))
    board = project_client.get(reverse("dashboard")).context["main_panels"][0].context["board"]
    titles = [deadline.title for deadline in board.deadlines]
    assert titles == ["Intern workshop", "Plakater", "Borgermøde", "Offentlig høring"]
    assert [d.state for d in board.deadlines][:1] == ["late"]


def test_my_tasks_lists_only_mine_with_a_button_to_tick_them(
    project_client, timeline, project_group, project_member
):
    owner = project_group.members.get(user=project_member)
    mine = TaskFactory(group=project_group, owner=owner, title="Holde borgermødet")
    TaskFactory(
        group=project_group,
        owner=project_group.members.exclude(pk=owner.pk).get(),
        title="Plakater",
    )
    response = project_client.get(reverse("dashboard"))
    board = response.context["main_panels"][0].context["board"]
    assert board.my_tasks == [mine]
    html = response.content.decode()
    assert reverse("policy:task_complete", args=[mine.pk]) in html
    assert 'Markér som udført<span class="visually-hidden">: Holde borgermødet' in html


def test_members_get_status_forms_only_for_their_groups_milestones(project_client, timeline):
    html = project_client.get(reverse("dashboard")).content.decode()
    assert reverse("policy:milestone_status", args=[timeline["meeting"].pk]) in html
    assert reverse("policy:milestone_status", args=[timeline["hearing"].pk]) not in html


def test_filtering_by_group_shows_only_that_groups_milestones(
    steering_client, timeline, revision, project_group
):
    url = reverse("dashboard") + f"?forloeb={revision.slug}&gruppe={project_group.pk}"
    response = steering_client.get(url)
    board = response.context["main_panels"][0].context["board"]
    assert board.group == project_group
    assert [m.title for m in board.milestones] == ["Intern workshop", "Borgermøde"]
    html = response.content.decode()
    assert "kun Projektgruppen" in html
    assert f'<option value="{project_group.pk}" selected>' in html


def test_a_forum_member_sees_no_process_panels(forum_member_client, timeline):
    response = forum_member_client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Tidsplan" not in response.content.decode()


def grow_to(user, count: int) -> None:
    """Bench-shaped data: per 25 milestones a revision, 5 groups and 100 tasks; the user sits in
    every group and owns every tenth task."""
    existing = Milestone.objects.count()
    if existing >= count:
        return
    revisions, groups, members, milestones, tasks = [], [], [], [], []
    for r in range(existing // 25, max(count // 25, 1)):
        revisions.append(PolicyRevision(title=f"Revision {r}", slug=f"revision-{r}"))
    PolicyRevision.objects.bulk_create(revisions)
    all_revisions = list(PolicyRevision.objects.order_by("pk"))
    for revision in all_revisions:
        if not revision.groups.exists():
            groups += [Group(revision=revision, name=f"Gruppe {revision.pk}-{g}") for g in range(5)]
    Group.objects.bulk_create(groups)
    for group in groups:
        members.append(GroupMember(group=group, name="Medlem", user=user))
    GroupMember.objects.bulk_create(members)
    all_groups = list(Group.objects.order_by("pk"))
    owned = {m.group_id: m for m in GroupMember.objects.filter(user=user)}
    for i in range(existing, count):
        revision = all_revisions[i % len(all_revisions)]
        group = all_groups[(i * 7) % len(all_groups)]
        due = day(i % 90 - 30)
        milestones.append(
            Milestone(
                revision=revision,
                title=f"Milepæl {i}",
                position=i,
                starts_on=due,
                due_on=due,
                responsible_group=group if group.revision_id == revision.pk else None,
            )
        )
    Milestone.objects.bulk_create(milestones)
    for i in range(existing * 4, count * 4):
        group = all_groups[i % len(all_groups)]
        tasks.append(
            Task(
                group=group,
                title=f"Opgave {i}",
                due_on=day(i % 60 - 20),
                owner=owned[group.pk] if i % 10 == 0 else None,
            )
        )
    Task.objects.bulk_create(tasks)


def test_the_query_count_does_not_grow_with_revisions_milestones_tasks_and_groups(
    project_client, project_member, django_capture_on_commit_callbacks
):
    def grow(count: int) -> None:
        # The bulk writes send no signals: bumped as the bulk writers do, and committed, so
        # that the next visits read the cache as in production.
        with django_capture_on_commit_callbacks(execute=True):
            grow_to(project_member, count)
            stamps.bump(PROCESS_STAMP)

    queries = assert_constant_queries(
        project_client, reverse("dashboard"), grow=grow, small=25, large=500, warm=True
    )
    assert PolicyRevision.objects.count() == 20 and Task.objects.count() == 2000
    assert Group.objects.count() == 100
    # session, user with their roles (for the navigation and each permission), memberships,
    # the cached revisions with their counts, the user's open tasks with their number, the
    # chosen revision's cached groups, milestones and tasks; then the other apps' panels
    # (documents with their open comments, events, hearing responses so far: the cached
    # counts), each a fixed number of queries.
    assert queries == 9


def test_long_task_lists_are_cut_with_a_count_of_the_rest(
    project_client, timeline, project_group, project_member
):
    owner = project_group.members.get(user=project_member)
    for i in range(20):
        TaskFactory(group=project_group, owner=owner, title=f"Opgave {i}", due_on=day(i))
    response = project_client.get(reverse("dashboard"))
    board = response.context["main_panels"][0].context["board"]
    assert len(board.my_tasks) == 15 and board.my_open_count == 20
    assert [t.title for t in board.my_tasks][:2] == ["Opgave 0", "Opgave 1"]
    html = response.content.decode()
    assert "Og 5 åbne opgaver mere med senere frister." in html
    assert "Og 5 åbne opgaver mere med senere frister:" in html
