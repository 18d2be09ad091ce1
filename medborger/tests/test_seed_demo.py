import datetime
import io

import pytest
from django.core.management import call_command

from forum.models import Forum
from medborger.models import User
from medborger.roles import Role
from policy.models import Document, DocumentVersion, Group, Milestone, PolicyRevision

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def counts():
    models = [User, Document, DocumentVersion, PolicyRevision, Group, Milestone, Forum]
    return {model.__name__: model.objects.count() for model in models}


def test_it_is_idempotent():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_it_creates_one_user_per_role_and_an_admin(settings):
    seed()
    for role in Role:
        user = User.objects.get(groups__name=role.value)
        assert user.check_password(settings.DEMO_PASSWORD)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_the_groups_have_the_departments_of_the_terms_of_reference():
    seed()
    steering = Group.objects.get(kind=Group.Kind.STEERING)
    project = Group.objects.get(kind=Group.Kind.PROJECT)
    assert steering.members.count() == 9
    assert project.members.count() == 6
    assert "Center for Park, Vej og Miljø" in steering.members.values_list("department", flat=True)
    assert "Ishøj Ungdomsskole" in project.members.values_list("department", flat=True)
    assert steering.members.get(role="chair").user.username == "styregruppe"


def test_the_timeline_is_as_precise_as_the_terms_of_reference():
    seed()
    # The public timeline; the internal milestone due next week is there for the reminders.
    milestones = list(Milestone.objects.public().order_by("position"))
    assert [m.date_precision for m in milestones] == [
        "day", "day", "day", "month", "unset", "unset", "month", "month",
    ]  # fmt: skip
    committee, workshop = milestones[0], milestones[1]
    assert (committee.starts_on.month, committee.starts_on.day) == (11, 20)
    assert (workshop.starts_on.month, workshop.starts_on.day) == (1, 25)
    assert workshop.starts_on.year == committee.starts_on.year + 1
    hearing = milestones[3]
    assert hearing.starts_on.day == 1 and hearing.due_on.day == 30
    assert committee.starts_on <= datetime.date.today()


def test_the_policy_has_versions_to_compare_and_the_forum_its_terms():
    seed()
    policy = Document.objects.get(slug="medborgerpolitik")
    assert policy.versions.count() >= 2
    assert policy.current_version.number == policy.versions.count()
    forum = Forum.objects.get()
    assert (forum.mandate_start_year, forum.mandate_end_year) == (2018, 2021)
    assert forum.terms_of_reference.current_version.sections.count() == 5
