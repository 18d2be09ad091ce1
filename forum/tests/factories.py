"""Factories for the forum's models (see medborger/testing/factories.py for users)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from forum.models import (
    ActionPlan,
    BudgetYear,
    Expense,
    Forum,
    Initiative,
    Meeting,
    Membership,
    Person,
    Seat,
)


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        django_get_or_create = ("slug",)

    name = "Medborgerforum 2018–2021"
    slug = factory.Sequence(lambda n: f"forum-{n}")
    mandate_start_year = 2018
    mandate_end_year = 2021
    secretariat_unit = "Center for Kultur og Fritid"
    secretariat_contact_name = "Sekretær Sørensen"
    purpose = "Forummet omsætter politikken til handling."


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    forum = factory.SubFactory(ForumFactory)
    name = factory.Sequence(lambda n: f"Råd nummer {n}")
    kind = Seat.Kind.COUNCIL
    position = factory.Sequence(lambda n: n)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    forum = factory.SubFactory(ForumFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@borger.example")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    seat = factory.SubFactory(SeatFactory)
    person = factory.SubFactory(PersonFactory, forum=factory.SelfAttribute("..seat.forum"))
    role = Membership.Role.MEMBER
    starts_on = datetime.date(2018, 3, 1)
    ends_on = datetime.date(2021, 12, 31)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    forum = factory.SubFactory(ForumFactory)
    title = "Forummøde"
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2019, 3, 12, 17, 0))
    )
    place = "Rådhuset"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    forum = factory.SubFactory(ForumFactory)
    title = "Handlingsplan 2018–2019"
    starts_on = datetime.date(2018, 6, 1)
    ends_on = datetime.date(2019, 12, 31)
    status = ActionPlan.Status.ADOPTED
    adopted_on = datetime.date(2018, 9, 18)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    action_plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Initiativ {n}")
    theme = "Frivillighed"
    goal = "Flere frivillige."
    status = Initiative.Status.APPROVED
    standing_committee = Initiative.StandingCommittee.CLEAR
    standing_committee_assessment = "Hører ikke under et stående udvalg."
    budget = Decimal("5000.00")


class BudgetYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetYear
        django_get_or_create = ("forum", "year")

    forum = factory.SubFactory(ForumFactory)
    year = 2019
    allocation = Decimal("10000.00")


class ExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expense

    budget_year = factory.SubFactory(BudgetYearFactory)
    date = factory.LazyAttribute(lambda e: datetime.date(e.budget_year.year, 5, 1))
    amount = Decimal("100.00")
    category = Expense.Category.OTHER
    status = Expense.Status.SPENT
    description = factory.Sequence(lambda n: f"Udgift {n}")
