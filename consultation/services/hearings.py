"""Write operations on hearings and their responses. Views, forms, tasks and the demo call these."""

import datetime
import secrets
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.expressions import CombinedExpression
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from medborger.dates import DatePrecision
from medborger.history import record_history, save_with_history
from medborger.html import sanitize_html
from medborger.outbox import notification_enqueue
from medborger.public_forms import PublicFormPolicy, mail_allowed, single_line
from medborger.texts import translations_set
from medborger.uploads import clean_filename, generated_name, validate_upload
from policy.models import Document, DocumentVersion, Milestone
from policy.services import TransitionNotAllowed, document_transition

from .. import textmatch
from ..models import (
    Hearing,
    HearingResponse,
    ReferenceCounter,
    ResponseAttachment,
    ResponseSimilarityBand,
    Theme,
)
from ..models.hearings import default_report_promised_on, default_retention_until
from .feedback import response_feedback_register

if TYPE_CHECKING:
    from medborger.models import User

REFERENCE_PREFIX = "HS"
MAX_ATTACHMENTS = 3
ATTACHMENT_FOLDER = "hearing-responses"

#: The public response form's rules (rate limit, proof of work, honeypot, timing). Its stamp
#: is the form's one-time token (`form_token`), which also names the stored response.
RESPONSE_FORM = PublicFormPolicy(
    name="hearing-response",
    limit_setting="HEARING_RATE_LIMIT_PER_HOUR",
    window_setting="HEARING_RATE_WINDOW_MINUTES",
    min_fill_setting="HEARING_MIN_FILL_SECONDS",
    stamp_salt="consultation.response-form",
    unconfirmed_notifications=("hearing_response_receipt",),
    stamp_field="form_token",
    stamp_names_submission=True,
)


# --- Hearings -------------------------------------------------------------------------------


