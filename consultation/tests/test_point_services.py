"""Points: collected from every channel, split, merged, decided, linked, published."""

import pytest
from django.core.exceptions import ValidationError

from consultation.models import HearingResponse, Point, PointChange
from consultation.services.events import event_note_add
from consultation.services.points import (
    Passage,
    StalePoint,
    feedback_enqueue_due,
    hearing_feedback_publish,
    passages_from_excerpts,
    point_changes_record,
    point_decide,
    point_merge,
    point_split,
    point_wording_accept,
    points_collect,
    publication_problems,
)
from consultation.tasks import send_hearing_feedback
from medborger.models import OutboundEmail
from policy.services import SectionInput, comment_create, version_save

from .event_factories import EventFactory
from .hearing_helpers import submit
from .point_helpers import ASSOCIATION_TEXT, close, hearing_with_points

pytestmark = pytest.mark.django_db


def decide(point, user, disposition="noted", reason="Det er noteret.", **kwargs):
    point.refresh_from_db()
    return point_decide(
        point=point,
        user=user,
        lock_version=point.lock_version,
        summary=kwargs.pop("summary", "Resumé"),
        disposition=disposition,
        reason=reason,
        **kwargs,
    )


def test_a_response_yields_one_point_per_section_it_names(coordinator):
    hearing, sections, citizen, association = hearing_with_points(coordinator)
    assert citizen.points.count() == 1
    assert citizen.points.get().section_key == sections[1].key
    assert sorted(p.section_heading for p in association.points.all()) == sorted(
        s.heading for s in sections
    )
    # Running it again adds nothing.
    assert points_collect(hearing=hearing, user=coordinator) == 0
    assert Point.objects.filter(hearing=hearing).count() == 4


def test_a_campaign_is_one_point_counted_with_its_copies(coordinator):
    hearing, _sections, citizen, _association = hearing_with_points(coordinator, closed=False)
    copy = submit(hearing, name="Ole", email="ole@example.org")  # the same text as the citizen
    assert copy.copy_of_id == citizen.pk
    assert points_collect(hearing=hearing, user=coordinator) == 0
    assert not copy.points.exists()


def test_event_notes_and_review_comments_become_points_of_the_same_kind(coordinator, make_user):
    hearing, sections, *_ = hearing_with_points(coordinator)
    event = EventFactory()
    note = event_note_add(event=event, section=sections[2], text="Flere bænke", user=coordinator)
    comment = comment_create(section=sections[0], user=make_user("steering"), body="Kortere")
    assert points_collect(hearing=hearing, user=coordinator) == 2
    assert note.point.section_key == sections[2].key
    assert comment.point.source == Point.Source.REVIEW_COMMENT
    assert comment.point.section_heading == sections[0].heading


def test_a_split_covers_every_word_or_is_refused(coordinator):
    hearing, sections, _citizen, association = hearing_with_points(coordinator)
    first, second, third = ASSOCIATION_TEXT.split(". ")
    passages = passages_from_excerpts(
        association.text, [(first, sections[0].key), (second, sections[1].key)]
    )
    with pytest.raises(ValidationError) as refused:
        point_split(response=association, passages=passages, user=coordinator)
    assert "frivillighedscenter" in str(refused.value)
    assert association.points.count() == 3  # unchanged

    passages += passages_from_excerpts(association.text, [(third, sections[2].key)])
    points = point_split(response=association, passages=passages, user=coordinator)
    assert [p.text for p in points] == [first, second, third]
    assert association.points.count() == 3
    assert points[2].history.first().history_change_reason == "Høringssvar delt i punkter"


def test_a_split_is_refused_once_a_point_is_decided(coordinator):
    hearing, sections, _citizen, association = hearing_with_points(coordinator)
    decide(association.points.first(), coordinator)
    with pytest.raises(ValidationError):
        point_split(
            response=association,
            passages=[Passage(0, len(association.text), None)],
            user=coordinator,
        )


def test_a_disposition_needs_a_reason_and_a_met_point_a_change(coordinator):
    hearing, sections, citizen, _association = hearing_with_points(coordinator)
    point = citizen.points.get()
    with pytest.raises(ValidationError) as no_reason:
        decide(point, coordinator, reason="  ")
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as no_change:
        decide(point, coordinator, disposition="met")
    assert "change_elsewhere" in no_change.value.message_dict
    decided = decide(point, coordinator, disposition="met", change_elsewhere="I budgettet.")
    assert decided.disposition == "met" and decided.decided_by == coordinator


def test_two_staff_editing_the_same_point_do_not_overwrite_each_other(coordinator, make_user):
    hearing, _sections, citizen, _association = hearing_with_points(coordinator)
    point = citizen.points.get()
    opened = point.lock_version
    point_decide(point=point, user=coordinator, lock_version=opened, summary="Først")
    with pytest.raises(StalePoint) as stale:
        point_decide(point=point, user=make_user("coordinator"), lock_version=opened, summary="Så")
    assert stale.value.current.summary == "Først"
    point.refresh_from_db()
    assert point.summary == "Først"


def test_merged_points_are_decided_as_one(coordinator):
    hearing, _sections, citizen, association = hearing_with_points(coordinator)
    target = citizen.points.get()
    others = list(association.points.all()[:2])
    point_merge(into=target, points=others, user=coordinator)
    assert set(target.merged.all()) == set(others)
    assert Point.objects.active().filter(hearing=hearing).count() == 2


