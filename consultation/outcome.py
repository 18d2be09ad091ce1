"""What came of a hearing, read side: points by section with their references, dispositions
and the change each section went through. Used by the staff points list, the public "what we
heard, what we did" page, a respondent's page, the høringsnotat and the compare page.

Every builder runs a fixed number of queries whatever the number of points.
"""

import uuid
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Subquery, Value, When
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


def points_with_references(queryset, *, to_attr: bool = False, changes: bool = True):
    """Points with what the report and the pages show: the response's reference, the copies
    of a campaign, the merged points' references and the linked changes.

    `to_attr`: the merged points and the changes as lists in `merged_list` and `changes_list`
    instead of in the related managers, which cost a queryset per point (half of the
    høringsnotat's reading at 2,000 points); pass `point.merged_list` to `references_of`.
    `changes`: False for pages that do not show the linked changes (one query less)."""
    merged = (
        Point.objects.select_related("response")
        .annotate(copies=_copies_count())
        .only("pk", "merged_into_id", "response__reference", "source")
        .order_by("pk")
    )
    prefetches: list[Prefetch] = [
        Prefetch("merged", queryset=merged, to_attr="merged_list" if to_attr else None)
    ]
    if changes:
        prefetches.append(
            Prefetch(
                "changes",
                queryset=PointChange.objects.select_related("version").order_by("version__number"),
                to_attr="changes_list" if to_attr else None,
            )
        )
    return (
        queryset.select_related("response", "theme", "event_note__event")
        .annotate(copies=_copies_count())
        .prefetch_related(*prefetches)
    )


def references_of(point: Point, merged: list[Point] | None = None) -> str:
    """ "HS-2026-0042 og 39 enslydende svar", or where an event note or comment came from.
    `merged`: the merged points, if the caller read them as a list (`points_with_references`)."""
    references, copies = [], 0
    for item in [point, *(point.merged.all() if merged is None else merged)]:
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
    #: On a paged page: the section began on an earlier page / goes on on the next one.
    continued: bool = False
    continues: bool = False

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


def _sections_of(old: DocumentVersion, new: DocumentVersion) -> tuple[list[Section], list[Section]]:
    """The sections of two versions in order, read in one query."""
    by_version: dict[int, list[Section]] = {old.pk: [], new.pk: []}
    for section in Section.objects.filter(version_id__in=[old.pk, new.pk]).order_by(
        "version_id", "position"
    ):
        by_version[section.version_id].append(section)
    return by_version[old.pk], by_version[new.pk]


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
    if sections is None and new_version is not None:
        sections, new_sections = _sections_of(hearing.version, new_version)
        return _group(sections, new_sections, points)
    return _group(
        sections if sections is not None else _sections(hearing.version),
        _sections(new_version) if new_version is not None else None,
        points,
    )


def _group(
    old_sections: list[Section], new_sections: list[Section] | None, points: list[Point]
) -> list[SectionOutcome]:
    new_by_key = {section.key: section for section in new_sections or []}
    groups = [SectionOutcome(key=None, heading=_("The document as a whole"))]
    by_key: dict = {None: groups[0]}
    for section in old_sections:
        change = (
            SectionChange(section.key, section, new_by_key.get(section.key))
            if new_sections is not None
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


#: Points per page of the public "what we heard, what we did" page.
OUTCOME_PAGE_SIZE = 50


@dataclass
class SectionEntry:
    """A line of the outcome page's contents: a section, how many points it has and the page
    it starts on."""

    key: uuid.UUID | None
    heading: str
    count: int
    first_page: int
    last_page: int


@dataclass
class OutcomePage:
    """One page of the points of a hearing in the order of the hearing version's sections.

    Works like a `Paginator` page (for the shared pager) but knows where each section starts
    and ends, so a section's diff is shown once, on the page of its last point, and the
    contents link every section to its first page. Its queries do not grow with the points:
    the sections of both versions, one count per section, and the page's points with their
    references."""

    number: int
    num_pages: int
    sections: list[SectionEntry]
    groups: list[SectionOutcome]

    @property
    def paginator(self) -> "OutcomePage":
        return self

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _section_rank(key: uuid.UUID | None, positions: dict) -> tuple:
    """The order of the page: the whole document first, then the hearing version's sections,
    then sections that were not in it (by identity, as the database orders them too)."""
    if key is None:
        return (0, 0, "")
    if key in positions:
        return (1, positions[key], "")
    return (2, 0, key.hex)


def outcome_page(
    hearing: Hearing,
    points,
    *,
    page: str | int | None,
    new_version: DocumentVersion | None = None,
    per_page: int = OUTCOME_PAGE_SIZE,
) -> OutcomePage:
    """A page of `points` (a queryset of the hearing's points) grouped by section."""
    old_sections = _sections(hearing.version)
    positions = {section.key: section.position for section in old_sections}
    headings = {section.key: section.heading for section in old_sections}
    counted = points.order_by().values("section_key", "section_heading").annotate(n=Count("pk"))
    by_key: dict = {}
    for row in counted:
        entry = by_key.setdefault(row["section_key"], [row["section_heading"], 0])
        entry[1] += row["n"]
    keys = sorted(by_key, key=lambda key: _section_rank(key, positions))
    total = sum(count for _heading, count in by_key.values())
    num_pages = max(1, -(-total // per_page))
    try:
        number = min(max(int(page or 1), 1), num_pages)
    except (TypeError, ValueError):
        number = 1
    entries, before = [], 0
    for key in keys:
        heading, count = by_key[key]
        if key is None:
            heading = _("The document as a whole")
        entries.append(
            SectionEntry(
                key=key,
                heading=headings.get(key, heading),
                count=count,
                first_page=before // per_page + 1,
                last_page=(before + count - 1) // per_page + 1,
            )
        )
        before += count
    start = (number - 1) * per_page
    # The sections' positions are known here: a subquery for each of the hearing's points
    # looked each one up again (20 of 40 ms at 2,000 points).
    rank = Case(
        When(section_key__isnull=True, then=Value(-1)),
        *(When(section_key=section.key, then=Value(section.position)) for section in old_sections),
        default=Value(2**31 - 1),
        output_field=IntegerField(),
    )
    ordering = ("section_rank", "section_key", "pk")
    # The page's points are chosen on the points alone, then read with their responses and
    # references: sorting all 2,000 points joined to their responses cost 30 ms.
    window = points.annotate(section_rank=rank).order_by(*ordering).values("pk")
    chosen = points.filter(pk__in=window[start : start + per_page]).annotate(section_rank=rank)
    # The merged points as lists (a related manager's queryset per point cost a third of the
    # page); the page does not show the linked changes.
    shown = list(points_with_references(chosen, to_attr=True, changes=False).order_by(*ordering))
    groups = _group(
        old_sections, _sections(new_version) if new_version is not None else None, shown
    )
    last_pages = {entry.key: entry for entry in entries}
    for group in groups:
        entry = last_pages.get(group.key)
        group.continued = entry is not None and entry.first_page < number
        group.continues = entry is not None and entry.last_page > number
    return OutcomePage(number=number, num_pages=num_pages, sections=entries, groups=groups)
