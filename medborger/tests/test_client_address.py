"""The client's address behind trusted proxies, for every limit and the log-in throttling."""

import pytest
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings
from django.urls import reverse

from consultation.models import HearingResponse
from medborger.checks import proxy_configuration
from medborger.http import client_address

PROXY = "10.0.0.5"


def request_from(remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.7", "203.0.113.9", "192.0.2.7"),
        (1, PROXY, "198.51.100.20", "198.51.100.20"),
        # The client wrote its own X-Forwarded-For; the proxy appended the real address.
        (1, PROXY, "1.2.3.4, 198.51.100.20", "198.51.100.20"),
        (2, PROXY, "1.2.3.4, 198.51.100.20, 10.0.0.9", "198.51.100.20"),
        (1, PROXY, None, PROXY),
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, "2001:db8::1", "2001:db8::1"),
        (3, PROXY, "198.51.100.20", "198.51.100.20"),
    ],
)
def test_the_client_is_read_from_the_right_never_the_left(count, remote, forwarded, expected):
    with override_settings(PROXY_COUNT=count):
        assert client_address(request_from(remote, forwarded)) == expected


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1, HEARING_RATE_LIMIT_PER_HOUR=2)
def test_citizens_behind_one_proxy_are_limited_each_on_their_own(client, coordinator):
    from consultation.tests.hearing_helpers import aged_token, form_post, make_hearing

    hearing = make_hearing(user=coordinator)
    url = reverse("consultation:hearing_detail", args=[hearing.slug])

    def post(address):
        data = form_post(hearing, form_token=aged_token(hearing, 90))
        return client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)

    statuses = [post(f"198.51.100.{n}").status_code for n in range(1, 6)]
    assert statuses == [302] * 5
    assert HearingResponse.objects.count() == 5
    # One citizen over the limit is refused, with a spoofed left part or not.
    assert post("198.51.100.1").status_code == 302
    assert post("9.9.9.9, 198.51.100.1").status_code == 429
    assert HearingResponse.objects.count() == 6


@pytest.mark.django_db
@override_settings(PROXY_COUNT=1, AXES_FAILURE_LIMIT=3)
def test_wrong_passwords_from_one_visitor_do_not_lock_out_another_behind_the_proxy(
    client, coordinator
):
    url = reverse("login")
    for _ in range(4):
        client.post(
            url,
            {"username": coordinator.username, "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    response = client.post(
        url,
        {"username": coordinator.username, "password": "test-password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(coordinator.pk)


def error_ids(**overrides):
    with override_settings(**overrides):
        return {error.id for error in proxy_configuration()}


def test_the_deployment_check_accepts_one_proxy_with_its_https_header():
    assert (
        error_ids(PROXY_COUNT=1, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
        == set()
    )
    assert error_ids(PROXY_COUNT=0, SECURE_PROXY_SSL_HEADER=None) == set()


def test_the_deployment_check_refuses_a_configuration_without_effect():
    assert "medborger.E002" in error_ids(PROXY_COUNT=2, SECURE_PROXY_SSL_HEADER=None)
    assert "medborger.E003" in error_ids(
        PROXY_COUNT=0, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    )
    assert "medborger.E001" in error_ids(PROXY_COUNT=-1)
    assert "medborger.E004" in error_ids(AXES_CLIENT_IP_CALLABLE=None)
    assert "medborger.E005" in error_ids(
        PROXY_COUNT=0, SECURE_PROXY_SSL_HEADER=None, USE_X_FORWARDED_HOST=True
    )


def test_the_check_is_registered_for_deployment():
    with override_settings(
        PROXY_COUNT=0, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    ):
        assert "medborger.E003" in {e.id for e in run_checks(include_deployment_checks=True)}
