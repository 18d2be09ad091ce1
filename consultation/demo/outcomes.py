"""Demo: the closed hearing concluded, so that `make run` shows the whole loop: its responses
turned into points, every point decided, the version that answered them (with a proposed
wording accepted), and the published report with feedback to each respondent (all invented)."""

import contextlib

from django.db import transaction

from policy.models import Document
from policy.services import SectionInput, TransitionNotAllowed, document_transition, version_save

from ..models import Hearing, HearingOutcome, Point, Theme
from ..services.points import (
    consulted_parties_match,
    hearing_feedback_publish,
    point_changes_record,
    point_decide,
    point_wording_accept,
    points_collect,
)

#: Sentences the answering version adds, by the heading of the section they change.
ADDED = {
    "Lokaler og faciliteter": "<p>De lokaler, der bookes mest, får kodelås, så foreninger kan "
    "komme ind uden at hente en nøgle.</p>",
    "Økonomi": "<p>Til beløb under 5.000 kr. er der et kort ansøgningsskema.</p>",
}
WORDING = (
    "<p>Kommunen vil hjælpe foreninger med at finde nye frivillige, også unge og ældre, blandt "
    "andet gennem en fælles frivilligdag hvert år.</p>"
)
THEMES = {
    "Lokaler og faciliteter": "Lokaler",
    "Nye frivillige": "Frivillige",
    "Økonomi": "Økonomi",
}


def seed_outcomes(*, today, users) -> Hearing | None:
    hearing = (
        Hearing.objects.select_related("version__document")
        .filter(slug="strategi-for-foreningsliv")
        .first()
    )
    if (
        hearing is None
        or HearingOutcome.objects.filter(
            hearing=hearing, report_published_at__isnull=False
        ).exists()
    ):
        return hearing
    coordinator = users["koordinator"]
    with transaction.atomic():
        points_collect(hearing=hearing, user=coordinator)
        consulted_parties_match(hearing=hearing)
        _answer(hearing, coordinator)
        hearing_feedback_publish(hearing=hearing, user=coordinator)
        document = Document.objects.get(pk=hearing.version.document_id)
        if document.status == Document.Status.IN_HEARING:
            with contextlib.suppress(TransitionNotAllowed):
                document_transition(
                    document=document,
                    to_status=Document.Status.PROCESSED_AFTER_HEARING,
                    user=coordinator,
                    note="Høringsnotatet er offentliggjort.",
                )
    return hearing


def _answer(hearing: Hearing, coordinator) -> None:
    document = Document.objects.get(pk=hearing.version.document_id)
    current = document.current_version
    sections = list(current.sections.order_by("position"))
    by_heading = {section.heading: section for section in sections}
    points = list(Point.objects.filter(hearing=hearing).select_related("response").order_by("pk"))
    themes = {t.name: t for t in Theme.objects.filter(hearing=hearing)}

    # The version that answers the hearing: two sections get a sentence each.
    version = version_save(
        document=document,
        sections=[
            SectionInput(s.heading, s.body + ADDED.get(s.heading, ""), s.key) for s in sections
        ],
        user=coordinator,
        base_number=current.number,
        label="Efter høringen",
        change_note="Rettet efter høringssvarene om lokaler og økonomi.",
    )
    answered = {by_heading[h].key for h in ADDED}
    first_per_section = {}
    for point in points:
        if point.section_key in answered:
            first_per_section.setdefault(point.section_key, point)
    point_changes_record(
        version=version,
        point_ids=[p.pk for p in first_per_section.values()],
        user=coordinator,
    )
    # One point carries a proposed wording that the coordinator accepts into the draft.
    volunteers = by_heading.get("Nye frivillige")
    proposer = next((p for p in points if volunteers and p.section_key == volunteers.key), None)
    if proposer is not None:
        proposer = point_decide(
            point=proposer,
            user=coordinator,
            lock_version=proposer.lock_version,
            summary="Nævn unge og ældre frivillige i strategien.",
            proposed_wording=WORDING,
        )
        point_wording_accept(point=proposer, user=coordinator)

    linked = {p.pk for p in first_per_section.values()} | ({proposer.pk} if proposer else set())
    for point in Point.objects.filter(hearing=hearing).order_by("pk"):
        heading = point.section_heading
        theme = themes.get(THEMES.get(heading, ""))
        summary = point.summary or _summary(point)
        if point.pk in linked:
            disposition, reason = "met", "Forslaget er god mening og er skrevet ind i strategien."
        elif point.response_id and point.response.copies.exists():
            disposition = "noted"
            reason = "Idrætshuset bevares; det indgår ikke i spareforslagene."
        elif heading == "Økonomi" or heading == "Lokaler og faciliteter":
            disposition = "partly_met"
            reason = "Ændringen i afsnittet dækker en del af ønsket."
            point_changes_record(version=version, point_ids=[point.pk], user=coordinator)
        else:
            disposition = "noted"
            reason = "Synspunktet indgår i det videre arbejde med strategien."
        point_decide(
            point=point,
            user=coordinator,
            lock_version=point.lock_version,
            summary=summary,
            assessment="Administrationen har vurderet ønsket i forhold til strategiens mål.",
            disposition=disposition,
            reason=reason,
            proposed_wording=point.proposed_wording,
            theme=theme,
        )


def _summary(point: Point) -> str:
    if point.response_id:
        return point.response.subject
    return point.text[:200]
