"""The points list and a point's page show the analysis's suggested section with its
confidence; staff accept it with one click or correct it; bad input never fails."""

import pytest
from django.urls import reverse

from consultation.large import bulk_responses
from consultation.models import Point, SectionFeedback
from consultation.services.analysis import hearing_analysis_request, hearing_analysis_run
from consultation.services.points import points_collect
from medborger.testing.queries import assert_constant_queries
from policy.models import Section

from .analysis_helpers import labelled_hearing, section
from .hearing_helpers import make_hearing

pytestmark = pytest.mark.django_db


def analysed_points(user, limit=40):
    hearing = labelled_hearing(limit=limit, user=user)
    points_collect(hearing=hearing, user=user)
    hearing_analysis_run(analysis_id=hearing_analysis_request(hearing=hearing).pk)
    return hearing


def wheelchair(hearing) -> Point:
    return Point.objects.get(hearing=hearing, response__text__startswith="Jeg sidder i kørestol")


def decide_url(hearing, point) -> str:
    return reverse("consultation:hearing_point_section", args=[hearing.slug, point.pk])


def test_the_list_shows_each_points_suggestion_with_confidence(coordinator_client, coordinator):
    hearing = analysed_points(coordinator)
    page = coordinator_client.get(reverse("consultation:hearing_points", args=[hearing.slug]))

    html = page.content.decode()
    assert page.status_code == 200
    heading = section(hearing, 9).heading
    assert f"Forslag: § 9 {heading} (95 %)" in html
    assert html.count('name="section"') >= 2 * Point.objects.filter(hearing=hearing).count() - 5
    assert "Ret" in html and "Accepter" in html


def test_one_click_accepts_the_suggestion_and_returns_to_the_row(coordinator_client, coordinator):
    hearing = analysed_points(coordinator)
    point = wheelchair(hearing)
    nine = section(hearing, 9)

    answer = coordinator_client.post(
        decide_url(hearing, point),
        {"section": nine.pk, "back": "list", "vis": "aabne", "side": "1"},
    )

    assert answer.status_code == 302
    assert answer["Location"] == (
        reverse("consultation:hearing_points", args=[hearing.slug])
        + f"?vis=aabne&side=1#punkt-{point.pk}"
    )
    point.refresh_from_db()
    assert point.section_key == nine.key
    assert SectionFeedback.objects.get(point=point).decided_by == coordinator
    after = coordinator_client.get(answer["Location"]).content.decode()
    assert "Punktet handler nu om" in after and "Afsnittet er bekræftet af en medarbejder" in after


def test_correcting_to_another_section_or_the_whole_document(coordinator_client, coordinator):
    hearing = analysed_points(coordinator)
    point = wheelchair(hearing)
    two = section(hearing, 2)

    answer = coordinator_client.post(decide_url(hearing, point), {"section": two.pk})
    assert answer.status_code == 302 and answer["Location"].endswith(f"/punkter/{point.pk}/")
    point.refresh_from_db()
    assert point.section_key == two.key

    coordinator_client.post(decide_url(hearing, point), {"section": "hele"})
    point.refresh_from_db()
    assert point.section_key is None
    assert not SectionFeedback.objects.filter(point=point, accepted=True).exists()


@pytest.mark.parametrize(
    "data", [{}, {"section": ""}, {"section": "x"}, {"section": "9" * 40}, {"section": "-1"}]
)
def test_bad_input_changes_nothing_and_never_fails(coordinator_client, coordinator, data):
    hearing = analysed_points(coordinator, limit=10)
    point = Point.objects.filter(hearing=hearing).first()
    answer = coordinator_client.post(decide_url(hearing, point), data, follow=True)
    assert answer.status_code == 200
    assert "Vælg et afsnit i den version, der er i høring." in answer.content.decode()
    point.refresh_from_db()
    assert point.section_key is None and not SectionFeedback.objects.exists()


def test_a_section_of_another_hearing_is_refused(coordinator_client, coordinator):
    hearing = analysed_points(coordinator, limit=10)
    point = Point.objects.filter(hearing=hearing).first()
    other = Section.objects.filter(version=make_hearing(user=coordinator).version).first()
    coordinator_client.post(decide_url(hearing, point), {"section": other.pk})
    point.refresh_from_db()
    assert point.section_key is None and not SectionFeedback.objects.exists()


def test_only_who_may_moderate_can_decide(client_for, steering_member, forum_member, coordinator):
    hearing = analysed_points(coordinator, limit=10)
    point = Point.objects.filter(hearing=hearing).first()
    steering = client_for(steering_member)
    listing = steering.get(reverse("consultation:hearing_points", args=[hearing.slug]))
    assert listing.status_code == 200 and "Forslag: §" in listing.content.decode()
    assert "Ret<span" not in listing.content.decode()
    one = section(hearing, 1).pk
    assert steering.post(decide_url(hearing, point), {"section": one}).status_code == 403
    assert (
        client_for(forum_member).post(decide_url(hearing, point), {"section": one}).status_code
        == 403
    )
    point.refresh_from_db()
    assert point.section_key is None


def test_the_points_page_shows_the_suggestion(coordinator_client, coordinator):
    hearing = analysed_points(coordinator)
    point = wheelchair(hearing)
    page = coordinator_client.get(
        reverse("consultation:hearing_point", args=[hearing.slug, point.pk])
    )
    assert page.status_code == 200
    assert f"Forslag: § 9 {section(hearing, 9).heading} (95 %)" in page.content.decode()


def test_the_list_with_suggestions_keeps_its_query_count(coordinator_client, coordinator):
    hearing = analysed_points(coordinator, limit=10)
    url = reverse("consultation:hearing_points", args=[hearing.slug])
    first = section(hearing, 1)

    def grow(n):
        bulk_responses(hearing, n, sections=[first])
        points_collect(hearing=hearing, user=coordinator)
        hearing_analysis_run(analysis_id=hearing_analysis_request(hearing=hearing).pk)

    # session, user with their roles, hearing, counts, page count, the hearing version's
    # sections (once, for the groups and the correct menus), points with their suggestion and
    # whether staff decided the section, merged points, linked changes, publication problems
    queries = assert_constant_queries(coordinator_client, url, grow=grow, small=20, large=250)
    assert queries == 10
