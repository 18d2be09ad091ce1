"""The member list (who sits when) and the secretariat's forms for seats, people and terms."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from forum import services
from forum.forms import MembershipForm, PersonForm, SeatForm
from forum.models import Membership, Person, Seat
from medborger.permissions import permission_required

from .common import forum_form_page, get_forum, reference_date
from .rows import who_sits_when

#: Terms that end within this many days are flagged as ending soon.
ENDING_SOON_DAYS = 60


@dataclass
class SeatRow:
    seat: Seat
    holder: Membership | None
    substitutes: list[Membership]
    #: One entry per mandate year: the terms that touch that year.
    by_year: list[list[Membership]] = field(default_factory=list)
    terms: list[Membership] = field(default_factory=list)


def seat_rows(seats, day: datetime.date, years: list[int]) -> list[SeatRow]:
    rows = []
    for seat in seats:
        terms = list(seat.memberships.all())
        active = [t for t in terms if t.is_active_on(day)]
        holder = next((t for t in active if not t.is_substitute), None)
        rows.append(
            SeatRow(
                seat=seat,
                holder=holder,
                substitutes=[t for t in active if t.is_substitute],
                by_year=[
                    [t for t in terms if t.starts_on.year <= year <= t.ends_on.year]
                    for year in years
                ],
                terms=terms,
            )
        )
    return rows


def _requested_day(request, forum) -> datetime.date:
    """The day asked for with ?dato=YYYY-MM-DD, else the forum's reference day."""
    try:
        return parse_date(request.GET.get("dato") or "") or reference_date(forum)
    except ValueError:
        return reference_date(forum)


@permission_required("forum.view_internal")
def member_list(request, forum):
    forum = get_forum(forum)
    day = _requested_day(request, forum)
    seats = forum.seats.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("person").order_by("starts_on", "role"),
        )
    ).order_by("position", "name")
    rows = seat_rows(seats, day, forum.mandate_years)
    soon = day + datetime.timedelta(days=ENDING_SOON_DAYS)
    # A mandate that has ended is concluded: nothing in it "ends soon" any more (unless a day
    # inside it is asked for, to see the forum as it was then).
    concluded = timezone.localdate().year > forum.mandate_end_year and not request.GET.get("dato")
    ending_soon = sorted(
        (
            t
            for row in rows
            for t in [row.holder, *row.substitutes]
            if t and t.ends_on <= soon and not concluded
        ),
        key=lambda t: t.ends_on,
    )
    can_manage = request.user.has_perm("forum.manage")
    people = (
        list(forum.people.select_related("user").order_by("name"))
        if request.user.has_perm("forum.view_contact_details")
        else []
    )
    return render(
        request,
        "forum/member_list.html",
        {
            "forum": forum,
            "day": day,
            "rows": rows,
            "who_sits_when": who_sits_when(rows, forum_slug=forum.slug, can_manage=can_manage),
            "empty_seats": [row.seat for row in rows if row.holder is None],
            "ending_soon": ending_soon,
            "mandate_concluded": concluded,
            "ending_soon_days": ENDING_SOON_DAYS,
            "years": forum.mandate_years,
            "people": people,
            "my_terms": [
                term
                for row in rows
                for term in [row.holder, *row.substitutes]
                if term and term.person.user_id == request.user.pk
            ],
            "can_manage": can_manage,
            "tab": "members",
        },
    )


def _members_url(forum) -> str:
    return reverse("forum:member_list", kwargs={"forum": forum.slug})


@permission_required("forum.manage")
def seat_edit(request, forum, pk=None):
    forum = get_forum(forum)
    seat = get_object_or_404(Seat, pk=pk, forum=forum) if pk else None
    form = SeatForm(request.POST or None, instance=seat or Seat(forum=forum))
    return forum_form_page(
        request,
        forum=forum,
        form=form,
        save=lambda: services.seat_save(
            forum=forum, user=request.user, seat=seat, **form.cleaned_data
        ),
        success=_("The seat is saved."),
        done=_members_url(forum),
        heading=_("Edit seat") if seat else _("Add a seat"),
        cancel_url=_members_url(forum),
        tab="members",
    )


@permission_required("forum.manage")
def person_edit(request, forum, pk=None):
    forum = get_forum(forum)
    person = get_object_or_404(Person, pk=pk, forum=forum) if pk else None
    form = PersonForm(request.POST or None, instance=person or Person(forum=forum))
    return forum_form_page(
        request,
        forum=forum,
        form=form,
        save=lambda: services.person_save(
            forum=forum,
            user=request.user,
            person=person,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            account=form.cleaned_data["user"],
        ),
        success=_("The person is saved."),
        done=_members_url(forum),
        heading=_("Edit person") if person else _("Add a person"),
        cancel_url=_members_url(forum),
        tab="members",
    )


@permission_required("forum.manage")
def membership_edit(request, forum, pk=None):
    forum = get_forum(forum)
    membership = get_object_or_404(Membership, pk=pk, seat__forum=forum) if pk else None
    initial = {
        "seat": request.GET.get("plads"),
        "starts_on": reference_date(forum),
        "ends_on": forum.mandate_ends_on,
    }
    form = MembershipForm(
        request.POST or None,
        instance=membership,
        initial=None if membership else initial,
        forum=forum,
    )
    return forum_form_page(
        request,
        forum=forum,
        form=form,
        save=lambda: services.membership_save(
            membership=membership, user=request.user, **form.cleaned_data
        ),
        success=_("The term is saved."),
        done=_members_url(forum),
        heading=_("Edit term") if membership else _("Add a term"),
        intro=_(
            "A term gives a person a seat with a role for a period within the mandate. A seat "
            "has one holder at a time; substitutes may overlap."
        ),
        cancel_url=_members_url(forum),
        tab="members",
    )
