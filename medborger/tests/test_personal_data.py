"""One request about one person's data (/oversigt/persondata/): each app contributes through the
`personal_data_sources` hook; the page finds, exports and erases across all of them, and logs
who did it and when without naming the person."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from consultation.models import HearingResponse, SignUp, SignUpErasure
from consultation.services import events as event_services
from consultation.tests.event_factories import EventFactory
from consultation.tests.hearing_helpers import make_hearing, pdf_upload, submit
from medborger import personal_data
from medborger.models import PersonalDataRequest
from medborger.personal_data import personal_data_sources
from medborger.testing.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

URL = "/oversigt/persondata/"


@pytest.fixture
def person(coordinator):
    """One person who signed up for an event and answered a hearing, with the same address
    written differently; and someone else who must not be touched."""
    event = EventFactory(title="Borgermøde om biblioteket")
    signup = event_services.signup_create(
        event=event,
        data=event_services.SignUpData(name="Mette Holm", email="Mette@Example.org"),
    )
    hearing = make_hearing(user=coordinator)
    response = submit(
        hearing, name="Mette Holm", email="mette@example.org", files=[pdf_upload("bilag.pdf")]
    )
    other = submit(hearing, email="anden@example.org", text="Et andet svar fra en anden.")
    return {"signup": signup, "response": response, "other": other, "event": event}


def test_the_page_has_its_danish_address():
    assert reverse("personal_data") == URL


def test_the_apps_contribute_their_sources_through_the_hook(coordinator):
    keys = [source.key for source in personal_data_sources(coordinator)]
    assert keys == ["event_signups", "hearing_responses"]


def test_find_shows_what_every_app_holds(coordinator_client, person):
    page = coordinator_client.post(URL, {"email": "METTE@example.org", "action": "find"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Tilmeldinger til arrangementer" in html and "Borgermøde om biblioteket" in html
    assert "Høringssvar" in html and person["response"].reference in html
    assert person["other"].reference not in html
    assert not PersonalDataRequest.objects.exists()


def test_export_gives_one_archive_from_every_app_and_is_logged(
    coordinator_client, coordinator, person
):
    response = coordinator_client.post(
        URL, {"email": "mette@example.org", "action": "export", "note": "Mail 3/12"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    signups = json.loads(archive.read("event_signups.json"))
    responses = json.loads(archive.read("hearing_responses.json"))
    assert [s["event"] for s in signups] == ["Borgermøde om biblioteket"]
    assert [r["reference"] for r in responses] == [person["response"].reference]
    assert any(
        name.startswith("hearing_responses/") and name.endswith("bilag.pdf")
        for name in archive.namelist()
    )
    entry = PersonalDataRequest.objects.get()
    assert (entry.action, entry.performed_by, entry.note) == ("export", coordinator, "Mail 3/12")
    assert entry.counts == {"event_signups": 1, "hearing_responses": 1}


def test_erasing_asks_for_a_tick_first_and_changes_nothing_until_then(coordinator_client, person):
    page = coordinator_client.post(URL, {"email": "mette@example.org", "action": "erase"})

    assert page.status_code == 400
    assert "Sæt flueben for at bekræfte sletningen." in page.content.decode()
    assert SignUp.objects.get(pk=person["signup"].pk).name == "Mette Holm"
    assert HearingResponse.objects.get(pk=person["response"].pk).email == "mette@example.org"
    assert not PersonalDataRequest.objects.exists()


def test_erasing_clears_every_app_in_the_history_too_and_records_who_and_when(
    coordinator_client, coordinator, person
):
    page = coordinator_client.post(
        URL,
        {"email": "mette@example.org", "action": "erase", "confirm_erase": "on", "note": "Brev"},
        follow=True,
    )

    html = page.content.decode()
    assert "Personens data er slettet" in html
    assert "Tilmeldinger til arrangementer: 1, Høringssvar: 1" in html
    signup = SignUp.objects.get(pk=person["signup"].pk)
    assert signup.name == event_services.ANONYMISED_NAME and signup.email == ""
    assert not SignUp.history.filter(email__iexact="mette@example.org").exists()
    response = HearingResponse.objects.get(pk=person["response"].pk)
    assert (response.name, response.email, response.attachments.count()) == ("", "", 0)
    assert not HearingResponse.history.filter(email__iexact="mette@example.org").exists()
    assert HearingResponse.objects.get(pk=person["other"].pk).email == "anden@example.org"
    entry = PersonalDataRequest.objects.get()
    assert (entry.action, entry.performed_by, entry.note) == ("erasure", coordinator, "Brev")
    assert entry.counts == {"event_signups": 1, "hearing_responses": 1}
    assert entry.performed_at is not None
    # Each app keeps its own record of the erasure as well.
    assert SignUpErasure.objects.get().performed_by == coordinator
    assert (
        "mette" not in json.dumps(list(PersonalDataRequest.objects.values()), default=str).lower()
    )


@pytest.mark.parametrize("old", ["consultation:data_requests", "consultation:personal_data"])
def test_the_old_pages_of_each_app_lead_to_the_one_page(coordinator_client, old):
    response = coordinator_client.get(reverse(old))
    assert (response.status_code, response["Location"]) == (302, URL)


def test_one_failing_source_leaves_every_app_as_it_was(monkeypatch, coordinator, person):
    class Broken:
        key, label, order = "broken", "Broken", 99

        def erase(self, email, *, user, now):
            raise RuntimeError("The archive is unreachable.")

    sources = personal_data.personal_data_sources
    monkeypatch.setattr(
        personal_data, "personal_data_sources", lambda user: [*sources(user), Broken()]
    )

    with pytest.raises(RuntimeError):
        personal_data.personal_data_erase(email="mette@example.org", user=coordinator)

    assert SignUp.objects.get(pk=person["signup"].pk).name == "Mette Holm"
    assert HearingResponse.objects.get(pk=person["response"].pk).email == "mette@example.org"
    assert not SignUpErasure.objects.exists()
    assert not PersonalDataRequest.objects.exists()


def test_the_page_and_its_log_keep_their_query_count(coordinator_client, coordinator):
    def grow(n):
        while PersonalDataRequest.objects.count() < n:
            PersonalDataRequest.objects.create(
                action="erasure", performed_by=coordinator, counts={"event_signups": 1}
            )

    queries = assert_constant_queries(coordinator_client, URL, grow=grow, small=2, large=30)
    # session, user with their roles, the last 20 log entries with who did them.
    assert queries == 3
