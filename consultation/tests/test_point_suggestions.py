"""Suggested sections for points (issue 13 on issue 19's points): computed in the analysis run,
accepted or corrected by staff through `point_section_decide`, learnt from, never imposed."""

import pytest
from django.core.exceptions import ValidationError

from consultation.analysis import testdata
from consultation.models import (
    HearingAnalysis,
    Point,
    PointAnalysis,
    PointChange,
    SectionFeedback,
)
from consultation.services.analysis import (
    hearing_analysis_request,
    hearing_analysis_run,
    hearing_analysis_scan,
    point_section_decide,
)
from consultation.services.points import Passage, point_split, points_collect
from policy.models import Section

from .analysis_helpers import add_responses, labelled_hearing, section
from .hearing_helpers import make_hearing

pytestmark = pytest.mark.django_db

DOGS = "Vi ønsker en indhegnet hundeskov, hvor hunde kan løbe frit uden snor."
DOGS_AGAIN = "En hundeskov med hegn, så hundene kan løbe frit."


def run(hearing) -> HearingAnalysis:
    analysis = hearing_analysis_request(hearing=hearing)
    assert hearing_analysis_run(analysis_id=analysis.pk) is True
    analysis.refresh_from_db()
    return analysis


def point_of(hearing, start: str) -> Point:
    return Point.objects.get(hearing=hearing, response__text__startswith=start)


def suggested(point) -> list[dict]:
    return PointAnalysis.objects.get(point=point).sections


def with_points(user, *, limit=30, extra=()):
    hearing = labelled_hearing(limit=limit, user=user)
    add_responses(hearing, extra, start=1000)
    points_collect(hearing=hearing, user=user)
    return hearing


def dog_responses():
    return [
        testdata.Labelled("D1", DOGS, (6,), None, False, False, "da"),
        testdata.Labelled("D2", DOGS_AGAIN, (6,), None, False, False, "da"),
    ]


def test_a_run_suggests_a_section_for_every_point_from_its_own_passage(coordinator):
    hearing = with_points(coordinator, limit=60)
    wheelchair = point_of(hearing, "Jeg sidder i kørestol")
    # Staff split a response; its second passage speaks of section 9 by number.
    response = wheelchair.response
    cut = response.text.index("Afsnit 9")
    first, second = point_split(
        response=response,
        passages=[Passage(0, cut), Passage(cut, len(response.text))],
        user=coordinator,
    )

    run(hearing)

    assert PointAnalysis.objects.filter(point__hearing=hearing).count() == (
        Point.objects.filter(hearing=hearing).count()
    )
    assert suggested(second)[0] == {
        "key": str(section(hearing, 9).key),
        "confidence": 0.95,
        "reason": "reference",
    }
    # The run suggests; the point's section stays what it was.
    second.refresh_from_db()
    assert second.section_key is None


def test_accepting_a_suggestion_sets_the_section_with_history_and_feedback(coordinator):
    hearing = with_points(coordinator, limit=60)
    run(hearing)
    point = point_of(hearing, "Jeg sidder i kørestol")
    best = Section.objects.get(version=hearing.version, key=suggested(point)[0]["key"])
    before = point.history.count()

    point_section_decide(point=point, section=best, user=coordinator)

    point.refresh_from_db()
    assert point.section_key == best.key and point.section_heading == best.heading
    assert point.lock_version == 1
    assert point.history.count() == before + 1
    latest = point.history.first()
    assert latest.history_user == coordinator
    assert latest.history_change_reason == "Afsnit accepteret fra analysen"
    feedback = SectionFeedback.objects.get(point=point)
    assert feedback.accepted and feedback.decided_by == coordinator and feedback.response is None
    assert suggested(point)[0] == {"key": str(best.key), "confidence": 1.0, "reason": "staff"}


