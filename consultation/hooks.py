"""What the consultation app adds to the shared pages (see `medborger.hooks`)."""

import datetime

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from medborger import stamps
from medborger.hooks import Block, CalendarEvent, NavItem, nav_url

from .counts import DASHBOARD_EVENTS_STAMP, DASHBOARD_HEARINGS_STAMP
from .journal import journal_sources  # noqa: F401 - a hook the core looks up by name
from .models import Event, Hearing, HearingResponse
from .personal_data import EventSignUps, HearingResponses


def nav_items(request):
    return event_nav_items(request) + hearing_nav_items(request)


def landing_blocks(now: datetime.datetime) -> list[Block]:
    return event_landing_blocks(now) + hearing_landing_blocks(now)


def dashboard_panels(request):
    return event_dashboard_panels(request) + hearing_dashboard_panels(request)


# --- Events ---------------------------------------------------------------------------------


def event_nav_items(request):
    url = nav_url("consultation:event_list")
    return [NavItem(label=_("Events"), url=url, order=20, active_prefix=url)]


def event_landing_blocks(now: datetime.datetime) -> list[Block]:
    """Upcoming events open to citizens, with a way to sign up (one query). The block changes
    with time when the first of them is over (the next one takes its place); the free seats
    change with each sign-up (signals.py bumps the front page's stamp)."""
    events = list(
        Event.objects.listed_publicly().upcoming(now).with_counts().order_by("starts_at")[:5]
    )
    if not events:
        return []
    return [
        Block(
            template="consultation/events/_landing.html",
            context={"events": events},
            order=15,
            changes_at=min(event.ends_at for event in events),
        )
    ]


def event_dashboard_panels(request):
    """Upcoming events with their sign-up counts, for the staff who run them.

    Counting the sign-ups of an event of thousands took 6 ms or more a request: the day's
    events with their counts and organisers are cached (`medborger.stamps`, stamp
    "dashboard-events", bumped when an event, its organisers or a sign-up changes; see
    consultation/counts.py), so a request makes one query (the cache) where it made the
    aggregate."""
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    candidates = stamps.cached(
        DASHBOARD_EVENTS_STAMP, today.isoformat(), lambda: _dashboard_events(today)
    )
    events = [event for event in candidates if event.ends_at >= now]
    if not user.has_perm("consultation.manage_signups"):
        events = [
            event for event in events if user.is_authenticated and user.pk in event.organiser_ids
        ]
    events = events[:10]
    if not events:
        return []
    return [
        Block(template="consultation/events/_dashboard.html", context={"events": events}, order=15)
    ]


def _dashboard_events(today) -> list[Event]:
    """Every event the dashboard may show at some moment of `today` (ordered by start), with
    its sign-up counts and its organisers' ids (`organiser_ids`), in two queries."""
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    events = list(
        Event.objects.upcoming(start_of_day)
        .only(*DASHBOARD_EVENT_FIELDS)
        .with_counts()
        .order_by("starts_at", "pk")
    )
    organisers: dict[int, set[int]] = {event.pk: set() for event in events}
    for event_id, user_id in Event.organisers.through.objects.filter(
        event_id__in=list(organisers)
    ).values_list("event_id", "user_id"):
        organisers[event_id].add(user_id)
    for event in events:
        event.organiser_ids = organisers[event.pk]
    return events


#: What the dashboard's event table shows (and what picks the events of the moment).
DASHBOARD_EVENT_FIELDS = ("pk", "title", "starts_at", "ends_at", "capacity")


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


# --- Hearings -------------------------------------------------------------------------------

#: Closed hearings stay on the front page and the dashboard this long after their deadline.
RECENT_DAYS = 90
RECENT = datetime.timedelta(days=RECENT_DAYS)


def hearing_nav_items(request):
    url = nav_url("consultation:hearing_list")
    return [NavItem(label=_("Hearings"), url=url, order=40, active_prefix=url)]


def hearing_landing_blocks(now: datetime.datetime) -> list[Block]:
    """Open hearings, and the ones closed in the last RECENT_DAYS (two queries). The block
    changes with time when a hearing opens, closes or stops being recent."""
    recent = now - RECENT
    hearings = list(
        Hearing.objects.filter(opens_at__lte=now, closes_at__gt=recent)
        .select_related("outcome")
        .order_by("closes_at")
    )
    next_opening = Hearing.objects.upcoming(now).aggregate(first=Min("opens_at"))["first"]
    moments = [next_opening] if next_opening is not None else []
    for hearing in hearings:
        moments.append(hearing.closes_at if hearing.is_open(now) else hearing.closes_at + RECENT)
    if not hearings:
        return [Block(template="", order=20, changes_at=next_opening)] if next_opening else []
    return [
        Block(
            template="consultation/hearings/_landing_hearings.html",
            context={
                "open": [h for h in hearings if h.is_open(now)],
                "closed": [h for h in hearings if h.has_closed(now)],
            },
            order=20,
            changes_at=min(moments),
        )
    ]


