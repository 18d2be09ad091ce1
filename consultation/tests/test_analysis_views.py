"""The staff page of the analysis: who sees it, one-click decisions, bad input, query counts."""

import pytest
from django.urls import reverse

from consultation.analysis import testdata
from consultation.models import HearingAnalysis, HearingResponse, SectionFeedback
from consultation.services.analysis import hearing_analysis_request, hearing_analysis_run
from medborger.testing.queries import assert_constant_queries

from .analysis_helpers import add_responses, labelled_hearing, section

pytestmark = pytest.mark.django_db


def analysed(hearing):
    analysis = hearing_analysis_request(hearing=hearing)
    hearing_analysis_run(analysis_id=analysis.pk)
    return hearing


def page_url(hearing) -> str:
    return reverse("consultation:hearing_analysis", args=[hearing.slug])


def test_the_page_shows_suggestions_with_confidence_and_the_controls(
    coordinator_client, coordinator
):
    hearing = analysed(labelled_hearing(limit=40, user=coordinator))
    page = coordinator_client.get(page_url(hearing), {"show": "evidence_rich"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "% sikker" in html and "Accepter" in html and "Afvis" in html
    assert "Foreslåede temaer" in html
    # Only evidence-rich responses are listed with that filter.
    listed = {r["response"].reference for r in page.context["rows"]}
    rich = set(
        HearingResponse.objects.filter(hearing=hearing, analysis__evidence_rich=True).values_list(
            "reference", flat=True
        )
    )
    assert listed == rich and listed


def test_starting_a_run_queues_it_once(coordinator_client, coordinator):
    hearing = labelled_hearing(limit=5, user=coordinator)
    first = coordinator_client.post(page_url(hearing))
    second = coordinator_client.post(page_url(hearing))

    assert first.status_code == second.status_code == 302
    analysis = HearingAnalysis.objects.get(hearing=hearing)
    assert analysis.status == HearingAnalysis.Status.QUEUED and analysis.requested_by == coordinator


def test_the_steering_group_sees_the_page_but_cannot_decide(
    client_for, steering_member, coordinator
):
    hearing = analysed(labelled_hearing(limit=10, user=coordinator))
    client = client_for(steering_member)
    response = HearingResponse.objects.filter(hearing=hearing).first()

    assert client.get(page_url(hearing)).status_code == 200
    decide = reverse("consultation:hearing_analysis_decide", args=[hearing.slug, response.pk])
    assert (
        client.post(decide, {"section": section(hearing, 1).pk, "decision": "accept"}).status_code
        == 403
    )
    assert not SectionFeedback.objects.exists()


def test_one_click_accepts_a_section(coordinator_client, coordinator):
    hearing = analysed(labelled_hearing(limit=10, user=coordinator))
    response = HearingResponse.objects.get(hearing=hearing, text__startswith="Der mangler bænke")
    decide = reverse("consultation:hearing_analysis_decide", args=[hearing.slug, response.pk])

    answer = coordinator_client.post(
        decide, {"section": section(hearing, 6).pk, "decision": "accept"}
    )

    assert answer.status_code == 302 and answer["Location"].endswith(f"#svar-{response.pk}")
    assert list(response.sections.all()) == [section(hearing, 6)]
    assert SectionFeedback.objects.get(response=response).decided_by == coordinator


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"section": "abc", "decision": "accept"},
        {"section": "99999999999999999999", "decision": "accept"},
        {"section": "1", "decision": "maybe"},
        {"section": "\x00", "decision": "accept"},
    ],
)
def test_bad_decisions_change_nothing_and_never_fail(coordinator_client, coordinator, data):
    hearing = labelled_hearing(limit=3, user=coordinator)
    response = HearingResponse.objects.filter(hearing=hearing).first()
    decide = reverse("consultation:hearing_analysis_decide", args=[hearing.slug, response.pk])

    answer = coordinator_client.post(decide, data)

    assert answer.status_code == 302
    assert not SectionFeedback.objects.exists() and not response.sections.exists()


def test_a_section_of_another_version_is_refused(coordinator_client, coordinator):
    hearing = labelled_hearing(limit=3, user=coordinator)
    other = labelled_hearing(limit=1, user=coordinator)
    response = HearingResponse.objects.filter(hearing=hearing).first()
    decide = reverse("consultation:hearing_analysis_decide", args=[hearing.slug, response.pk])

    coordinator_client.post(decide, {"section": section(other, 1).pk, "decision": "accept"})

    assert not response.sections.exists()


def test_adopting_a_theme_without_a_name_is_refused_with_a_message(coordinator_client, coordinator):
    hearing = analysed(labelled_hearing(limit=60, user=coordinator))
    theme_id = HearingAnalysis.objects.get(hearing=hearing).themes[0]["id"]
    url = reverse("consultation:hearing_analysis_theme", args=[hearing.slug])

    answer = coordinator_client.post(url, {"theme": theme_id, "name": "  "}, follow=True)

    assert "Giv temaet et navn" in answer.content.decode()
    assert not hearing.themes.exists()
    answer = coordinator_client.post(url, {"theme": theme_id, "name": "Bænke og lys"})
    assert hearing.themes.get().name == "Bænke og lys"


def test_the_page_keeps_its_query_count_as_responses_grow(coordinator_client, coordinator):
    hearing = labelled_hearing(limit=0, user=coordinator)
    labelled = testdata.responses()

    def grow(n):
        have = HearingResponse.objects.filter(hearing=hearing).count()
        add_responses(hearing, labelled[have:n], start=have)
        analysed(hearing)

    # session, user with their roles, the hearing (fetched once, for the permission check and
    # the view), the analysis, the sections, the count of the page, the page with each
    # response's analysis, their sections, their feedback, and the staff themes.
    count = assert_constant_queries(
        coordinator_client, page_url(hearing), grow=grow, small=10, large=120
    )
    assert count == 10


def test_the_export_carries_the_suggestions(client_for, superuser, coordinator):
    hearing = analysed(labelled_hearing(limit=60, user=coordinator))
    export = client_for(superuser).get(
        reverse("consultation:hearing_export", args=[hearing.slug, "csv"])
    )
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    header, *rows = text.splitlines()

    for column in (
        "Foreslåede afsnit",
        "Kampagne",
        "Uden for emnet",
        "Rig på dokumentation",
        "Sprog",
    ):
        assert column in header
    assert any("Byrum, natur og mødesteder" in row for row in rows)
