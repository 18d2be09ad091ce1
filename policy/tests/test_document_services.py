import pytest

from policy.models import Document, DocumentTransition, DocumentVersion, ReviewComment
from policy.services import (
    TransitionNotAllowed,
    comment_create,
    comment_resolve,
    document_transition,
    document_transitions_for,
    version_restore,
)

from .document_factories import (
    adopt_by_council,
    edit_sections,
    make_document,
    save_version,
    send_to_hearing,
)

pytestmark = pytest.mark.django_db
S = Document.Status


@pytest.fixture
def document(coordinator):
    document = make_document()
    save_version(document, coordinator, [("Formål", "<p>Et</p>")], label="Første udkast")
    return document


def walk(document, *steps):
    for to_status, user in steps:
        if to_status == S.IN_HEARING:
            send_to_hearing(document, user)
        elif to_status == S.ADOPTED:
            adopt_by_council(document, user)
        else:
            document_transition(document=document, to_status=to_status, user=user)


def test_the_workflow_goes_step_by_step_with_the_right_role(document, coordinator, steering_member):
    walk(
        document,
        (S.STEERING_REVIEW, coordinator),
        (S.APPROVED_FOR_HEARING, steering_member),
        (S.IN_HEARING, coordinator),
        (S.PROCESSED_AFTER_HEARING, coordinator),
        (S.ADOPTED, coordinator),
    )
    document.refresh_from_db()
    assert document.status == S.ADOPTED
    steps = list(DocumentTransition.objects.filter(document=document).order_by("created_at", "pk"))
    assert [(t.from_status, t.to_status) for t in steps] == [
        (S.DRAFT, S.STEERING_REVIEW),
        (S.STEERING_REVIEW, S.APPROVED_FOR_HEARING),
        (S.APPROVED_FOR_HEARING, S.IN_HEARING),
        (S.IN_HEARING, S.PROCESSED_AFTER_HEARING),
        (S.PROCESSED_AFTER_HEARING, S.ADOPTED),
    ]
    assert steps[1].user == steering_member
    assert all(step.version == document.current_version for step in steps)
    assert document.history.first().history_user == coordinator


def test_the_transition_records_the_note(document, coordinator):
    step = document_transition(
        document=document, to_status=S.STEERING_REVIEW, user=coordinator, note=" Til mødet "
    )
    assert step.note == "Til mødet"
    assert step.history.get().history_change_reason == " Til mødet "


@pytest.mark.parametrize(
    "persona", ["coordinator", "project_member", "secretary", "forum_member", "anonymous"]
)
def test_only_the_steering_group_approves_for_hearing(request, document, coordinator, persona):
    walk(document, (S.STEERING_REVIEW, coordinator))
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    with pytest.raises(TransitionNotAllowed):
        document_transition(document=document, to_status=S.APPROVED_FOR_HEARING, user=user)
    document.refresh_from_db()
    assert document.status == S.STEERING_REVIEW
    assert DocumentTransition.objects.filter(document=document).count() == 1


def test_a_step_outside_the_workflow_is_refused(document, coordinator, superuser):
    with pytest.raises(TransitionNotAllowed, match="kan ikke gå til"):
        document_transition(document=document, to_status=S.ADOPTED, user=superuser)
    assert DocumentTransition.objects.count() == 0


def test_the_steering_group_may_send_a_draft_back(document, coordinator, steering_member):
    walk(document, (S.STEERING_REVIEW, coordinator), (S.DRAFT, steering_member))
    assert document.status == S.DRAFT
    assert document_transitions_for(document=document, user=steering_member) == []
    assert document_transitions_for(document=document, user=coordinator) == [S.STEERING_REVIEW]


def test_hearing_and_adoption_freeze_the_current_version(document, coordinator, steering_member):
    walk(
        document,
        (S.STEERING_REVIEW, coordinator),
        (S.APPROVED_FOR_HEARING, steering_member),
        (S.IN_HEARING, coordinator),
    )
    document.refresh_from_db()
    hearing = document.hearing_version
    assert hearing == document.current_version
    assert hearing.is_frozen and hearing.frozen_reason == "Sendt i høring"
    assert document.public_version_id == hearing.pk

    # Editing during or after the hearing succeeds the frozen version; it stays as it was.
    later = save_version(document, coordinator, [("Formål", "<p>To</p>")])
    hearing.refresh_from_db()
    assert hearing.sections.get().body == "<p>Et</p>"
    assert not later.is_frozen

    walk(document, (S.PROCESSED_AFTER_HEARING, coordinator), (S.ADOPTED, coordinator))
    document.refresh_from_db()
    assert document.adopted_version == later
    assert DocumentVersion.objects.get(pk=later.pk).frozen_reason == "Vedtaget"
    assert document.public_version_id == later.pk
    assert document.hearing_version == hearing


def test_a_document_without_a_version_cannot_go_to_hearing(coordinator, steering_member):
    empty = make_document(status=S.APPROVED_FOR_HEARING)
    with pytest.raises(TransitionNotAllowed):
        document_transition(document=empty, to_status=S.IN_HEARING, user=coordinator)
    empty.refresh_from_db()
    assert empty.status == S.APPROVED_FOR_HEARING


