"""Builders for the points tests: a hearing with a citizen's and an association's response."""

from consultation.services.points import points_collect

from .hearing_helpers import make_hearing, submit

ASSOCIATION_TEXT = (
    "Indledningen bør nævne unge. "
    "Fællesskaber skal have flere mødesteder. "
    "Frivillige skal have et frivillighedscenter."
)


def hearing_with_points(user, **kwargs):
    """An open hearing, a citizen's response about one section and an association's about
    three, collected into points."""
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
    return hearing, sections, citizen, association
