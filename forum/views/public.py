"""Pages everybody may see: the forums, a forum's public page and its published meetings
(and the secretariat's form for the forum's own facts).

Nothing here shows a member's e-mail address or phone number.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from forum import services
from forum.forms import ForumForm
from forum.models import ActionPlan, Attendance, Forum, Initiative, Meeting, Membership
from medborger.permissions import permission_required

from .common import forum_form_page, get_forum, reference_date, url_pattern
from .rows import plan_initiatives


def forum_list(request):
    return render(request, "forum/forum_list.html", {"forums": list(Forum.objects.all())})


def current_action_plan(forum: Forum, day) -> ActionPlan | None:
    """The adopted plan that covers `day`, else the latest adopted one; with its initiatives
    that the secretariat has approved (2 queries)."""
    approved = Prefetch(
        "initiatives",
        queryset=Initiative.objects.filter(status__in=Initiative.APPROVED_STATUSES)
        # What the forum's page shows of them (rows.plan_initiatives).
        .only("action_plan_id", "title", "status", "theme", "goal", "planned_activities")
        .order_by("title"),
        to_attr="approved_initiatives",
    )
    plans = forum.action_plans.adopted().prefetch_related(approved)
    return plans.covering(day).first() or plans.order_by("-starts_on").first()


def forum_detail(request, forum):
    forum = get_forum(forum)
    day = reference_date(forum)
    now = timezone.now()
    members = list(
        Membership.objects.active_on(day)
        .filter(seat__forum=forum)
        .select_related("seat", "person")
        .order_by("seat__position", "seat__name", "role")
    )
    meetings = list(forum.meetings.all().order_by("starts_at"))
    plan = current_action_plan(forum, day)
    # A hundred meetings and initiatives: one reverse() and one label lookup per page (issue 15).
    pattern = url_pattern("forum:meeting_detail", forum=forum.slug)
    for meeting in meetings:
        meeting.detail_url = pattern.format(pk=meeting.pk)
    if plan is not None:
        statuses = {value: str(label) for value, label in Initiative.Status.choices}
        for initiative in plan.approved_initiatives:
            initiative.status_label = statuses.get(initiative.status, initiative.status)
    return render(
        request,
        "forum/forum_detail.html",
        {
            "forum": forum,
            "reference_day": day,
            "holders": [m for m in members if not m.is_substitute],
            "substitutes": [m for m in members if m.is_substitute],
            "upcoming": [m for m in meetings if m.starts_at >= now],
            "published_minutes": [
                m for m in reversed(meetings) if m.minutes_published_at is not None
            ],
            "plan": plan,
            "initiatives_html": plan_initiatives(plan.approved_initiatives) if plan else "",
            "tab": "overview",
        },
    )


def meeting_detail(request, forum, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk, forum__slug=forum)
    internal = request.user.has_perm("forum.view_internal")
    if not internal and not meeting.is_public:
        raise Http404
    show_agenda = internal or meeting.agenda_published_at is not None
    show_minutes = internal or meeting.minutes_published_at is not None
    attendances = (
        sorted(
            meeting.attendances.select_related("person"),
            key=lambda a: (a.status != Attendance.Status.PRESENT, a.status, a.person.name),
        )
        if show_minutes
        else []
    )
    return render(
        request,
        "forum/meeting_detail.html",
        {
            "forum": meeting.forum,
            "meeting": meeting,
            "internal": internal,
            "agenda_items": list(meeting.agenda_items.all()) if show_agenda else [],
            "show_agenda": show_agenda,
            "show_minutes": show_minutes,
            "attendances": attendances,
            "tab": "meetings",
        },
    )


@permission_required("forum.manage")
def forum_edit(request, forum):
    forum = get_forum(forum)
    form = ForumForm(request.POST or None, instance=forum)
    return forum_form_page(
        request,
        forum=forum,
        form=form,
        save=lambda: services.forum_update(forum=forum, user=request.user, **form.cleaned_data),
        success=_("The forum is saved."),
        done=forum.get_absolute_url(),
        heading=_("Edit the forum"),
        cancel_url=forum.get_absolute_url(),
        tab="overview",
    )
