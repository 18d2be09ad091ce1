import pytest

from medborger.models import ReminderOptOut, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_chooses_the_daily_digest_and_stops_task_reminders(page, browser_login, coordinator):
    browser_login(coordinator)
    page.goto("/oversigt/")
    page.follow(page.get_by_role("link", name="Påmindelser"))
    assert page.get_by_role("heading", name="Påmindelser", level=1).is_visible()
    page.get_by_label("Én daglig samlet mail").check()
    page.get_by_label("Opgaver: snart og forsinket").uncheck()
    page.submit(page.get_by_role("button", name="Gem"))
    assert page.get_by_text("Dine indstillinger for påmindelser er gemt.").is_visible()
    assert page.get_by_label("Én daglig samlet mail").is_checked()
    coordinator.refresh_from_db()
    assert coordinator.reminder_delivery == User.ReminderDelivery.DAILY_DIGEST
    assert list(ReminderOptOut.objects.values_list("rule", flat=True)) == ["policy.task_due"]
