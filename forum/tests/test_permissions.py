"""Who may open which forum page: every role against every page (GET)."""

import io

import pytest
from django.urls import reverse

from forum import services
from medborger.testing.fixtures import PERSONAS

from .factories import ExpenseFactory, InitiativeFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

READERS = {"secretary", "forum_member", "superuser"}
MANAGERS = {"secretary", "superuser"}

PUBLIC = ["list", "detail", "published_meeting"]
INTERNAL = [
    "member_list",
    "meeting_list",
    "unpublished_meeting",
    "plan_list",
    "plan_detail",
    "initiative_detail",
    "initiative_propose",
    "budget",
    "budget_year",
    "statement",
    "statement_pdf",
    "statement_xlsx",
    "expenses_csv",
    "expense_detail",
]
MANAGE = [
    "forum_edit",
    "seat_create",
    "seat_edit",
    "person_create",
    "person_edit",
    "membership_create",
    "membership_edit",
    "meeting_create",
    "meeting_edit",
    "agenda_edit",
    "minutes_edit",
    "attendance_edit",
    "plan_create",
    "plan_edit",
    "initiative_review",
    "budget_year_create",
    "budget_year_edit",
    "expense_create",
    "expense_edit",
    "receipt",
]


@pytest.fixture
def urls(forum, plan, budget_year, secretary, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    published = MeetingFactory(forum=forum)
    services.agenda_save(
        meeting=published, items=[services.AgendaItemInput(title="Velkomst")], user=secretary
    )
    services.meeting_publish(meeting=published, user=secretary, part="agenda")
    unpublished = MeetingFactory(forum=forum)
    term = MembershipFactory(seat__forum=forum)
    initiative = InitiativeFactory(action_plan=plan)
    expense = ExpenseFactory(budget_year=budget_year)
    expense.receipt.save("forum/receipts/test.pdf", io.BytesIO(b"%PDF-1.4"))
    expense.receipt_kind, expense.receipt_name = "pdf", "bon.pdf"
    expense.save()

    def make(name):
        f = {"forum": forum.slug}
        return {
            "list": reverse("forum:list"),
            "detail": forum.get_absolute_url(),
            "published_meeting": published.get_absolute_url(),
            "unpublished_meeting": unpublished.get_absolute_url(),
            "forum_edit": reverse("forum:forum_edit", kwargs=f),
            "member_list": reverse("forum:member_list", kwargs=f),
            "meeting_list": reverse("forum:meeting_list", kwargs=f),
            "plan_list": reverse("forum:plan_list", kwargs=f),
            "plan_detail": plan.get_absolute_url(),
            "initiative_detail": initiative.get_absolute_url(),
            "initiative_propose": reverse("forum:initiative_propose", kwargs={**f, "pk": plan.pk}),
            "budget": reverse("forum:budget", kwargs=f),
            "budget_year": budget_year.get_absolute_url(),
            "statement": reverse("forum:statement", kwargs={**f, "year": 2019}),
            "statement_pdf": reverse("forum:statement_pdf", kwargs={**f, "year": 2019}),
            "statement_xlsx": reverse("forum:statement_xlsx", kwargs={**f, "year": 2019}),
            "expenses_csv": reverse("forum:expenses_csv", kwargs=f),
            "expense_detail": expense.get_absolute_url(),
            "seat_create": reverse("forum:seat_create", kwargs=f),
            "seat_edit": reverse("forum:seat_edit", kwargs={**f, "pk": term.seat_id}),
            "person_create": reverse("forum:person_create", kwargs=f),
            "person_edit": reverse("forum:person_edit", kwargs={**f, "pk": term.person_id}),
            "membership_create": reverse("forum:membership_create", kwargs=f),
            "membership_edit": reverse("forum:membership_edit", kwargs={**f, "pk": term.pk}),
            "meeting_create": reverse("forum:meeting_create", kwargs=f),
            "meeting_edit": reverse("forum:meeting_edit", kwargs={**f, "pk": published.pk}),
            "agenda_edit": reverse("forum:agenda_edit", kwargs={**f, "pk": published.pk}),
            "minutes_edit": reverse("forum:minutes_edit", kwargs={**f, "pk": published.pk}),
            "attendance_edit": reverse("forum:attendance_edit", kwargs={**f, "pk": published.pk}),
            "plan_create": reverse("forum:plan_create", kwargs=f),
            "plan_edit": reverse("forum:plan_edit", kwargs={**f, "pk": plan.pk}),
            "initiative_review": reverse(
                "forum:initiative_review", kwargs={**f, "pk": initiative.pk}
            ),
            "budget_year_create": reverse("forum:budget_year_create", kwargs=f),
            "budget_year_edit": reverse("forum:budget_year_edit", kwargs={**f, "year": 2019}),
            "expense_create": reverse("forum:expense_create", kwargs=f),
            "expense_edit": reverse("forum:expense_edit", kwargs={**f, "pk": expense.pk}),
            "receipt": reverse("forum:receipt", kwargs={**f, "pk": expense.pk}),
        }[name]

    return make


def expected(page: str, persona: str) -> int:
    if page in PUBLIC:
        return 200
    allowed = READERS if page in INTERNAL else MANAGERS
    if persona in allowed:
        return 200
    if persona == "anonymous":
        return 404 if page == "unpublished_meeting" else 302
    return 404 if page == "unpublished_meeting" else 403


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_role_gets_what_the_permission_table_says(persona, persona_client, urls):
    client = persona_client(persona)
    got = {}
    want = {}
    for page in PUBLIC + INTERNAL + MANAGE:
        response = client.get(urls(page))
        got[page] = response.status_code
        want[page] = expected(page, persona)
        if response.status_code == 302:
            assert response.url.startswith(reverse("login")), (page, response.url)
    assert got == want
