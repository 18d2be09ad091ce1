"""The points pages: staff list, disposition, split, publication; the public outcome page and a
respondent's own page; the høringsnotat."""

import io
import re

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultation.large import bulk_responses
from consultation.models import Point, PointChange
from consultation.services.hearing_privacy import response_data_erase
from consultation.services.points import (
    hearing_feedback_publish,
    point_changes_record,
    point_decide,
    points_collect,
)
from consultation.tasks import send_hearing_feedback
from medborger.models import OutboundEmail
from medborger.testing.queries import assert_constant_queries
from policy.models import Stakeholder
from policy.services import SectionInput, version_save

from .point_helpers import hearing_with_points

pytestmark = pytest.mark.django_db


def decide_all(hearing, user, disposition="noted"):
    for point in Point.objects.active().filter(hearing=hearing, disposition=""):
        point_decide(
            point=point,
            user=user,
            lock_version=point.lock_version,
            summary=f"Resumé {point.pk}",
            disposition=disposition,
            reason="Fordi.",
        )


def answer_in_next_version(hearing, user, point):
    document = hearing.version.document
    document.refresh_from_db()
    sections = list(document.current_version.sections.all())
    version = version_save(
        document=document,
        sections=[
            SectionInput(
                s.heading,
                s.body + ("<p>Flere mødesteder.</p>" if s.key == point.section_key else ""),
                s.key,
            )
            for s in sections
        ],
        user=user,
        base_number=document.current_version.number,
    )
    point_changes_record(version=version, point_ids=[point.pk], user=user)
    return version


def published(coordinator):
    hearing, sections, citizen, association = hearing_with_points(coordinator)
    point = citizen.points.get()
    answer_in_next_version(hearing, coordinator, point)
    point_decide(
        point=point,
        user=coordinator,
        lock_version=point.lock_version,
        summary="Flere mødesteder",
        disposition="met",
        reason="Vi er enige.",
    )
    decide_all(hearing, coordinator)
    hearing_feedback_publish(hearing=hearing, user=coordinator)
    return hearing, sections, citizen, association


def test_staff_see_the_points_by_section_with_a_fixed_number_of_queries(
    coordinator_client, coordinator
):
    hearing, sections, citizen, _association = hearing_with_points(coordinator)
    url = reverse("consultation:hearing_points", args=[hearing.slug])
    page = coordinator_client.get(url)
    assert page.status_code == 200
    assert citizen.reference in page.content.decode()

    def grow(n):
        bulk_responses(hearing, n, sections=[sections[0]])
        points_collect(hearing=hearing, user=coordinator)

    # session, user with their roles, hearing with its outcome, counts, page count, points
    # (with their suggestion), their merged points, their changes, the hearing version's
    # sections, publication problems
    queries = assert_constant_queries(coordinator_client, url, grow=grow, small=10, large=150)
    assert queries == 10


