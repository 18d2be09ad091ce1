import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy_and_safety_headers(client):
    response = client.get(reverse("landing"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_repeated_wrong_passwords_pause_the_log_in(client, coordinator, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": coordinator.username, "password": "forkert"})
    response = client.post(
        reverse("login"), {"username": coordinator.username, "password": "test-password"}
    )
    assert response.status_code == 429
    assert "Log ind er sat på pause" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_user_name_is_not_locked_by_someone_elses_failures(client, coordinator, make_user):
    other = make_user(username="anden")
    for _attempt in range(5):
        client.post(reverse("login"), {"username": coordinator.username, "password": "forkert"})
    response = client.post(
        reverse("login"), {"username": other.username, "password": "test-password"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_an_over_long_user_name_is_refused_and_still_counted(client, url_name):
    """The lockout's column holds 255 characters; PostgreSQL refuses a longer value."""
    from axes.models import AccessAttempt

    response = client.post(reverse(url_name), {"username": "æ" * 10_000, "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    for attempt in AccessAttempt.objects.all():
        assert len(attempt.username) <= 255


def test_staff_sessions_end_with_the_browser_and_after_a_working_day(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
