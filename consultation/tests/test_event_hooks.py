import pytest
from django.urls import reverse

from consultation import hooks
from consultation.models import Event
from medborger.hooks import collect

from .event_factories import EventFactory, SignUpFactory

pytestmark = pytest.mark.django_db


def test_the_landing_page_invites_citizens_to_upcoming_events(client):
    event = EventFactory(title="Borgermøde i hallen", capacity=2)
    EventFactory(title="Intern workshop", audience=Event.Audience.STAFF)
    SignUpFactory(event=event, email="hidden@example.org")
    page = client.get(reverse("landing")).content.decode()
    assert "Møder, du kan deltage i" in page
    assert "Læs mere og tilmeld dig: Borgermøde i hallen" in page
    assert "1 ledig plads" in page
    assert "Intern workshop" not in page and "hidden@example.org" not in page
    assert f'href="{reverse("consultation:event_list")}"' in page


def test_everyone_gets_the_events_link_in_the_navigation(client):
    page = client.get(reverse("consultation:event_list")).content.decode()
    assert 'aria-current="page">Arrangementer<' in page


def test_the_dashboard_shows_upcoming_events_with_counts(coordinator_client):
    event = EventFactory(title="Borgermøde", capacity=5)
    SignUpFactory(event=event)
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Kommende arrangementer" in page
    assert reverse("consultation:event_attendees", args=[event.pk]) in page


def test_a_forum_member_sees_no_events_panel(forum_member_client):
    EventFactory()
    page = forum_member_client.get(reverse("dashboard")).content.decode()
    assert "Kommende arrangementer" not in page


def test_organisers_get_their_events_in_the_calendar_feed(coordinator, project_member):
    mine = EventFactory(title="Workshop", place="Rådhuset")
    mine.organisers.add(coordinator)
    EventFactory(title="Andet")
    entries = collect("calendar_events", coordinator)
    ours = [entry for entry in entries if entry.uid.startswith("event-")]
    assert [(entry.uid, entry.title, entry.location) for entry in ours] == [
        (f"event-{mine.pk}@medborger", "Workshop", "Rådhuset")
    ]
    assert ours[0].start == mine.starts_at and ours[0].end == mine.ends_at
    assert ours[0].url.endswith(reverse("consultation:event_attendees", args=[mine.pk]))
    assert ours[0].description.startswith("Tilmeldingsfrist: ")
    assert hooks.calendar_events(project_member) == []
