"""The counts over many rows that are cached under stamps (consultation/counts.py): the pagers'
response counts of the public list, the staff list and the analysis page, and the dashboard's
sign-up counts. Each is read from the cache while nothing changes, and every kind of write that
changes it (through a service, the models or a bulk writer) shows on the next request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation import counts
from consultation.large import bulk_responses, signup_rows
from consultation.models import HearingResponse, SignUp
from consultation.services import events as event_services
from consultation.services.events import SignUpData
from consultation.services.hearing_privacy import hearing_anonymise, response_data_erase
from consultation.services.hearings import response_process, response_review

from .event_factories import EventFactory, SignUpFactory
from .hearing_helpers import make_hearing, submit

pytestmark = pytest.mark.django_db

Status, Review, Publication = (
    HearingResponse.Status,
    HearingResponse.Review,
    HearingResponse.Publication,
)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (the stamps are deleted on commit). Called
    once with nothing first: what the fixtures wrote counts as committed, so the cache is read
    from then on, as in production."""

    def run(change=None):
        with django_capture_on_commit_callbacks(execute=True):
            if change is None:
                counts.responses_changed()
                counts.signups_changed()
            else:
                change()

    return run


def shown(client, url) -> tuple[int, list[str]]:
    """The pager's count on the page, and the SQL of the request."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    count = page.context["page"].paginator.count
    return count, [query["sql"] for query in queries.captured_queries]


def counted(sql: list[str]) -> bool:
    return any(statement.startswith("SELECT COUNT(*)") for statement in sql)


def assert_cached(client, url, expected: int) -> None:
    """Shows `expected`, then shows it again from the cache, without counting."""
    assert shown(client, url)[0] == expected
    count, sql = shown(client, url)
    assert count == expected and not counted(sql), sql


# --- The staff list and the analysis page ---------------------------------------------------


@pytest.fixture
def open_hearing(coordinator, commit):
    hearing = make_hearing(user=coordinator)
    bulk_responses(hearing, 3)
    commit()
    return hearing


def staff_urls(hearing):
    return [
        reverse("consultation:hearing_responses", args=[hearing.slug]),
        reverse("consultation:hearing_analysis", args=[hearing.slug]),
    ]


def test_the_staff_pages_count_from_the_cache_and_a_filter_counts_afresh(
    coordinator_client, open_hearing
):
    for url in staff_urls(open_hearing):
        assert_cached(coordinator_client, url, 3)
    filtered, sql = shown(coordinator_client, staff_urls(open_hearing)[0] + "?status=spam")
    assert filtered == 0 and counted(sql)


def test_a_new_response_is_counted_on_the_next_request(coordinator_client, open_hearing, commit):
    for url in staff_urls(open_hearing):
        assert_cached(coordinator_client, url, 3)
    commit(lambda: submit(open_hearing))
    for url in staff_urls(open_hearing):
        assert_cached(coordinator_client, url, 4)


def test_marking_spam_and_deleting_change_the_count(
    coordinator_client, coordinator, open_hearing, commit
):
    first, second = HearingResponse.objects.filter(hearing=open_hearing)[:2]
    for url in staff_urls(open_hearing):
        assert_cached(coordinator_client, url, 3)
    commit(
        lambda: response_process(
            response=first,
            user=coordinator,
            status=Status.SPAM,
            themes=[],
            admin_comment="",
            leads_to_change=False,
        )
    )
    for url in staff_urls(open_hearing):
        assert_cached(coordinator_client, url, 2)
    commit(second.delete)
    for url in staff_urls(open_hearing):
        assert_cached(coordinator_client, url, 1)


def test_a_bulk_writer_changes_the_count(coordinator_client, open_hearing, commit):
    for url in staff_urls(open_hearing):
        assert_cached(coordinator_client, url, 3)
    commit(lambda: bulk_responses(open_hearing, 7))  # bulk_create: no signals
    for url in staff_urls(open_hearing):
        assert_cached(coordinator_client, url, 7)


# --- The public list ------------------------------------------------------------------------


@pytest.fixture
def closed_hearing(coordinator, commit):
    hearing = make_hearing(user=coordinator, state="closed")
    bulk_responses(hearing, 4, review_status=Review.APPROVED, publication=Publication.WITH_NAME)
    commit()
    return hearing


def public_url(hearing):
    return reverse("consultation:hearing_public_responses", args=[hearing.slug])


def test_the_public_list_counts_from_the_cache(client, closed_hearing):
    assert_cached(client, public_url(closed_hearing), 4)


def test_approval_and_a_changed_publication_change_the_public_count(
    client, coordinator, closed_hearing, commit
):
    pending = HearingResponse.objects.filter(hearing=closed_hearing).first()
    HearingResponse.objects.filter(pk=pending.pk).update(review_status=Review.PENDING)
    commit()  # as a bulk writer does after update()
    pending.refresh_from_db()
    assert_cached(client, public_url(closed_hearing), 3)
    commit(lambda: response_review(response=pending, user=coordinator, publish=True))
    assert_cached(client, public_url(closed_hearing), 4)

    def withdraw():
        pending.publication = Publication.NOT_PUBLISHED
        pending.save()

    commit(withdraw)
    assert_cached(client, public_url(closed_hearing), 3)


def test_a_copy_grouped_by_a_bulk_update_leaves_the_public_count(client, closed_hearing, commit):
    head, copy = HearingResponse.objects.filter(hearing=closed_hearing).order_by("pk")[:2]
    assert_cached(client, public_url(closed_hearing), 4)

    def group():  # as consultation/large.py and bench/points.py group copies
        HearingResponse.objects.filter(pk=copy.pk).update(copy_of_id=head.pk)
        counts.responses_changed()

    commit(group)
    assert_cached(client, public_url(closed_hearing), 3)


@pytest.mark.parametrize("how", ["hearing", "request"])
def test_anonymising_responses_bumps_the_counts(client, coordinator, closed_hearing, commit, how):
    """Anonymising changes no count by itself; a count that changed without a bump (here a bare
    update()) is therefore put right by it: the page counts afresh after it."""
    assert_cached(client, public_url(closed_hearing), 4)
    gone = HearingResponse.objects.filter(hearing=closed_hearing).first()
    HearingResponse.objects.filter(pk=gone.pk).update(status=Status.SPAM)  # no bump
    assert_cached(client, public_url(closed_hearing), 4)  # still the cached count
    if how == "hearing":
        commit(lambda: hearing_anonymise(hearing=closed_hearing, user=coordinator))
    else:
        email = HearingResponse.objects.filter(hearing=closed_hearing).values_list(
            "email", flat=True
        )[0]
        commit(lambda: response_data_erase(email=email, user=coordinator))
    assert_cached(client, public_url(closed_hearing), 3)


# --- The dashboard's events -----------------------------------------------------------------


def signed_up(client, title) -> tuple[int, int, list[str]]:
    """The dashboard's counts for event `title`: signed up, waiting; and the SQL."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("dashboard")).content.decode()
    found = re.search(
        re.escape(title) + r"</a></td>\s*<td>[^<]*</td>\s*<td>(\d+)[^<]*</td>\s*<td>(\d+)</td>",
        page,
    )
    assert found, page
    sql = [query["sql"] for query in queries.captured_queries]
    return int(found[1]), int(found[2]), sql


