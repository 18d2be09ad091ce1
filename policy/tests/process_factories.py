"""factory_boy factories for the revision process (revision, groups, members, milestones, tasks,
stakeholders, decisions) and the pytest fixtures built from them."""

import datetime

import factory
import pytest

from medborger.dates import DatePrecision
from policy.models import (
    Decision,
    Document,
    Group,
    GroupMember,
    Milestone,
    PolicyRevision,
    Stakeholder,
    Task,
)
from policy.services import SectionInput, version_save


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Medborgerpolitik {n}")
    slug = factory.Sequence(lambda n: f"dokument-{n}")


class RevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyRevision

    title = factory.Sequence(lambda n: f"Revision {n}")
    slug = factory.Sequence(lambda n: f"revision-{n}")
    starts_on = datetime.date(2026, 11, 1)
    planned_adoption_on = datetime.date(2027, 6, 1)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    revision = factory.SubFactory(RevisionFactory)
    kind = Group.Kind.PROJECT
    name = factory.Sequence(lambda n: f"Gruppe {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"Medlem {n}")
    department = "Stabsenheden Plan"
    email = factory.Sequence(lambda n: f"medlem{n}@ishoj.example")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    revision = factory.SubFactory(RevisionFactory)
    title = factory.Sequence(lambda n: f"Milepæl {n}")
    date_precision = DatePrecision.DAY
    starts_on = datetime.date(2027, 1, 25)
    position = factory.Sequence(lambda n: n + 1)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Opgave {n}")
    due_on = datetime.date(2027, 1, 20)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    revision = factory.SubFactory(RevisionFactory)
    name = factory.Sequence(lambda n: f"Forening {n}")


@pytest.fixture
def revision(db, coordinator):
    """A revision with a policy and terms of reference (one version each), and both groups."""
    policy = DocumentFactory(title="Medborgerpolitik", slug="medborgerpolitik")
    terms = DocumentFactory(
        title="Kommissorium", slug="kommissorium", kind=Document.Kind.TERMS_OF_REFERENCE
    )
    for document in (policy, terms):
        version_save(
            document=document,
            sections=[SectionInput(heading="Formål", body="<p>Tekst</p>")],
            user=coordinator,
            base_number=None,
        )
    return RevisionFactory(
        title="Revision af Medborgerpolitikken",
        slug="revision-af-medborgerpolitikken",
        policy_document=policy,
        terms_of_reference=terms,
        coordinator=coordinator,
    )


@pytest.fixture
def steering_group(revision, steering_member):
    group = GroupFactory(revision=revision, kind=Group.Kind.STEERING, name="Styregruppen")
    MemberFactory(group=group, name="Mette Lund", role=GroupMember.Role.CHAIR, user=steering_member)
    return group


@pytest.fixture
def project_group(revision, project_member):
    group = GroupFactory(revision=revision, kind=Group.Kind.PROJECT, name="Projektgruppen")
    MemberFactory(group=group, name="Fatima Hassan", user=project_member)
    MemberFactory(group=group, name="Thomas Berg")
    return group


def decision_for(milestone, *, user, outcome=Decision.Outcome.TREATED, **kwargs) -> Decision:
    from policy.services.process import decision_record

    revision = milestone.revision
    return decision_record(
        milestone=milestone,
        version=kwargs.pop("version", revision.policy_document.current_version),
        meeting_on=kwargs.pop("meeting_on", milestone.starts_on),
        outcome=outcome,
        text=kwargs.pop("text", "Drøftet."),
        user=user,
        **kwargs,
    )
