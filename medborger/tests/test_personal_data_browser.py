import pytest

from consultation.models import SignUp
from consultation.services import events as event_services
from consultation.tests.event_factories import EventFactory
from medborger.models import PersonalDataRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_finds_and_erases_a_persons_data_from_the_events_page(
    page, browser_login, coordinator
):
    event = EventFactory(title="Borgermøde om biblioteket")
    event_services.signup_create(
        event=event, data=event_services.SignUpData(name="Asta Holm", email="asta@example.org")
    )
    browser_login(coordinator)
    page.goto("/inddragelse/arrangementer/")
    page.follow(page.get_by_role("link", name="Anmodninger om personoplysninger"))
    assert page.get_by_role(
        "heading", name="Personoplysninger efter anmodning", level=1
    ).is_visible()

    page.get_by_label("Personens e-mailadresse").fill("asta@example.org")
    page.submit(page.get_by_role("button", name="Find personens oplysninger"))
    assert page.get_by_text("Borgermøde om biblioteket", exact=False).is_visible()

    page.submit(page.get_by_role("button", name="Slet personens oplysninger"))
    assert page.get_by_text("Sæt flueben for at bekræfte sletningen.").first.is_visible()
    page.get_by_label("Ja, slet alt, hvad vi har om denne person").check()
    page.submit(page.get_by_role("button", name="Slet personens oplysninger"))
    assert page.get_by_text("Personens data er slettet", exact=False).is_visible()

    assert SignUp.objects.get().name == event_services.ANONYMISED_NAME
    assert PersonalDataRequest.objects.get().performed_by == coordinator
