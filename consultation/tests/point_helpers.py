"""Builders for the points tests: a hearing with a citizen's and an association's response."""

import datetime

from django.utils import timezone

from consultation.models import Hearing
from consultation.services.points import points_collect

from .hearing_helpers import make_hearing, submit

ASSOCIATION_TEXT = (
    "Indledningen bør nævne unge. "
    "Fællesskaber skal have flere mødesteder. "
    "Frivillige skal have et frivillighedscenter."
)


def close(hearing) -> None:
    """The hearing's deadline has passed (its report can be published only then)."""
    now = timezone.now()
    Hearing.objects.filter(pk=hearing.pk).update(
        opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(minutes=1)
    )
    hearing.refresh_from_db()


def hearing_with_points(user, *, closed: bool = True, **kwargs):
    """A hearing whose deadline has passed, with a citizen's response about one section and an
    association's about three, collected into points."""
    hearing = make_hearing(user=user, **kwargs)
    sections = list(hearing.version.sections.order_by("position"))
    citizen = submit(hearing, sections=[sections[1]])
    association = submit(
        hearing,
        name="Jens Berg",
        email="jens@forening.dk",
        represents="organisation",
        organisation_name="Ishøj Idrætsforening",
        subject="Tre ting",
        text=ASSOCIATION_TEXT,
        sections=sections,
    )
    points_collect(hearing=hearing, user=user)
    if closed:
        close(hearing)
    return hearing, sections, citizen, association