def _send_to_hearing(
    *, document: Document, version: DocumentVersion | None, user: "User"
) -> Document:
    """Lock the document and put its approved version in hearing through the policy workflow,
    which freezes it. Refusals are ValidationErrors on the form's "document" field."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.status == Document.Status.IN_HEARING:
        raise ValidationError(
            {
                "document": _(
                    "The document is already in hearing with version %(number)s; it cannot "
                    "get a second hearing."
                )
                % {"number": locked.hearing_version.number}
            }
        )
    if locked.status != Document.Status.APPROVED_FOR_HEARING or not locked.approved_version_id:
        raise ValidationError(
            {
                "document": _(
                    "The document has the status “%(status)s”. Only a document the steering "
                    "group has approved for hearing can go to hearing."
                )
                % {"status": locked.get_status_display()}
            }
        )
    if version is not None and version.pk != locked.approved_version_id:
        raise ValidationError(
            {
                "document": _(
                    "Only the version the steering group approved (version %(number)s) can go "
                    "to hearing."
                )
                % {"number": locked.approved_version.number}
            }
        )
    try:
        document_transition(
            document=locked,
            to_status=Document.Status.IN_HEARING,
            user=user,
            note=_("Public hearing created"),
            _via_hearing=True,
        )
    except TransitionNotAllowed as refusal:
        raise ValidationError({"document": str(refusal)}) from refusal
    return locked


def _hearing_milestone(document: Document) -> Milestone | None:
    """The public-hearing milestone of the revision the document belongs to that no other
    hearing has taken yet."""
    return (
        Milestone.objects.filter(
            kind=Milestone.Kind.PUBLIC_HEARING,
            revision__policy_document=document,
        )
        .exclude(status=Milestone.Status.CANCELLED)
        .filter(hearings__isnull=True)
        .in_order()
        .first()
    )


#: The hearing milestone's status for each state of its hearing.
MILESTONE_STATUS = {
    Hearing.State.UPCOMING: Milestone.Status.PLANNED,
    Hearing.State.OPEN: Milestone.Status.IN_PROGRESS,
    Hearing.State.CLOSED: Milestone.Status.DONE,
    Hearing.State.CONCLUDED: Milestone.Status.DONE,
}


def hearing_milestone_sync(
    *, hearing: Hearing, user: "User | None" = None, now: datetime.datetime | None = None
) -> Milestone | None:
    """Give the hearing's milestone the hearing's dates and state; nobody types them twice.

    Idempotent: a milestone that already agrees is not saved (so a periodic scan can call it
    for every hearing)."""
    if hearing.milestone_id is None:
        return None
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().get(pk=hearing.milestone_id)
        state = hearing.state(now)
        state = Hearing.State(state)
        status = MILESTONE_STATUS[state]
        notes = {
            Hearing.State.UPCOMING: _("The hearing opens on %(date)s."),
            Hearing.State.OPEN: _("The hearing is open until %(date)s."),
            Hearing.State.CLOSED: _("The hearing has closed; the report is promised by %(date)s."),
            Hearing.State.CONCLUDED: _("The hearing report is published."),
        }
        when = {
            Hearing.State.UPCOMING: formats.date_format(timezone.localtime(hearing.opens_at)),
            Hearing.State.OPEN: formats.date_format(timezone.localtime(hearing.closes_at)),
            Hearing.State.CLOSED: formats.date_format(hearing.report_due_on)
            if hearing.report_due_on
            else "",
            Hearing.State.CONCLUDED: "",
        }
        wanted = {
            "date_precision": DatePrecision.DAY,
            "starts_on": timezone.localdate(hearing.opens_at),
            "ends_on": timezone.localdate(hearing.closes_at),
            "status": status,
            "note": notes[state] % {"date": when[state]},
        }
        if all(getattr(milestone, name) == value for name, value in wanted.items()):
            return milestone
        for name, value in wanted.items():
            setattr(milestone, name, value)
        record_history(
            milestone,
            user=user,
            reason=_("From the hearing: %(state)s") % {"state": hearing.state_display(now)},
        )
        # The hearing's dates are facts; they are stored even where the planned order of the
        # timeline disagrees (the timeline then shows the disagreement).
        milestone.save()
    return milestone


def hearing_create(
    *,
    user: "User",
    title: str,
    slug: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    privacy_notice: str,
    document: Document | None = None,
    version: DocumentVersion | None = None,
    introduction: str = "",
    contact: str = "",
    retention_until: datetime.date | None = None,
    report_promised_on: datetime.date | None = None,
) -> Hearing:
    """Send a document to hearing, in one transaction: create the hearing of the version the
    steering group approved, freeze that version, move the document to "in hearing" and give
    the revision's hearing milestone the hearing's dates.

    `version`, if given, must be the approved version. Refusals are ValidationErrors (on the
    "document" field where they concern the document); nothing is changed then."""
    if document is None:
        if version is None:
            raise ValidationError({"document": _("Choose the document to send to hearing.")})
        document = version.document
    hearing = Hearing(
        title=title.strip(),
        slug=slug,
        opens_at=opens_at,
        closes_at=closes_at,
        introduction=sanitize_html(introduction),
        contact=contact.strip(),
        privacy_notice=sanitize_html(privacy_notice),
        retention_until=retention_until or default_retention_until(closes_at),
        report_promised_on=report_promised_on or default_report_promised_on(closes_at),
        created_by=user,
    )
    hearing.full_clean(exclude=["version", "milestone"])
    with transaction.atomic():
        locked = _send_to_hearing(document=document, version=version, user=user)
        assert locked.hearing_version_id is not None  # frozen by _send_to_hearing
        hearing.version_id = locked.hearing_version_id
        hearing.milestone = _hearing_milestone(locked)
        record_history(hearing, user=user, reason=_("Hearing created"))
        hearing.save()
        hearing_milestone_sync(hearing=hearing, user=user)
    document.status, document.hearing_version_id = locked.status, locked.hearing_version_id
    return hearing


HEARING_EDITABLE_FIELDS = (
    "title",
    "opens_at",
    "closes_at",
    "introduction",
    "contact",
    "privacy_notice",
    "plain_summary",
    "retention_until",
    "journal_number",
    "kle_number",
    "report_promised_on",
)


def hearing_update(*, hearing: Hearing, user: "User", **changes: Any) -> Hearing:
    """Change a hearing's texts, window or retention date; its version never changes."""
    unknown = set(changes) - set(HEARING_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name in ("introduction", "privacy_notice", "plain_summary"):
        if name in changes:
            changes[name] = sanitize_html(changes[name])
    with transaction.atomic():
        locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if locked.report_published_at is not None and (
            changes.get("opens_at", locked.opens_at) != locked.opens_at
            or changes.get("closes_at", locked.closes_at) != locked.closes_at
        ):
            raise ValidationError(
                {"closes_at": _("The hearing report is published; its window cannot change.")}
            )
        for name, value in changes.items():
            setattr(locked, name, value)
        promised = locked.report_promised_on
        if promised and promised < timezone.localdate(locked.closes_at):
            # The deadline moved past the promised date: promise the usual time after it.
            locked.report_promised_on = default_report_promised_on(locked.closes_at)
        locked.full_clean(exclude=["version", "slug", "milestone"])
        record_history(locked, user=user, reason=_("Hearing changed"))
        locked.save()
        hearing_milestone_sync(hearing=locked, user=user)
    for name in (*HEARING_EDITABLE_FIELDS, "report_published_at"):
        setattr(hearing, name, getattr(locked, name))
    return locked


def hearing_report_publish(
    *, hearing: Hearing, user: "User", now: datetime.datetime | None = None
) -> Hearing:
    """The hearing report is published: the hearing is concluded, and its milestone too.

    Refused before the deadline; publishing twice keeps the first time. (The høringsnotat's
    own publication calls this, so the hearing's state follows it.)"""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if not locked.has_closed(now):
            raise ValidationError(
                _("The hearing is still open; its report is published after the deadline.")
            )
        if locked.report_published_at is None:
            locked.report_published_at = now
            record_history(locked, user=user, reason=_("Hearing report published"))
            locked.save(update_fields=["report_published_at"])
            hearing_milestone_sync(hearing=locked, user=user, now=now)
    hearing.report_published_at = locked.report_published_at
    return locked


def hearing_milestones_sync_all(*, now: datetime.datetime | None = None) -> int:
    """Bring every linked milestone in line with its hearing's state as time passes (a hearing
    opens and closes by the clock); returns how many milestones changed."""
    changed = 0
    for hearing in Hearing.objects.filter(milestone__isnull=False).select_related("milestone"):
        before = hearing.milestone.status, hearing.milestone.note
        milestone = hearing_milestone_sync(hearing=hearing, now=now)
        if milestone is not None and (milestone.status, milestone.note) != before:
            changed += 1
    return changed


def hearing_translation_save(
    *, hearing: Hearing, language: str, texts: dict, user: "User"
) -> Hearing:
    """Give the hearing's introduction, privacy text and plain summary in one more language.

    Empty texts remove that language; the HTML is sanitised (medborger.texts).
    """
    translations_set(hearing, language=language, texts=texts)
    record_history(hearing, user=user, reason=_("Texts in another language changed"))
    hearing.save(update_fields=["translations"])
    return hearing


def theme_create(*, hearing: Hearing, name: str, user: "User") -> Theme:
    theme, created = Theme.objects.get_or_create(hearing=hearing, name=name.strip()[:120])
    return theme


# --- Submitting a response ------------------------------------------------------------------


class DuplicateSubmission(Exception):
    """The form with this token was submitted before; `response` is what it stored."""

    def __init__(self, response: HearingResponse):
        super().__init__(response.reference)
        self.response = response


class HearingClosed(Exception):
    """A public response arrived outside the hearing's opening window."""


def new_form_nonce() -> str:
    return secrets.token_urlsafe(24)


def reference_allocate(*, year: int, prefix: str = REFERENCE_PREFIX) -> str:
    """The next reference of the year, e.g. HS-2026-0042. Call inside a transaction.

    The counter row stays locked by the UPDATE until the caller's transaction ends, so
    concurrent submissions take numbers one after another; a number used by a committed
    response is never handed out again, because the counter only ever grows.
    """
    number = _counter_increment(prefix=prefix, year=year)
    if number is None:
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(prefix=prefix, year=year, last_number=0)
        except IntegrityError:
            pass  # another transaction created it first
        number = _counter_increment(prefix=prefix, year=year)
    return f"{prefix}-{year}-{number:04d}"


def _counter_increment(*, prefix: str, year: int) -> int | None:
    """The year's counter plus one, in one statement (UPDATE … RETURNING); None if no row."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 "
            "WHERE prefix = %s AND year = %s RETURNING last_number",
            [prefix, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _store_files(files: Sequence) -> list[tuple[str, str, str, int]]:
    """Validate and store uploads under generated names; (name, kind, original, size) each."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("You can attach at most %(max)s files.") % {"max": MAX_ATTACHMENTS},
            code="too_many",
        )
    stored = []
    try:
        for upload in files:
            kind = validate_upload(upload)
            name = default_storage.save(generated_name(ATTACHMENT_FOLDER, kind), upload)
            stored.append((name, kind, clean_filename(upload.name), upload.size))
    except Exception:
        _delete_files(name for name, *_rest in stored)
        raise
    return stored


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def _copy_original(
    *, hearing: Hearing, text: str, shingle_set: set[int], digest: str
) -> int | None:
    """The first non-spam response of the hearing whose text this one nearly repeats.

    One statement: the first response with the same normalised text, and the responses that
    share the most similarity bands with this one (with their texts, to compare)."""
    visible = HearingResponse.objects.visible().filter(hearing=hearing)
    first_exact = visible.filter(normalised_hash=digest).order_by("pk").values("pk")[:1]
    candidates = (
        ResponseSimilarityBand.objects.filter(
            hearing=hearing, value__in=textmatch.sketch(shingle_set)
        )
        .values("response_id")
        .annotate(shared=Count("id"))
        .filter(shared__gte=min(textmatch.MIN_SHARED, len(shingle_set)))
        .order_by("-shared", "response_id")
        .values_list("response_id", flat=True)[:20]
    )
    # On PostgreSQL `pk IN (exact UNION candidates)`, not two INs joined by OR: the responses
    # are then fetched by key, not by reading every response of the hearing against two
    # hashed lists. (SQLite allows no LIMIT inside a UNION's parts.)
    if connection.features.supports_slicing_ordering_in_compound:
        wanted = Q(pk__in=first_exact.union(candidates))
    else:
        wanted = Q(pk__in=first_exact) | Q(pk__in=candidates)
    rows = list(
        visible.filter(wanted).values_list(
            "pk", "copy_of_id", "normalised_hash", "text", "submitted_at"
        )
    )
    # The first exact copy has the lowest key of all the exact copies.
    exact = sorted((row[0], row[1]) for row in rows if row[2] == digest)
    match = exact[0] if exact else None
    if match is None:
        best = 0.0
        # Newest first, as the responses' default order (the first of equal scores wins).
        rows.sort(key=lambda row: (row[4], row[0]), reverse=True)
        for pk, copy_of_id, _hash, other, _submitted in rows:
            score = textmatch.similarity(shingle_set, textmatch.shingles(other))
            if score >= textmatch.SIMILARITY_THRESHOLD and score > best:
                best, match = score, (pk, copy_of_id)
    if match is None:
        return None
    pk, copy_of_id = match
    return copy_of_id or pk


