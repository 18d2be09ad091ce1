"""Browser journeys (Playwright + axe-core on every page they reach)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from forum import services
from forum.models import Expense, Membership

from .factories import (
    BudgetYearFactory,
    ExpenseFactory,
    ForumFactory,
    InitiativeFactory,
    MeetingFactory,
    MembershipFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def year_row(page, year):
    return page.locator(f'#budget-years tr[data-year="{year}"]')


def spent_width(page, year) -> float:
    return float(page.locator(f'g[data-year="{year}"] rect.bar-spent').get_attribute("width"))


def fill_expense(page, *, amount, initiative_label):
    page.get_by_label("Dato").fill("2019-05-10")
    page.get_by_label("Beløb (kr.)").fill(amount)
    page.get_by_label("Kategori").select_option(label="Aktivitet")
    page.get_by_label("Initiativ").select_option(label=initiative_label)
    page.get_by_label("Beskrivelse").fill("Frivilligtræf, leje af hal")


def test_the_secretariat_records_an_expense_sees_what_is_left_and_must_explain_an_overspend(
    page, browser_login, secretary
):
    forum = ForumFactory(slug="medborgerforum-2018-2021")
    budget_year = BudgetYearFactory(forum=forum, year=2019, allocation=Decimal("10000.00"))
    initiative = InitiativeFactory(action_plan__forum=forum, title="Frivillig i Ishøj")
    ExpenseFactory(budget_year=budget_year, amount=Decimal("8000.00"), initiative=initiative)
    label = f"Frivillig i Ishøj ({initiative.action_plan})"
    browser_login(secretary)

    page.goto(reverse("forum:budget", kwargs={"forum": forum.slug}))
    assert year_row(page, 2019).locator("td.budget-left").inner_text() == "2.000,00"
    before = spent_width(page, 2019)

    page.follow(page.get_by_role("link", name="Registrér en udgift"))
    fill_expense(page, amount="500,00", initiative_label=label)
    page.submit(page.get_by_role("button", name="Gem", exact=True))

    assert page.get_by_text("Der er 1.500,00 kr. tilbage af 2019.").is_visible()
    assert year_row(page, 2019).locator("td.budget-left").inner_text() == "1.500,00"
    assert spent_width(page, 2019) > before
    assert page.locator('g[data-year="2019"] text.bar-summary').text_content() == (
        "1.500,00 kr. tilbage"
    )

    page.follow(page.get_by_role("link", name="Registrér en udgift"))
    fill_expense(page, amount="2.000", initiative_label=label)
    page.submit(page.get_by_role("button", name="Gem", exact=True))

    reason = page.get_by_label("Begrundelse for at overskride bevillingen")
    error = page.locator("#id_over_allocation_reason_error")
    assert error.is_visible()
    assert "Udgiften bringer 2019 over bevillingen med 500,00 kr." in error.inner_text()
    assert Expense.objects.count() == 2

    reason.fill("Ekstra arrangement aftalt med centerchefen")
    page.submit(page.get_by_role("button", name="Gem", exact=True))

    assert page.get_by_text("2019 er nu 500,00 kr. over bevillingen.").is_visible()
    assert year_row(page, 2019).locator("td.budget-left").inner_text() == "-500,00"
    assert year_row(page, 2019).get_by_text("Over bevillingen", exact=True).is_visible()
    assert "500,00 kr. over bevillingen" in (
        page.locator('g[data-year="2019"] text.bar-summary').text_content()
    )
    over = Expense.objects.get(over_allocation=True)
    assert over.over_allocation_reason == "Ekstra arrangement aftalt med centerchefen"
    assert over.initiative == initiative


def test_a_forum_member_reads_the_forum_and_proposes_an_initiative(
    page, browser_login, forum_member, secretary
):
    forum = ForumFactory(slug="medborgerforum-2018-2021")
    MembershipFactory(seat__forum=forum, person__name="Birthe Holm", role=Membership.Role.CHAIR)
    initiative = InitiativeFactory(action_plan__forum=forum, title="Frivillig i Ishøj")
    meeting = MeetingFactory(forum=forum)
    services.agenda_save(
        meeting=meeting, items=[services.AgendaItemInput(title="Velkomst")], user=secretary
    )
    services.minutes_save(
        meeting=meeting,
        minutes="<h3>Referat</h3><p>Godt møde.</p>",
        decisions={},
        user=secretary,
    )
    BudgetYearFactory(forum=forum, year=2019)
    browser_login(forum_member)

    page.goto(forum.get_absolute_url())
    page.follow(page.get_by_role("link", name="Medlemmer", exact=True))
    assert page.get_by_text("Birthe Holm (formand)").first.is_visible()
    page.follow(page.get_by_role("link", name="Møder", exact=True))
    page.follow(page.get_by_role("link", name="Forummøde"))
    assert page.get_by_text("Godt møde.").is_visible()
    page.follow(page.get_by_role("link", name="Budget", exact=True))
    page.follow(page.get_by_role("link", name="Handlingsplaner", exact=True))
    page.follow(page.get_by_role("link", name=initiative.action_plan.title))
    page.follow(page.get_by_role("link", name="Foreslå et initiativ"))
    page.get_by_label("Titel").fill("Foreningsguide på flere sprog")
    page.get_by_label("Tema").fill("Inklusion")
    page.get_by_label("Målsætning").fill("Nytilflyttede finder vej til foreningslivet.")
    page.submit(page.get_by_role("button", name="Gem", exact=True))

    assert page.get_by_text("Tak. Sekretariatet vurderer forslaget.").is_visible()
    assert page.get_by_role("heading", name="Foreningsguide på flere sprog").is_visible()


def test_the_secretariat_runs_a_meeting_and_reviews_a_proposal(
    page, browser_login, secretary, forum_member
):
    forum = ForumFactory(slug="medborgerforum-2018-2021")
    proposal = InitiativeFactory(
        action_plan__forum=forum,
        title="Skatepark",
        status="proposed",
        standing_committee="not_assessed",
        standing_committee_assessment="",
        proposed_by=forum_member,
    )
    browser_login(secretary)

    page.goto(reverse("forum:meeting_create", kwargs={"forum": forum.slug}))
    page.get_by_label("Dato").fill("2019-03-12")
    page.get_by_label("Starter kl.").fill("17:00")
    page.get_by_label("Sted").fill("Rådhuset")
    page.submit(page.get_by_role("button", name="Gem", exact=True))
    page.follow(page.get_by_role("link", name="Redigér dagsorden"))
    page.get_by_label("Punkt").first.fill("Velkomst")
    page.submit(page.get_by_role("button", name="Gem dagsordenen"))
    page.follow(page.get_by_role("link", name="Skriv referat og beslutninger"))
    page.check_accessibility()  # the toolbar is added by JavaScript
    minutes = page.get_by_label("Referat", exact=True)
    minutes.fill("Godt møde")
    minutes.select_text()
    page.get_by_role("button", name="Fed").click()
    assert minutes.input_value() == "<strong>Godt møde</strong>"
    page.submit(page.get_by_role("button", name="Gem", exact=True))
    page.submit(page.get_by_role("button", name="Offentliggør referatet"))
    assert page.get_by_text("Referatet er offentliggjort.").is_visible()
    assert page.locator(".rich-text strong").inner_text() == "Godt møde"

    page.goto(reverse("forum:initiative_review", kwargs={"forum": forum.slug, "pk": proposal.pk}))
    page.get_by_label("Hører under et stående udvalg", exact=True).check()
    page.get_by_label("Sekretariatets vurdering").fill("Hører under Teknik- og Miljøudvalget.")
    page.get_by_label("Godkend initiativet").check()
    page.submit(page.get_by_role("button", name="Gem vurderingen"))
    assert page.locator("#id_standing_committee_error").is_visible()
    page.get_by_label("Afvis initiativet").check()
    page.submit(page.get_by_role("button", name="Gem vurderingen"))
    assert page.get_by_text("Vurderingen er gemt.").is_visible()
    proposal.refresh_from_db()
    assert proposal.status == "rejected"


def test_visitors_see_the_public_forum_page(page):
    forum = ForumFactory(slug="medborgerforum-2018-2021")
    MembershipFactory(seat__forum=forum, person__name="Birthe Holm", role=Membership.Role.CHAIR)
    page.goto("/")
    page.follow(page.get_by_role("link", name="Medborgerforum", exact=True))
    page.follow(page.get_by_role("link", name=forum.name))
    assert page.get_by_role("heading", name=forum.name, level=1).is_visible()
    assert page.get_by_role("cell", name="Birthe Holm").is_visible()
    # No log-in needed, and no internal tabs for a visitor.
    assert page.get_by_role("navigation", name="Forummets sider").count() == 0
