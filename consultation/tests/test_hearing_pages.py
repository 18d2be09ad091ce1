import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import HearingResponse
from consultation.services.hearings import response_review
from medborger.testing.queries import assert_constant_queries

from .hearing_helpers import bulk_responses, make_hearing, submit

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_the_version_section_by_section_with_anchors(client, coordinator):
    hearing = make_hearing(user=coordinator)
    html = client.get(reverse("consultation:hearing_detail", args=[hearing.slug])).content.decode()
    for section in hearing.version.sections.all():
        assert f'id="{section.anchor}"' in html
        assert f'href="#{section.anchor}"' in html
        assert section.heading in html
    assert "Frist for svar" in html
    assert 'name="consent"' in html and 'name="email_repeat"' in html
    assert 'class="hp-field"' in html
    assert "Svar offentliggøres efter høringen." in html


@pytest.mark.parametrize("state", ["upcoming", "closed"])
def test_outside_the_window_no_form_is_offered(client, coordinator, state):
    hearing = make_hearing(user=coordinator, state=state)
    html = client.get(reverse("consultation:hearing_detail", args=[hearing.slug])).content.decode()
    assert 'name="consent"' not in html
    assert ("Høringen lukkede" if state == "closed" else "Høringen åbner") in html


def test_the_list_sorts_hearings_by_state(client, coordinator):
    open_ = make_hearing(user=coordinator, state="open")
    closed = make_hearing(user=coordinator, state="closed")
    html = client.get(reverse("consultation:hearing_list")).content.decode()
    assert html.index(open_.title) < html.index("Afsluttede høringer") < html.index(closed.title)


def test_the_landing_page_and_navigation_lead_to_open_hearings(client, coordinator):
    hearing = make_hearing(user=coordinator)
    html = client.get(reverse("landing")).content.decode()
    assert reverse("consultation:hearing_detail", args=[hearing.slug]) in html
    assert f'href="{reverse("consultation:hearing_list")}"' in html


def test_the_dashboard_shows_hearing_responses_so_far(coordinator_client, coordinator, client):
    hearing = make_hearing(user=coordinator)
    submit(hearing)
    submit(hearing, text="Et helt andet svar om cykelstier og trafik.")
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Høringssvar indtil nu" in html
    assert hearing.title in html


def test_the_dashboard_shows_a_hearing_whose_promised_report_is_late(
    coordinator_client, coordinator
):
    import datetime

    from consultation.models import Hearing

    late = make_hearing(user=coordinator, state="closed")
    on_time = make_hearing(user=coordinator, state="closed")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    # Closed long ago (outside the panel's recent window), its report still not published.
    Hearing.objects.filter(pk=late.pk).update(
        opens_at=long_ago - datetime.timedelta(days=30),
        closes_at=long_ago,
        report_promised_on=timezone.localdate(long_ago) + datetime.timedelta(days=30),
    )
    Hearing.objects.filter(pk=on_time.pk).update(
        report_promised_on=timezone.localdate() + datetime.timedelta(days=10)
    )
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    row = html[html.index(late.title) :].split("</tr>")[0]
    assert "Forsinket" in row and reverse("consultation:hearing_points", args=[late.slug]) in row
    other = html[html.index(on_time.title) :].split("</tr>")[0]
    assert "Forsinket" not in other and "Lovet senest" in other


def test_the_dashboard_panel_is_for_revision_staff_only(forum_member_client, coordinator):
    make_hearing(user=coordinator)
    html = forum_member_client.get(reverse("dashboard")).content.decode()
    assert "Høringssvar indtil nu" not in html


def test_published_responses_honour_each_choice_and_never_show_e_mail(client, coordinator):
    hearing = make_hearing(user=coordinator)
    named = submit(hearing, name="Åse Named", text="Skriv til mig på ase@example.org om bænke.")
    anonymous = submit(
        hearing, name="Bent Hidden", publication="anonymous", text="Mere lys på stierne."
    )
    withheld = submit(
        hearing,
        name="Carl Secret",
        publication="not_published",
        publication_reason="Privat",
        text="Noget helt tredje om skolerne i byen.",
    )
    unreviewed = submit(hearing, name="Dorte Pending", text="Flere træer ved søen i parken.")
    for response in (named, anonymous):
        response_review(response=response, user=coordinator, publish=True)
    url = reverse("consultation:hearing_public_responses", args=[hearing.slug])
    assert client.get(url).status_code == 404  # not before the deadline

    hearing.closes_at = hearing.opens_at + (hearing.closes_at - hearing.opens_at) / 1000
    hearing.save()
    html = client.get(url).content.decode()
    assert "Åse Named" in html
    assert "Bent Hidden" not in html and "Mere lys på stierne." in html
    assert "Anonym (en privatperson)" in html
    assert "Carl Secret" not in html and "skolerne" not in html
    assert unreviewed.text not in html
    assert "ase@example.org" not in html and "karin@example.org" not in html
    assert "[e-mailadresse fjernet]" in html
    assert withheld.review_status == HearingResponse.Review.PENDING


def test_the_public_list_has_a_constant_query_count(client, coordinator):
    hearing = make_hearing(user=coordinator, state="closed")
    section = hearing.version.sections.first()
    approved = HearingResponse.objects.filter(hearing=hearing)

    def grow(count):
        bulk_responses(hearing, count, sections=[section])
        approved.update(review_status=HearingResponse.Review.APPROVED)

    url = reverse("consultation:hearing_public_responses", args=[hearing.slug])
    queries = assert_constant_queries(client, url, grow=grow, small=5, large=120)
    # hearing, whether its report is published, count, page of responses with copy counts,
    # their sections (no session: the visitor is anonymous and has none).
    assert queries == 5
