"""Benchmark data for `seed_large` (each app's `large.seed(size=...)`).

Grows the demo policy document to 100 sections and 200 versions, and the process to the size
the timeline issue names: 20 revisions (the demo's and 19 more) with 100 groups, 500
milestones and 2,000 tasks between them. The demo users sit in a group of every revision and
the coordinator coordinates them all, so the dashboard and the feeds are measured at that size.
Versions go through `version_save` (the real path, sanitising and all); the rest is
bulk-inserted without history: load for measurements, not anybody's plan.
"""

import datetime
import random

from django.utils import timezone

from medborger import stamps
from medborger.models import User

from .dashboard import PROCESS_STAMP
from .hooks import LANDING_STAMP
from .models import Document, Group, GroupMember, Milestone, PolicyRevision, Section, Task
from .process_rows import REVISION_PAGE_STAMP
from .services import SectionInput, version_save

DOCUMENT_SLUG = "medborgerpolitik"
REVISION_SLUG = "revision-af-medborgerpolitikken"
SIZES = {
    "small": {
        "sections": 12,
        "versions": 10,
        "revisions": 2,
        "groups": 10,
        "milestones": 20,
        "tasks": 40,
    },
    "large": {
        "sections": 100,
        "versions": 200,
        "revisions": 20,
        "groups": 100,
        "milestones": 500,
        "tasks": 2000,
    },
}
WORDS = [
    "borgere", "fællesskab", "frivillige", "foreninger", "kommunen", "inddragelse", "dialog",
    "tillid", "mangfoldighed", "deltagelse", "ansvar", "bydel", "skole", "bibliotek", "idræt",
    "kultur", "ungdom", "ældre", "sundhed", "tryghed", "naboer", "samarbejde", "medborgerskab",
    "demokrati", "initiativ", "mødested", "netværk",
]  # fmt: skip


def seed(*, size: str) -> str:
    wanted = SIZES[size]
    document = Document.objects.get(slug=DOCUMENT_SLUG)
    _grow_document(document, sections=wanted["sections"], versions=wanted["versions"])
    revisions = _grow_revisions(wanted["revisions"])
    _grow_groups(revisions, wanted["groups"])
    _grow_milestones(revisions, wanted["milestones"])
    _grow_tasks(revisions, wanted["tasks"])
    return (
        f"{document.title}: {document.versions.count()} versions, "
        f"{Section.objects.filter(version_id=document.current_version_id).count()} sections; "
        f"{len(revisions)} revisions with "
        f"{Group.objects.filter(revision__in=revisions).count()} groups, "
        f"{Milestone.objects.filter(revision__in=revisions).count()} milestones, "
        f"{Task.objects.filter(group__revision__in=revisions).count()} tasks"
    )


def _paragraph(rng: random.Random, words: int) -> str:
    return "<p>" + " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + ".</p>"


def _grow_document(document: Document, *, sections: int, versions: int) -> None:
    rng = random.Random(2026)
    author = User.objects.get(username="koordinator")
    document.refresh_from_db()
    current = document.versions.get(pk=document.current_version_id)
    inputs = [
        SectionInput(heading=s.heading, body=s.body, key=s.key) for s in current.sections.all()
    ]
    while len(inputs) < sections:
        inputs.append(
            SectionInput(
                heading=f"Afsnit {len(inputs) + 1}",
                body="".join(_paragraph(rng, 100) for _ in range(4)),
            )
        )
    number = current.number
    while document.versions.count() < versions:
        for _ in range(3):
            i = rng.randrange(len(inputs))
            inputs[i] = SectionInput(
                heading=inputs[i].heading,
                body=inputs[i].body + _paragraph(rng, 20),
                key=inputs[i].key,
            )
        number = version_save(
            document=document,
            sections=inputs,
            user=author,
            base_number=number,
            change_note="Benchmarkdata",
        ).number