def assert_signed_up(client, title, confirmed: int, waiting: int = 0) -> None:
    assert signed_up(client, title)[:2] == (confirmed, waiting)
    *shown_counts, sql = signed_up(client, title)
    assert shown_counts == [confirmed, waiting]
    assert not any("consultation_signup" in statement for statement in sql), sql


@pytest.fixture
def event(commit):
    event = EventFactory(title="Borgermøde om lys", capacity=2)
    SignUpFactory(event=event)
    commit()
    return event


def test_a_new_and_a_cancelled_sign_up_change_the_dashboard(coordinator_client, event, commit):
    assert_signed_up(coordinator_client, event.title, 1)
    data = SignUpData(name="Borger Ny", email="ny@example.org")
    made = []

    def sign_up():
        signup = event_services.signup_create(event=event, data=data)
        made.append(event_services.signup_confirm(signup=signup))

    commit(sign_up)
    assert_signed_up(coordinator_client, event.title, 2)
    commit(lambda: event_services.signup_create(event=event, data=SignUpData("Tredje", "3@a.dk")))
    commit(lambda: event_services.signup_confirm(signup=SignUp.objects.get(email="3@a.dk")))
    assert_signed_up(coordinator_client, event.title, 2, waiting=1)
    commit(lambda: event_services.signup_cancel(signup=made[0]))  # the waiting one moves up
    assert_signed_up(coordinator_client, event.title, 2, waiting=0)


def test_bulk_sign_ups_and_anonymising_bump_the_dashboard(coordinator_client, event, commit):
    assert_signed_up(coordinator_client, event.title, 1)

    def bulk():  # as consultation/large.py and bench/events_bench.py fill an event
        SignUp.objects.bulk_create(signup_rows(event, 3))
        counts.signups_changed()

    commit(bulk)
    total = SignUp.objects.filter(event=event, status=SignUp.Status.CONFIRMED).count()
    assert total > 1
    assert_signed_up(coordinator_client, event.title, total)
    SignUp.objects.filter(event=event).update(status=SignUp.Status.WAITING)  # no bump
    assert_signed_up(coordinator_client, event.title, total)  # still the cached count
    commit(lambda: event_services.signups_anonymise(signups=SignUp.objects.filter(event=event)))
    assert_signed_up(coordinator_client, event.title, 0, waiting=total)


def test_an_organiser_sees_the_event_once_added(steering_member, client_for, event, commit):
    """The steering group sees on the dashboard only the events it organises."""
    organiser = client_for(steering_member)
    page = organiser.get(reverse("dashboard")).content.decode()
    assert event.title not in page
    commit(lambda: event.organisers.add(steering_member))
    assert_signed_up(organiser, event.title, 1)
    commit(lambda: event.delete())
    assert event.title not in organiser.get(reverse("dashboard")).content.decode()
