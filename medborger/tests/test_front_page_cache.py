"""The front page's blocks are rendered once per language and day and cached under the stamp
`stamps.FRONT_PAGE` (medborger.views.landing): every change of what they show is on the next
request, every visitor shares them but sees their own header, and languages do not mix.

The tests commit (`transaction=True`): a stamp is bumped when the change's transaction commits.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from medborger import views

URL = reverse("landing")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def builds(monkeypatch):
    """How many times the page's blocks were rendered (not read from the cache)."""
    made = []
    build = views._landing_blocks
    monkeypatch.setattr(views, "_landing_blocks", lambda now: made.append(1) or build(now))
    return made


def page(client, **headers) -> str:
    return client.get(URL, **headers).content.decode()


def test_the_blocks_are_rendered_once_while_nothing_changes(client, builds):
    from consultation.tests.event_factories import EventFactory

    EventFactory(title="Borgermøde i hallen")
    assert "Borgermøde i hallen" in page(client)
    assert "Borgermøde i hallen" in page(client)
    assert len(builds) == 1


def test_an_event_and_its_free_seats_change_on_the_next_request(client, builds):
    from consultation.tests.event_factories import EventFactory, SignUpFactory

    event = EventFactory(title="Borgermøde i hallen", capacity=2)
    assert "2 ledige pladser" in page(client)

    event.title = "Dialogmøde i hallen"
    event.save()
    html = page(client)
    assert "Dialogmøde i hallen" in html and "Borgermøde i hallen" not in html

    SignUpFactory(event=event)
    assert "1 ledig plads" in page(client)
    event.delete()
    assert "Dialogmøde i hallen" not in page(client)
    assert len(builds) == 4


