"""Benchmark hooks for `make bench` (see `bench/run.py`): the reminder scan over the data that
`seed_large` built. Users and roles come from `seed_demo`; nothing to add here."""

import dataclasses
import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclasses.dataclass
class Job:
    """A background job that `bench/run.py` times; `run` returns a line of detail."""

    name: str
    run: Callable[[], str]


def seed(*, size: str) -> str:
    return "users and roles come from seed_demo"


def _scan() -> str:
    from .models import Reminder
    from .reminders import reminders_scan

    lines = []
    for attempt in ("first", "second"):
        before = Reminder.objects.count()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            reminders_scan()
        ms = (time.perf_counter() - started) * 1000
        made = Reminder.objects.count() - before
        lines.append(f"{attempt} scan {ms:.0f} ms, {len(queries)} queries, {made} reminders")
    return "; ".join(lines)


def jobs() -> list[Job]:
    return [Job(name="reminder scan over the large data (run twice)", run=_scan)]
