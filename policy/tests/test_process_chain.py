"""One process, one truth: decisions give their milestone its date, the chain of bodies keeps
its order, the decision form offers only the treated document's versions, the hearing
milestone follows its hearing, and new milestones land by their date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone

from consultation.models import Hearing
from consultation.services.hearings import hearing_report_publish, hearing_update
from policy.forms.process import DecisionForm
from policy.models import Decision, Document, Milestone
from policy.services import TransitionNotAllowed, document_transition
from policy.services.process import decision_record, milestone_save, milestone_update

from .document_factories import save_version, send_to_hearing
from .process_factories import MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(revision):
    """Hearing (open, no date yet), LokalMED and HovedMED (dates not set), in that order."""
    return {
        kind: MilestoneFactory(
            revision=revision,
            title=title,
            kind=kind,
            position=position,
            date_precision="unset",
            starts_on=None,
        )
        for position, (kind, title) in enumerate(
            [
                (Milestone.Kind.PUBLIC_HEARING, "Offentlig høring"),
                (Milestone.Kind.LOKAL_MED, "Behandling i LokalMED"),
                (Milestone.Kind.HOVED_MED, "Behandling i HovedMED"),
            ],
            start=1,
        )
    }


def _record(milestone, version, *, day, reason="", outcome=Decision.Outcome.TREATED, user):
    return decision_record(
        milestone=milestone,
        version=version,
        meeting_on=day,
        outcome=outcome,
        text="Taget til efterretning.",
        out_of_order_reason=reason,
        user=user,
    )


def test_a_recorded_decision_gives_its_milestone_the_meeting_date_and_marks_it_done(
    revision, chain, coordinator
):
    chain[Milestone.Kind.PUBLIC_HEARING].status = Milestone.Status.DONE
    chain[Milestone.Kind.PUBLIC_HEARING].save()
    lokal_med = chain[Milestone.Kind.LOKAL_MED]
    _record(
        lokal_med,
        revision.policy_document.current_version,
        day=datetime.date(2026, 12, 2),
        user=coordinator,
    )
    lokal_med.refresh_from_db()
    assert lokal_med.status == Milestone.Status.DONE
    assert (lokal_med.starts_on, lokal_med.date_precision) == (datetime.date(2026, 12, 2), "day")
    assert lokal_med.date_display == "2. december 2026"


def test_a_body_cannot_decide_before_the_hearing_without_a_reason(revision, chain, coordinator):
    lokal_med = chain[Milestone.Kind.LOKAL_MED]
    version = revision.policy_document.current_version
    with pytest.raises(ValidationError) as refused:
        _record(lokal_med, version, day=datetime.date(2026, 12, 2), user=coordinator)
    messages = refused.value.message_dict["out_of_order_reason"]
    assert "“Offentlig høring” kommer før LokalMED" in messages[0]
    assert not Decision.objects.exists()
    lokal_med.refresh_from_db()
    assert lokal_med.status == Milestone.Status.PLANNED and lokal_med.starts_on is None

    decision = _record(
        lokal_med,
        version,
        day=datetime.date(2026, 12, 2),
        reason="LokalMED bad om at se udkastet før høringen.",
        user=coordinator,
    )
    assert decision.out_of_order_reason == "LokalMED bad om at se udkastet før høringen."


def test_a_body_treating_an_older_version_than_the_previous_body_needs_a_reason(
    revision, chain, coordinator
):
    chain[Milestone.Kind.PUBLIC_HEARING].status = Milestone.Status.DONE
    chain[Milestone.Kind.PUBLIC_HEARING].save()
    policy = revision.policy_document
    first = policy.current_version
    second = save_version(policy, coordinator, [("Formål", "<p>Ny</p>")])
    hoved_med = chain[Milestone.Kind.HOVED_MED]
    _record(
        chain[Milestone.Kind.LOKAL_MED], second, day=datetime.date(2026, 11, 2), user=coordinator
    )
    with pytest.raises(ValidationError) as refused:
        _record(hoved_med, first, day=datetime.date(2026, 11, 9), user=coordinator)
    assert "ældre version 1" in " ".join(refused.value.message_dict["out_of_order_reason"])
    with pytest.raises(ValidationError) as refused:
        _record(
            chain[Milestone.Kind.HOVED_MED],
            second,
            day=datetime.date(2026, 11, 1),
            user=coordinator,
        )
    assert "før LokalMED" in " ".join(refused.value.message_dict["out_of_order_reason"])
    assert Decision.objects.count() == 1


def test_the_decision_form_offers_only_the_treated_documents_versions(revision, chain):
    lokal_med = chain[Milestone.Kind.LOKAL_MED]
    offered = set(DecisionForm(milestone=lokal_med).fields["version"].queryset)
    assert offered == {revision.policy_document.current_version}
    approval = MilestoneFactory(revision=revision, kind=Milestone.Kind.COMMITTEE_APPROVAL)
    offered = set(DecisionForm(milestone=approval).fields["version"].queryset)
    assert offered == {revision.terms_of_reference.current_version}


def test_a_new_milestone_lands_in_place_by_its_date(revision, coordinator):
    for position, (title, month) in enumerate([("Høring", 4), ("Byrådet", 6)], start=1):
        MilestoneFactory(
            revision=revision,
            title=title,
            position=position,
            date_precision="month",
            starts_on=datetime.date(2027, month, 1),
        )
    milestone_save(
        milestone=Milestone(
            revision=revision, title="Workshop", starts_on=datetime.date(2027, 1, 25)
        ),
        user=coordinator,
    )
    titles = list(revision.milestones.in_order().values_list("title", flat=True))
    assert titles == ["Workshop", "Høring", "Byrådet"]


def test_the_hearing_milestone_follows_the_hearing(revision, chain, coordinator, steering_member):
    policy = revision.policy_document
    document_transition(
        document=policy, to_status=Document.Status.STEERING_REVIEW, user=coordinator
    )
    document_transition(
        document=policy, to_status=Document.Status.APPROVED_FOR_HEARING, user=steering_member
    )
    hearing = send_to_hearing(policy, coordinator, closed=False)
    milestone = chain[Milestone.Kind.PUBLIC_HEARING]
    assert hearing.milestone == milestone
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.IN_PROGRESS
    assert milestone.starts_on == timezone.localdate(hearing.opens_at)
    assert milestone.ends_on == timezone.localdate(hearing.closes_at)

    hearing_update(hearing=hearing, user=coordinator, closes_at=timezone.now())
    hearing.refresh_from_db()
    assert hearing.state() == Hearing.State.CLOSED
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.DONE
    assert "høringsnotatet er lovet senest" in milestone.note

    hearing_report_publish(hearing=hearing, user=coordinator)
    hearing.refresh_from_db()
    assert hearing.state() == Hearing.State.CONCLUDED
    milestone.refresh_from_db()
    assert milestone.note == "Høringsnotatet er offentliggjort."


def test_the_city_councils_adoption_adopts_the_document_with_that_version(
    revision, coordinator, steering_member
):
    council = MilestoneFactory(
        revision=revision, kind=Milestone.Kind.CITY_COUNCIL, date_precision="unset", starts_on=None
    )
    policy = revision.policy_document
    document_transition(
        document=policy, to_status=Document.Status.STEERING_REVIEW, user=coordinator
    )
    document_transition(
        document=policy, to_status=Document.Status.APPROVED_FOR_HEARING, user=steering_member
    )
    send_to_hearing(policy, coordinator)
    document_transition(
        document=policy, to_status=Document.Status.PROCESSED_AFTER_HEARING, user=coordinator
    )
    final = save_version(policy, coordinator, [("Formål", "<p>Endelig</p>")])
    _record(
        council,
        final,
        day=timezone.localdate(),
        outcome=Decision.Outcome.ADOPTED,
        reason="Kun byrådet i denne test.",
        user=coordinator,
    )
    policy.refresh_from_db()
    assert policy.status == Document.Status.ADOPTED
    assert policy.adopted_version == final and policy.adopted_version.is_frozen


def _processed(policy, coordinator, steering_member):
    S = Document.Status
    document_transition(document=policy, to_status=S.STEERING_REVIEW, user=coordinator)
    document_transition(document=policy, to_status=S.APPROVED_FOR_HEARING, user=steering_member)
    send_to_hearing(policy, coordinator)
    document_transition(document=policy, to_status=S.PROCESSED_AFTER_HEARING, user=coordinator)


def test_the_document_page_offers_no_bare_adoption_but_the_councils_decision(
    client_for, revision, coordinator, steering_member
):
    """ "Vedtaget" set from the document page did not mark the council's milestone: adoption
    is the council's decision, and the document page points to recording it."""
    council = MilestoneFactory(
        revision=revision,
        kind=Milestone.Kind.CITY_COUNCIL,
        title="Byrådet",
        date_precision="unset",
        starts_on=None,
    )
    policy = revision.policy_document
    _processed(policy, coordinator, steering_member)
    client = client_for(coordinator)
    detail_url = reverse("policy:document_detail", args=[policy.slug])

    page = client.get(detail_url)
    assert page.context["transition_form"] is None
    number = policy.current_version.number
    record_url = (
        reverse("policy:decision_create", args=[council.pk]) + f"?version={number}&udfald=adopted"
    )
    assert record_url.replace("&", "&amp;") in page.content.decode()
    assert "Registrér byrådets beslutning" in page.content.decode()

    # Posting the old status change is refused and changes nothing.
    response = client.post(
        reverse("policy:document_transition", args=[policy.slug]),
        {"to_status": Document.Status.ADOPTED, "note": "", "expected_version": number},
        follow=True,
    )
    assert response.status_code == 200
    assert "Den statusændring kan du ikke foretage nu." in response.content.decode()
    policy.refresh_from_db()
    assert policy.status == Document.Status.PROCESSED_AFTER_HEARING
    assert policy.adopted_version is None and not policy.transitions.filter(to_status="adopted")

    # The link preselects the version and the outcome; recording it adopts, dated.
    form = client.get(record_url).context["form"]
    assert form.initial["version"] == policy.current_version_id
    assert form.initial["outcome"] == Decision.Outcome.ADOPTED
    meeting = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        record_url,
        {
            "version": policy.current_version_id,
            "meeting_on": meeting.strftime("%d.%m.%Y"),
            "outcome": "adopted",
            "text": "Byrådet vedtog politikken.",
            "protocol_addendum": "",
            "out_of_order_reason": "",
        },
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    council.refresh_from_db()
    assert policy.status == Document.Status.ADOPTED
    assert policy.adopted_version_id == policy.current_version_id
    assert (council.status, council.starts_on) == (Milestone.Status.DONE, meeting)
    step = policy.transitions.get(to_status="adopted")
    assert step.user == coordinator and "Byrådet vedtog version" in step.note


