"""Two people changing the workflow at once: exactly one wins, the other is told why.

Runs on SQLite (IMMEDIATE transactions) and on PostgreSQL (row locks with SELECT ... FOR
UPDATE); CI runs it on both."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from consultation.models import Hearing
from policy.models import Document
from policy.services import TransitionNotAllowed, document_transition

from .document_factories import make_document, save_version, send_to_hearing

pytestmark = pytest.mark.django_db(transaction=True)
S = Document.Status


def _race(*actions):
    """Run the actions at the same moment; return what each raised (None if it succeeded)."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            action()
        except Exception as exc:  # noqa: BLE001 - returned and asserted by the caller
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def approved(coordinator, steering_member):
    document = make_document()
    save_version(document, coordinator, [("Formål", "<p>Et</p>")])
    document_transition(document=document, to_status=S.STEERING_REVIEW, user=coordinator)
    document_transition(document=document, to_status=S.APPROVED_FOR_HEARING, user=steering_member)
    return document


def test_two_coordinators_sending_to_hearing_one_wins(approved, coordinator, superuser):
    outcomes = _race(
        lambda: send_to_hearing(Document.objects.get(pk=approved.pk), coordinator, closed=False),
        lambda: send_to_hearing(Document.objects.get(pk=approved.pk), superuser, closed=False),
    )
    refusals = [o for o in outcomes if o is not None]
    assert len(refusals) == 1, outcomes
    assert isinstance(refusals[0], ValidationError)
    assert "allerede i høring" in refusals[0].message_dict["document"][0]
    assert Hearing.objects.count() == 1
    document = Document.objects.get(pk=approved.pk)
    assert document.status == S.IN_HEARING
    assert document.transitions.filter(to_status=S.IN_HEARING).count() == 1


def test_approving_while_the_coordinator_saves_never_approves_an_unread_version(
    coordinator, steering_member
):
    document = make_document()
    save_version(document, coordinator, [("Formål", "<p>Et</p>")])
    document_transition(document=document, to_status=S.STEERING_REVIEW, user=coordinator)
    outcomes = _race(
        lambda: document_transition(
            document=Document.objects.get(pk=document.pk),
            to_status=S.APPROVED_FOR_HEARING,
            user=steering_member,
            expected_version=1,
        ),
        lambda: save_version(
            Document.objects.get(pk=document.pk), coordinator, [("Formål", "<p>To</p>")]
        ),
    )
    document.refresh_from_db()
    assert outcomes[1] is None  # the save always lands
    if outcomes[0] is None:
        # The approval came first; the save then sent the document back for approval.
        assert (document.status, document.approved_version) == (S.STEERING_REVIEW, None)
    else:
        # The save came first; the approval of version 1 is refused and says why.
        assert isinstance(outcomes[0], TransitionNotAllowed)
        assert "Version 2 blev gemt" in str(outcomes[0])
        assert (document.status, document.approved_version) == (S.STEERING_REVIEW, None)
    # Either way nothing unread is approved, and version 2 needs the steering group.
    assert document.current_version.number == 2
