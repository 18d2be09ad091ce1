"""The meeting list and the secretariat's pages for a meeting: time and place, agenda,
minutes with decisions, attendance, and publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import services
from forum.forms import AgendaFormSet, AttendanceForm, MeetingForm, MinutesForm
from forum.models import Meeting, Membership, Person
from medborger.permissions import permission_required

from .common import forum_form_page, get_forum, url_pattern
from .rows import meeting_table


def _get_meeting(forum_slug: str, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("forum"), pk=pk, forum__slug=forum_slug)


@permission_required("forum.view_internal")
def meeting_list(request, forum):
    forum = get_forum(forum)
    now = timezone.now()
    meetings = list(
        forum.meetings.annotate(item_count=Count("agenda_items")).order_by("-starts_at")
    )
    # A hundred rows: one reverse() and one translation of each label per page (issue 15).
    detail_url = url_pattern("forum:meeting_detail", forum=forum.slug)
    return render(
        request,
        "forum/meeting_list.html",
        {
            "forum": forum,
            "upcoming_table": meeting_table(
                [m for m in reversed(meetings) if m.starts_at >= now],
                caption=_("Upcoming meetings"),
                detail_url=detail_url,
            ),
            "past_table": meeting_table(
                [m for m in meetings if m.starts_at < now],
                caption=_("Meetings held"),
                detail_url=detail_url,
            ),
            "tab": "meetings",
        },
    )


@permission_required("forum.manage")
def meeting_edit(request, forum, pk=None):
    meeting = _get_meeting(forum, pk) if pk else None
    forum = meeting.forum if meeting else get_forum(forum)
    form = MeetingForm(
        request.POST or None, initial=MeetingForm.initial_for(meeting) if meeting else None
    )
    return forum_form_page(
        request,
        save=lambda: services.meeting_save(
            forum=forum,
            user=request.user,
            meeting=meeting,
            title=form.cleaned_data["title"],
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            place=form.cleaned_data["place"],
        ),
        aliases={"starts_at": "start_time", "ends_at": "end_time"},
        success=_("The meeting is saved."),
        done=lambda result: result.get_absolute_url(),
        forum=forum,
        form=form,
        heading=_("Edit meeting") if meeting else _("Plan a meeting"),
        cancel_url=meeting.get_absolute_url()
        if meeting
        else reverse("forum:meeting_list", kwargs={"forum": forum.slug}),
        tab="meetings",
    )


@permission_required("forum.manage")
def agenda_edit(request, forum, pk):
    meeting = _get_meeting(forum, pk)
    items = list(meeting.agenda_items.all())
    formset = AgendaFormSet(
        request.POST or None,
        initial=[{"pk": i.pk, "title": i.title, "description": i.description} for i in items],
        prefix="items",
    )
    if request.method == "POST" and formset.is_valid():
        rows = [
            services.AgendaItemInput(
                pk=f.cleaned_data.get("pk"),
                title=f.cleaned_data.get("title", ""),
                description=f.cleaned_data.get("description", ""),
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.agenda_save(meeting=meeting, items=rows, user=request.user)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("The agenda is saved."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "forum/agenda_form.html",
        {"forum": meeting.forum, "meeting": meeting, "formset": formset, "tab": "meetings"},
    )


@permission_required("forum.manage")
def minutes_edit(request, forum, pk):
    meeting = _get_meeting(forum, pk)
    form = MinutesForm(
        request.POST or None,
        initial={"minutes": meeting.minutes},
        agenda_items=meeting.agenda_items.all(),
    )
    return forum_form_page(
        request,
        save=lambda: services.minutes_save(
            meeting=meeting,
            minutes=form.cleaned_data["minutes"],
            decisions=form.decisions(),
            user=request.user,
        ),
        success=_("The minutes are saved."),
        done=meeting.get_absolute_url(),
        forum=meeting.forum,
        form=form,
        heading=_("Minutes and decisions: %(meeting)s") % {"meeting": meeting},
        cancel_url=meeting.get_absolute_url(),
        tab="meetings",
        rich_text=True,
    )


@permission_required("forum.manage")
def attendance_edit(request, forum, pk):
    meeting = _get_meeting(forum, pk)
    day = timezone.localdate(meeting.starts_at)
    recorded = {a.person_id: a.status for a in meeting.attendances.all()}
    seated = Membership.objects.active_on(day).filter(seat__forum=meeting.forum)
    people = Person.objects.filter(
        Q(pk__in=seated.values("person_id")) | Q(pk__in=list(recorded)), forum=meeting.forum
    ).order_by("name")
    form = AttendanceForm(request.POST or None, people=people, current=recorded)
    return forum_form_page(
        request,
        save=lambda: services.attendance_record(
            meeting=meeting, statuses=form.statuses(), user=request.user
        ),
        success=_("The attendance is saved."),
        done=meeting.get_absolute_url(),
        forum=meeting.forum,
        form=form,
        heading=_("Attendance: %(meeting)s") % {"meeting": meeting},
        intro=_("The list holds everybody with a seat or a substitute term on the meeting's date."),
        cancel_url=meeting.get_absolute_url(),
        tab="meetings",
    )


@require_POST
@permission_required("forum.manage")
def meeting_publish(request, forum, pk):
    meeting = _get_meeting(forum, pk)
    part = request.POST.get("part")
    if part not in ("agenda", "minutes"):
        return redirect(meeting.get_absolute_url())
    publish = request.POST.get("publish") == "1"
    try:
        services.meeting_publish(meeting=meeting, user=request.user, part=part, publish=publish)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            {
                ("agenda", True): _("The agenda is published."),
                ("agenda", False): _("The agenda is no longer public."),
                ("minutes", True): _("The minutes are published."),
                ("minutes", False): _("The minutes are no longer public."),
            }[part, publish],
        )
    return redirect(meeting.get_absolute_url())