def test_the_service_refuses_to_adopt_outside_the_councils_decision(
    revision, coordinator, superuser, steering_member
):
    council = MilestoneFactory(
        revision=revision, kind=Milestone.Kind.CITY_COUNCIL, date_precision="unset", starts_on=None
    )
    policy = revision.policy_document
    _processed(policy, coordinator, steering_member)
    for user in (coordinator, superuser):
        with pytest.raises(TransitionNotAllowed, match="byrådets beslutning"):
            document_transition(
                document=policy,
                to_status=Document.Status.ADOPTED,
                user=user,
                version=policy.current_version,
            )
    policy.refresh_from_db()
    council.refresh_from_db()
    assert policy.status == Document.Status.PROCESSED_AFTER_HEARING
    assert policy.adopted_version is None
    assert not policy.transitions.filter(to_status=Document.Status.ADOPTED).exists()
    assert council.status == Milestone.Status.PLANNED and council.starts_on is None


def test_a_council_decision_after_the_adoption_is_refused(revision, coordinator, steering_member):
    council = MilestoneFactory(
        revision=revision, kind=Milestone.Kind.CITY_COUNCIL, date_precision="unset", starts_on=None
    )
    policy = revision.policy_document
    _processed(policy, coordinator, steering_member)
    adopted_on = timezone.localdate() - datetime.timedelta(days=3)
    _record(
        council,
        policy.current_version,
        day=adopted_on,
        outcome=Decision.Outcome.ADOPTED,
        user=coordinator,
    )
    later = save_version(policy, coordinator, [("Formål", "<p>Rettet</p>")])
    for version, outcome in [
        (later, Decision.Outcome.ADOPTED),
        (policy.current_version, Decision.Outcome.ADOPTED),
        (later, Decision.Outcome.REJECTED),
    ]:
        with pytest.raises(ValidationError) as refusal:
            _record(council, version, day=timezone.localdate(), outcome=outcome, user=coordinator)
        assert "allerede vedtaget (version 1)" in str(refusal.value.message_dict["outcome"])
    policy.refresh_from_db()
    council.refresh_from_db()
    assert policy.adopted_version.number == 1
    assert council.decisions.count() == 1
    assert (council.status, council.starts_on) == (Milestone.Status.DONE, adopted_on)


