import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from medborger.testing.queries import assert_constant_queries
from policy.models import Milestone, PolicyRevision

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r'(?:src|href)="(?:https?:)?//(?!127\.0\.0\.1|localhost|testserver)[^"]+"')


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_landing_page_shows_the_revision_and_the_forum(client, demo):
    response = client.get(reverse("landing"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="da" dir="ltr">' in html
    assert "Revision af Medborgerpolitikken" in html
    assert "Medborgerforum 2018–2021" in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<nav" in html and "<main" in html and "<footer" in html


@pytest.mark.parametrize("url_name", ["landing", "login", "password_reset"])
def test_public_pages_load_nothing_from_other_hosts(client, demo, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert EXTERNAL.findall(html) == []
    assert "/static/vendor/bootstrap/dist/css/bootstrap.min.css" in html


def test_the_dashboard_loads_nothing_from_other_hosts(coordinator_client, demo):
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    assert EXTERNAL.findall(html) == []


def test_visitors_can_switch_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Staff log-in" in html
    response = client.post(reverse("set_language"), {"language": "da", "next": "/"}, follow=True)
    assert '<html lang="da" dir="ltr">' in response.content.decode()


def test_the_navigation_shows_what_the_role_can_reach(client, coordinator_client):
    anonymous = client.get(reverse("landing")).content.decode()
    assert reverse("dashboard") not in anonymous
    assert reverse("login") in anonymous
    staff = coordinator_client.get(reverse("landing")).content.decode()
    assert f'href="{reverse("dashboard")}"' in staff
    assert "Log ud" in staff


def test_the_dashboard_query_count_does_not_grow_with_milestones(coordinator_client):
    revision = PolicyRevision.objects.create(title="Revision", slug="revision")

    def grow(count):
        existing = revision.milestones.count()
        Milestone.objects.bulk_create(
            Milestone(revision=revision, title=f"Milepæl {i}", position=i, date_precision="unset")
            for i in range(existing, count)
        )

    queries = assert_constant_queries(
        coordinator_client, reverse("dashboard"), grow=grow, warm=True
    )
    # session, user with their roles, revisions with their counts, the user's memberships, the
    # revision's groups, milestones, the revision's tasks, the user's own tasks with their total
    # (the revision panels built here, as inside the test's transaction the process stamp is
    # never read: policy/tests/test_dashboard_cache.py reads it); then the documents, events
    # and hearing-responses panels (the cached counts), one query each. Nothing that depends
    # on the rows (policy/tests/test_process_dashboard.py grows them all).
    assert queries == 11


def test_unknown_pages_get_a_danish_404(client):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("accessibility_statement", "Tilgængelighedserklæring"),
        ("privacy_notice", "Privatliv og persondata"),
    ],
)
def test_the_statements_a_public_site_must_have_are_linked_from_every_page(
    client, url_name, heading
):
    url = reverse(url_name)
    for page in (reverse("landing"), reverse("login")):
        assert f'href="{url}"' in client.get(page).content.decode()
    html = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "Datatilsynet" in html or "Digitaliseringsstyrelsen" in html


def test_hook_modules_are_found_once_per_process():
    from medborger import hooks

    assert hooks._hook_modules() is hooks._hook_modules()
    assert {module.__name__ for module in hooks._hook_modules()} >= {"policy.hooks", "forum.hooks"}


def test_public_pages_follow_the_browser_when_the_visitor_has_not_chosen(client):
    response = client.get(reverse("landing"), HTTP_ACCEPT_LANGUAGE="ar-IQ,ar;q=0.9,en;q=0.5")
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert response["Content-Language"] == "ar"


def test_pages_are_danish_for_a_browser_in_a_language_the_site_does_not_offer(client):
    response = client.get(reverse("landing"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert '<html lang="da" dir="ltr">' in response.content.decode()
    assert response["Content-Language"] == "da"


def test_the_visitors_choice_wins_over_the_browser_and_is_kept_for_the_visit(client):
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert response.cookies["django_language"]["max-age"] == ""  # a session cookie
    html = client.get(reverse("landing"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


def test_staff_pages_fall_back_to_danish_in_a_public_only_language(client_for, make_user):
    client = client_for(make_user("Koordinator"))
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert '<html lang="da" dir="ltr">' in html
    assert response["Content-Language"] == "da"
    # The switch offers only the staff languages there, each named in itself.
    assert 'value="en" lang="en"' in html and ">English</button>" in html
    assert "العربية" not in html
    public = client.get(reverse("landing")).content.decode()
    assert '<html lang="ar" dir="rtl">' in public


def test_a_logged_in_users_own_language_is_used_until_they_switch(client_for, make_user):
    client = client_for(make_user("Koordinator", language="en"))
    assert '<html lang="en" dir="ltr">' in client.get(reverse("dashboard")).content.decode()
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert '<html lang="da" dir="ltr">' in client.get(reverse("dashboard")).content.decode()


def test_the_page_title_names_the_page_then_the_site(coordinator_client):
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "<title>Overblik – Medborger · Ishøj Kommune</title>" in html


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("/politik/", "/politik/"),
        ("0", "/fallback/"),
        ("dashboard", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("/\\evil.example/", "/fallback/"),
        ("https://evil.example/", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_next_urls_are_only_paths_on_this_site(rf, candidate, expected):
    from medborger.http import safe_next_url

    request = rf.post("/", {"next": candidate})
    assert safe_next_url(request, "/fallback/") == expected
