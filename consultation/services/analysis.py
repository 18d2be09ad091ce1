"""The offline first reading of a hearing: run it, keep it up to date, and let staff decide.

`hearing_analysis_request` writes a queued row and queues the task by name after commit;
`hearing_analysis_run` claims the row with a conditional UPDATE (so a nudge and the periodic
scan can race harmlessly), feeds `consultation.analysis.engine` from the database and stores
its suggestions. Only the language is worked out per response, and it is kept while a text is
unchanged; the rest spans responses and is recomputed in one pass. Nothing is sent anywhere.

Points (issue 19) get suggested sections in the same pass, from their own text (a passage, an
event's input note, a review comment) or their response's. A point made after a run, and
staff's word given after a run started, are taken up by the next run, which the periodic scan
queues within minutes; nothing is computed when a point is made (fitting the measures takes
the whole hearing). A run never writes a point's section: staff accept or correct it with
`point_section_decide`.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from celery import current_app
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from medborger.history import record_history
from policy.models import Section

from ..analysis import engine
from ..models import (
    Hearing,
    HearingAnalysis,
    HearingResponse,
    Point,
    PointAnalysis,
    PointChange,
    ResponseAnalysis,
    SectionFeedback,
    Theme,
)

if TYPE_CHECKING:
    from medborger.models import User

log = logging.getLogger(__name__)

TASK_NAME = "consultation.hearing_analyse"
#: A run that has not finished after this long is taken to have died with its worker.
STALE_AFTER = datetime.timedelta(minutes=30)
BATCH = 1000


def hearing_analysis_request(*, hearing: Hearing, user: User | None = None) -> HearingAnalysis:
    """Queue a run unless one is waiting or running; the worker is nudged after commit."""
    with transaction.atomic():
        analysis, created = HearingAnalysis.objects.select_for_update().get_or_create(
            hearing=hearing, defaults={"requested_by": user}
        )
        if not created and analysis.in_progress and not _stale(analysis):
            return analysis
        if not created:
            analysis.status = HearingAnalysis.Status.QUEUED
            analysis.progress = 0
            analysis.requested_at = timezone.now()
            analysis.requested_by = user
            analysis.error = ""
            analysis.save(
                update_fields=["status", "progress", "requested_at", "requested_by", "error"]
            )
        transaction.on_commit(lambda: current_app.send_task(TASK_NAME, args=[analysis.pk]))
    return analysis


def _stale(analysis: HearingAnalysis) -> bool:
    started = analysis.started_at or analysis.requested_at
    return analysis.status == HearingAnalysis.Status.RUNNING and (
        timezone.now() - started > STALE_AFTER
    )


def hearing_analysis_scan() -> int:
    """Periodic: queue a run for every analysed hearing with new or changed responses, new
    points, or staff's word on a section given since its last run started."""
    changed = (
        HearingResponse.objects.visible()
        .filter(hearing__analysis__isnull=False)
        .filter(Q(analysis__isnull=True) | ~Q(analysis__text_hash=F("normalised_hash")))
        .exclude(hearing__analysis__status__in=[HearingAnalysis.Status.QUEUED])
        .values_list("hearing_id", flat=True)
        .distinct()
    )
    new_points = (
        Point.objects.filter(hearing__analysis__isnull=False, analysis__isnull=True)
        .exclude(hearing__analysis__status__in=[HearingAnalysis.Status.QUEUED])
        .values_list("hearing_id", flat=True)
        .distinct()
    )
    done = HearingAnalysis.objects.filter(status=HearingAnalysis.Status.DONE)
    taught = [
        hearing_id
        for field in ("response", "point")
        for hearing_id in SectionFeedback.objects.filter(
            **{
                f"{field}__hearing__analysis__in": done,
                "decided_at__gt": F(f"{field}__hearing__analysis__started_at"),
            }
        )
        .values_list(f"{field}__hearing_id", flat=True)
        .distinct()
    ]
    hearings = Hearing.objects.filter(pk__in={*changed, *new_points, *taught})
    count = 0
    for hearing in hearings:
        hearing_analysis_request(hearing=hearing)
        count += 1
    return count


