"""Linked changes: the editor shows each section's open points and records which the save
answers; the compare page shows, per changed section, the points it answers."""

import pytest
from django.urls import reverse

from consultation.models import PointChange
from medborger.testing.queries import count_queries
from policy.tests.test_document_editor import form_data

from .point_helpers import hearing_with_points

pytestmark = pytest.mark.django_db


def test_the_editor_shows_open_points_and_records_what_a_save_answers(
    coordinator_client, coordinator
):
    hearing, sections, citizen, association = hearing_with_points(coordinator)
    document = hearing.version.document
    point = citizen.points.get()
    url = reverse("policy:document_editor", kwargs={"slug": document.slug})
    page = coordinator_client.get(url).content.decode()
    assert f'name="answers" value="{point.pk}"' in page
    assert citizen.reference in page

    rows = [(s.key, s.heading, s.body) for s in sections]
    rows[1] = (sections[1].key, sections[1].heading, sections[1].body + "<p>Flere mødesteder.</p>")
    answer = coordinator_client.post(
        url, form_data(rows, base=hearing.version.number, answers=[str(point.pk), "x"])
    )
    assert answer.status_code == 302
    change = PointChange.objects.get()
    assert change.point == point and change.version.number == hearing.version.number + 1
    assert change.section_key == sections[1].key
    # Answered: no longer shown as open in the editor.
    assert f'name="answers" value="{point.pk}"' not in coordinator_client.get(url).content.decode()

    compare = reverse(
        "policy:version_compare",
        kwargs={
            "slug": document.slug,
            "old": change.version.number - 1,
            "new": change.version.number,
        },
    )
    html = coordinator_client.get(compare).content.decode()
    assert citizen.reference in html
    assert html.index(citizen.reference) > html.index(sections[1].heading)


def test_a_point_of_another_document_is_refused_and_nothing_saved(coordinator_client, coordinator):
    hearing, sections, citizen, _association = hearing_with_points(coordinator)
    other, other_sections, other_citizen, _ = hearing_with_points(coordinator)
    url = reverse("policy:document_editor", kwargs={"slug": hearing.version.document.slug})
    rows = [(s.key, s.heading, s.body + "<p>x</p>") for s in sections]
    foreign = other_citizen.points.get()
    answer = coordinator_client.post(
        url, form_data(rows, base=hearing.version.number, answers=[str(foreign.pk)])
    )
    assert answer.status_code == 400
    assert "&lt;p&gt;x&lt;/p&gt;" in answer.content.decode()  # the text comes back
    document = hearing.version.document
    document.refresh_from_db()
    assert document.current_version_id == hearing.version_id
    assert not PointChange.objects.exists()


def test_the_editor_keeps_its_query_count_with_many_points(coordinator_client, coordinator):
    from consultation.large import bulk_responses
    from consultation.services.points import points_collect

    hearing, sections, *_ = hearing_with_points(coordinator)
    url = reverse("policy:document_editor", kwargs={"slug": hearing.version.document.slug})
    few = count_queries(coordinator_client, url)
    bulk_responses(hearing, 80, sections=sections[:2])
    points_collect(hearing=hearing, user=coordinator)
    assert count_queries(coordinator_client, url) == few
