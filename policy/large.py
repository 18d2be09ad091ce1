"""Benchmark data for `seed_large` (each app's `large.seed(size=...)`).

Grows the demo policy document to 100 sections and 200 versions and the demo revision to 500
milestones and 2,000 tasks, the sizes the policy issues name, so that the pages the permission
matrix opens are measured at that size. Versions go through `version_save` (the real path,
sanitising and all); milestones and tasks are bulk-inserted without history: this is load for
measurements, not anybody's plan.
"""

import datetime
import random

from django.utils import timezone

from medborger import dates
from medborger.models import User

from .models import Document, Milestone, PolicyRevision, Section, Task
from .services import SectionInput, version_save

DOCUMENT_SLUG = "medborgerpolitik"
REVISION_SLUG = "revision-af-medborgerpolitikken"
SIZES = {
    "small": {"sections": 12, "versions": 10, "milestones": 20, "tasks": 40},
    "large": {"sections": 100, "versions": 200, "milestones": 500, "tasks": 2000},
}
WORDS = [
    "borgere",
    "fællesskab",
    "frivillige",
    "foreninger",
    "kommunen",
    "inddragelse",
    "dialog",
    "tillid",
    "mangfoldighed",
    "deltagelse",
    "ansvar",
    "bydel",
    "skole",
    "bibliotek",
    "idræt",
    "kultur",
    "ungdom",
    "ældre",
    "sundhed",
    "tryghed",
    "naboer",
    "samarbejde",
    "medborgerskab",
    "demokrati",
    "initiativ",
    "mødested",
    "netværk",
]


def seed(*, size: str) -> str:
    wanted = SIZES[size]
    document = Document.objects.get(slug=DOCUMENT_SLUG)
    revision = PolicyRevision.objects.get(slug=REVISION_SLUG)
    _grow_document(document, sections=wanted["sections"], versions=wanted["versions"])
    _grow_milestones(revision, wanted["milestones"])
    _grow_tasks(revision, wanted["tasks"])
    return (
        f"{document.title}: {document.versions.count()} versions, "
        f"{Section.objects.filter(version_id=document.current_version_id).count()} sections; "
        f"{revision.title}: {Milestone.objects.filter(revision=revision).count()} milestones, "
        f"{Task.objects.filter(group__revision=revision).count()} tasks"
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


def _grow_milestones(revision: PolicyRevision, count: int) -> None:
    existing = Milestone.objects.filter(revision=revision).count()
    groups = list(revision.groups.order_by("pk"))
    today = timezone.localdate()
    rows = []
    for i in range(existing, count):
        precision = "month" if i % 4 == 0 else "day"
        starts_on = dates.normalise(today + datetime.timedelta(days=(i % 365) - 120), precision)
        rows.append(
            Milestone(
                revision=revision,
                title=f"Milepæl {i + 1}",
                position=1000 + i,
                date_precision=precision,
                starts_on=starts_on,
                due_on=dates.due_on(starts_on, precision),
                responsible_group=groups[i % len(groups)] if groups else None,
                status=(
                    Milestone.Status.DONE
                    if starts_on < today - datetime.timedelta(days=30)
                    else Milestone.Status.PLANNED
                ),
            )
        )
    Milestone.objects.bulk_create(rows, batch_size=500)


def _grow_tasks(revision: PolicyRevision, count: int) -> None:
    existing = Task.objects.filter(group__revision=revision).count()
    groups = list(revision.groups.prefetch_related("members").order_by("pk"))
    if not groups:
        return
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
