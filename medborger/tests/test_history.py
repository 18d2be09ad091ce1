"""`save_with_history`: the one way a service checks, records who and why, and saves."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from medborger.history import save_with_history


@pytest.mark.django_db
def test_it_saves_and_records_who_and_why(coordinator, make_user):
    subject = make_user(first_name="Før")
    subject.first_name = "Efter"

    returned = save_with_history(subject, user=coordinator, reason="Renamed")

    assert returned is subject
    subject.refresh_from_db()
    assert subject.first_name == "Efter"
    latest = subject.history.latest()
    assert (latest.first_name, latest.history_user, latest.history_change_reason) == (
        "Efter",
        coordinator,
        "Renamed",
    )


@pytest.mark.django_db
def test_it_refuses_an_invalid_object_and_writes_nothing(coordinator, make_user):
    subject = make_user(email="ok@example.org")
    rows_before = subject.history.count()
    subject.email = "not an address"

    with pytest.raises(ValidationError) as refusal:
        save_with_history(subject, user=coordinator, reason="Broken")

    assert "email" in refusal.value.error_dict
    subject.refresh_from_db()
    assert subject.email == "ok@example.org"
    assert subject.history.count() == rows_before


@pytest.mark.django_db
def test_it_skips_excluded_fields_and_saves_only_update_fields(make_user):
    subject = make_user(email="ok@example.org", first_name="Før")
    subject.email = "not an address"
    subject.first_name = "Efter"

    save_with_history(
        subject,
        user=AnonymousUser(),
        reason="Only the name",
        exclude=["email"],
        update_fields=["first_name"],
    )

    subject.refresh_from_db()
    assert (subject.first_name, subject.email) == ("Efter", "ok@example.org")
    assert subject.history.latest().history_user is None
