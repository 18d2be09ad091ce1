"""Write operations on points: collect, split, merge, decide, link to changes, publish.

Views, forms, the demo and tasks call these; none of them hold the rules below.
"""

import datetime
import html
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from medborger import outbox
from medborger.history import record_history
from medborger.html import sanitize_html
from medborger.models import OutboundEmail
from medborger.outbox import RenderedEmail, notification_render
from policy.models import Document, DocumentVersion, ReviewComment, Section, Stakeholder
from policy.services import SectionInput, version_save

from ..models import (
    ConsultedParty,
    EventNote,
    Hearing,
    HearingOutcome,
    HearingResponse,
    Point,
    PointChange,
    ReportVersion,
    ResponseFeedback,
    Theme,
)
from .hearings import hearing_report_publish
from .point_report import report_data

if TYPE_CHECKING:
    from medborger.models import User

    from ..models.points import PointQuerySet

Disposition = Point.Disposition
log = logging.getLogger(__name__)


class StalePoint(Exception):
    """Someone else saved the point since it was opened; nothing was saved."""

    def __init__(self, current: Point):
        super().__init__("The point was changed by someone else.")
        self.current = current


# --- Collecting points from every channel ---------------------------------------------------


def _hearing_sections(hearing: Hearing) -> dict[uuid.UUID, Section]:
    return {section.key: section for section in hearing.version.sections.all()}


def points_collect(*, hearing: Hearing, user: "User") -> int:
    """Make the default points of everything not yet turned into points; returns how many.

    - each original response (a campaign's copies share their original's points) yields one
      point per section of the hearing version it names, or one about the whole document;
    - each input note from an event on this document yields one point;
    - each steering-group review comment on this document yields one point.
    Running it again only adds points for what came in since.
    """
    sections = _hearing_sections(hearing)
    document_id = hearing.version.document_id
    points: list[Point] = []
    responses = (
        HearingResponse.objects.filter(hearing=hearing, copy_of__isnull=True, points__isnull=True)
        .visible()
        .prefetch_related("sections")
        .order_by("submitted_at", "pk")
    )
    for response in responses:
        named = [s for s in response.sections.all() if s.key in sections]
        for section in named or [None]:
            points.append(
                Point(
                    hearing=hearing,
                    source=Point.Source.RESPONSE,
                    response=response,
                    section_key=section.key if section else None,
                    section_heading=section.heading if section else "",
                    passage_start=0,
                    passage_end=max(len(response.text), 1),
                    text=response.text,
                )
            )
    notes = EventNote.objects.filter(version__document_id=document_id, point__isnull=True)
    for note in notes.order_by("created_at", "pk"):
        section = sections.get(note.section_key) if note.section_key else None
        points.append(
            Point(
                hearing=hearing,
                source=Point.Source.EVENT_NOTE,
                event_note=note,
                section_key=note.section_key,
                section_heading=section.heading if section else note.section_heading,
                text=note.text,
            )
        )
    comments = ReviewComment.objects.filter(document_id=document_id, point__isnull=True)
    for comment in comments.select_related("section").order_by("created_at", "pk"):
        section = sections.get(comment.section_key)
        points.append(
            Point(
                hearing=hearing,
                source=Point.Source.REVIEW_COMMENT,
                review_comment=comment,
                section_key=comment.section_key,
                section_heading=section.heading if section else comment.section.heading,
                text=comment.body,
            )
        )
    with transaction.atomic():
        bulk_create_with_history(
            points,
            Point,
            batch_size=500,
            default_user=user if getattr(user, "is_authenticated", False) else None,
            default_change_reason=_("Points collected"),
        )
    return len(points)


# --- Splitting and merging ------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A part of a response's text, [start, end), about one section (None: the whole)."""

    start: int
    end: int
    section_key: uuid.UUID | None = None


