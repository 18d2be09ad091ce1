from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medborger.hooks import Block, NavItem

from .models import Hearing, HearingResponse

#: Closed hearings stay on the front page and the dashboard this long after their deadline.
RECENT_DAYS = 90


def nav_items(request):
    return [
        NavItem(
            label=_("Hearings"),
            url=reverse("consultation:hearing_list"),
            order=40,
            active_prefix=reverse("consultation:hearing_list"),
        )
    ]


def landing_blocks(request):
    now = timezone.now()
    recent = now - timezone.timedelta(days=RECENT_DAYS)
    hearings = list(
        Hearing.objects.filter(opens_at__lte=now, closes_at__gt=recent).order_by("closes_at")
    )
    if not hearings:
        return []
    return [
        Block(
            template="consultation/hearings/_landing_hearings.html",
            context={
                "open": [h for h in hearings if h.is_open(now)],
                "closed": [h for h in hearings if h.has_closed(now)],
            },
            order=20,
        )
    ]


def dashboard_panels(request):
    """Hearing responses so far: per open or recent hearing, one aggregate query."""
    if not request.user.has_perm("consultation.view_internal"):
        return []
    now = timezone.now()
    visible = ~Q(responses__status=HearingResponse.Status.SPAM)
    hearings = list(
        Hearing.objects.filter(
            opens_at__lte=now, closes_at__gt=now - timezone.timedelta(days=RECENT_DAYS)
        )
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
    if not hearings:
        return []
    return [
        Block(
            template="consultation/hearings/_dashboard_hearings.html",
            context={"hearings": hearings},
            order=20,
        )
    ]
