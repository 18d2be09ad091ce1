"""What came of a hearing, read side: points by section with their references, dispositions
and the change each section went through. Used by the staff points list, the public "what we
heard, what we did" page, a respondent's page, the høringsnotat and the compare page.

Every builder runs a fixed number of queries whatever the number of points.
"""

import uuid
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from policy.compare import SectionChange
from policy.models import DocumentVersion, Section

from .models import Hearing, HearingResponse, Point, PointChange


def _copies_count():
    copies = (
        HearingResponse.objects.visible()
        .filter(copy_of=OuterRef("response_id"))
        .order_by()
        .values("copy_of")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(copies), 0)


def points_with_references(queryset):
    """Points with what the report and the pages show: the response's reference, the copies
    of a campaign, the merged points' references and the linked changes."""
    merged = (
        Point.objects.select_related("response")
        .annotate(copies=_copies_count())
        .only("pk", "merged_into_id", "response__reference", "source")
        .order_by("pk")
    )
    return (
        queryset.select_related("response", "theme", "event_note__event")
        .annotate(copies=_copies_count())
        .prefetch_related(
            Prefetch("merged", queryset=merged),
            Prefetch(
                "changes",
                queryset=PointChange.objects.select_related("version").order_by("version__number"),
            ),
        )
    )


def references_of(point: Point) -> str:
    """ "HS-2026-0042 og 39 enslydende svar", or where an event note or comment came from."""
    references, copies = [], 0
    for item in [point, *point.merged.all()]:
        if item.source == Point.Source.RESPONSE and item.response_id:
            if item.response.reference not in references:
                references.append(item.response.reference)
            copies += item.copies
        elif item.source == Point.Source.EVENT_NOTE:
            references.append(_("input from an event"))
        else:
            references.append(_("the steering group"))
    text = ", ".join(references)
    if copies:
        text += " " + ngettext(
            "and %(count)s identical response",
            "and %(count)s identical responses",
            copies,
        ) % {"count": copies}
    return text


@dataclass
class SectionOutcome:
    """One section of the hearing version (or the whole document) with its points."""

    key: uuid.UUID | None
    heading: str
    change: SectionChange | None = None
    points: list[Point] = field(default_factory=list)

    @property
    def removed(self) -> bool:
        """The section is not in the answering version: "afsnittet er udgået"."""
        return self.change is not None and self.change.removed

    @property
    def changed(self) -> bool:
        return self.change is not None and not self.change.unchanged


def answering_version(hearing: Hearing) -> DocumentVersion | None:
    """The version that answered the hearing: the published one, else the newest draft."""
    outcome = getattr(hearing, "outcome", None) if _has_outcome(hearing) else None
    if outcome is not None and outcome.answering_version_id:
        return outcome.answering_version
    document = hearing.version.document
    if document.current_version_id and document.current_version_id != hearing.version_id:
        return DocumentVersion.objects.get(pk=document.current_version_id)
    return None


def _has_outcome(hearing: Hearing) -> bool:
    try:
        hearing.outcome  # noqa: B018 - a cached reverse one-to-one, or a query
    except Hearing.outcome.RelatedObjectDoesNotExist:
        return False
    return True


def _sections(version: DocumentVersion | None) -> list[Section]:
    if version is None:
        return []
    return list(Section.objects.filter(version=version).order_by("position"))


def outcome_by_section(
    hearing: Hearing,
    points: list[Point],
    *,
    new_version: DocumentVersion | None = None,
    sections: list[Section] | None = None,
) -> list[SectionOutcome]:
    """The points grouped by the hearing version's sections in order (whole-document points
    first), each section compared with the answering version. `sections`: the hearing
    version's sections in order, if the caller has them already."""
    old_sections = sections if sections is not None else _sections(hearing.version)
    new_by_key = {section.key: section for section in _sections(new_version)}
    groups = [SectionOutcome(key=None, heading=_("The document as a whole"))]
    by_key: dict = {None: groups[0]}
    for section in old_sections:
        change = (
            SectionChange(section.key, section, new_by_key.get(section.key))
            if new_version is not None
            else None
        )
        group = SectionOutcome(key=section.key, heading=section.heading, change=change)
        groups.append(group)
        by_key[section.key] = group
    for point in points:
        group = by_key.get(point.section_key)
        if group is None:  # a section that was not in the hearing version (a review comment)
            group = SectionOutcome(key=point.section_key, heading=point.section_heading)
            groups.append(group)
            by_key[point.section_key] = group
        group.points.append(point)
    return [group for group in groups if group.points]
