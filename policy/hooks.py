"""What the policy app adds to the shared pages (see medborger/hooks.py).

Each hook below calls one function per area, so that the documents' and the process' parts
stay apart: `process_*` are the revision process' (timeline, groups, tasks).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medborger import dates, stamps
from medborger.dates import DatePrecision
from medborger.hooks import Block, CalendarEvent, NavItem, nav_url

from . import dashboard
from .journal import journal_sources  # noqa: F401 - a hook the core looks up by name
from .models import Document, Milestone, PolicyRevision, Task
from .models.process import memberships_of
from .timeline import milestone_states


def nav_items(request):
    return process_nav_items(request) + document_nav_items(request)


def landing_blocks(now: datetime.datetime) -> list[Block]:
    return process_landing_blocks(now) + document_landing_blocks(now)


def dashboard_panels(request):
    return process_dashboard_panels(request) + document_dashboard_panels(request)


def calendar_events(user):
    return process_calendar_events(user)


# --- The revision process -------------------------------------------------------------------


def process_nav_items(request):
    url = nav_url("policy:revision_list")
    return [NavItem(label=_("Policy revision"), url=url, order=20, active_prefix=url)]


#: How many of a revision's public milestones the front page shows: the one before the next,
#: the next, and the one after. The whole timeline is on the revision's own page.
LANDING_MILESTONES = 3


def landing_milestones(milestones: list[Milestone], today: datetime.date) -> list[Milestone]:
    """A short window of a timeline in position order around its next milestone (the last
    ones when nothing is next), so the front page stays light however long a timeline is."""
    states = milestone_states(milestones, today)
    following = next((i for i, m in enumerate(milestones) if states[m.pk] == "next"), None)
    if following is None:
        return milestones[-LANDING_MILESTONES:]
    start = max(0, min(following - 1, len(milestones) - LANDING_MILESTONES))
    return milestones[start : start + LANDING_MILESTONES]


#: The stamp of the front page's timelines (see `medborger.stamps`; policy/signals.py bumps it).
LANDING_STAMP = "landing-revisions"


@dataclass(frozen=True)
class LandingMilestone:
    """A milestone as the front page shows it (read from the cache, not the database)."""

    title: str
    starts_on: datetime.date | None
    date_precision: str
    status: str

    @property
    def date_display(self) -> str:
        return dates.display(self.starts_on, self.date_precision)

    def get_status_display(self) -> str:
        return str(Milestone.Status(self.status).label)


def _landing_revisions(today: datetime.date) -> list[dict]:
    """Each revision's title, address and window of public milestones, as plain values."""
    revisions = []
    for revision in PolicyRevision.objects.with_public_milestones():
        window = landing_milestones(revision.public_milestones, today)
        revisions.append(
            {
                "title": revision.title,
                "slug": revision.slug,
                "landing_milestones": [
                    LandingMilestone(m.title, m.starts_on, m.date_precision, m.status)
                    for m in window
                ],
            }
        )
    return revisions


def process_landing_blocks(now: datetime.datetime) -> list[Block]:
    """The revisions with a window of their public timelines. Loading every public milestone
    of 20 revisions to show three of each cost most of the front page: the windows are cached
    for the day, one query (the cache) while no revision or milestone changes."""
    today = timezone.localdate(now)
    revisions = stamps.cached(LANDING_STAMP, today.isoformat(), lambda: _landing_revisions(today))
    if not revisions:
        return []
    # One reverse() for the page rather than two per revision.
    placeholder = "revision-slug-placeholder"
    url = reverse("policy:revision_public", args=[placeholder])
    revisions = [{**r, "url": url.replace(placeholder, r["slug"])} for r in revisions]
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
    """The milestones of the revisions the user takes part in, and the user's open tasks.

    Read as plain rows (`values`): a feed may hold hundreds of entries, and model instances
    for each row and its relations would cost more than everything else together.
    """
    if not user.has_perm("policy.view_process"):
        return []
    revision_ids = {m.revision_id for m in memberships_of(user) if m.revision_id}
    milestones = (
        Milestone.objects.filter(Q(revision_id__in=revision_ids) | Q(revision__coordinator=user))
        .exclude(status=Milestone.Status.CANCELLED)
        .filter(starts_on__isnull=False)
        .in_order()
        .values(*MILESTONE_FIELDS)
    )
    tasks = (
        Task.objects.open()
        .owned_by(user)
        .filter(due_on__isnull=False)
        .order_by("due_on", "pk")
        .values(*TASK_FIELDS)
    )
    texts = _CalendarTexts()
    events = [_milestone_event(milestone, texts) for milestone in milestones]
    events += [_task_event(task, texts) for task in tasks]
    return events