def test_the_adoption_milestone_keeps_the_meeting_the_council_adopted_at(
    client_for, revision, coordinator, steering_member, superuser
):
    """Nobody types the adoption's date or status again, nor changes them on the timeline, the
    dashboard or in the admin: they are the recorded decision's."""
    council = MilestoneFactory(
        revision=revision, kind=Milestone.Kind.CITY_COUNCIL, date_precision="unset", starts_on=None
    )
    policy = revision.policy_document
    _processed(policy, coordinator, steering_member)
    adopted_on = timezone.localdate() - datetime.timedelta(days=2)
    decision = _record(
        council,
        policy.current_version,
        day=adopted_on,
        outcome=Decision.Outcome.ADOPTED,
        user=coordinator,
    )
    council.refresh_from_db()

    with pytest.raises(ValidationError) as refusal:
        milestone_update(milestone=council, user=coordinator, status="planned", note="")
    assert "Byrådets vedtagelse er registreret" in str(refusal.value.message_dict["status"])
    milestone_update(milestone=council, user=coordinator, status="done", note="Vedtaget.")

    council.starts_on = adopted_on + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as refusal:
        milestone_save(milestone=council, user=coordinator)
    assert "starts_on" in refusal.value.message_dict
    council.refresh_from_db()
    assert (council.status, council.starts_on, council.note) == ("done", adopted_on, "Vedtaget.")

    response = client_for(coordinator).post(
        reverse("policy:milestone_status", args=[council.pk]), {"status": "planned", "note": ""}
    )
    assert response.status_code == 400
    assert "Byrådets vedtagelse er registreret" in response.content.decode()
    council.refresh_from_db()
    assert council.status == Milestone.Status.DONE

    admin = client_for(superuser)
    assert admin.get(reverse("admin:policy_decision_add")).status_code == 403
    assert admin.get(reverse("admin:policy_decision_delete", args=[decision.pk])).status_code == 403
    change = admin.get(reverse("admin:policy_decision_change", args=[decision.pk]))
    assert change.status_code == 200
    assert 'name="outcome"' not in change.content.decode()


