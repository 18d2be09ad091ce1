"""Optional two-factor log-in (TOTP), required for superusers when configured."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "test-password"


def current_code(device: TOTPDevice) -> str:
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return f"{code:06d}"


def set_up(client, user) -> TOTPDevice:
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200
    qr = client.get(reverse("two_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("two_factor"), {"token": "000000"}).status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1 and not device.confirmed
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code
    response = client.post(reverse("two_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_user_with_an_authenticator_must_give_its_code_to_log_in(client_for, coordinator):
    device = set_up(client_for(coordinator), coordinator)
    browser = Client()
    without = browser.post(
        reverse("login"), {"username": coordinator.username, "password": PASSWORD}
    )
    assert without.status_code == 200
    assert "_auth_user_id" not in browser.session
    assert "autentificeringsapp" in without.content.decode()
    device.refresh_from_db()
    # A code already used cannot be used again, so wait for django-otp's next step.
    device.last_t = -1
    device.save(update_fields=["last_t"])
    device.throttle_reset()
    with_code = browser.post(
        reverse("login"),
        {"username": coordinator.username, "password": PASSWORD, "otp_token": current_code(device)},
    )
    assert with_code.status_code == 302
    assert browser.session["_auth_user_id"] == str(coordinator.pk)
    assert browser.session.get("otp_device_id") == device.persistent_id


def test_a_user_without_an_authenticator_logs_in_with_the_password(client, coordinator):
    response = client.post(
        reverse("login"), {"username": coordinator.username, "password": PASSWORD}
    )
    assert response.status_code == 302


@override_settings(OTP_REQUIRED_FOR_SUPERUSERS=True)
def test_a_superuser_must_set_up_an_authenticator_before_anything_else(client, superuser):
    response = client.post(
        reverse("login"), {"username": superuser.username, "password": PASSWORD}, follow=False
    )
    assert response.status_code == 302
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 302 and dashboard["Location"] == reverse("two_factor")
    assert client.get("/admin/").status_code == 302
    set_up(client, superuser)
    assert client.get(reverse("dashboard")).status_code == 200


@override_settings(OTP_REQUIRED_FOR_SUPERUSERS=True)
def test_other_staff_are_not_forced(client_for, coordinator):
    assert client_for(coordinator).get(reverse("dashboard")).status_code == 200