def _search_vector(response: HearingResponse | None = None) -> CombinedExpression:
    """The response's text-search vector from its columns, or (for its INSERT) from the
    values of `response`: the same expression either way."""

    def source(name: str) -> Any:
        return name if response is None else Value(getattr(response, name))

    return (
        SearchVector(source("subject"), weight="A", config="danish")
        + SearchVector(source("text"), weight="B", config="danish")
        + SearchVector(source("organisation_name"), source("name"), weight="C", config="danish")
    )


def refresh_search_vectors(queryset: QuerySet[HearingResponse]) -> None:
    """Store PostgreSQL's Danish text-search vector; SQLite searches the columns instead."""
    if connection.vendor == "postgresql":
        queryset.update(search_vector=_search_vector())


def _clean_data(hearing: Hearing, data: dict) -> dict:
    represents = data.get("represents") or HearingResponse.Represents.PRIVATE
    sections = list(data.get("sections") or [])
    if any(section.version_id != hearing.version_id for section in sections):
        raise ValidationError(_("A chosen section is not part of this hearing."), code="section")

    def text(name: str) -> str:
        return textmatch.strip_control_characters(data.get(name) or "").strip()

    def line(name: str) -> str:
        return single_line(textmatch.strip_control_characters(data.get(name) or ""))

    return {
        "name": line("name"),
        "email": text("email"),
        "address": text("address"),
        "represents": represents,
        "organisation_name": line("organisation_name")
        if represents != HearingResponse.Represents.PRIVATE
        else "",
        "subject": line("subject"),
        "text": text("text"),
        "publication": data.get("publication") or HearingResponse.Publication.WITH_NAME,
        "publication_reason": text("publication_reason"),
        "sections": sections,
    }


