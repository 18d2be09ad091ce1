"""Counts over many rows kept in the cache under named stamps (see `medborger.stamps`), and
the bumps that keep them current.

Every write that changes a hearing's responses or an event's sign-ups bumps the stamps here:
the models' save and delete signals (consultation/signals.py) and each bulk write that sends
no signal (`update()`, `bulk_create()`, raw SQL) calls `responses_changed()` or
`signups_changed()` itself."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from medborger import stamps

#: The dashboard's hearings with their response counts (consultation.hooks).
DASHBOARD_HEARINGS_STAMP = "dashboard-hearings"
#: The number of responses of each hearing shown by the pagers of the public list, the staff
#: list and the analysis page.
RESPONSE_COUNTS_STAMP = "hearing-response-counts"
#: The dashboard's upcoming events with their sign-up counts (consultation.hooks).
DASHBOARD_EVENTS_STAMP = "dashboard-events"


def responses_changed() -> None:
    """A hearing response was added, changed or deleted."""
    stamps.bump(DASHBOARD_HEARINGS_STAMP, RESPONSE_COUNTS_STAMP)


def signups_changed() -> None:
    """An event, its organisers or a sign-up was added, changed or deleted."""
    stamps.bump(DASHBOARD_EVENTS_STAMP)


def response_count(hearing_id: int, kind: str, responses: QuerySet) -> int:
    """`responses.count()`, cached until a response changes; `kind` names what `responses`
    selects among the hearing's responses ("public", "visible")."""
    return stamps.cached(RESPONSE_COUNTS_STAMP, f"{hearing_id}:{kind}", responses.count)


def page_with_count(
    object_list: QuerySet, per_page: int, number: str | None, count: int | None = None
) -> Page:
    """`Paginator(object_list, per_page).get_page(number)`, with the number of items `count`
    when it is known (a cached count) instead of counting them again."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, not counted
    return paginator.get_page(number)