def hearing_dashboard_panels(request):
    """Hearing responses so far: per open or recent hearing, and every closed hearing whose
    promised report is late, with the state of its report.

    Counting the responses of a hearing of thousands took 11–18 ms a request: the hearings
    with their counts are cached for the day (`medborger.stamps`, stamp "dashboard-hearings",
    bumped when a hearing or a response is saved or deleted; consultation/signals.py), so a
    request makes one query (the cache) where it made the aggregate."""
    if not request.user.has_perm("consultation.view_internal"):
        return []
    now = timezone.now()
    today = timezone.localdate(now)
    candidates = stamps.cached(
        DASHBOARD_HEARINGS_STAMP, today.isoformat(), lambda: _dashboard_hearings(today)
    )
    recent = now - timezone.timedelta(days=RECENT_DAYS)
    hearings = [
        hearing
        for hearing in candidates
        if (hearing.opens_at <= now and hearing.closes_at > recent)
        or (
            hearing.closes_at <= now
            and hearing.report_published_at is None
            and hearing.report_promised_on is not None
            and hearing.report_promised_on < today
        )
    ]
    if not hearings:
        return []
    return [
        Block(
            template="consultation/hearings/_dashboard_hearings.html",
            context={"hearings": hearings},
            order=20,
        )
    ]


def _dashboard_hearings(today) -> list[Hearing]:
    """Every hearing the dashboard may show at some moment of `today`, with its response
    counts, in one aggregate query; `hearing_dashboard_panels` picks those of the moment."""
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    visible = ~Q(responses__status=HearingResponse.Status.SPAM)
    return list(
        Hearing.objects.filter(
            Q(closes_at__gt=start_of_day - timezone.timedelta(days=RECENT_DAYS))
            | Q(report_published_at__isnull=True, report_promised_on__lt=today)
        )
        .only(*DASHBOARD_HEARING_FIELDS)
        .annotate(
            received=Count("responses", filter=visible),
            unhandled=Count(
                "responses",
                filter=Q(
                    responses__status__in=[
                        HearingResponse.Status.NEW,
                        HearingResponse.Status.FLAGGED,
                    ]
                ),
            ),
            flagged=Count("responses", filter=Q(responses__status=HearingResponse.Status.FLAGGED)),
            unreviewed=Count(
                "responses",
                filter=visible
                & Q(responses__review_status=HearingResponse.Review.PENDING)
                & ~Q(responses__publication=HearingResponse.Publication.NOT_PUBLISHED),
            ),
        )
        .order_by("closes_at")
    )


#: What the dashboard's hearing table shows (and what its report state is worked out from).
DASHBOARD_HEARING_FIELDS = (
    *("pk", "slug", "title", "opens_at", "closes_at"),
    *("report_published_at", "report_promised_on"),
)


# --- Personal data on request ---------------------------------------------------------------


def personal_data_sources(user):
    return [EventSignUps(), HearingResponses()]


# --- Points beside the policy editor and the compare page (issue 19) ------------------------


def editor_section_points(document) -> dict:
    """The points each section of `document` still has open, by section key (one query):
    not answered by a change, and not decided as needing none."""
    from .models import Point

    points = (
        Point.objects.active()
        .filter(hearing__version__document_id=document.pk, changes__isnull=True)
        .filter(Q(disposition="") | Q(disposition__in=Point.CHANGING))
        .exclude(section_key__isnull=True)
        .select_related("response")
        .order_by("pk")
    )
    by_key: dict = {}
    for point in points:
        by_key.setdefault(point.section_key, []).append(point)
    return by_key


def version_answers(*, version, point_ids, user) -> None:
    """The editor saved `version`, saying it answers these points: record the links."""
    from .services.points import point_changes_record

    point_changes_record(version=version, point_ids=point_ids, user=user)


def compare_section_points(old, new) -> dict:
    """The points answered by the versions after `old` up to `new`, by section key."""
    from .models import PointChange

    low, high = sorted((old.number, new.number))
    changes = (
        PointChange.objects.filter(
            version__document_id=new.document_id,
            version__number__gt=low,
            version__number__lte=high,
        )
        .select_related("point__response", "version")
        .order_by("version__number", "pk")
    )
    by_key: dict = {}
    for change in changes:
        by_key.setdefault(change.section_key, []).append(change.point)
    return by_key


# --- The høringsnotat's versions in the decisions of the bodies that treat the draft ---------


def decision_report_choices(*, document_id: int) -> list[tuple[str, str]]:
    """The kept høringsnotat versions of the hearings of this document, newest first, as
    choices for a decision that treats the document."""
    from .models import ReportVersion

    versions = (
        ReportVersion.objects.filter(hearing__version__document_id=document_id)
        .select_related("hearing")
        .defer("html")
        .order_by("-created_at", "-pk")
    )
    return [
        (
            str(version.pk),
            _("Hearing report version %(number)s of “%(hearing)s” (%(date)s)")
            % {
                "number": version.number,
                "hearing": version.hearing.title,
                "date": formats.date_format(timezone.localtime(version.created_at)),
            },
        )
        for version in versions
    ]


def decision_report_link(*, decision, choice: str, user) -> bool:
    """Record that `decision` treated the høringsnotat version `choice` (a value of
    `decision_report_choices`); True if it was this app's version."""
    from django.core.exceptions import ValidationError

    from .models import DecisionReport, ReportVersion

    if not str(choice).isdigit():
        return False
    version = (
        ReportVersion.objects.filter(
            pk=int(choice), hearing__version__document_id=decision.version.document_id
        )
        .defer("html")
        .first()
    )
    if version is None:
        raise ValidationError(
            {"report_version": _("Choose a version of this document's hearing report.")}
        )
    DecisionReport.objects.update_or_create(decision=decision, defaults={"report_version": version})
    return True


def decision_report_numbers(decision_ids) -> dict:
    """{decision id: the number of the høringsnotat version it treated}, in one query."""
    from .models import DecisionReport

    return dict(
        DecisionReport.objects.filter(decision_id__in=list(decision_ids)).values_list(
            "decision_id", "report_version__number"
        )
    )