def _response_create(
    *,
    hearing: Hearing,
    data: dict,
    files: Sequence,
    form_token: str,
    now: datetime.datetime,
    channel: str,
    status: str,
    flag: str = "",
    fill_seconds: int | None = None,
    consent_at: datetime.datetime | None = None,
    registered_by: "User | None" = None,
    is_late: bool = False,
    receipt: bool,
    language: str | None = None,
) -> HearingResponse:
    fields = _clean_data(hearing, data)
    sections = fields.pop("sections")
    shingle_set = textmatch.shingles(fields["text"])
    digest = textmatch.fingerprint(fields["text"])
    stored = _store_files(files)
    try:
        try:
            with transaction.atomic():
                response = _response_insert(
                    hearing=hearing,
                    fields=fields,
                    sections=sections,
                    stored=stored,
                    shingle_set=shingle_set,
                    digest=digest,
                    receipt=receipt,
                    no_feedback=bool(data.get("no_feedback")),
                    form_token=form_token,
                    submitted_at=now,
                    channel=channel,
                    is_late=is_late,
                    language=language or settings.LANGUAGE_CODE,
                    registered_by=registered_by,
                    consent_at=consent_at,
                    status=status,
                    flag=flag,
                    fill_seconds=fill_seconds,
                )
        except IntegrityError:
            # The form's token is unique in the database: this form was stored before (a
            # second click waits for the first at the counter, then finds its row here).
            existing = HearingResponse.objects.filter(form_token=form_token).first()
            if existing is None:
                raise
            raise DuplicateSubmission(existing) from None
    except BaseException:
        _delete_files(name for name, *_rest in stored)
        raise
    return response


