"""The høringsnotat as a versioned document: each kept version is numbered and never
overwritten, the publication keeps one, and a body's decision after the hearing names the
version of the draft and of the report, shown on the process pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultation.models import DecisionReport, Point, ReportVersion
from consultation.services.points import hearing_feedback_publish, point_decide, report_version_save
from policy.forms.process import DecisionForm
from policy.journal import decision_case
from policy.models import Decision, Milestone
from policy.services.process import decision_record
from policy.tests.process_factories import MilestoneFactory, RevisionFactory

from .point_helpers import hearing_with_points

pytestmark = pytest.mark.django_db


def decide_all(hearing, user, reason="Fordi."):
    for point in Point.objects.active().filter(hearing=hearing, disposition=""):
        point_decide(
            point=point,
            user=user,
            lock_version=point.lock_version,
            summary=f"Resumé {point.pk}",
            disposition="noted",
            reason=reason,
        )


def lokal_med_for(hearing):
    revision = RevisionFactory(policy_document=hearing.version.document)
    return MilestoneFactory(
        revision=revision, title="Behandling i LokalMED", kind=Milestone.Kind.LOKAL_MED
    )


def test_each_kept_version_is_numbered_and_never_overwritten(coordinator_client, coordinator):
    hearing, _sections, citizen, _association = hearing_with_points(coordinator)
    decide_all(hearing, coordinator, reason="Den første begrundelse.")
    url = reverse("consultation:hearing_report_versions", args=[hearing.slug])
    assert coordinator_client.post(url).status_code == 302
    point = citizen.points.get()
    point_decide(
        point=point,
        user=coordinator,
        lock_version=point.lock_version,
        summary="Flere mødesteder",
        disposition="not_met",
        reason="Den anden begrundelse.",
    )
    second = report_version_save(hearing=hearing, user=coordinator)
    first = ReportVersion.objects.get(hearing=hearing, number=1)
    assert second.number == 2 and not first.published
    assert "Den første begrundelse." in first.html and first.created_by == coordinator
    assert "Den anden begrundelse." in second.html
    assert "Den anden begrundelse." not in first.html
    page = coordinator_client.get(url).content.decode()
    assert "Version 1" in page and "Version 2" in page
    shown = coordinator_client.get(
        reverse("consultation:hearing_report_version", args=[hearing.slug, 1])
    ).content.decode()
    assert "Høringsnotat version 1" in shown and "Den første begrundelse." in shown
    missing = reverse("consultation:hearing_report_version", args=[hearing.slug, 9])
    assert coordinator_client.get(missing).status_code == 404


def test_only_moderators_keep_a_version(client_for, coordinator, secretary):
    hearing, *_rest = hearing_with_points(coordinator)
    url = reverse("consultation:hearing_report_versions", args=[hearing.slug])
    assert client_for(secretary).post(url).status_code == 403
    assert not ReportVersion.objects.filter(hearing=hearing).exists()


def test_publishing_keeps_a_published_version(coordinator):
    hearing, *_rest = hearing_with_points(coordinator)
    decide_all(hearing, coordinator)
    report_version_save(hearing=hearing, user=coordinator)
    hearing_feedback_publish(hearing=hearing, user=coordinator)
    hearing_feedback_publish(hearing=hearing, user=coordinator)  # a second click adds nothing
    versions = list(ReportVersion.objects.filter(hearing=hearing).order_by("number"))
    assert [(v.number, v.published) for v in versions] == [(1, False), (2, True)]


def test_a_decision_names_the_draft_and_the_report_version(client, coordinator_client, coordinator):
    hearing, *_rest = hearing_with_points(coordinator)
    decide_all(hearing, coordinator)
    hearing_feedback_publish(hearing=hearing, user=coordinator)
    report = ReportVersion.objects.get(hearing=hearing)
    milestone = lokal_med_for(hearing)
    form = DecisionForm(milestone=milestone)
    assert [value for value, _label in form.fields["report_version"].choices] == [
        "",
        str(report.pk),
    ]
    decision = decision_record(
        milestone=milestone,
        version=hearing.version,
        meeting_on=datetime.date(2026, 12, 2),
        outcome="treated",
        text="Taget til efterretning.",
        out_of_order_reason="Testens rækkefølge.",
        report_version=str(report.pk),
        user=coordinator,
    )
    assert DecisionReport.objects.get(decision=decision).report_version == report
    assert "og høringsnotat version 1" in decision.summary
    # The journal package names both too (a fresh row: the case marks it itself).
    case = decision_case(Decision.objects.get(pk=decision.pk))
    assert "og høringsnotat version 1" in case.title
    sentence = (
        f"LokalMED behandlede version {hearing.version.number} af "
        f"{hearing.version.document.title} og høringsnotat version 1"
    )
    revision = milestone.revision
    staff = coordinator_client.get(reverse("policy:revision_manage", args=[revision.slug]))
    assert sentence in staff.content.decode()
    public = client.get(reverse("policy:revision_public", args=[revision.slug]))
    assert public.status_code == 200 and sentence in public.content.decode()


def test_a_decision_cannot_name_another_documents_report(coordinator):
    hearing, *_rest = hearing_with_points(coordinator)
    other, *_rest = hearing_with_points(coordinator)
    foreign = report_version_save(hearing=other, user=coordinator)
    milestone = lokal_med_for(hearing)
    with pytest.raises(ValidationError) as refused:
        decision_record(
            milestone=milestone,
            version=hearing.version,
            meeting_on=datetime.date(2026, 12, 2),
            outcome="treated",
            text="Taget til efterretning.",
            out_of_order_reason="Testens rækkefølge.",
            report_version=str(foreign.pk),
            user=coordinator,
        )
    assert "report_version" in refused.value.message_dict
    assert not DecisionReport.objects.exists()
    assert not milestone.decisions.exists()