def hearing_analysis_run(*, analysis_id: int) -> bool:
    """Run one queued analysis; harmless if it is done, running elsewhere, or gone."""
    now = timezone.now()
    claimed = HearingAnalysis.objects.filter(
        Q(status=HearingAnalysis.Status.QUEUED)
        | Q(status=HearingAnalysis.Status.RUNNING, started_at__lt=now - STALE_AFTER),
        pk=analysis_id,
    ).update(status=HearingAnalysis.Status.RUNNING, started_at=now, progress=0)
    if not claimed:
        return False
    analysis = HearingAnalysis.objects.select_related("hearing__version").get(pk=analysis_id)
    try:
        _run(analysis)
    except Exception as error:
        log.exception("Analysis of hearing %s failed", analysis.hearing_id)
        HearingAnalysis.objects.filter(pk=analysis_id).update(
            status=HearingAnalysis.Status.FAILED,
            error=str(error)[:2000],
            finished_at=timezone.now(),
        )
        return False
    return True


def _progress(analysis_id: int, share: float) -> None:
    HearingAnalysis.objects.filter(pk=analysis_id).update(progress=min(99, int(share * 100)))


def _run(analysis: HearingAnalysis) -> None:
    hearing = analysis.hearing
    sections = list(hearing.version.sections.order_by("position"))
    rows = list(
        HearingResponse.objects.visible()
        .filter(hearing=hearing)
        .order_by("submitted_at", "pk")
        .values_list(
            "pk", "reference", "subject", "text", "normalised_hash",
            "analysis__text_hash", "analysis__language",
        )
    )  # fmt: skip
    inputs = [
        engine.ResponseText(
            id=reference,
            text=text,
            subject=subject,
            language=language if stored_hash == text_hash and language is not None else None,
        )
        for _pk, reference, subject, text, text_hash, stored_hash, language in rows
    ]
    result = engine.analyse(
        sections=[
            engine.SectionText(key=str(s.key), number=s.position, heading=s.heading, text=s.body)
            for s in sections
        ],
        responses=inputs,
        feedback=_feedback(hearing),
        points=_points(hearing),
        progress=lambda share: _progress(analysis.pk, 0.95 * share),
    )
    pk_of = {reference: (pk, text_hash) for pk, reference, _s, _t, text_hash, _h, _l in rows}
    _store(analysis, result, pk_of)


def point_id(pk: int) -> str:
    """A point's id in the engine, apart from the responses' references."""
    return f"point-{pk}"


def _points(hearing: Hearing) -> list[engine.PointText]:
    """Every point of the hearing with the text it is measured by: its own, else its
    response's."""
    rows = (
        Point.objects.filter(hearing=hearing)
        .order_by("pk")
        .values_list("pk", "text", "response__subject", "response__text")
    )
    return [
        engine.PointText(
            id=point_id(pk), text=text if text.strip() else f"{subject or ''}\n{response or ''}"
        )
        for pk, text, subject, response in rows
    ]


def _feedback(hearing: Hearing) -> list[engine.Feedback]:
    """Staff's word on sections: what they said of a suggestion, and the sections they set."""
    decided = {
        (reference, str(key)): accepted
        for reference, key, accepted in SectionFeedback.objects.filter(
            response__hearing=hearing
        ).values_list("response__reference", "section_key", "accepted")
    }
    chosen = HearingResponse.sections.through.objects.filter(
        hearingresponse__hearing=hearing
    ).values_list("hearingresponse__reference", "section__key")
    for reference, key in chosen:
        decided.setdefault((reference, str(key)), True)
    on_points = SectionFeedback.objects.filter(point__hearing=hearing).values_list(
        "point_id", "section_key", "accepted"
    )
    for pk, key, accepted in on_points:
        decided[(point_id(pk), str(key))] = accepted
    return [engine.Feedback(r, k, accepted) for (r, k), accepted in decided.items()]