def test_the_plain_status_change_cannot_send_a_document_to_hearing(
    document, coordinator, steering_member
):
    """ "I høring" without a hearing was a dead end for citizens: only creating the hearing
    sends a document to hearing."""
    walk(document, (S.STEERING_REVIEW, coordinator), (S.APPROVED_FOR_HEARING, steering_member))
    assert S.IN_HEARING not in document_transitions_for(document=document, user=coordinator)
    with pytest.raises(TransitionNotAllowed, match="høringen oprettes"):
        document_transition(document=document, to_status=S.IN_HEARING, user=coordinator)
    document.refresh_from_db()
    assert document.status == S.APPROVED_FOR_HEARING
    assert document.hearing_version is None
    assert not document.current_version.is_frozen


def test_approval_belongs_to_the_version_it_was_given(document, coordinator, steering_member):
    walk(document, (S.STEERING_REVIEW, coordinator), (S.APPROVED_FOR_HEARING, steering_member))
    document.refresh_from_db()
    approved = document.current_version
    assert document.approved_version == approved
    assert document.approval_display.startswith("Godkendt til høring: version 1, ")
    assert document.approval_display.endswith(", styregruppen")

    # The coordinator keeps saving: the document goes back for approval, with a record of why.
    newer = save_version(document, coordinator, [("Formål", "<p>Fem</p>")])
    assert newer.sent_back_for_approval
    document.refresh_from_db()
    assert document.status == S.STEERING_REVIEW
    assert document.approved_version is None and document.approval_display == ""
    step = document.transitions.first()
    assert (step.from_status, step.to_status, step.version) == (
        S.APPROVED_FOR_HEARING,
        S.STEERING_REVIEW,
        newer,
    )
    assert "version 1" in step.note and "Version 2" in step.note

    # Approving again approves the version now read; the hearing then freezes exactly that.
    document_transition(
        document=document,
        to_status=S.APPROVED_FOR_HEARING,
        user=steering_member,
        expected_version=newer.number,
    )
    hearing = send_to_hearing(document, coordinator, closed=False)
    document.refresh_from_db()
    assert hearing.version == newer == document.hearing_version == document.approved_version
    assert not DocumentVersion.objects.get(pk=approved.pk).is_frozen


def test_an_approval_of_a_version_the_approver_has_not_read_is_refused(
    document, coordinator, steering_member
):
    walk(document, (S.STEERING_REVIEW, coordinator))
    read = document.current_version.number
    save_version(document, coordinator, [("Formål", "<p>Ny</p>")])
    with pytest.raises(TransitionNotAllowed, match="Version 2 blev gemt"):
        document_transition(
            document=document,
            to_status=S.APPROVED_FOR_HEARING,
            user=steering_member,
            expected_version=read,
        )
    document.refresh_from_db()
    assert document.status == S.STEERING_REVIEW and document.approved_version is None


def test_processing_waits_until_the_hearing_has_closed(document, coordinator, steering_member):
    walk(document, (S.STEERING_REVIEW, coordinator), (S.APPROVED_FOR_HEARING, steering_member))
    send_to_hearing(document, coordinator, closed=False)
    with pytest.raises(TransitionNotAllowed, match="Høringen løber til"):
        document_transition(
            document=document, to_status=S.PROCESSED_AFTER_HEARING, user=coordinator
        )
    document.refresh_from_db()
    assert document.status == S.IN_HEARING


def test_restoring_makes_a_new_version_with_the_old_content(document, coordinator):
    first = document.current_version
    save_version(document, coordinator, edit_sections(first, {"Formål": "<p>To</p>"}))
    restored = version_restore(version=first, user=coordinator)
    assert restored.number == 3
    assert restored.restored_from == first
    assert restored.change_note == "Gendannet fra version 1 (Første udkast)."
    assert [(s.key, s.heading, s.body) for s in restored.sections.all()] == [
        (s.key, s.heading, s.body) for s in first.sections.all()
    ]
    # History is never rewritten: version 2 is still there as it was.
    assert DocumentVersion.objects.get(document=document, number=2).sections.get().body == (
        "<p>To</p>"
    )
    document.refresh_from_db()
    assert document.current_version == restored
    assert restored.history.get().history_user == coordinator


def test_comments_are_made_and_resolved_once(document, coordinator, steering_member):
    section = document.current_version.sections.get()
    comment = comment_create(section=section, user=steering_member, body=" Uklart ")
    assert comment.body == "Uklart"
    assert comment.section_key == section.key
    assert list(ReviewComment.objects.open()) == [comment]
    resolved = comment_resolve(comment=comment, user=coordinator, note="Rettet")
    again = comment_resolve(comment=comment, user=steering_member, note="Igen")
    assert again.resolved_at == resolved.resolved_at
    assert again.resolved_by == coordinator and again.resolution_note == "Rettet"
    assert ReviewComment.objects.open().count() == 0
    assert comment.history.count() == 2


def test_tables_are_stored_the_same_way_whoever_wrote_them(coordinator):
    from policy.services import normalise_body

    from_editor = (
        '<table><tbody><tr><th colspan="1" rowspan="1"><p>Hvornår</p></th></tr>'
        '<tr><td colspan="2" rowspan="1"><p>Forår</p><p>Sommer</p></td></tr></tbody></table>'
    )
    assert normalise_body(from_editor) == (
        "<table><tbody><tr><th>Hvornår</th></tr>"
        '<tr><td colspan="2"><p>Forår</p><p>Sommer</p></td></tr></tbody></table>'
    )
    document = make_document()
    version = save_version(document, coordinator, [("Tabel", from_editor)])
    assert version.sections.get().body == normalise_body(from_editor)
