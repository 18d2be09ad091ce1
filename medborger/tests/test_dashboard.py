"""The staff dashboard composes every app's panels: a toolbar, a row of figures at a glance and
full panels, each in a region with its own heading."""

import types
from pathlib import Path

import pytest
from django.urls import reverse

from medborger import hooks

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_apps_panels(monkeypatch, settings):
    """Panels as the consultation and forum apps add them, through the same hook."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"],
        }
    ]
    fake = types.SimpleNamespace(
        dashboard_panels=lambda request: [
            hooks.Block(
                "dashboard/_test_panel.html",
                {"figure": "37 høringssvar"},
                20,
                "Høringssvar indtil nu",
                "summary",
            ),
            hooks.Block(
                "dashboard/_test_panel.html", {"figure": "62 % brugt"}, 50, "Budget", "main"
            ),
        ]
    )
    modules = hooks._hook_modules()
    monkeypatch.setattr(hooks, "_hook_modules", lambda: (*modules, fake))


def test_other_apps_panels_get_a_region_and_a_heading_each(coordinator_client, other_apps_panels):
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    summary = html.index('<div class="row g-3 mb-4">')
    assert summary < html.index("Høringssvar indtil nu") < html.index(">Mine opgaver</h2>")
    assert '<h2 class="h6 card-title" id="summary-1">Høringssvar indtil nu</h2>' in html
    budget = html.index(">Budget</h2>")
    assert html.index(">Mine opgaver</h2>") < budget
    assert html.count('aria-labelledby="panel-') == html.count('class="h4" id="panel-')
    assert "37 høringssvar" in html and "62 % brugt" in html


def test_the_dashboard_links_to_the_calendar(coordinator_client):
    html = coordinator_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("calendar")}"' in html
    assert 'id="inline-status"' in html and 'role="status"' in html