def _response_insert(
    *,
    hearing: Hearing,
    fields: dict,
    sections: list,
    stored: list[tuple[str, str, str, int]],
    shingle_set: set[int],
    digest: str,
    receipt: bool,
    no_feedback: bool,
    **values: Any,
) -> HearingResponse:
    """The statements of one response, inside the caller's transaction: the response first,
    then its history, similarity bands, sections, attachments, feedback choice and receipt."""
    registered_by = values["registered_by"]
    reference = reference_allocate(year=timezone.localdate(values["submitted_at"]).year)
    # From here on this transaction holds the year's counter row: submissions are
    # serialised, so the copy grouping (and the form token's unique constraint) see every
    # earlier one.
    response = HearingResponse(
        hearing=hearing,
        reference=reference,
        sensitive_findings=textmatch.sensitive_findings(fields["subject"], fields["text"]),
        normalised_hash=digest,
        copy_of_id=None
        if values["status"] == HearingResponse.Status.SPAM
        else _copy_original(
            hearing=hearing, text=fields["text"], shingle_set=shingle_set, digest=digest
        ),
        **values,
        **fields,
    )
    full_text = connection.vendor == "postgresql"
    if full_text:
        # PostgreSQL's Danish text-search vector, computed by the INSERT itself.
        response.search_vector = _search_vector(response)
    save_with_history(
        response,
        user=registered_by,
        reason=_("Response received"),
        exclude=["hearing", "copy_of", "registered_by", "search_vector"],
        # The reference and the form token are unique in the database, the check constraints
        # are there too (and `clean` checks the organisation's name in Python).
        constraints_in_database=True,
    )
    if full_text:
        del response.search_vector  # the stored vector, read from the database if asked for
    if sections:
        response.sections.set(sections)
    ResponseSimilarityBand.objects.bulk_create(
        ResponseSimilarityBand(hearing=hearing, response=response, band=i, value=value)
        for i, value in enumerate(textmatch.sketch(shingle_set))
    )
    for name, kind, original, size in stored:
        attachment = ResponseAttachment(
            response=response, file=name, kind=kind, original_name=original, size=size
        )
        record_history(attachment, user=registered_by, reason=_("Response received"))
        attachment.save()
    response_feedback_register(response=response, declined=no_feedback, new_response=True)
    if receipt and response.status not in HELD_STATUSES:
        _receipt_send(response, attachment_count=len(stored))
    return response


