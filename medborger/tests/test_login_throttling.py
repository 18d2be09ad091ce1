"""Log-in throttling an attacker cannot turn against staff, and limited password resets."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse

from medborger.models import OutboundEmail

pytestmark = pytest.mark.django_db

PASSWORD = "test-password"


def log_in(client, user, password, address):
    return client.post(
        reverse("login"), {"username": user.username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def guess_from_five_addresses(user, count=20):
    attacker = Client()
    for n in range(count):
        response = log_in(attacker, user, f"guess-{n}", f"203.0.113.{n % 5 + 1}")
        assert response.status_code == 200


def test_twenty_wrong_passwords_from_five_addresses_then_the_right_one_from_a_sixth_fail(
    coordinator,
):
    guess_from_five_addresses(coordinator)
    attacker = Client()
    response = log_in(attacker, coordinator, PASSWORD, "203.0.113.6")
    assert response.status_code == 200
    assert not logged_in(attacker, coordinator)
    assert "mange mislykkede" in response.content.decode()


def test_the_account_waits_only_until_the_window_has_passed(coordinator, settings):
    guess_from_five_addresses(coordinator)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC)
        - settings.AXES_COOLOFF_TIME
        - datetime.timedelta(minutes=1)
    )
    owner = Client()
    response = log_in(owner, coordinator, PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert logged_in(owner, coordinator)


def test_the_owner_on_a_browser_they_used_before_is_not_kept_out(coordinator):
    owner = Client()
    assert log_in(owner, coordinator, PASSWORD, "198.51.100.20").status_code == 302
    owner.post(reverse("logout"))
    guess_from_five_addresses(coordinator)
    response = log_in(owner, coordinator, PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert logged_in(owner, coordinator)


def test_another_account_is_not_held_by_the_attack(coordinator, secretary):
    guess_from_five_addresses(coordinator)
    other = Client()
    assert log_in(other, secretary, PASSWORD, "203.0.113.1").status_code == 302


def test_five_wrong_passwords_from_one_address_still_lock_that_address(coordinator):
    attacker = Client()
    for n in range(5):
        log_in(attacker, coordinator, f"guess-{n}", "203.0.113.9")
    response = log_in(attacker, coordinator, PASSWORD, "203.0.113.9")
    assert not logged_in(attacker, coordinator)
    assert response.status_code == 429


@override_settings(PASSWORD_RESET_LIMIT_PER_ACCOUNT=3, PASSWORD_RESET_LIMIT_PER_ADDRESS=100)
def test_password_reset_mails_for_one_account_are_limited_whatever_the_address(client, coordinator):
    for n in range(6):
        response = client.post(
            reverse("password_reset"), {"email": coordinator.email}, REMOTE_ADDR=f"203.0.113.{n}"
        )
        assert response.status_code == 302
    assert OutboundEmail.objects.filter(to_address=coordinator.email).count() == 3


@override_settings(PASSWORD_RESET_LIMIT_PER_ACCOUNT=100, PASSWORD_RESET_LIMIT_PER_ADDRESS=2)
def test_password_reset_requests_from_one_address_are_limited(
    client, coordinator, secretary, steering_member
):
    for user in (coordinator, secretary, steering_member):
        response = client.post(
            reverse("password_reset"), {"email": user.email}, REMOTE_ADDR="203.0.113.50"
        )
        assert response.status_code == 302
    assert OutboundEmail.objects.count() == 2