def _store(analysis: HearingAnalysis, result: engine.Analysis, pk_of: dict) -> None:
    now = timezone.now()
    existing = dict(
        ResponseAnalysis.objects.filter(response__hearing=analysis.hearing).values_list(
            "response_id", "pk"
        )
    )
    create: list[ResponseAnalysis] = []
    update: list[ResponseAnalysis] = []
    for r in result.responses:
        response_pk, text_hash = pk_of[r.id]
        row = ResponseAnalysis(
            pk=existing.get(response_pk),
            response_id=response_pk,
            text_hash=text_hash,
            language=r.language,
            sections=[
                {"key": s.key, "confidence": s.confidence, "reason": s.reason} for s in r.sections
            ],
            campaign=r.campaign,
            campaign_kind=r.campaign_kind,
            theme=r.theme,
            unusual=r.unusual,
            off_topic=r.off_topic,
            evidence_rich=r.evidence_rich,
            analysed_at=now,
        )
        (update if row.pk else create).append(row)
    fields = [
        "text_hash", "language", "sections", "campaign", "campaign_kind", "theme", "unusual",
        "off_topic", "evidence_rich", "analysed_at",
    ]  # fmt: skip
    point_rows = _point_rows(analysis, result, now)
    with transaction.atomic():
        ResponseAnalysis.objects.bulk_create(create, batch_size=BATCH)
        ResponseAnalysis.objects.bulk_update(update, fields, batch_size=BATCH)
        # A point split or deleted since the run started is gone: its row is not written.
        alive = set(
            Point.objects.filter(pk__in=[row.point_id for row in point_rows]).values_list(
                "pk", flat=True
            )
        )
        point_rows = [row for row in point_rows if row.point_id in alive]
        PointAnalysis.objects.bulk_create(
            [row for row in point_rows if row.pk is None], batch_size=BATCH
        )
        PointAnalysis.objects.bulk_update(
            [row for row in point_rows if row.pk is not None],
            ["sections", "analysed_at"],
            batch_size=BATCH,
        )
        HearingAnalysis.objects.filter(pk=analysis.pk).update(
            status=HearingAnalysis.Status.DONE,
            progress=100,
            finished_at=now,
            responses_analysed=len(result.responses),
            themes=[
                {
                    "id": t.id,
                    "words": t.words,
                    "references": t.response_ids,
                    "typical": [
                        {"reference": q.response_id, "sentence": q.sentence} for q in t.typical
                    ],
                }
                for t in result.themes
            ],
            section_summaries={
                key: [{"reference": q.response_id, "sentence": q.sentence} for q in quotes]
                for key, quotes in result.section_summaries.items()
            },
            error="",
        )


def _point_rows(
    analysis: HearingAnalysis, result: engine.Analysis, now: datetime.datetime
) -> list[PointAnalysis]:
    existing = dict(
        PointAnalysis.objects.filter(point__hearing=analysis.hearing).values_list("point_id", "pk")
    )
    rows = []
    for p in result.points:
        pk = int(p.id.removeprefix("point-"))
        rows.append(
            PointAnalysis(
                pk=existing.get(pk),
                point_id=pk,
                sections=[
                    {"key": s.key, "confidence": s.confidence, "reason": s.reason}
                    for s in p.sections
                ],
                analysed_at=now,
            )
        )
    return rows


# --- Staff decide -------------------------------------------------------------------------------


@transaction.atomic
def section_suggestion_decide(
    *, response: HearingResponse, section: Section, accepted: bool, user: User
) -> SectionFeedback:
    """Accept a section for a response (it becomes one of the response's sections) or reject
    the suggestion (it is not suggested again). Either way the next run learns from it."""
    if section.version_id != response.hearing.version_id:
        raise ValueError("The section is not part of the version in hearing.")
    feedback, _created = SectionFeedback.objects.update_or_create(
        response=response,
        section_key=section.key,
        defaults={"accepted": accepted, "decided_by": user, "decided_at": timezone.now()},
    )
    chosen = response.sections.filter(pk=section.pk).exists()
    if accepted != chosen:
        record_history(
            response,
            user=user,
            reason=_("Section accepted from the analysis")
            if accepted
            else _("Section removed after the analysis"),
        )
        response.save()
        (response.sections.add if accepted else response.sections.remove)(section)
    return feedback


