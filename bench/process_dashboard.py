"""Benchmark: the staff dashboard and the calendar feed at the issue's size.

20 revisions, 500 milestones, 2,000 tasks and 100 groups (5 members each). The measured user sits
in every group and owns every tenth task, so the dashboard lists their tasks and the feed holds
all 500 milestones and 200 tasks. Server time is measured in-process with Django's test client
(request to response, middleware and templates included, no network), after warm-up.

    .venv/bin/python bench/process_dashboard.py            # SQLite under bench/.work/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/medborger_bench \\
        .venv/bin/python bench/process_dashboard.py         # PostgreSQL (a throwaway test_ DB)

Prints one Markdown row per figure for bench/README.md.
"""

import datetime
import os
import statistics
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")
os.environ.setdefault("MEDBORGER_VAR_DIR", "bench/.work")
os.environ.update(
    DEBUG="false",
    SECRET_KEY=os.environ.get("SECRET_KEY", "benchmark-only-secret-key"),
    SECURE_SSL_REDIRECT="false",
    SESSION_COOKIE_SECURE="false",
    CSRF_COOKIE_SECURE="false",
    STATIC_MANIFEST="false",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

REVISIONS, MILESTONES, TASKS, GROUPS, MEMBERS_PER_GROUP = 20, 500, 2000, 100, 5
GOAL = "< 150 ms server time, constant queries"
RUNS = int(os.environ.get("BENCH_RUNS", 30))
WARMUP = 3


def seed():
    from django.contrib.auth.models import Group as Role

    from medborger.models import User
    from medborger.roles import Role as RoleName
    from policy.models import Group, GroupMember, Milestone, PolicyRevision, Task

    today = timezone.localdate()
    user = User.objects.create(username="bench", first_name="Bench", last_name="Mark")
    user.groups.add(Role.objects.get_or_create(name=RoleName.PROJECT_GROUP)[0])
    revisions = PolicyRevision.objects.bulk_create(
        PolicyRevision(
            title=f"Revision {r}",
            slug=f"revision-{r}",
            starts_on=today - datetime.timedelta(days=60),
            planned_adoption_on=today + datetime.timedelta(days=200),
        )
        for r in range(REVISIONS)
    )
    groups = Group.objects.bulk_create(
        Group(revision=revisions[g % REVISIONS], name=f"Gruppe {g}", position=g)
        for g in range(GROUPS)
    )
    members = GroupMember.objects.bulk_create(
        GroupMember(
            group=group,
            name=f"Medlem {g}-{m}",
            department="Stabsenheden Plan",
            user=user if m == 0 else None,
            position=m,
        )
        for g, group in enumerate(groups)
        for m in range(MEMBERS_PER_GROUP)
    )
    own = {m.group_id: m for m in members if m.user_id}
    milestones = []
    for i in range(MILESTONES):
        revision = revisions[i % REVISIONS]
        milestone = Milestone(
            revision=revision,
            title=f"Milepæl {i}",
            position=i // REVISIONS + 1,
            date_precision="month" if i % 4 == 0 else "day",
            starts_on=today + datetime.timedelta(days=(i % 270) - 90),
            responsible_group=groups[(i % REVISIONS) + REVISIONS * (i % 5)],
        )
        milestone.derive_dates()
        if milestone.starts_on < today - datetime.timedelta(days=30):
            milestone.status = "done"
        milestones.append(milestone)
    Milestone.objects.bulk_create(milestones)
    Task.objects.bulk_create(
        Task(
            group=groups[i % GROUPS],
            title=f"Opgave {i}",
            owner=own[groups[i % GROUPS].pk] if i % 10 == 0 else None,
            due_on=today + datetime.timedelta(days=(i % 120) - 30),
            position=i,
        )
        for i in range(TASKS)
    )
    _bulk_written()
    return user, revisions[0]


def _bulk_written():
    """bulk_create and update() send no signals: the cached values they change are bumped."""
    from medborger import stamps
    from policy.dashboard import PROCESS_STAMP
    from policy.hooks import LANDING_STAMP

    stamps.bump(LANDING_STAMP, stamps.FRONT_PAGE, PROCESS_STAMP)


def member_of_one_revision(revision):
    """A project-group member of one revision, with five tasks of their own."""
    from django.contrib.auth.models import Group as Role

    from medborger.models import User
    from policy.models import GroupMember, Task

    user = User.objects.create(username="member", first_name="Et", last_name="Medlem")
    user.groups.add(Role.objects.get(name="Projektgruppe"))
    group = revision.groups.first()
    member = GroupMember.objects.create(group=group, name="Et Medlem", user=user)
    Task.objects.filter(pk__in=group.tasks.values("pk")[:5]).update(owner=member)
    _bulk_written()
    return user


def change_one_milestone():
    from policy.models import Milestone

    Milestone.objects.filter(pk=Milestone.objects.order_by("pk").values("pk")[:1]).update(
        note=f"Ændret {time.perf_counter()}"
    )
    _bulk_written()


def measure(client, url, *, before=None, **headers):
    """Median and 95th percentile wall time, median CPU time of this process, query count.

    CPU time is the figure to compare on a shared machine: wall time also counts the waits for
    other processes' turn on the cores."""
    for _ in range(WARMUP):
        if before:
            before()
        assert client.get(url, headers=headers).status_code in (200, 304)
    wall, cpu = [], []
    for _ in range(RUNS):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, headers=headers)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code in (200, 304)
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers=headers)
    wall.sort()
    return {
        "median": statistics.median(wall),
        "p95": wall[int(len(wall) * 0.95) - 1],
        "cpu": statistics.median(cpu),
        "queries": len(queries),
    }


