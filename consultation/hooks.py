"""What the consultation app adds to the shared pages (see `medborger.hooks`)."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from medborger.hooks import Block, CalendarEvent, NavItem

from .models import Event


def nav_items(request):
    url = reverse("consultation:event_list")
    return [NavItem(label=_("Events"), url=url, order=20, active_prefix=url)]


def landing_blocks(request):
    """Upcoming events open to citizens, with a way to sign up (one query)."""
    events = list(
        Event.objects.listed_publicly().upcoming().with_counts().order_by("starts_at")[:5]
    )
    if not events:
        return []
    return [
        Block(template="consultation/events/_landing.html", context={"events": events}, order=15)
    ]


def dashboard_panels(request):
    """Upcoming events with their sign-up counts, for the staff who run them."""
    user = request.user
    events = Event.objects.upcoming().with_counts().order_by("starts_at")
    if not user.has_perm("consultation.manage_signups"):
        events = events.organised_by(user)
    events = list(events[:10])
    if not events:
        return []
    return [
        Block(template="consultation/events/_dashboard.html", context={"events": events}, order=15)
    ]


def calendar_events(user):
    """The events a user organises, for their calendar feed."""
    entries = []
    for event in Event.objects.organised_by(user).order_by("starts_at"):
        path = reverse("consultation:event_attendees", args=[event.pk])
        entries.append(
            CalendarEvent(
                uid=f"event-{event.pk}@medborger",
                title=event.title,
                start=event.starts_at,
                end=event.ends_at,
                location=event.place,
                description=_("Sign-up deadline: %(deadline)s")
                % {
                    "deadline": formats.date_format(
                        timezone.localtime(event.signup_deadline), "DATETIME_FORMAT"
                    )
                },
                url=settings.SITE_URL + path,
                order=20,
            )
        )
    return entries
