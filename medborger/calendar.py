"""Each user's calendar feed: an iCalendar file at a secret address that Outlook and Google
Calendar subscribe to. It needs no session: the token in the address is the key, and renewing
it (`calendar_token_renew`) shuts out every old subscription.

The entries come from every app's `calendar_events(user)` hook (see `medborger.hooks`).
"""

import datetime
import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from icalendar import Calendar, Event, vDate, vDatetime, vDuration, vText, vUri

from . import hooks
from .history import record_history
from .models import User, new_calendar_token
from .permissions import permission_required

#: How often subscribed calendars should fetch the feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=1)
#: How long a feed's text stays in the cache; it is only used while its entries are unchanged.
FEED_CACHE_SECONDS = 24 * 60 * 60


def calendar_token_renew(*, user: User) -> str:
    """Give the user a new secret feed address; the old one stops working at once."""
    with transaction.atomic():
        user.calendar_token = new_calendar_token()
        record_history(user, user=user, reason=_("Calendar link renewed"))
        user.save(update_fields=["calendar_token"])
    return user.calendar_token


def build_calendar(user: User, events: list[hooks.CalendarEvent]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Ishøj Kommune//Medborger//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _("Medborger – %(name)s") % {"name": user}
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_default_timezone_name())
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL).to_ical().decode())
    stamp = vDatetime(timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    for entry in events:
        # Properties are set directly with their value types: the feed holds hundreds of
        # entries, and `Component.add` guesses each value's type again for every one.
        event = Event()
        event["UID"] = vText(entry.uid)
        event["DTSTAMP"] = stamp
        event["SUMMARY"] = vText(entry.title)
        if isinstance(entry.start, datetime.datetime):
            event.add("dtstart", entry.start)
            if entry.end is not None:
                event.add("dtend", entry.end)
        else:
            event["DTSTART"] = vDate(entry.start)
            if entry.end is not None:
                event["DTEND"] = vDate(entry.end)
        if entry.description:
            event["DESCRIPTION"] = vText(entry.description)
        if entry.location:
            event["LOCATION"] = vText(entry.location)
        if entry.url:
            event["URL"] = vUri(entry.url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def _fingerprint(user: User, events) -> str:
    """What the feed's text depends on: a changed entry, name or language changes it."""
    state = repr((str(user), translation.get_language(), REFRESH_INTERVAL, events))
    return hashlib.sha256(state.encode()).hexdigest()[:40]


@require_GET
def feed(request, token: str):
    """The feed at the secret address. Deliberately reads no session and sets no cookie.

    Serialising hundreds of entries is the expensive part, so the text is kept in the cache
    under a fingerprint of its entries: an unchanged feed is served from there, and a client
    that sends the ETag it has gets "304 Not Modified".
    """
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None or not user.has_perm("medborger.use_calendar"):
        raise Http404
    with translation.override(user.language):
        events = hooks.collect("calendar_events", user)
        fingerprint = _fingerprint(user, events)
        etag = f'"{fingerprint}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            key = f"calendar-feed:{fingerprint}"
            body = cache.get(key)
            if body is None:
                body = build_calendar(user, events).to_ical()
                cache.set(key, body, timeout=FEED_CACHE_SECONDS)
            response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
            response["Content-Disposition"] = 'inline; filename="medborger.ics"'
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_url(request, user: User) -> str:
    return request.build_absolute_uri(
        reverse("calendar_feed", kwargs={"token": user.calendar_token})
    )


@permission_required("medborger.use_calendar")
def calendar_settings(request):
    url = feed_url(request, request.user)
    return render(
        request,
        "medborger/calendar.html",
        {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]},
    )


@require_POST
@permission_required("medborger.use_calendar")
def calendar_renew(request):
    calendar_token_renew(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. Subscriptions to the old one no longer update."),
    )
    return redirect("calendar")
