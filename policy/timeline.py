"""The timeline drawn on the server: where each milestone sits between the revision's start and
its adoption, what is done, late and next, and where today is.

`build_timeline` computes integer coordinates for an SVG (see
`templates/policy/process/_timeline_svg.html`); the same rows feed the accessible table.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from medborger import dates
from medborger.dates import DatePrecision

from .models import Milestone, Task

WIDTH = 960
LABEL_WIDTH = 290
STATE_WIDTH = 150
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_RIGHT = WIDTH - STATE_WIDTH - 10
HEADER_HEIGHT = 44
ROW_HEIGHT = 30
FOOTER_HEIGHT = 10
TITLE_CHARACTERS = 36

#: state -> (symbol, label); the symbol and the words carry the meaning, colour only helps.
STATES = {
    "done": ("✓", lambda: _("Done")),
    "late": ("!", lambda: _("Late")),
    "next": ("→", lambda: _("Next")),
    "ongoing": ("▶", lambda: _("In progress")),
    "planned": ("○", lambda: _("Planned")),
    "unset": ("?", lambda: _("No date yet")),
    "cancelled": ("–", lambda: _("Cancelled")),
}


def state_label(state: str) -> str:
    symbol, label = STATES[state]
    return f"{symbol} {label()}"


def relative_day(due: datetime.date | None, today: datetime.date) -> str:
    """'today', 'in 3 days', '2 days ago' — how far a deadline is from today."""
    if due is None:
        return ""
    days = (due - today).days
    if days == 0:
        return _("today")
    if days > 0:
        return ngettext("in %(count)s day", "in %(count)s days", days) % {"count": days}
    return ngettext("%(count)s day ago", "%(count)s days ago", -days) % {"count": -days}


@dataclass(frozen=True)
class TimelineRow:
    milestone: Milestone
    state: str
    y: int
    #: "point" (a day), "month" (somewhere in a month), "range" (start to end) or "none".
    shape: str = "none"
    x: int = 0
    x_end: int = 0
    title: str = ""

    @property
    def state_label(self) -> str:
        return state_label(self.state)

    @property
    def text_y(self) -> int:
        return self.y + 5

    @property
    def width(self) -> int:
        return max(self.x_end - self.x, 4)

    @property
    def bar_y(self) -> int:
        return self.y - 7


@dataclass(frozen=True)
class Tick:
    x: int
    label: str
    #: A new year starts here, so the label names the year.
    is_year: bool = False


@dataclass
class Timeline:
    rows: list[TimelineRow]
    ticks: list[Tick]
    start: datetime.date
    end: datetime.date
    today: datetime.date
    today_x: int | None
    next_milestone: Milestone | None
    counts: dict = field(default_factory=dict)
    width: int = WIDTH

    @property
    def height(self) -> int:
        return HEADER_HEIGHT + ROW_HEIGHT * max(len(self.rows), 1) + FOOTER_HEIGHT

    @property
    def plot_left(self) -> int:
        return PLOT_LEFT

    @property
    def plot_right(self) -> int:
        return PLOT_RIGHT

    @property
    def state_x(self) -> int:
        return PLOT_RIGHT + 14

    @property
    def axis_y(self) -> int:
        return HEADER_HEIGHT - 6

    @property
    def bottom(self) -> int:
        return self.height - FOOTER_HEIGHT

    @property
    def today_in_range(self) -> bool:
        return self.today_x is not None

    @property
    def summary(self) -> str:
        """The figure's text alternative: what is done, what is late and what comes next."""
        parts = [
            _("%(done)s of %(total)s milestones are done") % self.counts,
            ngettext("%(late)s is late", "%(late)s are late", self.counts["late"]) % self.counts,
        ]
        text = "; ".join(parts) + "."
        if self.next_milestone is not None:
            text += " " + _("Next: %(title)s, %(date)s.") % {
                "title": self.next_milestone.title,
                "date": self.next_milestone.date_display,
            }
        text += " " + _("Today is %(date)s.") % {"date": formats.date_format(self.today)}
        return text


def _span(milestone: Milestone) -> tuple[datetime.date, datetime.date] | None:
    """The days a milestone covers: its day, its month, or its start to its end."""
    start = dates.normalise(milestone.starts_on, milestone.date_precision)
    if start is None:
        return None
    end = milestone.ends_on or dates.due_on(start, milestone.date_precision)
    return start, max(end, start)


