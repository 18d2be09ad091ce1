import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from medborger.demo import DEMO_USERS
from medborger.models import OutboundEmail
from medborger.roles import Role

pytestmark = pytest.mark.django_db


def test_the_login_page_is_danish(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="da" dir="ltr">' in html
    assert "Log ind" in html
    assert "Brugernavn" in html


@pytest.mark.parametrize("username", [user.username for user in DEMO_USERS])
def test_each_demo_user_can_log_in_and_reach_the_dashboard(client, settings, username):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.post(
        reverse("login"), {"username": username, "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_password_is_refused_with_a_danish_message(client, coordinator):
    response = client.post(reverse("login"), {"username": coordinator.username, "password": "x"})
    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_dashboard_sends_anonymous_visitors_to_the_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_may_not_see_the_dashboard(client_for, make_user):
    response = client_for(make_user()).get(reverse("dashboard"))
    assert response.status_code == 403
    assert "Ingen adgang" in response.content.decode()


@pytest.mark.parametrize("role", Role.values)
def test_every_role_reaches_the_dashboard(client_for, make_user, role):
    assert client_for(make_user(role)).get(reverse("dashboard")).status_code == 200


def test_logout_needs_a_post_and_ends_the_session(coordinator_client):
    response = coordinator_client.post(reverse("logout"))
    assert response.status_code == 302
    assert coordinator_client.get(reverse("dashboard")).status_code == 302


def test_password_change(client_for, make_user):
    user = make_user(Role.COORDINATOR, password="old-password-42")
    client = client_for(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "old-password-42",
            "new_password1": "a-new-long-password-7",
            "new_password2": "a-new-long-password-7",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-password-7")


def test_password_reset_goes_through_the_outbox(client, coordinator):
    response = client.post(reverse("password_reset"), {"email": coordinator.email})
    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert email.to_address == coordinator.email
    assert email.notification == "password_reset"
    assert email.subject == "Ny adgangskode til Medborger"
    link = re.search(r"http://testserver(/konto/nulstil/\S+/)", email.body_text).group(1)
    response = client.get(link, follow=True)
    assert "Vælg en ny adgangskode" in response.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert not OutboundEmail.objects.exists()
