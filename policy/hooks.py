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
    dashboard_url = _absolute(reverse("dashboard"))
    events = [_milestone_event(milestone) for milestone in milestones]
    events += [_task_event(task, dashboard_url) for task in tasks]
    return events


def _milestone_event(milestone: Milestone) -> CalendarEvent:
    start = milestone.starts_on
    if milestone.date_precision == DatePrecision.MONTH:
        # Outlook and Google show a month only as a day: the first, with the month in the title.
        title = _("%(title)s (some time in %(month)s)") % {
            "title": milestone.title,
            "month": milestone.date_display,
        }
        end = start + datetime.timedelta(days=1)
    else:
        title = milestone.title
        end = (milestone.ends_on or start) + datetime.timedelta(days=1)
    if milestone.status == Milestone.Status.DONE:
        title = _("%(title)s (done)") % {"title": title}
    lines = [
        milestone.revision.title,
        _("Status: %(status)s") % {"status": milestone.get_status_display()},
    ]
    if milestone.responsible_group:
        lines.append(_("Responsible: %(group)s") % {"group": milestone.responsible_group.name})
    lines += [text for text in (milestone.remark, milestone.note) if text]
    url = _absolute(
        reverse("policy:revision_manage", kwargs={"slug": milestone.revision.slug})
        + f"#milepael-{milestone.pk}"
    )
    return CalendarEvent(
        uid=f"milestone-{milestone.pk}@medborger",
        title=title,
        start=start,
        end=end,
        description="\n".join(lines),
        url=url,
        order=10,
    )


def _task_event(task: Task, dashboard_url: str) -> CalendarEvent:
    lines = [
        _("Group: %(group)s") % {"group": task.group.name},
        _("Status: %(status)s") % {"status": task.get_status_display()},
    ]
    if task.group.revision:
        lines.insert(0, task.group.revision.title)
    if task.milestone:
        lines.append(_("Milestone: %(title)s") % {"title": task.milestone.title})
    if task.description:
        lines.append(task.description)
    return CalendarEvent(
        uid=f"task-{task.pk}@medborger",
        title=_("Task: %(title)s") % {"title": task.title},
        start=task.due_on,
        end=task.due_on + datetime.timedelta(days=1),
        description="\n".join(lines),
        url=f"{dashboard_url}#opgave-{task.pk}",
        order=20,
    )
