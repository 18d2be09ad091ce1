"""No copy of a logged-in user's page or of an export stays in a cache; /healthz says little."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_a_logged_in_user_sees_is_private_and_not_stored(coordinator_client):
    for url in (reverse("dashboard"), reverse("landing"), reverse("privacy_notice")):
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_an_export_is_never_stored_even_without_a_session(rf):
    from medborger.exports import csv_response
    from medborger.middleware import PrivacyHeadersMiddleware

    request = rf.get("/")
    middleware = PrivacyHeadersMiddleware(
        lambda request: csv_response(filename="x.csv", header=["a"], rows=[])
    )
    assert middleware(request)["Cache-Control"] == "private, no-store"


def test_an_anonymous_public_page_may_be_cached_and_carries_a_permissions_policy(client):
    response = client.get(reverse("landing"))
    assert "no-store" not in response.get("Cache-Control", "")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@override_settings(HEALTHZ_ALLOWED_ADDRESSES=[], HEALTHZ_TOKEN="monitor-secret")
def test_healthz_gives_anonymous_visitors_only_the_status(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    wrong = client.get("/healthz", HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.json() == {"status": "ok"}


@override_settings(HEALTHZ_ALLOWED_ADDRESSES=[], HEALTHZ_TOKEN="monitor-secret")
def test_healthz_gives_monitoring_with_the_token_the_detail(client):
    response = client.get("/healthz", HTTP_AUTHORIZATION="Bearer monitor-secret")
    assert response.json() == {"database": "reachable", "broker": "reachable", "status": "ok"}


@override_settings(HEALTHZ_ALLOWED_ADDRESSES=["192.0.2.50"], HEALTHZ_TOKEN="")
def test_healthz_gives_the_monitoring_address_the_detail(client):
    detail = client.get("/healthz", REMOTE_ADDR="192.0.2.50")
    assert detail.json()["database"] == "reachable"
    assert client.get("/healthz", REMOTE_ADDR="192.0.2.51").json() == {"status": "ok"}
