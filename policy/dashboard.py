"""What the staff dashboard shows of the revision process, built once per request in a fixed
number of queries whatever the number of revisions, milestones, tasks and groups.

Queries: the user's memberships, the revisions with their counts, the chosen revision's groups,
its milestones, its open tasks, its recently done tasks and the user's own open tasks.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from medborger import dates

from .models import Group, Milestone, PolicyRevision, Task
from .models.process import memberships_of
from .timeline import (
    Timeline,
    build_timeline,
    mark_milestones,
    mark_tasks,
    relative_day,
    state_label,
)

#: How many open tasks of the revision, recently done tasks and own tasks the panels list; the
#: revision's page lists them all.
OPEN_TASKS_SHOWN = 15
DONE_TASKS_SHOWN = 5
MY_TASKS_SHOWN = 15
DEADLINES_SHOWN = 8

OPEN_MILESTONE = [Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS, Milestone.Status.DELAYED]


@dataclass(frozen=True)
class Deadline:
    """A milestone or a task in the list of next deadlines."""

    kind: str
    title: str
    due_on: datetime.date
    date_display: str
    state: str
    relative: str
    anchor: str
    where: str = ""

    @property
    def state_label(self) -> str:
        return state_label(self.state)


@dataclass
class ProcessDashboard:
    today: datetime.date
    revisions: list
    revision: PolicyRevision | None = None
    groups: list = field(default_factory=list)
    group: Group | None = None
    milestones: list = field(default_factory=list)
    timeline: Timeline | None = None
    open_tasks: list = field(default_factory=list)
    done_tasks: list = field(default_factory=list)
    my_tasks: list = field(default_factory=list)
    my_open_count: int = 0
    open_count: int = 0
    deadlines: list = field(default_factory=list)

    @property
    def status_choices(self):
        return [(value, str(label)) for value, label in Milestone.Status.choices]

    @property
    def my_tasks_hidden(self) -> int:
        return self.my_open_count - len(self.my_tasks)

    @property
    def open_tasks_hidden(self) -> int:
        return self.open_count - len(self.open_tasks)


def revisions_with_counts(today: datetime.date):
    """Every revision with its milestone counts and its next milestone, in one query."""
    upcoming = (
        Milestone.objects.filter(revision=OuterRef("pk"), status__in=OPEN_MILESTONE)
        .filter(due_on__gte=today)
        .order_by("due_on", "position")
    )
    return PolicyRevision.objects.annotate(
        milestone_count=Count("milestones"),
        done_count=Count("milestones", filter=Q(milestones__status=Milestone.Status.DONE)),
        late_count=Count(
            "milestones",
            filter=Q(milestones__status=Milestone.Status.DELAYED)
            | Q(milestones__status__in=OPEN_MILESTONE, milestones__due_on__lt=today),
        ),
        next_title=Subquery(upcoming.values("title")[:1]),
        next_starts_on=Subquery(upcoming.values("starts_on")[:1]),
        next_precision=Subquery(upcoming.values("date_precision")[:1]),
    ).order_by("-starts_on", "title")


def _chosen_revision(revisions, *, slug: str, user):
    by_slug = {r.slug: r for r in revisions}
    if slug in by_slug:
        return by_slug[slug]
    mine = {m.revision_id for m in memberships_of(user)}
    return next(
        (r for r in revisions if r.pk in mine or r.coordinator_id == user.pk),
        revisions[0] if revisions else None,
    )


def build(request, today: datetime.date | None = None) -> ProcessDashboard:
    user = request.user
    today = today or timezone.localdate()
    revisions = list(revisions_with_counts(today))
    for revision in revisions:
        revision.next_display = dates.display(revision.next_starts_on, revision.next_precision)
    board = ProcessDashboard(today=today, revisions=revisions)
    board.revision = _chosen_revision(revisions, slug=request.GET.get("forloeb", ""), user=user)
    board.my_tasks = list(
        Task.objects.open()
        .owned_by(user)
        .select_related("group__revision", "milestone", "owner")
        .by_deadline()[:MY_TASKS_SHOWN]
    )
    mark_tasks(board.my_tasks, today=today, user=user)
    if board.revision is None:
        board.my_open_count = Task.objects.open().owned_by(user).count()
        return board

    board.groups = list(Group.objects.filter(revision=board.revision))
    group_id = request.GET.get("gruppe", "")
    board.group = next((g for g in board.groups if str(g.pk) == group_id), None)

    milestones = Milestone.objects.filter(revision=board.revision).select_related(
        "responsible_group"
    )
    # The tasks' groups are the revision's, fetched above: set from there, not joined.
    tasks = Task.objects.filter(group__revision=board.revision).select_related("owner", "milestone")
    if board.group is not None:
        milestones = milestones.filter(responsible_group=board.group)
        tasks = tasks.filter(group=board.group)
    board.milestones = list(milestones.in_order())
    board.timeline = build_timeline(
        milestones=board.milestones, today=today, revision=board.revision
    )
    mark_milestones(board.milestones, today)
    # "policy.update_milestone" looks at the milestone only through its responsible group
    # (policy/rules.py): asked once per group, not once per milestone.
    can_update: dict[int | None, bool] = {}
    for milestone in board.milestones:
        group_id = milestone.responsible_group_id
        if group_id not in can_update:
            can_update[group_id] = user.has_perm("policy.update_milestone", milestone)
        milestone.can_update = can_update[group_id]

    board.open_tasks = list(tasks.open().by_deadline()[:OPEN_TASKS_SHOWN])
    # Both totals ("and 185 more") in one query.
    mine = Q(owner__user=user) if user.is_authenticated else Q(pk__in=[])
    totals = Task.objects.open().aggregate(
        mine=Count("pk", filter=mine),
        shown=Count("pk", filter=Q(pk__in=tasks.values("pk"))),
    )
    board.my_open_count, board.open_count = totals["mine"], totals["shown"]
    board.done_tasks = list(
        tasks.filter(status=Task.Status.DONE).order_by("-completed_at", "-pk")[:DONE_TASKS_SHOWN]
    )
    groups_by_pk = {g.pk: g for g in board.groups}
    for task in board.open_tasks + board.done_tasks:
        if task.group_id in groups_by_pk:  # always (filtered by the revision above)
            Task.group.field.set_cached_value(task, groups_by_pk[task.group_id])
    mark_tasks(board.open_tasks + board.done_tasks, today=today, user=user)
    board.deadlines = _deadlines(board, today)
    return board


def _deadlines(board: ProcessDashboard, today: datetime.date) -> list[Deadline]:
    """The open milestones and tasks by deadline, the missed ones first."""
    entries = [
        Deadline(
            kind=_("Milestone"),
            title=m.title,
            due_on=m.due_on,
            date_display=m.date_display,
            state=m.state_now,
            relative=relative_day(m.due_on, today),
            anchor=f"milepael-{m.pk}",
            where=m.responsible_group.name if m.responsible_group else "",
        )
        for m in board.milestones
        if m.is_open and m.due_on is not None
    ]
    entries += [
        Deadline(
            kind=_("Task"),
            title=t.title,
            due_on=t.due_on,
            date_display=dates.display(t.due_on, dates.DatePrecision.DAY),
            state=t.state_now,
            relative=t.relative,
            anchor=f"opgave-{t.pk}",
            where=t.owner.name if t.owner else t.group.name,
        )
        for t in board.open_tasks
        if t.due_on is not None
    ]
    entries.sort(key=lambda e: (e.due_on, e.kind))
    return entries[:DEADLINES_SHOWN]