def _month_start(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def _next_month(value: datetime.date) -> datetime.date:
    return (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def milestone_states(milestones, today: datetime.date) -> dict[int, str]:
    """Each milestone's state; the first open, not yet late milestone by deadline is "next"."""
    states = {m.pk: m.state(today) for m in milestones}
    upcoming = sorted(
        (m for m in milestones if states[m.pk] == "planned"),
        key=lambda m: (m.due_on, m.date_precision != DatePrecision.DAY, m.position),
    )
    if upcoming:
        states[upcoming[0].pk] = "next"
    return states


def _labels(choices) -> dict[str, str]:
    """A choice field's labels, translated once (`get_FOO_display` translates all of them on
    every call, which tables of many rows feel)."""
    return {value: str(label) for value, label in choices}


def mark_milestones(milestones, today: datetime.date) -> None:
    """Set, for the templates: `state_now` and its words `state_text`, and the words for the
    kind and the status (`kind_text` — empty when the title says it already — `status_text`)."""
    states = milestone_states(milestones, today)
    kinds, statuses = _labels(Milestone.Kind.choices), _labels(Milestone.Status.choices)
    for milestone in milestones:
        milestone.state_now = states[milestone.pk]
        milestone.state_text = state_label(milestone.state_now)
        kind = kinds[milestone.kind]
        milestone.kind_text = "" if kind == milestone.title else kind
        milestone.status_text = statuses[milestone.status]


def mark_tasks(tasks, *, today: datetime.date, user=None) -> None:
    """Set `state_now`, `state_text` and `relative` (to the deadline); with `user`, also
    `can_complete` (see `mark_can_complete`)."""
    tasks = list(tasks)
    statuses = _labels(Task.Status.choices)
    for task in tasks:
        task.state_now = task.state(today)
        task.state_text = (
            f"○ {statuses[task.status]}"
            if task.state_now == "planned"
            else state_label(task.state_now)
        )
        task.relative = relative_day(task.due_on, today)
    if user is not None:
        mark_can_complete(tasks, user=user)


def mark_can_complete(tasks, *, user) -> None:
    """Set `can_complete`: whether `user` may tick the task done or open it again."""
    # "policy.complete_task" looks at the task only through its owner (policy/rules.py:
    # the user manages the process, or is revision staff and owns the task): asked once per
    # owner, not once per task (hundreds on the revision page).
    can_complete: dict[int | None, bool] = {}
    for task in tasks:
        if task.owner_id not in can_complete:
            can_complete[task.owner_id] = user.has_perm("policy.complete_task", task)
        task.can_complete = can_complete[task.owner_id]


def build_timeline(*, milestones: list[Milestone], today: datetime.date, revision=None) -> Timeline:
    """Lay out `milestones` (in their order) on a month axis from the first to the last date."""
    spans = {m.pk: _span(m) for m in milestones}
    known = [span for span in spans.values() if span]
    edges = [d for span in known for d in span]
    if revision is not None:
        edges += [
            d
            for d in (
                revision.starts_on,
                dates.due_on(revision.planned_adoption_on, revision.planned_adoption_precision),
            )
            if d
        ]
    if not edges:
        edges = [today, today + datetime.timedelta(days=150)]
    start = _month_start(min(edges))
    end = _next_month(max(edges)) - datetime.timedelta(days=1)
    total_days = max((end - start).days + 1, 1)

    def x_of(day: datetime.date) -> int:
        return round(PLOT_LEFT + (day - start).days / total_days * (PLOT_RIGHT - PLOT_LEFT))

    states = milestone_states(milestones, today)
    rows = []
    for index, milestone in enumerate(milestones):
        y = HEADER_HEIGHT + ROW_HEIGHT * index + ROW_HEIGHT // 2
        title = milestone.title
        if len(title) > TITLE_CHARACTERS:
            title = title[: TITLE_CHARACTERS - 1].rstrip() + "…"
        span = spans[milestone.pk]
        if span is None:
            rows.append(TimelineRow(milestone, states[milestone.pk], y, title=title))
            continue
        first, last = span
        if milestone.date_precision == DatePrecision.MONTH and not milestone.ends_on:
            shape = "month"
        elif last > first:
            shape = "range"
        else:
            shape = "point"
        rows.append(
            TimelineRow(
                milestone,
                states[milestone.pk],
                y,
                shape=shape,
                x=x_of(first),
                x_end=x_of(last + datetime.timedelta(days=1)),
                title=title,
            )
        )

    months = []
    month = start
    while month <= end:
        months.append(month)
        month = _next_month(month)
    step = 1 if len(months) <= 14 else 2 if len(months) <= 28 else 3
    ticks = [
        Tick(
            x=x_of(month),
            label=formats.date_format(month, "b Y" if i == 0 or month.month == 1 else "b"),
            is_year=month.month == 1,
        )
        for i, month in enumerate(months)
        if i % step == 0 or month.month == 1
    ]
    counted = list(states.values())
    counts = {
        "total": len(counted),
        "done": counted.count("done"),
        "late": counted.count("late"),
    }
    next_milestone = next((m for m in milestones if states[m.pk] == "next"), None)
    return Timeline(
        rows=rows,
        ticks=ticks,
        start=start,
        end=end,
        today=today,
        today_x=x_of(today) if start <= today <= end else None,
        next_milestone=next_milestone,
        counts=counts,
    )