def test_a_correction_is_kept_and_changes_the_next_suggestion_for_a_similar_text(coordinator):
    hearing = with_points(coordinator, extra=dog_responses())
    run(hearing)
    town_spaces = section(hearing, 6)
    first, second = point_of(hearing, DOGS), point_of(hearing, DOGS_AGAIN)
    assert str(town_spaces.key) not in [s["key"] for s in suggested(second)]

    point_section_decide(point=first, section=town_spaces, user=coordinator)
    assert hearing_analysis_scan() == 1  # staff's word since the run: the next run is queued
    hearing_analysis_run(analysis_id=hearing.analysis.pk)

    assert suggested(second)[0]["key"] == str(town_spaces.key)
    assert suggested(second)[0]["reason"] == "similarity"
    second.refresh_from_db()
    assert second.section_key is None  # still only a suggestion


def test_a_corrected_suggestion_is_rejected_and_never_comes_back(coordinator):
    hearing = with_points(coordinator, limit=60)
    run(hearing)
    point = point_of(hearing, "Der mangler bænke ved stranden")
    wrong = suggested(point)[0]["key"]
    belonging = section(hearing, 2)  # staff's own decision, however odd

    point_section_decide(point=point, section=belonging, user=coordinator)
    run(hearing)

    point.refresh_from_db()
    assert point.section_key == belonging.key
    keys = [s["key"] for s in suggested(point)]
    assert keys[0] == str(belonging.key) and wrong not in keys
    assert not SectionFeedback.objects.get(point=point, section_key=wrong).accepted
    assert point.history.first().history_change_reason == "Afsnit rettet efter analysen"


def test_suggestions_never_overwrite_a_section_a_person_chose(coordinator):
    hearing = with_points(coordinator, limit=60)
    point = point_of(hearing, "Der mangler bænke ved stranden")
    belonging = section(hearing, 2)
    # A person chose the section when splitting the response into points.
    (point,) = point_split(
        response=point.response,
        passages=[Passage(0, len(point.response.text), belonging.key)],
        user=coordinator,
    )
    history = point.history.count()

    run(hearing)
    run(hearing)

    point.refresh_from_db()
    assert point.section_key == belonging.key and point.lock_version == 0
    assert point.history.count() == history
    # The analysis would have chosen otherwise, and only says so.
    assert suggested(point)[0]["key"] != str(belonging.key)


def test_the_document_as_a_whole_rejects_every_suggestion(coordinator):
    hearing = with_points(coordinator, limit=60)
    run(hearing)
    point = point_of(hearing, "Der mangler bænke ved stranden")
    was = {s["key"] for s in suggested(point)}
    point_section_decide(point=point, section=section(hearing, 6), user=coordinator)

    point_section_decide(point=point, section=None, user=coordinator)

    point.refresh_from_db()
    assert point.section_key is None and point.section_heading == ""
    assert suggested(point) == []
    decided = dict(
        SectionFeedback.objects.filter(point=point).values_list("section_key", "accepted")
    )
    assert {str(k) for k in decided} == was | {str(section(hearing, 6).key)}
    assert not any(decided.values())


def test_a_new_point_gets_its_suggestion_at_the_next_run(coordinator):
    hearing = with_points(coordinator, limit=20)
    run(hearing)
    assert hearing_analysis_scan() == 0
    add_responses(hearing, testdata.responses()[100:101], start=500)
    points_collect(hearing=hearing, user=coordinator)
    new = Point.objects.filter(hearing=hearing, analysis__isnull=True).get()

    assert hearing_analysis_scan() == 1
    hearing_analysis_run(analysis_id=hearing.analysis.pk)

    assert PointAnalysis.objects.filter(point=new).exists()
    assert hearing_analysis_scan() == 0


def test_refused_for_another_versions_section_or_a_linked_point(coordinator):
    hearing = with_points(coordinator, limit=5)
    point = Point.objects.filter(hearing=hearing).first()
    other = make_hearing(user=coordinator).version.sections.first()
    with pytest.raises(ValidationError):
        point_section_decide(point=point, section=other, user=coordinator)
    PointChange.objects.create(point=point, version=hearing.version, created_by=coordinator)
    with pytest.raises(ValidationError):
        point_section_decide(point=point, section=section(hearing, 1), user=coordinator)
    point.refresh_from_db()
    assert point.section_key is None and not SectionFeedback.objects.exists()