def test_only_the_city_council_adopts(revision, chain, coordinator):
    lokal_med = chain[Milestone.Kind.LOKAL_MED]
    form = DecisionForm(milestone=lokal_med)
    assert "adopted" not in dict(form.fields["outcome"].choices)
    with pytest.raises(ValidationError) as refusal:
        _record(
            lokal_med,
            revision.policy_document.current_version,
            day=timezone.localdate(),
            outcome=Decision.Outcome.ADOPTED,
            reason="Uden for rækkefølgen.",
            user=coordinator,
        )
    assert "Kun byrådet vedtager politikken" in str(refusal.value.message_dict["outcome"])
    assert not lokal_med.decisions.exists()


def _approved(policy, coordinator, steering_member):
    S = Document.Status
    document_transition(document=policy, to_status=S.STEERING_REVIEW, user=coordinator)
    document_transition(document=policy, to_status=S.APPROVED_FOR_HEARING, user=steering_member)


def test_pages_name_the_approved_version(client_for, revision, coordinator, steering_member):
    policy = revision.policy_document
    _approved(policy, coordinator, steering_member)
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    expected = f"Godkendt til høring: version 1, {today}, styregruppen"
    page = client_for(coordinator).get(reverse("policy:document_detail", args=[policy.slug]))
    assert expected in page.content.decode()
    assert reverse("consultation:hearing_new") + f"?dokument={policy.pk}" in page.content.decode()
    manage = client_for(coordinator).get(reverse("policy:revision_manage", args=[revision.slug]))
    assert expected in manage.content.decode()


