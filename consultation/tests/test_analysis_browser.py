"""The coordinator starts the analysis, reads its suggestions and accepts one with a click;
a theme is named; on the points list a point's suggested section is accepted with one click.
axe-core checks every page."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from consultation.models import HearingAnalysis, HearingResponse, Point
from consultation.services.analysis import hearing_analysis_request, hearing_analysis_run
from consultation.services.points import points_collect
from medborger.roles import Role

from .analysis_helpers import labelled_hearing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_accepts_suggested_sections_names_a_theme_and_places_a_point(
    page, browser_login, coordinator
):
    coordinator.groups.add(Group.objects.get_or_create(name=Role.COORDINATOR)[0])
    hearing = labelled_hearing(limit=60, user=coordinator)
    browser_login(coordinator)

    page.goto(f"/inddragelse/hoeringer/{hearing.slug}/behandling/")
    page.follow(page.get_by_role("link", name="Analyse", exact=True))
    page.submit(page.get_by_role("button", name="Analysér svarene"))
    expect(page.locator("progress")).to_be_visible()
    hearing_analysis_run(analysis_id=HearingAnalysis.objects.get(hearing=hearing).pk)  # the worker
    # The page refreshes itself every 5 s while the run goes on; opening it again does not race
    # with that refresh (its "Opdatér" link is gone once the run has finished).
    page.goto(f"/inddragelse/hoeringer/{hearing.slug}/behandling/analyse/")

    benches = HearingResponse.objects.get(hearing=hearing, text__startswith="Der mangler bænke")
    row = page.locator(f"#svar-{benches.pk}")
    assert row.get_by_text("Byrum, natur og mødesteder").first.is_visible()
    assert row.get_by_text("% sikker").first.is_visible()
    page.submit(row.get_by_role("button", name="Accepter").first)
    assert page.get_by_text("er accepteret").is_visible()
    assert benches.sections.get().heading == "Byrum, natur og mødesteder"

    theme = page.locator("#temaer").locator("..").locator("article").first
    theme.get_by_label("Temaets navn").fill("Strand og byrum")
    page.submit(theme.get_by_role("button", name="Mærk svarene"))
    assert page.get_by_text("er mærket med temaet “Strand og byrum”").is_visible()
    assert hearing.themes.get().name == "Strand og byrum"
    assert HearingResponse.objects.filter(themes__name="Strand og byrum").exists()

    # The points, collected and analysed (the worker), each with its suggested section.
    points_collect(hearing=hearing, user=coordinator)
    hearing_analysis_run(analysis_id=hearing_analysis_request(hearing=hearing).pk)
    page.follow(page.get_by_role("link", name="Punkter", exact=True))
    point = Point.objects.get(hearing=hearing, response__text__startswith="Jeg sidder i kørestol")
    row = page.locator(f"#punkt-{point.pk}")
    assert row.get_by_text(
        "Forslag: § 9 Tilgængelighed for mennesker med handicap (95 %)"
    ).is_visible()
    page.submit(row.get_by_role("button", name="Accepter"))
    assert page.get_by_text("Punktet handler nu om").is_visible()
    assert (
        page.locator(f"#punkt-{point.pk}").get_by_text("bekræftet af en medarbejder").is_visible()
    )
    point.refresh_from_db()
    assert point.section_heading == "Tilgængelighed for mennesker med handicap"