@transaction.atomic
def suggested_theme_adopt(
    *,
    hearing: Hearing,
    references: Iterable[str],
    name: str = "",
    theme: Theme | None = None,
    user: User,
) -> Theme:
    """Tag responses with a staff theme: a new one by `name`, or an existing one (a merge).

    Adopting only some of a suggested theme's responses splits it. Copies in the same campaign
    as an adopted response are tagged too, since they say the same.
    """
    if theme is None:
        name = " ".join((name or "").split())[:120]
        if not name:
            raise ValueError("A theme needs a name.")
        theme, _created = Theme.objects.get_or_create(hearing=hearing, name=name)
    elif theme.hearing_id != hearing.pk:
        raise ValueError("The theme belongs to another hearing.")
    chosen = HearingResponse.objects.filter(hearing=hearing, reference__in=list(references))
    campaigns = set(
        ResponseAnalysis.objects.filter(response__in=chosen, campaign__isnull=False).values_list(
            "campaign", flat=True
        )
    )
    responses = HearingResponse.objects.filter(hearing=hearing).filter(
        Q(pk__in=chosen.values("pk")) | Q(analysis__campaign__in=campaigns)
    )
    through = HearingResponse.themes.through
    already = set(
        through.objects.filter(theme=theme, hearingresponse__in=responses).values_list(
            "hearingresponse_id", flat=True
        )
    )
    through.objects.bulk_create(
        [
            through(hearingresponse_id=pk, theme_id=theme.pk)
            for pk in responses.values_list("pk", flat=True)
            if pk not in already
        ],
        batch_size=BATCH,
    )
    return theme


@transaction.atomic
def point_section_decide(*, point: Point, section: Section | None, user: User) -> Point:
    """Set a point's section: accept the suggested one, or correct it to another section or to
    the document as a whole (`section=None`).

    Staff's word is kept as `SectionFeedback` on the point: the chosen section accepted, every
    other section suggested for it or accepted before rejected (a point is about one section).
    The stored suggestion shows the decision at once; the next run learns from it (the chosen
    point's text joins the section's profile) and never changes the point's section. Refused
    for a section outside the version in hearing and for a point linked to a change.
    """
    current = Point.objects.select_for_update().select_related("hearing").get(pk=point.pk)
    if section is not None and section.version_id != current.hearing.version_id:
        raise ValidationError(
            _("Choose a section of the version in hearing."), code="section"
        )  # fmt: skip
    if PointChange.objects.filter(point=current).exists():
        raise ValidationError(
            _("The point is linked to a change in the text; its section cannot change."),
            code="linked",
        )
    key = section.key if section is not None else None
    stored = PointAnalysis.objects.select_for_update().filter(point=current).first()
    suggested = [item["key"] for item in (stored.sections if stored else [])]
    if current.section_key != key:
        best = suggested[0] if suggested else None
        current.section_key = key
        current.section_heading = section.heading if section is not None else ""
        current.lock_version += 1
        record_history(
            current,
            user=user,
            reason=_("Section accepted from the analysis")
            if key is not None and best == str(key)
            else _("Section corrected after the analysis"),
        )
        current.save(update_fields=["section_key", "section_heading", "lock_version"])
    now = timezone.now()
    earlier = set(
        SectionFeedback.objects.filter(point=current, accepted=True).values_list(
            "section_key", flat=True
        )
    )
    rejected = ({uuid.UUID(k) for k in suggested} | earlier) - {key}
    for section_key, accepted in [*((k, False) for k in rejected), *([(key, True)] if key else [])]:
        SectionFeedback.objects.update_or_create(
            point=current,
            section_key=section_key,
            defaults={"accepted": accepted, "decided_by": user, "decided_at": now},
        )
    if stored is not None:
        stored.sections = (
            [{"key": str(key), "confidence": 1.0, "reason": "staff"}] if key else []
        ) + [item for item in stored.sections if uuid.UUID(item["key"]) not in rejected | {key}]
        stored.save(update_fields=["sections"])
    return current