def profile(user, revision) -> int:
    """BENCH_PROFILE=1: where the time goes, phase by phase, then cProfile per page
    (BENCH_SORT=tottime to sort by own time)."""
    import cProfile
    import pstats

    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from medborger import hooks
    from medborger.calendar import render_feed
    from policy import dashboard
    from policy.hooks import process_dashboard_panels

    def cpu_ms(function, repeat=3):
        start = time.process_time()
        for _ in range(repeat):
            result = function()
        return result, 1000 * (time.process_time() - start) / repeat

    events, collect_ms = cpu_ms(lambda: hooks.collect("calendar_events", user))
    (_body, entries), render_ms = cpu_ms(lambda: render_feed(user, events, known={}))
    _result, reuse_ms = cpu_ms(lambda: render_feed(user, events, known=entries))
    print(
        f"feed, {len(events)} entries: hooks {collect_ms:.0f} ms, render {render_ms:.0f} ms, "
        f"render reusing the entries' text {reuse_ms:.0f} ms"
    )
    request = RequestFactory().get("/oversigt/", {"forloeb": revision.slug})
    request.user, request.session = user, {}
    _board, build_ms = cpu_ms(lambda: dashboard.build(request))
    print(f"dashboard: building the data {build_ms:.0f} ms")
    for block in process_dashboard_panels(request):
        _html, ms = cpu_ms(
            partial(render_to_string, block.template, {"panel": block.context}, request=request)
        )
        print(f"dashboard: {block.template} {ms:.0f} ms")

    client = Client()
    client.force_login(user)
    for url in (
        reverse("dashboard") + f"?forloeb={revision.slug}",
        reverse("calendar_feed", args=[user.calendar_token]),
    ):
        client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url)
        profiler.disable()
        print(url)
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative"))
        stats.print_stats(40)
    return 0


def main() -> int:
    # Not setup_test_environment(): its instrumented template rendering would be measured too.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user, revision = seed()
        if os.environ.get("BENCH_PROFILE"):
            return profile(user, revision)
        staff = Client()
        staff.force_login(user)
        engine = connection.vendor
        figures = [
            ("for scale: the log-in page (no data)", measure(Client(), reverse("login"))),
            (
                "dashboard (20 revisions, 500 milestones, 2,000 tasks, 100 groups)",
                measure(staff, reverse("dashboard") + f"?forloeb={revision.slug}"),
            ),
        ]
        feed = reverse("calendar_feed", args=[user.calendar_token])
        figures += [
            (
                "iCal feed, 700 entries (500 milestones, 200 own tasks), first fetch",
                measure(Client(), feed, before=cache.clear),
            ),
            (
                "iCal feed, 700 entries, one changed since the last fetch",
                measure(Client(), feed, before=change_one_milestone),
            ),
            ("iCal feed, 700 entries, unchanged", measure(Client(), feed)),
            (
                "iCal feed, 700 entries, unchanged, client sends its ETag",
                measure(Client(), feed, If_None_Match=Client().get(feed)["ETag"]),
            ),
        ]
        member = member_of_one_revision(revision)
        feed = reverse("calendar_feed", args=[member.calendar_token])
        figures.append(
            (
                "iCal feed of a member of one revision (25 milestones, 5 tasks), first fetch",
                measure(Client(), feed, before=cache.clear),
            )
        )
        commit = os.popen("git rev-parse --short HEAD").read().strip()
        date = datetime.date.today().isoformat()
        load = os.getloadavg()[0]
        for name, figure in figures:
            print(
                f"| {name}, {engine} | {'–' if name.startswith('for scale') else GOAL} | "
                f"median {figure['median']:.0f} ms (CPU {figure['cpu']:.0f} ms), "
                f"p95 {figure['p95']:.0f} ms, {figure['queries']} queries | "
                f"{date}, {commit}, load {load:.1f} |"
            )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
