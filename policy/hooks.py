"""What the policy app adds to the shared pages (see medborger/hooks.py).

Each hook below calls one function per area, so that the documents' and the process' parts
stay apart: `process_*` are the revision process' (timeline, groups, tasks).
"""

import datetime

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from medborger.dates import DatePrecision
from medborger.hooks import Block, CalendarEvent, NavItem

from . import dashboard
from .models import Milestone, PolicyRevision, Task
from .models.process import memberships_of


def nav_items(request):
    return process_nav_items(request)


def landing_blocks(request):
    return process_landing_blocks(request)


def dashboard_panels(request):
    return process_dashboard_panels(request)


def calendar_events(user):
    return process_calendar_events(user)


# --- The revision process -------------------------------------------------------------------


def process_nav_items(request):
    url = reverse("policy:revision_list")
    return [NavItem(label=_("Policy revision"), url=url, order=20, active_prefix=url)]


def process_landing_blocks(request):
    revisions = list(
        PolicyRevision.objects.prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.public().in_order(),
                to_attr="public_milestones",
            )
        )
    )
    if not revisions:
        return []
    return [
        Block(template="policy/process/_landing.html", context={"revisions": revisions}, order=10)
    ]


def process_dashboard_panels(request):
    if not request.user.has_perm("policy.view_process"):
        return []
    board = dashboard.build(request)
    context = {"board": board}
    folder = "policy/process/dashboard"
    blocks = [Block(f"{folder}/_filter.html", context, order=10, region="toolbar")]
    if board.revision is not None:
        blocks += [
            Block(f"{folder}/_at_a_glance.html", context, 10, _("Where we stand"), "summary"),
            Block(f"{folder}/_next.html", context, 11, _("Next milestone"), "summary"),
            Block(f"{folder}/_timeline.html", context, 10, _("Timeline")),
            Block(f"{folder}/_deadlines.html", context, 20, _("Next deadlines")),
        ]
    blocks.append(Block(f"{folder}/_my_tasks.html", context, 30, _("My tasks")))
    if board.revision is not None:
        blocks.append(Block(f"{folder}/_tasks.html", context, 40, _("Tasks in the revision")))
    if len(board.revisions) > 1:
        blocks.append(Block(f"{folder}/_revisions.html", context, 90, _("All revisions")))
    return blocks


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def process_calendar_events(user):
    """The milestones of the revisions the user takes part in, and the user's open tasks."""
    if not user.has_perm("policy.view_process"):
        return []
    revision_ids = {m.revision_id for m in memberships_of(user) if m.revision_id}
    milestones = (
        Milestone.objects.filter(Q(revision_id__in=revision_ids) | Q(revision__coordinator=user))
        .exclude(status=Milestone.Status.CANCELLED)
        .filter(starts_on__isnull=False)
        .select_related("revision", "responsible_group")
        .in_order()
    )
    tasks = (
        Task.objects.open()
        .owned_by(user)
        .filter(due_on__isnull=False)
        .select_related("group__revision", "milestone")
    )
    texts = _CalendarTexts()
    events = [_milestone_event(milestone, texts) for milestone in milestones]
    events += [_task_event(task, texts) for task in tasks]
    return events


class _CalendarTexts:
    """The feed's words and addresses, looked up once per feed rather than once per entry."""

    def __init__(self):
        self.statuses = dict(Milestone.Status.choices)
        self.task_statuses = dict(Task.Status.choices)
        self.dashboard_url = _absolute(reverse("dashboard"))
        self.month_title = _("%(title)s (some time in %(month)s)")
        self.done_title = _("%(title)s (done)")
        self.status = _("Status: %(status)s")
        self.responsible = _("Responsible: %(group)s")
        self.group = _("Group: %(group)s")
        self.milestone = _("Milestone: %(title)s")
        self.task = _("Task: %(title)s")
        self._revision_urls = {}

    def revision_url(self, revision) -> str:
        if revision.pk not in self._revision_urls:
            path = reverse("policy:revision_manage", kwargs={"slug": revision.slug})
            self._revision_urls[revision.pk] = _absolute(path)
        return self._revision_urls[revision.pk]


ONE_DAY = datetime.timedelta(days=1)


def _milestone_event(milestone: Milestone, texts: _CalendarTexts) -> CalendarEvent:
    start = milestone.starts_on
    if milestone.date_precision == DatePrecision.MONTH:
        # Outlook and Google show a month only as a day: the first, with the month in the title.
        title = texts.month_title % {"title": milestone.title, "month": milestone.date_display}
        end = start + ONE_DAY
    else:
        title = milestone.title
        end = (milestone.ends_on or start) + ONE_DAY
    if milestone.status == Milestone.Status.DONE:
        title = texts.done_title % {"title": title}
    lines = [milestone.revision.title, texts.status % {"status": texts.statuses[milestone.status]}]
    if milestone.responsible_group:
        lines.append(texts.responsible % {"group": milestone.responsible_group.name})
    lines += [text for text in (milestone.remark, milestone.note) if text]
    return CalendarEvent(
        uid=f"milestone-{milestone.pk}@medborger",
        title=title,
        start=start,
        end=end,
        description="\n".join(lines),
        url=f"{texts.revision_url(milestone.revision)}#milepael-{milestone.pk}",
        order=10,
    )


def _task_event(task: Task, texts: _CalendarTexts) -> CalendarEvent:
    lines = [
        texts.group % {"group": task.group.name},
        texts.status % {"status": texts.task_statuses[task.status]},
    ]
    if task.group.revision:
        lines.insert(0, task.group.revision.title)
    if task.milestone:
        lines.append(texts.milestone % {"title": task.milestone.title})
    if task.description:
        lines.append(task.description)
    return CalendarEvent(
        uid=f"task-{task.pk}@medborger",
        title=texts.task % {"title": task.title},
        start=task.due_on,
        end=task.due_on + ONE_DAY,
        description="\n".join(lines),
        url=f"{texts.dashboard_url}#opgave-{task.pk}",
        order=20,
    )
