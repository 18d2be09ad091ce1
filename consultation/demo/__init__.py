"""Demo involvement: events with sign-ups and hearings with responses (invented throughout)."""

from .events import seed_events
from .hearings import seed_hearings
from .outcomes import seed_outcomes


def seed(*, today, users, stdout=None) -> None:
    seed_events(today=today, users=users)
    seed_hearings(today=today, users=users)
    seed_outcomes(today=today, users=users)