def test_saving_the_next_version_records_the_points_it_answers(coordinator):
    hearing, sections, citizen, _association = hearing_with_points(coordinator)
    point = citizen.points.get()
    document = hearing.version.document
    document.refresh_from_db()
    version = version_save(
        document=document,
        sections=[SectionInput(s.heading, s.body + "<p>Nyt</p>", s.key) for s in sections],
        user=coordinator,
        base_number=document.current_version.number,
    )
    [change] = point_changes_record(version=version, point_ids=[point.pk], user=coordinator)
    assert change.section_key == point.section_key
    decided = decide(point, coordinator, disposition="met")
    assert decided.changes.get() == change


def test_accepting_a_proposed_wording_puts_it_in_the_draft_and_links_it(coordinator):
    hearing, sections, citizen, _association = hearing_with_points(coordinator)
    point = decide(
        citizen.points.get(),
        coordinator,
        disposition="",
        reason="",
        proposed_wording="<p>Vi skaber mødesteder for alle.</p>",
    )
    change = point_wording_accept(point=point, user=coordinator)
    assert change.accepted_wording
    new_body = change.version.sections.get(key=point.section_key).body
    assert new_body == "<p>Vi skaber mødesteder for alle.</p>"
    assert change.version.document.current_version_id == change.version.pk


def test_a_point_whose_section_was_deleted_cannot_take_a_wording(coordinator):
    hearing, sections, citizen, _association = hearing_with_points(coordinator)
    point = citizen.points.get()
    document = hearing.version.document
    document.refresh_from_db()
    version_save(
        document=document,
        sections=[SectionInput(s.heading, s.body, s.key) for s in sections if s != sections[1]],
        user=coordinator,
        base_number=document.current_version.number,
    )
    point = decide(point, coordinator, disposition="", reason="", proposed_wording="<p>X</p>")
    with pytest.raises(ValidationError):
        point_wording_accept(point=point, user=coordinator)
    assert not PointChange.objects.exists()


def test_publishing_is_refused_while_points_are_undecided(coordinator):
    hearing, _sections, citizen, association = hearing_with_points(coordinator)
    with pytest.raises(ValidationError) as refused:
        hearing_feedback_publish(hearing=hearing, user=coordinator)
    assert "4 punkter er ikke afgjort endnu." in refused.value.messages
    assert not OutboundEmail.objects.filter(notification="hearing_feedback").exists()


def test_publishing_mails_every_respondent_once_in_their_language(
    coordinator, django_capture_on_commit_callbacks
):
    hearing, _sections, citizen, association = hearing_with_points(coordinator, closed=False)
    declined = submit(
        hearing, email="nej@example.org", text="Noget helt andet om parker.", no_feedback=True
    )
    copy = submit(hearing, name="Ole", email="ole@example.org")
    HearingResponse.objects.filter(pk=association.pk).update(language="en")
    points_collect(hearing=hearing, user=coordinator)
    for point in Point.objects.filter(hearing=hearing):
        decide(point, coordinator)
    assert publication_problems(hearing) == []
    close(hearing)
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = hearing_feedback_publish(hearing=hearing, user=coordinator)
    # One nudge of the task that queues the e-mails (besides the cache's stamps).
    nudges = [c for c in callbacks if "hearing_feedback_publish" in c.__qualname__]
    assert len(nudges) == 1
    assert send_hearing_feedback(hearing.pk) == 3  # what the worker runs
    hearing_feedback_publish(hearing=hearing, user=coordinator)  # again: nothing new
    assert send_hearing_feedback(hearing.pk) == 0
    assert feedback_enqueue_due() == 0
    mails = OutboundEmail.objects.filter(notification="hearing_feedback")
    assert sorted(mails.values_list("to_address", flat=True)) == sorted(
        [citizen.email, association.email, copy.email]
    )
    assert declined.email not in {m.to_address for m in mails}
    english = mails.get(to_address=association.email)
    assert "hearing" in english.subject.lower()
    assert association.feedback.token in english.body_text
    assert outcome.report_published_at is not None


def test_the_scan_queues_feedback_whose_nudge_was_lost(coordinator):
    hearing, _sections, citizen, association = hearing_with_points(coordinator)
    for point in Point.objects.filter(hearing=hearing):
        decide(point, coordinator)
    hearing_feedback_publish(hearing=hearing, user=coordinator)  # its nudge never runs here
    assert not OutboundEmail.objects.filter(notification="hearing_feedback").exists()
    assert feedback_enqueue_due() == 2
    assert feedback_enqueue_due() == 0
    assert OutboundEmail.objects.filter(notification="hearing_feedback").count() == 2


def test_each_feedback_email_carries_its_own_name_reference_and_link(coordinator):
    hearing, _sections, citizen, association = hearing_with_points(coordinator, closed=False)
    other = submit(hearing, name="Ann & Bo", email="ab@example.org", text="Parker og stier.")
    close(hearing)
    points_collect(hearing=hearing, user=coordinator)
    for point in Point.objects.filter(hearing=hearing):
        decide(point, coordinator)
    hearing_feedback_publish(hearing=hearing, user=coordinator)
    assert send_hearing_feedback(hearing.pk) == 3
    mails = {m.to_address: m for m in OutboundEmail.objects.filter(notification="hearing_feedback")}
    for response in (citizen, association, other):
        mail = mails[response.email]
        assert response.reference in mail.body_text and response.reference in mail.body_html
        assert f"/dit-svar/{response.feedback.token}/" in mail.body_text
        assert "QQFEEDBACK" not in mail.body_text + mail.body_html + mail.subject
    assert "Ann & Bo" in mails[other.email].body_text
    assert "Ann &amp; Bo" in mails[other.email].body_html