def _grow_revisions(count: int) -> list[PolicyRevision]:
    demo = PolicyRevision.objects.get(slug=REVISION_SLUG)
    coordinator = User.objects.get(username="koordinator")
    made = PolicyRevision.objects.filter(slug__startswith="bench-revision-")
    today = timezone.localdate()
    PolicyRevision.objects.bulk_create(
        PolicyRevision(
            title=f"Revision af politik nummer {number}",
            slug=f"bench-revision-{number}",
            coordinator=coordinator,
            starts_on=today - datetime.timedelta(days=60),
            planned_adoption_on=today + datetime.timedelta(days=200),
        )
        for number in range(made.count() + 1, count)
    )
    stamps.bump(
        LANDING_STAMP, stamps.FRONT_PAGE, PROCESS_STAMP, REVISION_PAGE_STAMP
    )  # bulk_create sends no signals
    return [demo, *made.order_by("pk")]


def _grow_groups(revisions: list[PolicyRevision], count: int) -> None:
    existing = Group.objects.filter(revision__in=revisions).count()
    kinds = [Group.Kind.STEERING, Group.Kind.PROJECT, Group.Kind.OTHER]
    groups = Group.objects.bulk_create(
        Group(
            revision=revisions[i % len(revisions)],
            kind=kinds[(i // len(revisions)) % len(kinds)],
            name=f"Gruppe {i + 1}",
            position=100 + i,
        )
        for i in range(existing, count)
    )
    members = {
        Group.Kind.STEERING: User.objects.get(username="styregruppe"),
        Group.Kind.PROJECT: User.objects.get(username="projektgruppe"),
    }
    linked = set(
        GroupMember.objects.filter(user__in=members.values()).values_list("group_id", "user_id")
    )
    rows = []
    for group in groups:
        user = members.get(group.kind)
        for m in range(5):
            link = m == 0 and user is not None and (group.pk, user.pk) not in linked
            if link:
                linked.add((group.pk, user.pk))
            rows.append(
                GroupMember(
                    group=group,
                    name=f"Medlem {group.pk}-{m + 1}",
                    department="Center for Kultur og Fritid",
                    email=f"medlem{group.pk}-{m + 1}@example.org",
                    user=user if link else None,
                    position=m,
                )
            )
    GroupMember.objects.bulk_create(rows, batch_size=500)
    stamps.bump(PROCESS_STAMP, REVISION_PAGE_STAMP)  # bulk_create sends no signals


def _grow_milestones(revisions: list[PolicyRevision], count: int) -> None:
    existing = Milestone.objects.filter(revision__in=revisions).count()
    groups = {}
    for group in Group.objects.filter(revision__in=revisions).order_by("pk"):
        groups.setdefault(group.revision_id, []).append(group)
    today = timezone.localdate()
    rows = []
    for i in range(existing, count):
        revision = revisions[i % len(revisions)]
        own = groups.get(revision.pk, [])
        milestone = Milestone(
            revision=revision,
            title=f"Milepæl {i + 1}",
            position=1000 + i,
            date_precision="month" if i % 4 == 0 else "day",
            starts_on=today + datetime.timedelta(days=(i % 365) - 120),
            responsible_group=own[i % len(own)] if own else None,
        )
        milestone.derive_dates()
        if milestone.starts_on < today - datetime.timedelta(days=30):
            milestone.status = Milestone.Status.DONE
        rows.append(milestone)
    Milestone.objects.bulk_create(rows, batch_size=500)
    # bulk_create sends no signals: the front page's and the dashboard's cached timelines and
    # the revision pages are bumped here.
    stamps.bump(LANDING_STAMP, stamps.FRONT_PAGE, PROCESS_STAMP, REVISION_PAGE_STAMP)


def _grow_tasks(revisions: list[PolicyRevision], count: int) -> None:
    existing = Task.objects.filter(group__revision__in=revisions).count()
    groups = list(
        Group.objects.filter(revision__in=revisions).prefetch_related("members").order_by("pk")
    )
    today = timezone.localdate()
    rows = []
    for i in range(existing, count):
        group = groups[i % len(groups)]
        members = list(group.members.all())
        rows.append(
            Task(
                group=group,
                title=f"Opgave {i + 1}",
                owner=members[i % len(members)] if members and i % 3 == 0 else None,
                due_on=today + datetime.timedelta(days=(i % 150) - 30),
                position=1000 + i,
            )
        )
    Task.objects.bulk_create(rows, batch_size=500)
    stamps.bump(PROCESS_STAMP, REVISION_PAGE_STAMP)  # bulk_create sends no signals