def passages_from_excerpts(
    text: str, excerpts: Sequence[tuple[str, uuid.UUID | None]]
) -> list[Passage]:
    """Passages for excerpts copied from the text, found in order; an excerpt that is not in
    the text raises ValidationError."""
    passages, cursor = [], 0
    for excerpt, key in excerpts:
        excerpt = excerpt.strip()
        if not excerpt:
            continue
        start = text.find(excerpt, cursor)
        if start < 0:
            start = text.find(excerpt)
        if start < 0:
            raise ValidationError(
                _("“%(excerpt)s” is not in the response's text.") % {"excerpt": excerpt[:60]},
                code="not_found",
            )
        passages.append(Passage(start, start + len(excerpt), key))
        cursor = start + len(excerpt)
    return passages


def uncovered_text(text: str, passages: Iterable[Passage]) -> str:
    """The words of `text` that no passage covers (whitespace and punctuation do not count)."""
    covered = [False] * len(text)
    for passage in passages:
        for index in range(max(passage.start, 0), min(passage.end, len(text))):
            covered[index] = True
    left = "".join(
        char if not covered[index] else " " for index, char in enumerate(text)
    )  # fmt: skip
    return " ".join(word for word in left.split() if any(c.isalnum() for c in word))


def point_split(
    *, response: HearingResponse, passages: Sequence[Passage], user: "User"
) -> list[Point]:
    """Replace the response's points with one per passage.

    Refused if any word of the response would be in no point, if a section is not in the
    hearing's version, or if one of its points is already decided or linked to a change.
    """
    hearing = response.hearing
    sections = _hearing_sections(hearing)
    if response.copy_of_id:
        raise ValidationError(
            _("This response is a copy in a campaign; split its original instead."), code="copy"
        )
    if not passages:
        raise ValidationError(_("Mark at least one passage."), code="empty")
    for passage in passages:
        if not (0 <= passage.start < passage.end <= len(response.text)):
            raise ValidationError(_("A passage is outside the response's text."), code="range")
        if passage.section_key is not None and passage.section_key not in sections:
            raise ValidationError(
                _("A passage names a section that is not in the hearing's version."),
                code="section",
            )
    left = uncovered_text(response.text, passages)
    if left:
        raise ValidationError(
            _("Part of the response would be in no point: “%(text)s”.") % {"text": left[:200]},
            code="uncovered",
        )
    with transaction.atomic():
        existing = list(Point.objects.select_for_update().filter(response=response))
        if any(point.disposition or point.merged.exists() for point in existing):
            raise ValidationError(
                _("A point of this response is already decided or merged; it cannot be split."),
                code="decided",
            )
        if PointChange.objects.filter(point__in=existing).exists():
            raise ValidationError(
                _("A point of this response is linked to a change; it cannot be split."),
                code="linked",
            )
        Point.objects.filter(pk__in=[point.pk for point in existing]).delete()
        created = []
        for passage in sorted(passages, key=lambda p: (p.start, p.end)):
            section = sections.get(passage.section_key) if passage.section_key else None
            point = Point(
                hearing=hearing,
                source=Point.Source.RESPONSE,
                response=response,
                section_key=section.key if section else None,
                section_heading=section.heading if section else "",
                passage_start=passage.start,
                passage_end=passage.end,
                text=response.text[passage.start : passage.end].strip(),
            )
            record_history(point, user=user, reason=_("Response split into points"))
            point.save()
            created.append(point)
    return created


def point_merge(*, into: Point, points: Iterable[Point], user: "User") -> Point:
    """Merge points into `into`: they stay (with their passages) but are decided as one."""
    others = [point for point in points if point.pk != into.pk]
    if not others:
        raise ValidationError(_("Choose at least one other point to merge."), code="empty")
    if any(point.hearing_id != into.hearing_id for point in others):
        raise ValidationError(_("A point belongs to another hearing."), code="hearing")
    with transaction.atomic():
        target = Point.objects.select_for_update().get(pk=into.pk)
        if target.merged_into_id:
            raise ValidationError(_("That point is itself merged into another."), code="merged")
        ids = [point.pk for point in others]
        # Points merged into the merged ones follow them.
        Point.objects.filter(merged_into_id__in=ids).update(merged_into=target)
        for point in Point.objects.select_for_update().filter(pk__in=ids):
            point.merged_into = target
            point.lock_version += 1
            record_history(point, user=user, reason=_("Merged into another point"))
            point.save(update_fields=["merged_into", "lock_version"])
    return target


