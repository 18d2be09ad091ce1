"""The forum's contributions to the navigation, the landing page, the dashboard and the
calendar feed (see medborger/hooks.py). Each runs a fixed number of queries."""

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from medborger.hooks import Block, CalendarEvent, NavItem, nav_url

from .models import AgendaItem, BudgetYear, Forum, Initiative, Meeting
from .services.forums import forum_import

#: How long a calendar entry for a meeting without an end time lasts.
DEFAULT_MEETING_LENGTH = datetime.timedelta(hours=2)


def nav_items(request):
    url = nav_url("forum:list")
    return [NavItem(label=_("Citizens' forum"), url=url, order=30, active_prefix=url)]


def landing_blocks(now: datetime.datetime) -> list[Block]:
    forums = list(Forum.objects.all()[:3])
    if not forums:
        return []
    return [Block(template="forum/_landing_forums.html", context={"forums": forums}, order=30)]


def dashboard_forums(today: datetime.date) -> list[Forum]:
    """The forums whose mandate includes this year, else the most recent one."""
    forums = list(Forum.objects.active_in(today.year).order_by("name"))
    if not forums:
        forums = list(Forum.objects.order_by("-mandate_end_year")[:1])
    return forums


def dashboard_panels(request):
    """For the secretariat: the budget status of the current forum(s) and open proposals."""
    if not request.user.has_perm("forum.manage"):
        return []
    forums = dashboard_forums(timezone.localdate())
    if not forums:
        return []
    years = BudgetYear.objects.filter(forum__in=forums).with_totals().order_by("year")
    by_forum = {forum.pk: [] for forum in forums}
    forum_by_pk = {forum.pk: forum for forum in forums}
    for year in years:
        # Its link names the forum: set from the forums read above, not fetched per year.
        BudgetYear.forum.field.set_cached_value(year, forum_by_pk[year.forum_id])
        by_forum[year.forum_id].append(year)
    proposals = Initiative.objects.filter(
        action_plan__forum=forums[0], status=Initiative.Status.PROPOSED
    ).count()
    return [
        Block(
            template="forum/_dashboard_budget.html",
            context={
                "forums": [{"forum": f, "years": by_forum[f.pk]} for f in forums],
                "proposals": proposals,
                "proposals_forum": forums[0],
            },
            order=40,
        )
    ]


def calendar_events(user):
    """The forum's meetings, for those who may read its internal pages (2 queries)."""
    if not user.has_perm("forum.view_internal"):
        return []
    meetings = Meeting.objects.select_related("forum").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position"))
    )
    events = []
    for meeting in meetings.order_by("starts_at"):
        agenda = "\n".join(str(item) for item in meeting.agenda_items.all())
        events.append(
            CalendarEvent(
                uid=f"forum-meeting-{meeting.pk}@medborger",
                title=f"{meeting.forum.name}: {meeting.title}",
                start=meeting.starts_at,
                end=meeting.ends_at or meeting.starts_at + DEFAULT_MEETING_LENGTH,
                description=agenda,
                location=meeting.place,
                url=settings.SITE_URL + meeting.get_absolute_url(),
                order=50,
            )
        )
    return events


def imported_forum_create(*, facts, title, document, user, reason):
    """The forum described by terms of reference that policy's importer reads."""
    return forum_import(facts=facts, title=title, document=document, user=user, reason=reason)