MILESTONE_FIELDS = (
    *("pk", "title", "starts_on", "ends_on", "date_precision", "status", "remark", "note"),
    *("revision_id", "revision__title", "revision__slug", "responsible_group__name"),
)
TASK_FIELDS = (
    *("pk", "title", "due_on", "status", "description"),
    *("group__name", "group__revision__title", "milestone__title"),
)


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

    def revision_url(self, row: dict) -> str:
        if row["revision_id"] not in self._revision_urls:
            path = reverse("policy:revision_manage", kwargs={"slug": row["revision__slug"]})
            self._revision_urls[row["revision_id"]] = _absolute(path)
        return self._revision_urls[row["revision_id"]]


ONE_DAY = datetime.timedelta(days=1)


def _milestone_event(row: dict, texts: _CalendarTexts) -> CalendarEvent:
    start = row["starts_on"]
    if row["date_precision"] == DatePrecision.MONTH:
        # Outlook and Google show a month only as a day: the first, with the month in the title.
        month = dates.display(start, DatePrecision.MONTH)
        title = texts.month_title % {"title": row["title"], "month": month}
        end = start + ONE_DAY
    else:
        title = row["title"]
        end = (row["ends_on"] or start) + ONE_DAY
    if row["status"] == Milestone.Status.DONE:
        title = texts.done_title % {"title": title}
    lines = [row["revision__title"], texts.status % {"status": texts.statuses[row["status"]]}]
    if row["responsible_group__name"]:
        lines.append(texts.responsible % {"group": row["responsible_group__name"]})
    lines += [text for text in (row["remark"], row["note"]) if text]
    return CalendarEvent(
        uid=f"milestone-{row['pk']}@medborger",
        title=title,
        start=start,
        end=end,
        description="\n".join(lines),
        url=f"{texts.revision_url(row)}#milepael-{row['pk']}",
        order=10,
    )


def _task_event(row: dict, texts: _CalendarTexts) -> CalendarEvent:
    lines = [
        row["group__revision__title"],
        texts.group % {"group": row["group__name"]},
        texts.status % {"status": texts.task_statuses[row["status"]]},
    ]
    if row["milestone__title"]:
        lines.append(texts.milestone % {"title": row["milestone__title"]})
    lines.append(row["description"])
    return CalendarEvent(
        uid=f"task-{row['pk']}@medborger",
        title=texts.task % {"title": row["title"]},
        start=row["due_on"],
        end=row["due_on"] + ONE_DAY,
        description="\n".join(line for line in lines if line),
        url=f"{texts.dashboard_url}#opgave-{row['pk']}",
        order=20,
    )


# --- Documents (policy drafts) --------------------------------------------------------------


def document_nav_items(request):
    items = []
    if request.user.has_perm("policy.view_document"):
        url = nav_url("policy:document_list")
        items.append(NavItem(label=_("Documents"), url=url, order=20, active_prefix=url))
    if request.user.has_perm("policy.import_terms"):
        url = nav_url("policy:import_upload")
        items.append(
            NavItem(label=_("Import terms of reference"), url=url, order=80, active_prefix=url)
        )
    return items


def document_dashboard_panels(request):
    """The documents, their status and newest version, and open review comments."""
    if not request.user.has_perm("policy.view_document"):
        return []
    documents = list(
        Document.objects.with_current_version().annotate(
            open_comments=Count(
                "review_comments", filter=Q(review_comments__resolved_at__isnull=True)
            )
        )
    )
    return [
        Block(
            template="policy/documents/_dashboard_documents.html",
            context={"documents": documents},
            order=15,
        )
    ]


def document_landing_blocks(now: datetime.datetime) -> list[Block]:
    """Links to the documents citizens may read: adopted ones and those in hearing."""
    documents = list(Document.objects.public().order_by("title"))
    if not documents:
        return []
    return [
        Block(
            template="policy/documents/_landing_documents.html",
            context={"documents": documents},
            order=12,
        )
    ]
