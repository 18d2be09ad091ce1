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
from icalendar import Calendar, vDuration

from . import hooks
from .history import record_history
from .models import User, new_calendar_token
from .permissions import permission_required

#: How often subscribed calendars should fetch the feed again.
REFRESH_INTERVAL = datetime.timedelta(hours=1)
#: How long the text of a user's feed entries stays in the cache for reuse.
ENTRIES_CACHE_SECONDS = 7 * 24 * 60 * 60


def calendar_token_renew(*, user: User) -> str:
    """Give the user a new secret feed address; the old one stops working at once."""
    with transaction.atomic():
        user.calendar_token = new_calendar_token()
        record_history(user, user=user, reason=_("Calendar link renewed"))
        user.save(update_fields=["calendar_token"])
    return user.calendar_token


def calendar_header(user: User) -> Calendar:
    """The calendar's own properties: its name, time zone and how often to fetch it again."""
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
    return calendar


def _ical_text(value: str) -> str:
    """TEXT as RFC 5545 section 3.3.11 escapes it."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _ical_when(name: str, value: datetime.date | datetime.datetime) -> str:
    """Times in UTC ("…Z"), which every client reads without a VTIMEZONE; dates as they are."""
    if isinstance(value, datetime.datetime):
        return f"{name}:{value.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def _ical_fold(line: str) -> bytes:
    """A content line folded at 75 octets (RFC 5545 section 3.1), never inside a character."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a UTF-8 continuation byte
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines begin with a space
    return b"\r\n ".join(parts) + b"\r\n"


def calendar_event(entry: hooks.CalendarEvent, *, stamp: datetime.datetime) -> bytes:
    """One VEVENT, written directly: icalendar's serialiser folds character by character and
    cost most of a feed's time. The tests read the result back with icalendar."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_ical_text(entry.uid)}",
        _ical_when("DTSTAMP", stamp),
        f"SUMMARY:{_ical_text(entry.title)}",
        _ical_when("DTSTART", entry.start),
    ]
    if entry.end is not None:
        lines.append(_ical_when("DTEND", entry.end))
    if entry.description:
        lines.append(f"DESCRIPTION:{_ical_text(entry.description)}")
    if entry.location:
        lines.append(f"LOCATION:{_ical_text(entry.location)}")
    if entry.url:
        lines.append(f"URL:{entry.url}")
    lines.append("END:VEVENT")
    return b"".join(_ical_fold(line) for line in lines)


def _fingerprint(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def render_feed(user: User, events: list[hooks.CalendarEvent], *, known: dict) -> tuple:
    """The feed's text, and the text of each entry by its fingerprint.

    Serialising is what costs (icalendar folds every line character by character), so an entry
    whose fingerprint is in `known` (the user's previous feed) reuses its text, and with it the
    time it was stamped.
    """
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    entries = {}
    for entry in events:
        fingerprint = _fingerprint(entry)
        entries[fingerprint] = known.get(fingerprint) or calendar_event(entry, stamp=stamp)
    header = calendar_header(user).to_ical()
    end = b"END:VCALENDAR\r\n"
    assert header.endswith(end)
    return header[: -len(end)] + b"".join(entries.values()) + end, entries


@require_GET
def feed(request, token: str):
    """The feed at the secret address. Deliberately reads no session and sets no cookie.

    A client that sends the ETag of the feed it has gets "304 Not Modified"; otherwise the
    entries that have not changed since the user's last fetch come from the cache.
    """
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None or not user.has_perm("medborger.use_calendar"):
        raise Http404
    with translation.override(user.language):
        events = hooks.collect("calendar_events", user)
        etag = (
            f'"{_fingerprint((str(user), translation.get_language(), REFRESH_INTERVAL, events))}"'
        )
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            key = f"calendar-entries:{user.pk}:{translation.get_language()}"
            known = cache.get(key) or {}
            body, entries = render_feed(user, events, known=known)
            if entries.keys() != known.keys():
                cache.set(key, entries, timeout=ENTRIES_CACHE_SECONDS)
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
