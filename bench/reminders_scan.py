"""Benchmark: the reminder scan over 100,000 milestones and tasks of which 1,000 are due.

50,000 milestones and 50,000 tasks in 100 revisions with 1,000 groups of two members; 500
milestones are due in 7 days (each reminds its group's two members and the coordinator) and
500 tasks in 3 days (each reminds its owner): 2,000 reminders and e-mails. Measures the first
scan (records and queues everything) and a second scan (finds the same, sends nothing), with
their query counts.

    psql postgres://postgres@127.0.0.1:5432/postgres -c 'CREATE DATABASE medborger_r7_bench'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger_r7_bench \\
        .venv/bin/python bench/reminders_scan.py

It works in a throwaway database named after DATABASE_URL's with `_t` appended.
Prints one Markdown row per figure for bench/README.md.
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")
os.environ.setdefault("MEDBORGER_VAR_DIR", "bench/.work")
os.environ.update(
    DEBUG="false", SECRET_KEY=os.environ.get("SECRET_KEY", "benchmark-only-secret-key")
)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REVISIONS, GROUPS, MILESTONES, TASKS, DUE_EACH = 100, 1000, 50_000, 50_000, 500
TODAY = datetime.date(2026, 11, 13)
GOAL = "< 2 s, fixed queries"


def seed() -> None:
    from medborger.models import User
    from policy.models import Group, GroupMember, Milestone, PolicyRevision, Task

    coordinator = User.objects.create(username="bench", email="koordinator@bench.example")
    revisions = PolicyRevision.objects.bulk_create(
        PolicyRevision(title=f"Revision {r}", slug=f"revision-{r}", coordinator=coordinator)
        for r in range(REVISIONS)
    )
    groups = Group.objects.bulk_create(
        Group(revision=revisions[g % REVISIONS], name=f"Gruppe {g}") for g in range(GROUPS)
    )
    members = GroupMember.objects.bulk_create(
        GroupMember(group=group, name=f"Medlem {g}-{m}", email=f"m{g}-{m}@bench.example")
        for g, group in enumerate(groups)
        for m in range(2)
    )
    far = TODAY + datetime.timedelta(days=200)
    milestones = []
    for n in range(MILESTONES):
        group = groups[n % GROUPS]
        due = TODAY + datetime.timedelta(days=7) if n < DUE_EACH else far
        milestones.append(
            Milestone(
                revision_id=group.revision_id,
                responsible_group=group,
                title=f"Milepæl {n}",
                starts_on=due,
                due_on=due,
                position=n,
            )
        )
    Milestone.objects.bulk_create(milestones, batch_size=5000)
    tasks = []
    for n in range(TASKS):
        owner = members[n % len(members)]
        due = TODAY + datetime.timedelta(days=3) if n < DUE_EACH else far
        tasks.append(Task(group_id=owner.group_id, owner=owner, title=f"Opgave {n}", due_on=due))
    Task.objects.bulk_create(tasks, batch_size=5000)
    # bulk_create sends no signals: the cached timelines, front page and dashboard are bumped.
    from medborger import stamps
    from policy.dashboard import PROCESS_STAMP
    from policy.hooks import LANDING_STAMP

    stamps.bump(LANDING_STAMP, stamps.FRONT_PAGE, PROCESS_STAMP)


def scan():
    from medborger.reminders import reminders_scan

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = reminders_scan(today=TODAY)
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), result


def warm_up() -> None:
    """What a running worker has already done: import the rules, load the URLconf, compile
    the e-mail templates and create the rule settings (a scan of a day with nothing due)."""
    from django.urls import reverse

    from medborger import outbox
    from medborger.reminders import ReminderRenderer, reminders_scan

    reverse("reminder_settings")
    context = dict.fromkeys(ReminderRenderer.FIELDS, "x")
    for language in ("da", "en"):
        outbox.notification_render(notification="reminder", context=context, language=language)
    assert reminders_scan(today=TODAY - datetime.timedelta(days=365)).recorded == 0


def main() -> int:
    name = connection.settings_dict["NAME"] + "_t"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        seed()
        connection.cursor().execute("ANALYZE") if connection.vendor == "postgresql" else None
        warm_up()
        first_s, first_q, first = scan()
        second_s, second_q, second = scan()
        load = os.getloadavg()[0]
        vendor = connection.vendor
        when = datetime.date.today().isoformat()
        print(
            f"| reminder scan (`bench/reminders_scan.py`), 100,000 milestones and tasks, "
            f"1,000 due → {first.queued:,} e-mails, after warm-up, {vendor} | {GOAL} | "
            f"{first_s * 1000:,.0f} ms, {first_q} queries | {when}, load avg {load:.1f} |"
        )
        print(
            f"| reminder scan, the same again (everything already sent: {second.recorded} new), "
            f"{vendor} | {GOAL} | {second_s * 1000:,.0f} ms, {second_q} queries | "
            f"{when}, load avg {load:.1f} |"
        )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