#: Responses held for moderation get their receipt only when a moderator releases them.
HELD_STATUSES = (HearingResponse.Status.FLAGGED, HearingResponse.Status.SPAM)


def _receipt_send(response: HearingResponse, *, attachment_count: int | None = None) -> None:
    """The receipt e-mail: the reference, the hearing and the sender's name, nothing else they
    typed (so the form cannot carry someone's text to a stranger). A public-form receipt goes
    out only while the address has not had too many e-mails from the public forms today."""
    if not response.email:
        return
    if response.channel == HearingResponse.Channel.WEB and not mail_allowed(to=response.email):
        return
    if attachment_count is None:
        attachment_count = response.attachments.count()
    notification_enqueue(
        notification="hearing_response_receipt",
        to=response.email,
        language=response.language or None,
        context={
            "response": response,
            "hearing": response.hearing,
            "attachment_count": attachment_count,
        },
        idempotency_key=f"hearing-receipt:{response.reference}",
        related=response,
    )


def response_submit(
    *,
    hearing: Hearing,
    data: dict,
    files: Sequence = (),
    form_token: str | None = None,
    form_issued_at: float | None = None,
    honeypot_filled: bool = False,
    now: datetime.datetime | None = None,
    receipt: bool = True,
) -> HearingResponse:
    """Store a response from the public form, with its receipt e-mail in the same transaction.

    - Outside the hearing's window it raises `HearingClosed` and stores nothing.
    - A form token that already stored a response raises `DuplicateSubmission` (with it).
    - Without a valid token, or filled in faster than `HEARING_MIN_FILL_SECONDS` (the rule of
      `RESPONSE_FORM`), the response is kept but flagged for moderation; with the honeypot
      filled it is kept as spam. Neither gets a receipt until a moderator releases it (such
      addresses are often someone else's).
    - `receipt=False` only for demo data that never had a real sender.
    """
    now = now or timezone.now()
    if not hearing.is_open(now):
        raise HearingClosed(hearing)
    if not data.get("consent"):
        raise ValidationError(_("Consent to the processing of your data is required."))
    fill_seconds, too_fast = RESPONSE_FORM.fill_time(form_issued_at, now)
    status, flag = HearingResponse.Status.NEW, ""
    if honeypot_filled:
        status, flag = HearingResponse.Status.SPAM, HearingResponse.Flag.HONEYPOT
    elif form_token is None or fill_seconds is None:
        status, flag = HearingResponse.Status.FLAGGED, HearingResponse.Flag.NO_TOKEN
    elif too_fast:
        status, flag = HearingResponse.Status.FLAGGED, HearingResponse.Flag.TOO_FAST
    return _response_create(
        hearing=hearing,
        data=data,
        files=files,
        form_token=form_token or new_form_nonce(),
        now=now,
        channel=HearingResponse.Channel.WEB,
        status=status,
        flag=flag,
        fill_seconds=fill_seconds,
        consent_at=now,
        receipt=receipt,
        # The page's language: the receipt and later e-mails speak it.
        language=translation.get_language(),
    )


