"""`save_with_history`: the one way a service checks, records who and why, and saves."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from medborger.history import REASON_MAX_LENGTH, fit_reason, record_history, save_with_history


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


@pytest.mark.django_db
def test_a_reason_longer_than_the_history_column_is_cut_with_an_ellipsis(coordinator, make_user):
    # The history's reason column holds 100 characters; PostgreSQL refuses a longer value
    # ("value too long for type character varying(100)") instead of saving.
    subject = make_user(first_name="Før")
    subject.first_name = "Efter"
    reason = "Begrundelse " + "x" * 288
    assert len(reason) == 300

    save_with_history(subject, user=coordinator, reason=reason)

    stored = subject.history.latest().history_change_reason
    assert len(stored) == REASON_MAX_LENGTH == 100
    assert stored == reason[:99] + "…"
    subject.refresh_from_db()
    assert subject.first_name == "Efter"


@pytest.mark.django_db
def test_record_history_fits_the_reason_for_a_plain_save(coordinator, make_user):
    subject = make_user(last_name="Før")
    subject.last_name = "Efter"
    record_history(subject, user=coordinator, reason="æ" * 300)
    subject.save(update_fields=["last_name"])

    assert subject.history.latest().history_change_reason == "æ" * 99 + "…"


def test_a_reason_that_fits_is_kept_as_it_is():
    assert fit_reason("x" * 100) == "x" * 100
    assert fit_reason("") == ""
