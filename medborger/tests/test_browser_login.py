import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_logs_in_reaches_the_dashboard_and_logs_out(page, coordinator):
    page.goto("/")
    page.follow(page.get_by_role("link", name="Log ind for medarbejdere"))
    page.get_by_label("Brugernavn").fill(coordinator.username)
    page.get_by_label("Adgangskode").fill("test-password")
    page.submit(page.get_by_role("button", name="Log ind"))

    assert page.url.endswith("/oversigt/")
    assert page.get_by_role("heading", name="Overblik", level=1).is_visible()

    page.submit(page.get_by_role("button", name="Log ud"))
    assert page.get_by_role("link", name="Log ind for medarbejdere").is_visible()
    assert page.checked_urls[-1].endswith("/")


def test_the_public_statements_are_accessible(page):
    page.goto("/")
    page.follow(page.get_by_role("link", name="Tilgængelighedserklæring"))
    page.follow(page.get_by_role("link", name="Privatliv og persondata"))
    assert page.get_by_role("heading", name="Dine rettigheder").is_visible()