def test_the_public_pages_follow_the_open_hearing(
    client, revision, chain, coordinator, steering_member
):
    policy = revision.policy_document
    _approved(policy, coordinator, steering_member)
    hearing = send_to_hearing(policy, coordinator, closed=False)
    html = client.get(reverse("policy:revision_public", args=[revision.slug])).content.decode()
    # The timeline no longer says "planned" for the hearing while it is open.
    assert "▶ I gang" in html
    assert reverse("consultation:hearing_detail", args=[hearing.slug]) in html
    public = client.get(reverse("policy:document_public", args=[policy.slug])).content.decode()
    assert reverse("consultation:hearing_detail", args=[hearing.slug]) + "#svarformular" in public
    hearings = client.get(reverse("consultation:hearing_list")).content.decode()
    assert hearing.title in hearings


def test_a_closed_hearing_promises_its_report_and_says_when_it_is_overdue(
    client, revision, coordinator, steering_member
):
    policy = revision.policy_document
    _approved(policy, coordinator, steering_member)
    hearing = send_to_hearing(policy, coordinator)
    page = client.get(reverse("consultation:hearing_detail", args=[hearing.slug]))
    promised = formats.date_format(hearing.report_due_on, "DATE_FORMAT")
    assert f"Høringsnotatet er lovet senest {promised}." in page.content.decode()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    hearing_update(hearing=hearing, user=coordinator, report_promised_on=yesterday)
    page = client.get(reverse("consultation:hearing_detail", args=[hearing.slug]))
    assert "og er forsinket" in page.content.decode()
    hearing_report_publish(hearing=hearing, user=coordinator)
    page = client.get(reverse("consultation:hearing_detail", args=[hearing.slug]))
    assert "Høringsnotatet blev offentliggjort" in page.content.decode()
    assert "forsinket" not in page.content.decode()


def test_the_periodic_scan_moves_the_milestone_when_the_hearing_opens_by_the_clock(
    revision, chain, coordinator, steering_member
):
    from consultation.tasks import hearing_milestones_sync

    policy = revision.policy_document
    _approved(policy, coordinator, steering_member)
    send_to_hearing(policy, coordinator, closed=False)
    milestone = chain[Milestone.Kind.PUBLIC_HEARING]
    # Made upcoming behind the services' back, as if the clock had not reached it yet.
    Milestone.objects.filter(pk=milestone.pk).update(status=Milestone.Status.PLANNED)
    assert hearing_milestones_sync() == 1
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.IN_PROGRESS
    assert hearing_milestones_sync() == 0
