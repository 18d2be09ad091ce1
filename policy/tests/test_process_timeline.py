"""The server-drawn timeline: where milestones sit, today's line, and done, late and next."""

import datetime
from itertools import pairwise

import pytest

from policy.timeline import build_timeline, relative_day

from .process_factories import MilestoneFactory, RevisionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 2, 10)


@pytest.fixture
def timeline():
    revision = RevisionFactory(
        starts_on=datetime.date(2026, 11, 15), planned_adoption_on=datetime.date(2027, 6, 1)
    )
    milestones = [
        MilestoneFactory(
            revision=revision, title="KU", starts_on=datetime.date(2026, 11, 20), status="done"
        ),
        MilestoneFactory(revision=revision, title="Workshop", starts_on=datetime.date(2027, 1, 25)),
        MilestoneFactory(
            revision=revision,
            title="Høring",
            date_precision="month",
            starts_on=datetime.date(2027, 4, 1),
        ),
        MilestoneFactory(
            revision=revision,
            title="Høringsperiode",
            starts_on=datetime.date(2027, 3, 1),
            ends_on=datetime.date(2027, 3, 31),
        ),
        MilestoneFactory(
            revision=revision, title="LokalMED", date_precision="unset", starts_on=None
        ),
    ]
    return build_timeline(milestones=milestones, today=TODAY, revision=revision)


def test_the_axis_runs_from_the_start_month_to_the_adoption_month(timeline):
    assert (timeline.start, timeline.end) == (
        datetime.date(2026, 11, 1),
        datetime.date(2027, 6, 30),
    )
    labels = [tick.label for tick in timeline.ticks]
    assert labels[0] == "nov 2026" and "jan 2027" in labels and labels[-1] == "jun"
    assert [tick.is_year for tick in timeline.ticks].count(True) == 1


def test_rows_say_done_late_next_and_unset(timeline):
    states = {row.milestone.title: row.state for row in timeline.rows}
    assert states == {
        "KU": "done",
        "Workshop": "late",
        "Høring": "planned",
        "Høringsperiode": "next",
        "LokalMED": "unset",
    }
    assert timeline.counts == {"total": 5, "done": 1, "late": 1}
    assert timeline.next_milestone.title == "Høringsperiode"


def test_shapes_follow_the_precision_and_today_lies_between_its_neighbours(timeline):
    rows = {row.milestone.title: row for row in timeline.rows}
    assert rows["KU"].shape == "point"
    assert rows["Høring"].shape == "month"
    assert rows["Høringsperiode"].shape == "range"
    assert rows["LokalMED"].shape == "none"
    # The month's bar covers April, the period's bar March: the one ends where the other starts.
    assert rows["Høringsperiode"].x_end == rows["Høring"].x
    assert rows["Workshop"].x < timeline.today_x < rows["Høringsperiode"].x
    assert all(row.y < next_row.y for row, next_row in pairwise(timeline.rows))


def test_the_text_alternative_sums_it_up(timeline):
    assert timeline.summary.startswith(
        "1 af 5 milepæle er udført; 1 er forsinket. Næste: Høringsperiode"
    )


def test_today_outside_the_axis_draws_no_line():
    revision = RevisionFactory(starts_on=None, planned_adoption_on=None)
    milestone = MilestoneFactory(revision=revision, starts_on=datetime.date(2030, 1, 1))
    timeline = build_timeline(milestones=[milestone], today=TODAY, revision=revision)
    assert timeline.today_x is None and not timeline.today_in_range


@pytest.mark.parametrize(
    ("days", "text"), [(0, "i dag"), (1, "om 1 dag"), (3, "om 3 dage"), (-1, "for 1 dag siden")]
)
def test_relative_days(days, text):
    assert relative_day(TODAY + datetime.timedelta(days=days), TODAY) == text