def test_each_page_of_the_points_lists_the_next_hundred_in_section_order(
    coordinator_client, coordinator
):
    hearing, sections, _citizen, _association = hearing_with_points(coordinator)
    bulk_responses(hearing, 150, sections=[sections[0]])
    points_collect(hearing=hearing, user=coordinator)
    url = reverse("consultation:hearing_points", args=[hearing.slug])
    expected = list(
        Point.objects.active()
        .filter(hearing=hearing)
        .order_by("section_heading", "pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) > 100

    def listed(query):
        html = coordinator_client.get(url, query).content.decode()
        # The page's points (shown in groups by section).
        return sorted(int(pk) for pk in re.findall(r'<tr id="punkt-(\d+)">', html))

    assert listed({}) == sorted(expected[:100])
    assert listed({"side": 2}) == sorted(expected[100:200])
    undecided = list(
        Point.objects.active()
        .filter(hearing=hearing, disposition="")
        .order_by("section_heading", "pk")
        .values_list("pk", flat=True)
    )
    assert listed({"vis": "aabne"}) == sorted(undecided[:100])


def test_the_citizen_and_anonymous_cannot_see_the_points(client, forum_member_client, coordinator):
    hearing, *_ = hearing_with_points(coordinator)
    url = reverse("consultation:hearing_points", args=[hearing.slug])
    assert client.get(url).status_code == 302
    assert forum_member_client.get(url).status_code == 403


def test_a_stale_disposition_is_refused_and_keeps_both_texts(coordinator_client, coordinator):
    hearing, _sections, citizen, _association = hearing_with_points(coordinator)
    point = citizen.points.get()
    url = reverse("consultation:hearing_point", args=[hearing.slug, point.pk])
    form = {"lock_version": point.lock_version, "summary": "Min tekst", "disposition": "noted",
            "reason": "Fordi"}  # fmt: skip
    point_decide(point=point, user=coordinator, lock_version=0, summary="Deres tekst")
    answer = coordinator_client.post(url, form)
    assert answer.status_code == 409
    assert "Min tekst" in answer.content.decode() and "Deres tekst" in answer.content.decode()
    point.refresh_from_db()
    assert point.summary == "Deres tekst"
    form["lock_version"] = point.lock_version
    assert coordinator_client.post(url, form).status_code == 302
    point.refresh_from_db()
    assert (point.summary, point.disposition) == ("Min tekst", "noted")


def test_a_disposition_without_reason_is_shown_next_to_the_field(coordinator_client, coordinator):
    hearing, _sections, citizen, _association = hearing_with_points(coordinator)
    point = citizen.points.get()
    url = reverse("consultation:hearing_point", args=[hearing.slug, point.pk])
    answer = coordinator_client.post(
        url, {"lock_version": 0, "summary": "S", "disposition": "met", "reason": ""}
    )
    assert answer.status_code == 400
    point.refresh_from_db()
    assert point.disposition == ""


def test_a_split_leaving_text_out_is_refused(coordinator_client, coordinator):
    hearing, sections, _citizen, association = hearing_with_points(coordinator)
    url = reverse("consultation:hearing_response_split", args=[hearing.slug, association.pk])
    assert coordinator_client.get(url).status_code == 200
    first, second, third = association.text.split(". ")
    data = {"passage_1": first, "section_1": str(sections[0].key),
            "passage_2": second, "section_2": str(sections[1].key)}  # fmt: skip
    answer = coordinator_client.post(url, data)
    assert answer.status_code == 400
    assert "frivillighedscenter" in answer.content.decode()
    data.update({"passage_3": third, "section_3": str(sections[2].key)})
    assert coordinator_client.post(url, data).status_code == 302
    assert sorted(association.points.values_list("text", flat=True)) == sorted(
        [first, second, third]
    )


def test_publishing_is_refused_with_the_count_then_mails_once(coordinator_client, coordinator):
    hearing, _sections, citizen, association = hearing_with_points(coordinator)
    url = reverse("consultation:hearing_publish", args=[hearing.slug])
    answer = coordinator_client.post(url, follow=True)
    assert "4 punkter er ikke afgjort endnu." in answer.content.decode()
    decide_all(hearing, coordinator)
    assert coordinator_client.post(url).status_code == 302
    coordinator_client.post(url)
    send_hearing_feedback(hearing.pk)  # what the worker runs after the commit
    send_hearing_feedback(hearing.pk)
    mails = OutboundEmail.objects.filter(notification="hearing_feedback")
    assert sorted(mails.values_list("to_address", flat=True)) == sorted(
        [citizen.email, association.email]
    )


def test_the_outcome_page_is_public_once_published(client, coordinator):
    hearing, sections, citizen, association = hearing_with_points(coordinator)
    url = reverse("consultation:hearing_outcome", args=[hearing.slug])
    assert client.get(url).status_code == 404
    decide_all(hearing, coordinator)
    hearing_feedback_publish(hearing=hearing, user=coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert citizen.reference in page.content.decode()
    assert "karin@example.org" not in page.content.decode()


def test_a_respondent_sees_their_points_dispositions_and_the_diff(client, coordinator):
    hearing, sections, citizen, association = published(coordinator)
    url = reverse("consultation:response_feedback", args=[hearing.slug, citizen.feedback.token])
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Flere mødesteder" in text and "Vi er enige." in text
    assert "<ins>" in text
    assert "Ishøj Idrætsforening" not in text  # not the other respondent's page
    wrong = reverse("consultation:response_feedback", args=[hearing.slug, "x" * 43])
    assert client.get(wrong).status_code == 404
    other_hearing = reverse(
        "consultation:response_feedback", args=["andet", citizen.feedback.token]
    )
    assert client.get(other_hearing).status_code == 404


def test_the_public_and_respondent_pages_keep_their_query_counts(client, coordinator):
    hearing, sections, citizen, association = published(coordinator)

    def grow(n):
        bulk_responses(hearing, n, sections=[sections[2]])
        points_collect(hearing=hearing, user=coordinator)
        decide_all(hearing, coordinator)

    outcome = reverse("consultation:hearing_outcome", args=[hearing.slug])
    # hearing with its outcome and answering version, the hearing version's sections, the
    # points counted per section, the page of points, their merged points, the answering
    # version's sections (the linked changes are not shown, so not read)
    assert assert_constant_queries(client, outcome, grow=grow, small=10, large=120) == 6
    last_page = f"{outcome}?side=3"
    assert assert_constant_queries(client, last_page, grow=grow, small=130, large=200) == 6
    mine = reverse("consultation:response_feedback", args=[hearing.slug, citizen.feedback.token])
    # the feedback with its response and hearing, the ids of the response's points (or of the
    # points they were merged into), those points, their merged points, the sections of the
    # hearing version and of the answering version (one query)
    assert assert_constant_queries(client, mine, grow=grow, small=130, large=200) == 5


def test_the_outcome_page_is_paged_by_section_with_each_diff_once(client, coordinator):
    hearing, sections, citizen, association = published(coordinator)
    bulk_responses(hearing, 60, sections=[sections[1]])
    points_collect(hearing=hearing, user=coordinator)
    decide_all(hearing, coordinator)
    url = reverse("consultation:hearing_outcome", args=[hearing.slug])
    first = client.get(url).content.decode()
    second = client.get(url, {"side": 2}).content.decode()
    # Contents on every page: each section with its count and the page it starts on.
    assert "Afsnit" in first and f"?side=2#outcome-{sections[2].key}" in first
    assert f"#outcome-{sections[1].key}" in second
    # 60 + 1 points about section 1: its points go on on page 2, which says so and has the diff.
    assert "(fortsat)" in second and "(fortsat)" not in first
    assert "Ændringen i version" not in first
    assert second.count("Ændringen i version") == 1
    assert first.count("HS-") + second.count("HS-") >= 3
    # A page out of range or not a number shows the nearest page, never an error.
    assert client.get(url, {"side": "999"}).status_code == 200
    assert client.get(url, {"side": "x"}).status_code == 200


def test_a_section_deleted_in_the_next_version_is_shown_as_removed(client, coordinator):
    hearing, sections, citizen, association = hearing_with_points(coordinator)
    document = hearing.version.document
    document.refresh_from_db()
    version_save(
        document=document,
        sections=[SectionInput(s.heading, s.body, s.key) for s in sections if s != sections[2]],
        user=coordinator,
        base_number=document.current_version.number,
    )
    decide_all(hearing, coordinator)
    hearing_feedback_publish(hearing=hearing, user=coordinator)
    page = client.get(
        reverse("consultation:response_feedback", args=[hearing.slug, association.feedback.token])
    )
    assert "Afsnittet er udgået" in page.content.decode()
    assert association.points.filter(section_key=sections[2].key).exists()


def test_erased_respondents_keep_their_points_without_name(client, coordinator):
    hearing, sections, citizen, association = published(coordinator)
    response_data_erase(email=citizen.email, user=coordinator)
    assert citizen.points.count() == 1
    page = client.get(reverse("consultation:hearing_outcome", args=[hearing.slug]))
    assert citizen.reference in page.content.decode()
    assert "Karin Holm" not in page.content.decode()


def test_the_report_is_a_word_document_with_headings_parties_and_references(
    coordinator_client, coordinator
):
    hearing, sections, citizen, association = published(coordinator)
    revision_document = hearing.version.document
    from policy.models import PolicyRevision

    revision = PolicyRevision.objects.create(title="Revision", policy_document=revision_document)
    Stakeholder.objects.create(revision=revision, name="Ishøj Idrætsforening")
    Stakeholder.objects.create(revision=revision, name="Ældrerådet")
    assert (
        coordinator_client.get(
            reverse("consultation:hearing_parties", args=[hearing.slug])
        ).status_code
        == 200
    )
    answer = coordinator_client.get(
        reverse("consultation:hearing_points_report", args=[hearing.slug, "docx"])
    )
    assert answer.status_code == 200
    assert answer.streaming  # the first bytes leave before the points are read
    document = docx.Document(io.BytesIO(b"".join(answer.streaming_content)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Indledning", "Hørte parter", "Punkterne og hvordan de er imødekommet"]
    assert sections[1].heading in headings
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert [row[0] for row in rows[1:]] == ["Ishøj Idrætsforening", "Ældrerådet"]
    assert rows[1][2] == association.reference
    body = "\n".join(p.text for p in document.paragraphs)
    assert citizen.reference in body and "Vi er enige." in body
    assert "TOC" in document.element.xml
    for fmt in ("pdf", "html"):
        assert (
            coordinator_client.get(
                reverse("consultation:hearing_points_report", args=[hearing.slug, fmt])
            ).status_code
            == 200
        )
    assert PointChange.objects.count() == 1


def report_text(client, hearing) -> str:
    answer = client.get(reverse("consultation:hearing_points_report", args=[hearing.slug, "docx"]))
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == (
        f'attachment; filename="hoeringsnotat-{hearing.slug}.docx"'
    )
    document = docx.Document(io.BytesIO(b"".join(answer.streaming_content)))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_report_shows_a_changed_decision_at_the_next_download(coordinator_client, coordinator):
    hearing, _sections, citizen, _association = published(coordinator)
    with translation.override("da"):
        met, not_met = str(Point.Disposition.MET.label), str(Point.Disposition.NOT_MET.label)
    before = report_text(coordinator_client, hearing)
    assert met in before
    assert "Vi er enige." in before and "Det gør vi ikke nu." not in before
    point = citizen.points.get()
    point_decide(
        point=point,
        user=coordinator,
        lock_version=point.lock_version,
        summary="Flere mødesteder",
        disposition="not_met",
        reason="Det gør vi ikke nu.",
    )
    after = report_text(coordinator_client, hearing)
    assert "Det gør vi ikke nu." in after and "Vi er enige." not in after
    assert not_met in after


def test_the_report_reads_a_constant_number_of_queries_while_it_streams(
    coordinator_client, coordinator
):
    hearing, sections, _citizen, _association = hearing_with_points(coordinator)
    url = reverse("consultation:hearing_points_report", args=[hearing.slug, "docx"])

    def count(n):
        bulk_responses(hearing, n, sections=[sections[0]])
        points_collect(hearing=hearing, user=coordinator)
        with CaptureQueriesContext(connection) as queries:
            answer = coordinator_client.get(url)
            body = b"".join(answer.streaming_content)
        assert docx.Document(io.BytesIO(body)).paragraphs
        return len(queries)

    # session, user with their roles, hearing with its outcome; then while it streams: the
    # responses by channel, the consulted parties, the points, their merged points, their
    # changes, the hearing version's sections (no answering version here)
    assert count(10) == count(150) == 9


def test_the_public_form_records_the_language_and_a_declined_email(client, coordinator):
    from consultation.models import HearingResponse

    from .hearing_helpers import form_post, make_hearing

    hearing = make_hearing(user=coordinator)
    url = reverse("consultation:hearing_detail", args=[hearing.slug])
    client.post(url, form_post(hearing, no_feedback="on"), HTTP_ACCEPT_LANGUAGE="da")
    client.cookies["django_language"] = "en"
    with translation.override("da"):  # the request activates English in this thread
        client.post(
            url,
            form_post(
                hearing, email="en@example.org", email_repeat="en@example.org", text="Other."
            ),
        )
    declined, english = HearingResponse.objects.filter(hearing=hearing).order_by("pk")
    assert declined.feedback.declined and declined.language == "da"
    assert not english.feedback.declined and english.language == "en"


def test_the_published_responses_show_the_administrations_answer(client, coordinator):
    from consultation.models import HearingResponse
    from consultation.services.hearings import response_review

    hearing, sections, citizen, association = published(coordinator)
    for response in HearingResponse.objects.filter(hearing=hearing):
        response_review(response=response, user=coordinator, publish=True)
    url = reverse("consultation:hearing_public_responses", args=[hearing.slug])
    hearing.closes_at = hearing.opens_at + (hearing.closes_at - hearing.opens_at) / 100
    hearing.save()
    text = client.get(url).content.decode()
    assert "Vi er enige." in text and "Imødekommet" in text

    def grow(n):
        bulk_responses(hearing, n, sections=[sections[2]], review_status="approved")
        points_collect(hearing=hearing, user=coordinator)
        decide_all(hearing, coordinator)

    # session, hearing, its outcome, count, page of responses, their sections, their points
    assert assert_constant_queries(client, url, grow=grow, small=5, large=80) <= 8