# --- Disposition ----------------------------------------------------------------------------


def point_decide(
    *,
    point: Point,
    user: "User",
    lock_version: int,
    summary: str,
    assessment: str = "",
    disposition: str = "",
    reason: str = "",
    change_elsewhere: str = "",
    proposed_wording: str = "",
    theme: Theme | None = None,
    now: datetime.datetime | None = None,
) -> Point:
    """Save staff's summary, assessment, disposition and reason of a point.

    `lock_version` is the value the form was opened with; if someone saved since, nothing is
    saved and `StalePoint` carries the newer point. A disposition needs a reason; "met" and
    "partly met" need a linked change or a statement of where the change is made instead.
    """
    errors = {}
    if disposition and disposition not in Disposition.values:
        errors["disposition"] = _("Choose a disposition.")
    if disposition and not reason.strip():
        errors["reason"] = _("Give the reason for the disposition.")
    if theme is not None and theme.hearing_id != point.hearing_id:
        errors["theme"] = _("The theme belongs to another hearing.")
    if (
        disposition in Point.CHANGING
        and not change_elsewhere.strip()
        and not PointChange.objects.filter(point=point).exists()
    ):
        errors["change_elsewhere"] = _(
            "A point that is met or partly met needs a linked change in the text, or a "
            "statement of where the change is made instead."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Point.objects.select_for_update().get(pk=point.pk)
        if current.lock_version != lock_version:
            raise StalePoint(current)
        if current.merged_into_id:
            raise ValidationError(_("The point is merged into another; decide that one."))
        current.summary = summary.strip()
        current.assessment = assessment.strip()
        current.disposition = disposition
        current.reason = reason.strip()
        current.change_elsewhere = change_elsewhere.strip()
        current.proposed_wording = sanitize_html(proposed_wording)
        current.theme = theme
        if disposition and current.decided_at is None:
            current.decided_at, current.decided_by = now or timezone.now(), user
        if not disposition:
            current.decided_at, current.decided_by = None, None
        current.lock_version += 1
        current.full_clean(exclude=["hearing", "response", "event_note", "review_comment"])
        record_history(current, user=user, reason=_("Point decided"))
        current.save()
    return current


# --- Linked changes -------------------------------------------------------------------------


def _points_of_document(version: DocumentVersion) -> "PointQuerySet":
    return Point.objects.active().filter(hearing__version__document_id=version.document_id)


def point_changes_record(
    *,
    version: DocumentVersion,
    point_ids: Iterable[int],
    user: "User",
    accepted_wording: bool = False,
) -> list[PointChange]:
    """Record that `version` answers these points (the editor's save calls this)."""
    ids = set(point_ids)
    if not ids:
        return []
    points = list(_points_of_document(version).filter(pk__in=ids))
    if len(points) != len(ids):
        raise ValidationError(_("A point does not belong to this document."), code="point")
    changes = []
    for point in points:
        change, _created = PointChange.objects.get_or_create(
            point=point,
            version=version,
            defaults={
                "section_key": point.section_key,
                "accepted_wording": accepted_wording,
                "created_by": user if getattr(user, "is_authenticated", False) else None,
            },
        )
        changes.append(change)
    return changes


def version_save_answering(
    *,
    document: Document,
    sections: list[SectionInput],
    user: "User",
    base_number: int | None,
    point_ids: Iterable[int] = (),
    change_note: str = "",
) -> DocumentVersion:
    """Save the next version and record, in the same transaction, which points it answers."""
    with transaction.atomic():
        version = version_save(
            document=document,
            sections=sections,
            user=user,
            base_number=base_number,
            change_note=change_note,
        )
        point_changes_record(version=version, point_ids=point_ids, user=user)
    return version


def point_wording_accept(
    *, point: Point, user: "User", base_number: int | None = None
) -> PointChange:
    """Put the point's proposed wording into the draft as its section's text (a new version)
    and record the link. Refused without a wording, for a point about the whole document, or
    when the section is no longer in the draft ("afsnittet er udgået")."""
    if not point.proposed_wording.strip():
        raise ValidationError(_("The point has no proposed wording."), code="empty")
    if point.section_key is None:
        raise ValidationError(
            _("The point is about the whole document; edit the draft instead."), code="whole"
        )
    document = point.hearing.version.document
    document.refresh_from_db()
    current = document.current_version
    assert current is not None
    if base_number is None:
        base_number = current.number
    sections = list(current.sections.all())
    if point.section_key not in {section.key for section in sections}:
        raise ValidationError(_("The section has been removed from the draft."), code="removed")
    inputs = [
        SectionInput(
            heading=section.heading,
            body=point.proposed_wording if section.key == point.section_key else section.body,
            key=section.key,
        )
        for section in sections
    ]
    with transaction.atomic():
        version = version_save(
            document=document,
            sections=inputs,
            user=user,
            base_number=base_number,
            change_note=_("Proposed wording accepted (%(summary)s)")
            % {"summary": (point.summary or point.text)[:80]},
        )
        [change] = point_changes_record(
            version=version, point_ids=[point.pk], user=user, accepted_wording=True
        )
    return change


# --- Consulted parties ----------------------------------------------------------------------


def consulted_parties_match(*, hearing: Hearing) -> list[ConsultedParty]:
    """Add the revision's stakeholders to the hearing's consulted parties, each matched to a
    response from an organisation of the same name (staff confirm or correct the match)."""
    document_id = hearing.version.document_id
    stakeholders = Stakeholder.objects.filter(
        Q(revision__policy_document_id=document_id) | Q(revision__terms_of_reference_id=document_id)
    ).order_by("name")
    by_name: dict[str, int] = {}
    for pk, organisation in (
        HearingResponse.objects.filter(hearing=hearing)
        .visible()
        .exclude(organisation_name="")
        .order_by("submitted_at", "pk")
        .values_list("pk", "organisation_name")
    ):
        by_name.setdefault(" ".join(organisation.casefold().split()), pk)
    existing = set(
        ConsultedParty.objects.filter(hearing=hearing).values_list("stakeholder_id", flat=True)
    )
    new = [
        ConsultedParty(
            hearing=hearing,
            stakeholder=stakeholder,
            response_id=by_name.get(" ".join(stakeholder.name.casefold().split())),
        )
        for stakeholder in stakeholders
        if stakeholder.pk not in existing
    ]
    ConsultedParty.objects.bulk_create(new)
    return list(ConsultedParty.objects.filter(hearing=hearing).select_related("stakeholder"))


def consulted_party_confirm(
    *,
    party: ConsultedParty,
    response: HearingResponse | None,
    user: "User",
    now: datetime.datetime | None = None,
) -> ConsultedParty:
    if response is not None and response.hearing_id != party.hearing_id:
        raise ValidationError(_("The response belongs to another hearing."), code="hearing")
    party.response = response
    party.confirmed_by = user
    party.confirmed_at = now or timezone.now()
    party.save(update_fields=["response", "confirmed_by", "confirmed_at"])
    return party


# --- Feedback to respondents ----------------------------------------------------------------


class PublishRefused(ValidationError):
    pass


def publication_problems(hearing: Hearing) -> list[str]:
    """Why the report cannot be published yet (empty: it can)."""
    counts = (
        Point.objects.active()
        .filter(hearing=hearing)
        .aggregate(
            undecided=Count("pk", filter=Q(disposition="")),
            unchanged=Count(
                "pk",
                filter=Q(disposition__in=Point.CHANGING, change_elsewhere="", changes__isnull=True),
            ),
        )
    )
    problems = []
    if counts["undecided"]:
        problems.append(
            ngettext(
                "%(count)s point is not decided yet.",
                "%(count)s points are not decided yet.",
                counts["undecided"],
            )
            % {"count": counts["undecided"]}
        )
    if counts["unchanged"]:
        problems.append(
            ngettext(
                "%(count)s point is met without a linked change or a stated reason.",
                "%(count)s points are met without a linked change or a stated reason.",
                counts["unchanged"],
            )
            % {"count": counts["unchanged"]}
        )
    return problems


def report_version_save(
    *,
    hearing: Hearing,
    user: "User",
    published: bool = False,
    now: datetime.datetime | None = None,
) -> ReportVersion:
    """Keep the høringsnotat as it reads now as the hearing's next numbered version (earlier
    versions stay as they were). The publication keeps one, marked published."""
    data = report_data(hearing)
    html_text = render_to_string("consultation/points/_report_body.html", {"report": data})
    points_count = sum(len(theme.points) for section in data.sections for theme in section.themes)
    with transaction.atomic():
        Hearing.objects.select_for_update().filter(pk=hearing.pk).first()
        last = ReportVersion.objects.filter(hearing=hearing).aggregate(n=Max("number"))["n"] or 0
        version = ReportVersion.objects.create(
            hearing=hearing,
            number=last + 1,
            answering_version_id=hearing.version.document.current_version_id
            if hearing.version.document.current_version_id != hearing.version_id
            else None,
            html=html_text,
            points_count=points_count,
            published=published,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            created_at=now or timezone.now(),
        )
    return version


def hearing_feedback_publish(
    *, hearing: Hearing, user: "User", now: datetime.datetime | None = None
) -> HearingOutcome:
    """Publish the report's outcome: the hearing is concluded and every respondent who gave an
    e-mail address and did not decline gets one e-mail (exactly once) with the address of the
    page about their response. Refused, with the count, while points are undecided.

    The e-mails are queued by one task after the commit (`feedback_enqueue`); if the broker is
    unreachable, the periodic `feedback_enqueue_due` queues them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
        problems = publication_problems(locked)
        if problems:
            raise PublishRefused(problems, code="undecided")
        outcome, _created = HearingOutcome.objects.get_or_create(hearing=locked)
        if outcome.report_published_at is None:
            outcome.report_published_at = now
            outcome.published_by = user if getattr(user, "is_authenticated", False) else None
            outcome.answering_version_id = locked.version.document.current_version_id
            record_history(outcome, user=user, reason=_("Report published"))
            outcome.save()
            report_version_save(hearing=locked, user=user, published=True, now=now)
        # The hearing's own state follows: concluded, and its milestone with it.
        hearing_report_publish(hearing=locked, user=user, now=now)
        transaction.on_commit(lambda: _nudge_feedback(locked.pk))
    hearing.outcome = outcome
    return outcome


def _nudge_feedback(hearing_id: int) -> None:
    """Queue the feedback task by name (the services never import the task module)."""
    try:
        current_app.send_task("consultation.send_hearing_feedback", args=[hearing_id])
    except Exception:  # noqa: BLE001 - the periodic scan queues the e-mails later
        log.warning("Broker unreachable; feedback of hearing %s waits for the scan.", hearing_id)


def _feedback_due(hearing_queryset: QuerySet[Hearing]) -> QuerySet[HearingResponse]:
    """Responses of these hearings that should get the feedback e-mail and have not had it."""
    return (
        HearingResponse.objects.filter(hearing__in=hearing_queryset)
        .visible()
        .exclude(email="")
        .filter(
            Q(feedback__isnull=True)
            | Q(feedback__emailed_at__isnull=True, feedback__declined=False)
        )
    )


def feedback_enqueue_due() -> int:
    published = Hearing.objects.filter(outcome__report_published_at__isnull=False)
    hearing_ids = set(_feedback_due(published).values_list("hearing_id", flat=True).distinct())
    return sum(
        feedback_enqueue(hearing=hearing)
        for hearing in Hearing.objects.filter(pk__in=hearing_ids).select_related("version")
    )


@transaction.atomic
def feedback_enqueue(*, hearing: Hearing) -> int:
    """One e-mail per respondent with an address who did not decline, in the language they used
    the form in. Idempotent: the outbox's unique key and `emailed_at` make a rerun queue
    nothing. The rows are written in one batch and the relay is nudged once after the commit
    (not one task per e-mail)."""
    due = _feedback_due(Hearing.objects.filter(pk=hearing.pk))
    without = due.filter(feedback__isnull=True).values_list("pk", flat=True)
    ResponseFeedback.objects.bulk_create(
        [ResponseFeedback(response_id=pk) for pk in without], ignore_conflicts=True
    )
    related_type = ContentType.objects.get_for_model(HearingResponse)
    shapes: dict = {}
    emails, queued = [], []
    # Plain rows, not model instances: at 10,000 respondents building the responses and their
    # feedback as objects cost more CPU than everything else here.
    rows = due.order_by("pk").values_list(
        "pk", "language", "name", "email", "reference", "feedback__pk", "feedback__token"
    )
    for pk, language, name, address, reference, feedback_pk, token in rows:
        shape = (language or settings.LANGUAGE_CODE, bool(name))
        if shape not in shapes:
            shapes[shape] = _feedback_shape(hearing, *shape)
        subject, body_text, body_html = _feedback_fill(shapes[shape], name, reference, token)
        email = OutboundEmail(
            to_address=address,
            from_address=settings.DEFAULT_FROM_EMAIL,
            subject=subject[:255],
            body_text=body_text,
            body_html=body_html,
            notification="hearing_feedback",
            message_id=OutboundEmail.new_message_id(),
            idempotency_key=f"hearing-feedback:{reference}",
            related_type=related_type,
            related_id=str(pk),
        )
        try:
            validate_email(address)
        except ValidationError:
            email.status = OutboundEmail.Status.FAILED
            email.last_error = "No valid e-mail address."
        emails.append(email)
        queued.append(feedback_pk)
    OutboundEmail.objects.bulk_create(emails, batch_size=1000, ignore_conflicts=True)
    ResponseFeedback.objects.filter(pk__in=queued).update(emailed_at=timezone.now())
    if emails:
        transaction.on_commit(outbox.relay_nudge)
    return len(queued)


#: Stand-ins rendered once per language and shape, then replaced per respondent: rendering
#: three templates for each of 10,000 respondents took 10 s of CPU. Plain ASCII, so neither
#: HTML escaping nor URL quoting changes them.
_MARKERS = {"name": "QQFEEDBACKNAMEQQ", "reference": "QQFEEDBACKREFQQ", "token": "QQFEEDBACKTOKQQ"}


def _feedback_shape(hearing: Hearing, language: str, named: bool) -> RenderedEmail:
    stand_in = SimpleNamespace(
        name=_MARKERS["name"] if named else "", reference=_MARKERS["reference"]
    )
    return notification_render(
        notification="hearing_feedback",
        context={"response": stand_in, "hearing": hearing, "token": _MARKERS["token"]},
        language=language,
    )


def _feedback_fill(
    rendered: RenderedEmail, name: str, reference: str, token: str
) -> tuple[str, str, str]:
    def fill(text: str, escape: Callable[[str], str]) -> str:
        return (
            text.replace(_MARKERS["name"], escape(name))
            .replace(_MARKERS["reference"], escape(reference))
            .replace(_MARKERS["token"], token)
        )

    def plain(value: str) -> str:
        return value

    return (
        fill(rendered.subject, plain),
        fill(rendered.body_text, plain),
        fill(rendered.body_html, html.escape),
    )


def feedback_for(hearing: Hearing, response: HearingResponse) -> ResponseFeedback:
    feedback, _created = ResponseFeedback.objects.get_or_create(response=response)
    return feedback
