"""What the staff dashboard shows of the revision process, in a fixed number of queries
whatever the number of revisions, milestones, tasks and groups.

What is the same for every user (the revisions with their counts; the chosen revision's groups,
milestones, timeline, open and recently done tasks and next deadlines) is cached under
`PROCESS_STAMP` (see `medborger.stamps`), built in six queries after a change. Each request
reads the cache (two values, three when filtered by a group) and makes two queries of its own:
the user's memberships (which revision is theirs, and what they may change) and the user's own
open tasks with their number.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery, Window
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from medborger import dates, stamps

from . import process_rows
from .models import Group, Milestone, PolicyRevision, Task
from .models.process import memberships_of
from .process_rows import CURRENT_SLOT
from .timeline import (
    Timeline,
    build_timeline,
    mark_can_complete,
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
    #: The cached rows of the table of all revisions and the options of the filter, the shown
    #: revision marked.
    revision_rows: str = ""
    revision_options: str = ""
    #: The cached HTML of the revision part (see `RevisionPart`), filled for this request.
    timeline_svg: str = ""
    milestone_rows: str = ""
    task_rows: str = ""

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


#: The stamp of the dashboard's revision panels: what they show of the revisions, their groups
#: and members (the tasks' owners), milestones and tasks. Bumped by policy/signals.py on every
#: save and delete, and by the writers that send no signals (policy/large.py, bench/).
PROCESS_STAMP = "dashboard-process"
#: In the cache keys: raise it when `RevisionPart` changes shape, so that a deployment does not
#: read values stored by the code before it.
FORMAT = 3


@dataclass
class MilestoneSummary:
    """A milestone as the cached part keeps it (see `RevisionPart`); "policy.update_milestone"
    looks only at `responsible_group_id`."""

    pk: int
    title: str
    status: str
    state_now: str
    responsible_group_id: int | None


@dataclass
class TaskSummary:
    """A task as the cached part keeps it; "policy.complete_task" looks only at `owner_id`."""

    pk: int
    title: str
    status: str
    owner_id: int | None


@dataclass
class RevisionPart:
    """What the dashboard shows of one revision (or one of its groups) whoever looks: read
    from the cache under `PROCESS_STAMP`, so that the six queries that build it are made once
    per change rather than once per request. Nothing in it depends on the user."""

    groups: list
    group: Group | None
    milestones: list
    timeline: Timeline
    open_tasks: list
    done_tasks: list
    open_count: int
    deadlines: list
    #: The timeline's SVG, rendered.
    timeline_svg: str = ""
    #: Per milestone: its responsible group, its row with the status form and without it
    #: (for who may not update it), with the slots of `process_rows.fill_slots`.
    milestone_rows: list = field(default_factory=list)
    #: Per open, then done task: its owner, its row with the button to tick it done or open it
    #: again and without it.
    task_rows: list = field(default_factory=list)


def _language_key(*parts) -> str:
    # The texts in the values (dates, states, "in 3 days") are in the request's language.
    return ":".join(str(part) for part in (*parts, get_language(), FORMAT))


def _revisions(today: datetime.date) -> tuple[list[PolicyRevision], list]:
    """The revisions with their counts, and their rows of the table and the filter."""
    revisions = list(revisions_with_counts(today))
    for revision in revisions:
        revision.next_display = dates.display(revision.next_starts_on, revision.next_precision)
    return revisions, process_rows.revision_rows(revisions, dashboard_url=reverse("dashboard"))


def _revision_part(
    revision: PolicyRevision, group: Group | None, groups: list | None, today: datetime.date
) -> RevisionPart:
    """The revision's milestones and tasks, of all groups or only of `group`; `groups` is
    the revision's groups when already read (for one group's part)."""
    if groups is None:
        groups = list(Group.objects.filter(revision=revision))
    milestones = Milestone.objects.filter(revision=revision).select_related("responsible_group")
    # The tasks' groups are the revision's, fetched above: set from there, not joined.
    tasks = Task.objects.filter(group__revision=revision).select_related("owner", "milestone")
    if group is not None:
        milestones = milestones.filter(responsible_group=group)
        tasks = tasks.filter(group=group)
    milestones = list(milestones.in_order())
    timeline = build_timeline(milestones=milestones, today=today, revision=revision)
    mark_milestones(milestones, today)
    open_tasks = list(
        tasks.open().annotate(open_total=Window(Count("pk"))).by_deadline()[:OPEN_TASKS_SHOWN]
    )
    done_tasks = list(
        tasks.filter(status=Task.Status.DONE).order_by("-completed_at", "-pk")[:DONE_TASKS_SHOWN]
    )
    groups_by_pk = {g.pk: g for g in groups}
    for task in open_tasks + done_tasks:
        if task.group_id in groups_by_pk:  # always (filtered by the revision above)
            Task.group.field.set_cached_value(task, groups_by_pk[task.group_id])
    mark_tasks(open_tasks + done_tasks, today=today)
    part = RevisionPart(
        groups=groups,
        group=group,
        milestones=milestones,
        timeline=timeline,
        open_tasks=open_tasks,
        done_tasks=done_tasks,
        open_count=open_tasks[0].open_total if open_tasks else 0,
        deadlines=[],
    )
    part.deadlines = _deadlines(part, today)
    _render_rows(part, revision)
    # Stored as plain values: with the rows rendered, the requests need only what the
    # permissions look at, and model instances cost most of the time to read the value back.
    part.milestones = [
        MilestoneSummary(m.pk, m.title, m.status, m.state_now, m.responsible_group_id)
        for m in milestones
    ]
    part.open_tasks = [TaskSummary(t.pk, t.title, t.status, t.owner_id) for t in open_tasks]
    part.done_tasks = [TaskSummary(t.pk, t.title, t.status, t.owner_id) for t in done_tasks]
    part.timeline = dataclasses.replace(timeline, rows=[])  # drawn: `timeline_svg`
    return part


def _render_rows(part: RevisionPart, revision: PolicyRevision) -> None:
    """The part's HTML that is the same for every user: the timeline, and each table row in
    both its forms (with and without the user's buttons), built once per change."""
    part.timeline_svg = render_to_string(
        "policy/process/_timeline_svg.html",
        {
            "timeline": part.timeline,
            "id": "dashboard-timeline",
            "caption": _("Timeline of %(title)s") % {"title": revision.title},
        },
    )
    slots = {"csrf_token": process_rows.CSRF_SLOT, "next_path": process_rows.NEXT_SLOT}
    choices = [(value, str(label)) for value, label in Milestone.Status.choices]
    variants = []
    for can_update in (True, False):
        for milestone in part.milestones:
            milestone.can_update = can_update
        variants.append(
            process_rows.milestone_row_list(
                part.milestones, mode="dashboard", status_choices=choices, **slots
            )
        )
    for milestone in part.milestones:
        del milestone.can_update
    part.milestone_rows = [
        (m.responsible_group_id, with_form, without)
        for m, with_form, without in zip(part.milestones, *variants, strict=True)
    ]
    tasks = part.open_tasks + part.done_tasks
    variants = []
    for can_complete in (True, False):
        for task in tasks:
            task.can_complete = can_complete
        variants.append(process_rows.dashboard_task_row_list(tasks, **slots))
    for task in tasks:
        del task.can_complete
    part.task_rows = [
        (t.owner_id, with_button, without)
        for t, with_button, without in zip(tasks, *variants, strict=True)
    ]


def _cached_part(revision: PolicyRevision, group_id: str, today: datetime.date) -> RevisionPart:
    """The part of all groups; or of the group `group_id` names when it is one of the
    revision's (anything else shows all groups, and is not stored)."""
    part = stamps.cached(
        PROCESS_STAMP,
        _language_key("revision", revision.pk, "", today),
        lambda: _revision_part(revision, None, None, today),
    )
    group = next((g for g in part.groups if str(g.pk) == group_id), None)
    if group is None:
        return part
    return stamps.cached(
        PROCESS_STAMP,
        _language_key("revision", revision.pk, group.pk, today),
        lambda: _revision_part(revision, group, part.groups, today),
    )


def build(request, today: datetime.date | None = None) -> ProcessDashboard:
    """The dashboard's process panels for `request.user`: the revisions and the chosen
    revision's milestones and tasks from the cache (see `RevisionPart`), the user's own tasks
    and what the user may change asked afresh."""
    user = request.user
    today = today or timezone.localdate()
    revisions, rows = stamps.cached(
        PROCESS_STAMP, _language_key("revisions", today), lambda: _revisions(today)
    )
    board = ProcessDashboard(today=today, revisions=revisions)
    board.revision = _chosen_revision(revisions, slug=request.GET.get("forloeb", ""), user=user)
    shown = board.revision.pk if board.revision is not None else None
    current, selected = mark_safe(' aria-current="true"'), mark_safe(" selected")
    board.revision_rows = mark_safe(
        "".join(row.replace(CURRENT_SLOT, current if pk == shown else "") for pk, row, _o in rows)
    )
    board.revision_options = mark_safe(
        "".join(
            option.replace(CURRENT_SLOT, selected if pk == shown else "") for pk, _r, option in rows
        )
    )
    # The user's open tasks and how many there are, in one query; by the user's group
    # memberships (read above), as joining the members to filter made it scan every task.
    owned = [membership.member_id for membership in memberships_of(user)]
    board.my_tasks = list(
        Task.objects.open()
        .filter(owner_id__in=owned)
        .select_related("group__revision", "milestone", "owner")
        .annotate(open_total=Window(Count("pk")))
        .by_deadline()[:MY_TASKS_SHOWN]
    )
    board.my_open_count = board.my_tasks[0].open_total if board.my_tasks else 0
    mark_tasks(board.my_tasks, today=today, user=user)
    if board.revision is None:
        return board

    part = _cached_part(board.revision, request.GET.get("gruppe", ""), today)
    board.groups, board.group = part.groups, part.group
    board.milestones, board.timeline = part.milestones, part.timeline
    board.open_tasks, board.done_tasks = part.open_tasks, part.done_tasks
    board.open_count, board.deadlines = part.open_count, part.deadlines
    # "policy.update_milestone" looks at the milestone only through its responsible group
    # (policy/rules.py): asked once per group, not once per milestone.
    can_update: dict[int | None, bool] = {}
    for milestone in board.milestones:
        group_id = milestone.responsible_group_id
        if group_id not in can_update:
            can_update[group_id] = user.has_perm("policy.update_milestone", milestone)
        milestone.can_update = can_update[group_id]
    mark_can_complete(board.open_tasks + board.done_tasks, user=user)
    # The cached rows, each in the form for this user, with this request's token and address.
    slots = {"csrf_token": get_token(request), "next_path": request.get_full_path()}
    board.milestone_rows = process_rows.fill_slots(
        "".join(
            with_form if can_update[g] else without for g, with_form, without in part.milestone_rows
        ),
        **slots,
    )
    can_complete = {t.owner_id: t.can_complete for t in board.open_tasks + board.done_tasks}
    board.task_rows = process_rows.fill_slots(
        "".join(
            with_button if can_complete[o] else without
            for o, with_button, without in part.task_rows
        ),
        **slots,
    )
    board.timeline_svg = mark_safe(part.timeline_svg)
    return board


def _deadlines(board: RevisionPart, today: datetime.date) -> list[Deadline]:
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