def test_an_event_leaves_the_page_when_it_is_over(client, builds, monkeypatch):
    from consultation.tests.event_factories import EventFactory

    start = timezone.now() + datetime.timedelta(hours=1)
    EventFactory(title="Aftenmøde", starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    assert "Aftenmøde" in page(client)
    assert "Aftenmøde" in page(client)
    later = start + datetime.timedelta(hours=1, minutes=1)  # the same day or the next: no matter
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Aftenmøde" not in page(client)
    assert len(builds) == 2


def test_a_hearing_shows_when_it_opens_and_when_its_dates_change(client, coordinator, monkeypatch):
    from consultation.services.hearings import hearing_update
    from consultation.tests.hearing_helpers import make_hearing

    hearing = make_hearing(user=coordinator, state="upcoming", title="Høring om stier")
    detail = f'href="{reverse("consultation:hearing_detail", args=[hearing.slug])}"'
    assert detail not in page(client)

    opened = hearing.opens_at + datetime.timedelta(minutes=1)
    with monkeypatch.context() as patched:
        patched.setattr(timezone, "now", lambda: opened)
        assert detail in page(client)  # it opened: no write, the moment was known

    hearing_update(
        hearing=hearing, user=coordinator, opens_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert detail in page(client)  # opened early by the coordinator
    hearing_update(
        hearing=hearing, user=coordinator, closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    html = page(client)
    assert detail not in html
    assert reverse("consultation:hearing_public_responses", args=[hearing.slug]) in html


def test_a_published_hearing_report_shows_on_the_next_request(client, coordinator):
    from consultation.models import HearingOutcome
    from consultation.tests.hearing_helpers import make_hearing

    hearing = make_hearing(user=coordinator, state="closed")
    outcome_url = reverse("consultation:hearing_outcome", args=[hearing.slug])
    assert outcome_url not in page(client)
    HearingOutcome.objects.update_or_create(
        hearing=hearing, defaults={"report_published_at": timezone.now()}
    )
    assert outcome_url in page(client)


def test_a_documents_status_and_title_show_on_the_next_request(client, coordinator):
    from policy.models import Document
    from policy.tests.document_factories import make_document, save_version

    document = make_document(title="Medborgerpolitik", status=Document.Status.ADOPTED)
    assert "Medborgerpolitik" not in page(client)  # no version citizens may read yet
    save_version(document, coordinator, [("A", "<p>a</p>")])
    assert "Medborgerpolitik" in page(client)

    document.refresh_from_db()
    document.title = "Medborgerpolitik 2027"
    document.save()
    assert "Medborgerpolitik 2027" in page(client)
    document.status = Document.Status.DRAFT
    document.save()
    assert "Medborgerpolitik" not in page(client)


def test_a_forums_name_shows_on_the_next_request(client):
    from forum.tests.factories import ForumFactory

    forum = ForumFactory(name="Medborgerforum 2022-2025")
    assert "Medborgerforum 2022-2025" in page(client)
    forum.name = "Borgerrådet 2022-2025"
    forum.save()
    html = page(client)
    assert "Borgerrådet 2022-2025" in html and "Medborgerforum 2022-2025" not in html
    forum.delete()
    assert "Borgerrådet 2022-2025" not in page(client)


def test_a_milestone_shows_on_the_next_request(client):
    from policy.models import Milestone, PolicyRevision

    revision = PolicyRevision.objects.create(title="Revision af idrætspolitikken", slug="r")
    milestone = Milestone.objects.create(
        revision=revision,
        title="Borgermøde",
        position=1,
        starts_on=timezone.localdate(),
        date_precision="day",
    )
    assert "Borgermøde" in page(client)
    milestone.title = "Dialogmøde"
    milestone.save()
    html = page(client)
    assert "Dialogmøde" in html and "Borgermøde" not in html


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_two_users_share_the_blocks_but_each_sees_their_own_header(
    client_for, coordinator, forum_member, builds
):
    from forum.tests.factories import ForumFactory

    ForumFactory(name="Medborgerforum 2022-2025")
    first, second = client_for(coordinator), client_for(forum_member)
    mine, theirs = page(first), page(second)
    assert "Medborgerforum 2022-2025" in mine and "Medborgerforum 2022-2025" in theirs
    assert len(builds) == 1  # the second user read the blocks the first one's request rendered
    assert f"Logget ind som {coordinator}" in mine and str(coordinator) not in theirs
    assert f"Logget ind som {forum_member}" in theirs and str(forum_member) not in mine
    # The log-out form's token is made per request (a cached header would repeat it).
    again = page(first)
    assert csrf_tokens(mine) and set(csrf_tokens(mine)).isdisjoint(csrf_tokens(again))


def test_the_languages_do_not_mix(client, client_for, builds):
    from consultation.tests.event_factories import EventFactory

    EventFactory(title="Borgermøde i hallen")
    danish = page(client, HTTP_ACCEPT_LANGUAGE="da")
    english = page(client_for(None), HTTP_ACCEPT_LANGUAGE="en")
    assert "Møder, du kan deltage i" in danish and "Meetings you can join" not in danish
    assert "Meetings you can join" in english and "Møder, du kan deltage i" not in english
    assert "Møder, du kan deltage i" in page(client_for(None), HTTP_ACCEPT_LANGUAGE="da")
    assert "Meetings you can join" in page(client_for(None), HTTP_ACCEPT_LANGUAGE="en")
    assert len(builds) == 2  # one per language


def test_the_query_count_does_not_grow_with_what_the_page_shows(client):
    from consultation.tests.event_factories import EventFactory
    from forum.tests.factories import ForumFactory
    from medborger.testing.queries import assert_constant_queries

    def grow(count):
        for n in range(count - len(made)):
            made.append(EventFactory(title=f"Møde {len(made)}"))
            ForumFactory(name=f"Forum {len(made)}", slug=f"forum-{len(made)}-{n}")

    made: list = []
    queries = assert_constant_queries(client, URL, grow=grow, small=2, large=12, warm=True)
    # The blocks from the cache (one get_many of the stamp and the value): nothing else for an
    # anonymous visitor.
    assert queries == 1
