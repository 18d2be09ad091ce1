"""Browser journeys through the process pages, with axe-core on every page they show."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from policy.models import Milestone, Task

from .process_factories import MilestoneFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def journey(revision, project_group, steering_group, project_member):
    MilestoneFactory(
        revision=revision,
        title="Kommissorium godkendes",
        kind=Milestone.Kind.COMMITTEE_APPROVAL,
        starts_on=in_days(-40),
        status="done",
        responsible_group=steering_group,
        position=1,
    )
    meeting = MilestoneFactory(
        revision=revision,
        title="Borgermøde",
        kind=Milestone.Kind.CITIZENS_MEETING,
        starts_on=in_days(-1),
        responsible_group=project_group,
        position=2,
    )
    MilestoneFactory(
        revision=revision,
        title="Offentlig høring",
        kind=Milestone.Kind.PUBLIC_HEARING,
        date_precision="month",
        starts_on=in_days(90),
        responsible_group=steering_group,
        position=3,
    )
    owner = project_group.members.get(user=project_member)
    task = TaskFactory(
        group=project_group, owner=owner, title="Holde borgermødet", due_on=in_days(-1)
    )
    return meeting, task


def test_a_project_member_updates_the_timeline_and_the_steering_group_sees_it(
    page, browser_login, journey, project_member, steering_member
):
    meeting, task = journey
    browser_login(project_member)
    page.goto("/oversigt/")
    expect(page.locator("svg.timeline")).to_be_visible()
    row = page.locator(f"#milepael-{meeting.pk}")
    expect(row).to_contain_text("! Forsinket")

    # Mark the (late) citizens' meeting done with a note.
    row.locator("summary").click()
    page.locator(f"#ms-{meeting.pk}-status").select_option("done")
    page.locator(f"#ms-{meeting.pk}-note").fill("Mødet blev holdt med 120 deltagere.")
    page.get_by_role("button", name="Gem Borgermøde").click()
    expect(page.locator("#inline-status")).to_contain_text(
        "»Borgermøde« er gemt med status Udført."
    )
    expect(page.locator(f"#milepael-{meeting.pk}")).to_contain_text("✓ Udført")
    page.check_accessibility()

    # Tick the task done from "My tasks".
    page.locator(f"#min-opgave-{task.pk}").get_by_role(
        "button", name=re.compile(r"^Markér som udført\W+Holde borgermødet$")
    ).click()
    expect(page.locator("#inline-status")).to_contain_text(
        "»Holde borgermødet« er markeret som udført."
    )
    expect(page.get_by_text("Du har ingen åbne opgaver.")).to_be_visible()
    page.check_accessibility()

    meeting.refresh_from_db()
    task.refresh_from_db()
    assert (meeting.status, meeting.note) == ("done", "Mødet blev holdt med 120 deltagere.")
    assert task.status == Task.Status.DONE

    # The steering group's chair sees the change on the dashboard and on the revision page.
    browser_login(steering_member)
    page.goto("/oversigt/")
    row = page.locator(f"#milepael-{meeting.pk}")
    expect(row).to_contain_text("✓ Udført")
    expect(row).to_contain_text("Mødet blev holdt med 120 deltagere.")
    expect(page.locator(f"#opgave-{task.pk}")).to_contain_text("✓ Udført")
    page.follow(page.get_by_role("link", name="Alt om revisionen"))
    expect(page.locator(f"#opgave-{task.pk}")).to_contain_text("✓ Udført")
    page.follow(page.get_by_role("link", name="Offentlig side"))
    expect(page.get_by_role("heading", name="Det er sket")).to_be_visible()


def test_the_coordinator_fixes_a_date_that_does_not_exist(
    page, browser_login, journey, coordinator
):
    meeting, _task = journey
    browser_login(coordinator)
    page.goto(f"/politik/proces/{meeting.revision.slug}/styring/")
    page.follow(page.get_by_role("link", name="Tilføj en milepæl"))
    page.get_by_label("Titel").fill("Behandling i HovedMED")
    page.get_by_label("Dato").fill("31. april 2027")
    page.submit(page.get_by_role("button", name="Gem"))
    expect(page.get_by_role("alert")).to_contain_text(
        "31. april 2027 findes ikke: april har kun 30 dage."
    )
    page.get_by_label("Dato").fill("april 2027")
    page.submit(page.get_by_role("button", name="Gem"))
    expect(page.get_by_role("row", name="Behandling i HovedMED")).to_contain_text("april 2027")

    page.goto("/kalender/")
    expect(page.get_by_label("Din kalenders adresse")).to_have_value(
        f"{page.base_url}/kalender/{coordinator.calendar_token}.ics"
    )
