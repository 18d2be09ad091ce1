"""From imported terms of reference to adoption, in the browser (axe-core on every page): at
each step the dashboard, the timeline, the public process page and the hearing list agree."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultation.models import Hearing
from policy.importer import read_terms
from policy.models import Document, Milestone
from policy.services import SectionInput, document_create, version_save
from policy.services.imports import default_options, import_terms
from policy.services.process import milestone_update, revision_save

from .import_builders import TEXT_EXPORT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def imported(coordinator):
    terms = read_terms(
        name=TEXT_EXPORT.name, data=TEXT_EXPORT.read_bytes(), today=datetime.date(2026, 1, 1)
    )
    revision = import_terms(terms=terms, options=default_options(terms), user=coordinator).revision
    policy = document_create(user=coordinator, title="Medborgerpolitik")
    version_save(
        document=policy,
        sections=[SectionInput(heading="Formål", body="<p>Vi mødes på tværs.</p>")],
        user=coordinator,
        base_number=None,
    )
    revision.policy_document = policy
    revision_save(revision=revision, user=coordinator)
    # The steps before the hearing have happened.
    for milestone in revision.milestones.filter(
        kind__in=[
            Milestone.Kind.COMMITTEE_APPROVAL,
            Milestone.Kind.STAFF_WORKSHOP,
            Milestone.Kind.CITIZENS_MEETING,
        ]
    ):
        milestone_update(milestone=milestone, user=coordinator, status="done", note="")
    return revision, policy


def test_a_revision_goes_from_imported_terms_to_adoption_and_every_page_agrees(
    page, browser_login, imported, coordinator, steering_member
):
    revision, policy = imported
    hearing_milestone = revision.milestones.get(kind=Milestone.Kind.PUBLIC_HEARING)
    document_url = f"/politik/dokumenter/{policy.slug}/"

    def change_status(value):
        page.goto(document_url)
        page.locator("#id_to_status").select_option(value)
        page.submit(page.get_by_role("button", name="Skift status"))

    # The coordinator submits, the steering group approves version 1.
    browser_login(coordinator)
    change_status("steering_review")
    browser_login(steering_member)
    change_status("approved_for_hearing")
    expect(page.locator(".document-approval")).to_contain_text("Godkendt til høring: version 1,")

    # The coordinator sends it to hearing: one form creates the hearing.
    browser_login(coordinator)
    page.goto(document_url)
    page.follow(page.get_by_role("link", name="Send i høring: opret høringen"))
    now = timezone.now()
    page.locator("#id_title").fill("Høring om medborgerpolitikken")
    page.locator("#id_slug").fill("hoering-medborgerpolitik")
    page.locator("#id_opens_at").fill(_local(now - datetime.timedelta(days=1)))
    page.locator("#id_closes_at").fill(_local(now + datetime.timedelta(days=14)))
    page.submit(page.get_by_role("button", name="Gem"))
    hearing = Hearing.objects.get()
    assert hearing.milestone == hearing_milestone

    # Dashboard, public process page and hearing list say the same: the hearing is open.
    page.goto(f"/oversigt/?forloeb={revision.slug}")
    expect(page.locator(f"#milepael-{hearing_milestone.pk}")).to_contain_text("▶ I gang")
    page.goto(f"/politik/proces/{revision.slug}/")
    expect(page.get_by_role("link", name="Høring om medborgerpolitikken")).to_be_visible()
    expect(page.locator("body")).to_contain_text("▶ I gang")
    page.goto("/inddragelse/hoeringer/")
    expect(page.locator("main")).to_contain_text("Høring om medborgerpolitikken")

    # The deadline passes: the hearing closes, the report is promised.
    page.goto(f"/inddragelse/hoeringer/{hearing.slug}/rediger/")
    page.locator("#id_closes_at").fill(_local(now - datetime.timedelta(minutes=5)))
    page.submit(page.get_by_role("button", name="Gem"))
    page.goto(f"/inddragelse/hoeringer/{hearing.slug}/")
    expect(page.locator(".hearing-state-line")).to_contain_text("Høringsnotatet er lovet senest")
    page.goto(f"/oversigt/?forloeb={revision.slug}")
    expect(page.locator(f"#milepael-{hearing_milestone.pk}")).to_contain_text("✓ Udført")
    change_status("processed_after_hearing")

    # Every body decides in order.
    today = timezone.localdate().strftime("%d.%m.%Y")
    for kind, outcome in [
        (Milestone.Kind.LOKAL_MED, "treated"),
        (Milestone.Kind.HOVED_MED, "treated"),
        (Milestone.Kind.SPECIALIST_COMMITTEE, "recommended"),
    ]:
        milestone = revision.milestones.get(kind=kind)
        page.goto(f"/politik/proces/milepael/{milestone.pk}/beslutning/")
        page.locator("#id_version").select_option(str(policy.current_version_id))
        page.locator("#id_meeting_on").fill(today)
        page.locator("#id_outcome").select_option(outcome)
        page.locator("#id_text").fill("Behandlet på mødet.")
        page.submit(page.get_by_role("button", name="Gem"))
        milestone.refresh_from_db()
        assert milestone.status == Milestone.Status.DONE, kind
        assert milestone.starts_on == timezone.localdate()

    # The city council adopts version 1. The document page has no "Vedtaget" status to set: it
    # points to recording the council's decision, with the version and the outcome chosen.
    page.goto(document_url)
    expect(page.locator("#id_to_status")).to_have_count(0)
    page.follow(page.get_by_role("link", name="Registrér byrådets beslutning"))
    expect(page.locator("#id_version")).to_have_value(str(policy.current_version_id))
    expect(page.locator("#id_outcome")).to_have_value("adopted")
    page.locator("#id_meeting_on").fill(today)
    page.locator("#id_text").fill("Byrådet vedtog politikken.")
    page.submit(page.get_by_role("button", name="Gem"))
    council = revision.milestones.get(kind=Milestone.Kind.CITY_COUNCIL)
    assert council.status == Milestone.Status.DONE
    assert council.starts_on == timezone.localdate()
    page.goto(f"/oversigt/?forloeb={revision.slug}")
    expect(page.locator(f"#milepael-{council.pk}")).to_contain_text("✓ Udført")

    policy.refresh_from_db()
    assert policy.status == Document.Status.ADOPTED
    assert policy.adopted_version_id == policy.current_version_id
    page.goto(f"/politik/proces/{revision.slug}/")
    expect(page.locator("body")).to_contain_text("Byrådet vedtog version 1 af Medborgerpolitik")
    expect(page.locator("body")).not_to_contain_text("▶ I gang")
    page.goto(f"/politik/laes/{policy.slug}/")
    expect(page.locator("main")).to_contain_text("Vedtaget")