def response_register(
    *,
    hearing: Hearing,
    data: dict,
    files: Sequence = (),
    user: "User",
    channel: str,
    received_at: datetime.datetime,
    send_receipt: bool = True,
) -> HearingResponse:
    """Staff register a response that came by letter, e-mail or at a meeting, late or not."""
    if channel == HearingResponse.Channel.WEB:
        raise ValidationError(_("Choose how the response was received."), code="channel")
    return _response_create(
        hearing=hearing,
        data=data,
        files=files,
        form_token=new_form_nonce(),
        now=received_at,
        channel=channel,
        status=HearingResponse.Status.NEW,
        registered_by=user,
        is_late=received_at >= hearing.closes_at,
        consent_at=received_at if data.get("consent") else None,
        receipt=send_receipt,
    )


# --- Working on responses -------------------------------------------------------------------


def response_process(
    *,
    response: HearingResponse,
    user: "User",
    status: str,
    themes: Iterable[Theme],
    admin_comment: str,
    leads_to_change: bool,
    change_description: str = "",
) -> HearingResponse:
    """Staff's work on one response: status, themes, comment and whether the text changes."""
    themes = list(themes)
    if any(theme.hearing_id != response.hearing_id for theme in themes):
        raise ValidationError(_("A theme belongs to another hearing."), code="theme")
    released = response.status in HELD_STATUSES and status not in HELD_STATUSES
    response.status = status
    if status != HearingResponse.Status.FLAGGED:
        response.flag = response.flag if status == HearingResponse.Status.SPAM else ""
    response.admin_comment = admin_comment.strip()
    response.leads_to_change = leads_to_change
    response.change_description = change_description.strip() if leads_to_change else ""
    with transaction.atomic():
        record_history(response, user=user, reason=_("Response processed"))
        response.save()
        response.themes.set(themes)
        if released and response.channel == HearingResponse.Channel.WEB:
            # The receipt that was held back with the response goes out now (once).
            _receipt_send(response)
    return response


def response_review(
    *,
    response: HearingResponse,
    user: "User",
    publish: bool,
    public_text: str = "",
    not_cpr_reason: str = "",
    now: datetime.datetime | None = None,
) -> HearingResponse:
    """Staff's review for personal data before publication: approve (maybe redacted) or not.

    What would be published (the redacted text, else the subject and the text as sent) may
    not match a CPR number unless the reviewer writes why the number is not one; the reason
    is stored with the review (and so in the response's history).
    """
    public_text = public_text.strip()
    not_cpr_reason = " ".join(not_cpr_reason.split())[:300]
    if publish and response.publication == HearingResponse.Publication.NOT_PUBLISHED:
        raise ValidationError(
            _("The respondent asked for the response not to be published."), code="choice"
        )
    if publish and public_text:
        findings = textmatch.sensitive_findings(public_text)
        if not_cpr_reason:
            findings = [kind for kind in findings if kind != "cpr"]
        if findings:
            raise ValidationError(
                _(
                    "The text to publish still contains a CPR number, e-mail address or "
                    "phone number."
                ),
                code="sensitive",
            )
    published = public_text or f"{response.subject}\n{response.text}"
    if publish and not not_cpr_reason and textmatch.CPR.search(published):
        raise ValidationError(
            _(
                "The text to publish contains what looks like a CPR number. Remove it in the "
                "text to publish, or write why it is not a CPR number."
            ),
            code="cpr",
        )
    response.review_status = (
        HearingResponse.Review.APPROVED if publish else HearingResponse.Review.WITHHELD
    )
    response.public_text = public_text if publish else ""
    response.reviewed_by = user
    response.reviewed_at = now or timezone.now()
    response.not_cpr_reason = not_cpr_reason if publish else ""
    record_history(response, user=user, reason=_("Reviewed for publication"))
    response.save()
    return response
