"""Seats, people and their terms."""

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from forum.models import Forum, Membership, Person, Seat
from medborger.history import save_with_history

if TYPE_CHECKING:
    from medborger.models import User


def seat_save(
    *,
    forum: Forum,
    user: "User",
    name: str,
    kind: str,
    position: int = 0,
    note: str = "",
    seat: Seat | None = None,
) -> Seat:
    seat = seat or Seat(forum=forum)
    created = seat.pk is None
    seat.name, seat.kind, seat.position, seat.note = name.strip(), kind, position, note
    return save_with_history(
        seat, user=user, reason=_("Seat added") if created else _("Seat edited")
    )


def person_save(
    *,
    forum: Forum,
    user: "User",
    name: str,
    email: str = "",
    phone: str = "",
    account: "User | None" = None,
    person: Person | None = None,
) -> Person:
    """Create or edit a person; `account` links their log-in (role Forummedlem)."""
    person = person or Person(forum=forum)
    created = person.pk is None
    person.name, person.email, person.phone, person.user = name.strip(), email, phone, account
    return save_with_history(
        person, user=user, reason=_("Person added") if created else _("Person edited")
    )


def _conflicts(membership: Membership) -> dict:
    """Terms that may not overlap this one: a second holder of the seat, the same person twice
    on the seat, a second chair or deputy chair of the forum."""
    errors = {}
    overlapping = Membership.objects.overlapping(membership.starts_on, membership.ends_on)
    if membership.pk:
        overlapping = overlapping.exclude(pk=membership.pk)
    same_seat = overlapping.filter(seat=membership.seat)
    if same_seat.filter(person=membership.person).exists():
        errors["person"] = _("%(person)s already has a term on this seat in that period.") % {
            "person": membership.person
        }
    if not membership.is_substitute:
        holder = (
            same_seat.exclude(role=Membership.Role.SUBSTITUTE)
            .select_related("person")
            .order_by("starts_on")
            .first()
        )
        if holder is not None:
            errors["starts_on"] = _(
                "The seat is already held by %(person)s from %(start)s to %(end)s. End that "
                "term first, or add this person as a substitute."
            ) % {
                "person": holder.person,
                "start": formats.date_format(holder.starts_on, "SHORT_DATE_FORMAT"),
                "end": formats.date_format(holder.ends_on, "SHORT_DATE_FORMAT"),
            }
    if membership.role in Membership.SINGLE_ROLES:
        other = (
            overlapping.filter(seat__forum=membership.seat.forum, role=membership.role)
            .select_related("person")
            .first()
        )
        if other is not None:
            errors["role"] = _("%(person)s is already %(role)s in that period.") % {
                "person": other.person,
                "role": membership.get_role_display().lower(),
            }
    return errors


def membership_save(
    *,
    seat: Seat,
    person: Person,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    user: "User",
    membership: Membership | None = None,
) -> Membership:
    """Give a person a term on a seat (or change one), refusing overlapping holders."""
    with transaction.atomic():
        # One writer of terms per forum at a time, so two overlapping terms (or two chairs)
        # cannot both pass the check.
        Forum.objects.select_for_update().only("pk").get(pk=seat.forum_id)
        membership = membership or Membership()
        created = membership.pk is None
        membership.seat, membership.person, membership.role = seat, person, role
        membership.starts_on, membership.ends_on = starts_on, ends_on
        membership.full_clean()
        errors = _conflicts(membership)
        if errors:
            raise ValidationError(errors)
        return save_with_history(
            membership, user=user, reason=_("Term added") if created else _("Term edited")
        )
