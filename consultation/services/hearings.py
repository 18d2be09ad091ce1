"""Write operations on hearings and their responses. Views, forms, tasks and the demo call these."""

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from medborger.history import record_history
from medborger.html import sanitize_html
from medborger.outbox import notification_enqueue
from medborger.texts import translations_set
from medborger.uploads import clean_filename, generated_name, validate_upload
from policy.models import Document, DocumentVersion
from policy.services import TransitionNotAllowed, document_transition

from .. import textmatch
from ..models import (
    Hearing,
    HearingResponse,
    ReferenceCounter,
    ResponseAttachment,
    ResponseSimilarityBand,
    SubmissionAttempt,
    Theme,
)
from ..models.hearings import default_retention_until

REFERENCE_PREFIX = "HS"
MAX_ATTACHMENTS = 3
ATTACHMENT_FOLDER = "hearing-responses"


# --- Hearings -------------------------------------------------------------------------------


def _send_version_to_hearing(*, version: DocumentVersion, user) -> None:
    """Put the version's document in hearing through the policy workflow, which freezes it.

    Only the document's newest version can go to hearing; a document already in hearing can
    get another hearing on the version that was frozen for it.
    """
    document = Document.objects.select_for_update().get(pk=version.document_id)
    if document.status == Document.Status.IN_HEARING:
        if document.hearing_version_id != version.pk:
            raise ValidationError(
                _("The document is in hearing with version %(number)s; use that version.")
                % {"number": document.hearing_version.number}
            )
        return
    if document.current_version_id != version.pk:
        raise ValidationError(_("Only the newest version of a document can go to hearing."))
    try:
        document_transition(
            document=document,
            to_status=Document.Status.IN_HEARING,
            user=user,
            note=_("Public hearing created"),
        )
    except TransitionNotAllowed as refusal:
        raise ValidationError(str(refusal)) from refusal


def hearing_create(
    *,
    version: DocumentVersion,
    user,
    title: str,
    slug: str,
    opens_at,
    closes_at,
    privacy_notice: str,
    introduction: str = "",
    contact: str = "",
    retention_until=None,
) -> Hearing:
    """Open a hearing of `version`, which is frozen (through the policy workflow) right here."""
    hearing = Hearing(
        version=version,
        title=title.strip(),
        slug=slug,
        opens_at=opens_at,
        closes_at=closes_at,
        introduction=sanitize_html(introduction),
        contact=contact.strip(),
        privacy_notice=sanitize_html(privacy_notice),
        retention_until=retention_until or default_retention_until(closes_at),
        created_by=user,
    )
    hearing.full_clean(exclude=["version"])
    with transaction.atomic():
        _send_version_to_hearing(version=version, user=user)
        record_history(hearing, user=user, reason=_("Hearing created"))
        hearing.save()
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
)


def hearing_update(*, hearing: Hearing, user, **changes) -> Hearing:
    """Change a hearing's texts, window or retention date; its version never changes."""
    unknown = set(changes) - set(HEARING_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name in ("introduction", "privacy_notice", "plain_summary"):
        if name in changes:
            changes[name] = sanitize_html(changes[name])
    for name, value in changes.items():
        setattr(hearing, name, value)
    hearing.full_clean(exclude=["version", "slug"])
    record_history(hearing, user=user, reason=_("Hearing changed"))
    hearing.save()
    return hearing


def hearing_translation_save(*, hearing: Hearing, language: str, texts: dict, user) -> Hearing:
    """Give the hearing's introduction, privacy text and plain summary in one more language.

    Empty texts remove that language; the HTML is sanitised (medborger.texts).
    """
    translations_set(hearing, language=language, texts=texts)
    record_history(hearing, user=user, reason=_("Texts in another language changed"))
    hearing.save(update_fields=["translations"])
    return hearing


def theme_create(*, hearing: Hearing, name: str, user) -> Theme:
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


@dataclass(frozen=True)
class FormTicket:
    """What the one-time form token tells: its nonce and when the form was handed out."""

    nonce: str
    issued_at: float | None


def new_form_nonce() -> str:
    return secrets.token_urlsafe(24)


def address_hash(client_address: str) -> str:
    """A keyed hash of the client's address: enough to count, useless for anything else."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (client_address or "").encode(), hashlib.sha256).hexdigest()


def response_rate_limited(*, client_address: str, now=None) -> bool:
    """Has this address already sent the most responses allowed within the last hour?"""
    now = now or timezone.now()
    recent = SubmissionAttempt.objects.filter(
        address_hash=address_hash(client_address),
        created_at__gt=now - timezone.timedelta(hours=1),
    )
    return recent.count() >= settings.HEARING_RATE_LIMIT_PER_HOUR


def reference_allocate(*, year: int, prefix: str = REFERENCE_PREFIX) -> str:
    """The next reference of the year, e.g. HS-2026-0042. Call inside a transaction.

    The counter row stays locked by the UPDATE until the caller's transaction ends, so
    concurrent submissions take numbers one after another; a number used by a committed
    response is never handed out again, because the counter only ever grows.
    """
    counters = ReferenceCounter.objects.filter(prefix=prefix, year=year)
    if not counters.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(prefix=prefix, year=year, last_number=0)
        except IntegrityError:
            pass  # another transaction created it first
        counters.update(last_number=F("last_number") + 1)
    number = counters.values_list("last_number", flat=True).get()
    return f"{prefix}-{year}-{number:04d}"


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


def _copy_original(*, hearing: Hearing, text: str, shingle_set: set[int], digest: str):
    """The first non-spam response of the hearing whose text this one nearly repeats."""
    visible = HearingResponse.objects.visible().filter(hearing=hearing)
    exact = visible.filter(normalised_hash=digest).order_by("pk").values_list("pk", "copy_of_id")
    match = exact.first()
    if match is None:
        candidates = list(
            ResponseSimilarityBand.objects.filter(
                hearing=hearing, value__in=textmatch.sketch(shingle_set)
            )
            .values("response_id")
            .annotate(shared=Count("id"))
            .filter(shared__gte=min(textmatch.MIN_SHARED, len(shingle_set)))
            .order_by("-shared", "response_id")
            .values_list("response_id", flat=True)[:20]
        )
        best = 0.0
        for pk, copy_of_id, other in visible.filter(pk__in=candidates).values_list(
            "pk", "copy_of_id", "text"
        ):
            score = textmatch.similarity(shingle_set, textmatch.shingles(other))
            if score >= textmatch.SIMILARITY_THRESHOLD and score > best:
                best, match = score, (pk, copy_of_id)
    if match is None:
        return None
    pk, copy_of_id = match
    return copy_of_id or pk


def _search_vector():
    return (
        SearchVector("subject", weight="A", config="danish")
        + SearchVector("text", weight="B", config="danish")
        + SearchVector("organisation_name", "name", weight="C", config="danish")
    )


def refresh_search_vectors(queryset) -> None:
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

    return {
        "name": text("name"),
        "email": text("email"),
        "address": text("address"),
        "represents": represents,
        "organisation_name": text("organisation_name")
        if represents != HearingResponse.Represents.PRIVATE
        else "",
        "subject": text("subject"),
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
    now,
    channel: str,
    status: str,
    flag: str = "",
    fill_seconds: int | None = None,
    consent_at=None,
    registered_by=None,
    is_late: bool = False,
    client_address: str | None = None,
    receipt: bool,
    language: str | None = None,
) -> HearingResponse:
    fields = _clean_data(hearing, data)
    sections = fields.pop("sections")
    shingle_set = textmatch.shingles(fields["text"])
    digest = textmatch.fingerprint(fields["text"])
    stored = _store_files(files)
    try:
        with transaction.atomic():
            reference = reference_allocate(year=timezone.localdate(now).year)
            # From here on this transaction holds the year's counter row: submissions are
            # serialised, so the duplicate check and the copy grouping see every earlier one.
            existing = HearingResponse.objects.filter(form_token=form_token).first()
            if existing is not None:
                raise DuplicateSubmission(existing)
            response = HearingResponse(
                hearing=hearing,
                reference=reference,
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
                sensitive_findings=textmatch.sensitive_findings(fields["subject"], fields["text"]),
                normalised_hash=digest,
                copy_of_id=None
                if status == HearingResponse.Status.SPAM
                else _copy_original(
                    hearing=hearing, text=fields["text"], shingle_set=shingle_set, digest=digest
                ),
                **fields,
            )
            response.full_clean(exclude=["hearing", "copy_of", "registered_by"])
            record_history(response, user=registered_by, reason=_("Response received"))
            response.save()
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
            if client_address is not None:
                SubmissionAttempt.objects.create(
                    address_hash=address_hash(client_address), created_at=now
                )
            refresh_search_vectors(HearingResponse.objects.filter(pk=response.pk))
            if receipt and response.email:
                notification_enqueue(
                    notification="hearing_response_receipt",
                    to=response.email,
                    language=response.language,
                    context={
                        "response": response,
                        "hearing": hearing,
                        "attachments": [original for _n, _k, original, _s in stored],
                    },
                    idempotency_key=f"hearing-receipt:{response.reference}",
                    related=response,
                )
    except BaseException:
        _delete_files(name for name, *_rest in stored)
        raise
    return response


def response_submit(
    *,
    hearing: Hearing,
    data: dict,
    files: Sequence = (),
    form_token: str | None = None,
    form_issued_at: float | None = None,
    honeypot_filled: bool = False,
    client_address: str | None = None,
    now=None,
    receipt: bool = True,
) -> HearingResponse:
    """Store a response from the public form, with its receipt e-mail in the same transaction.

    - Outside the hearing's window it raises `HearingClosed` and stores nothing.
    - A form token that already stored a response raises `DuplicateSubmission` (with it).
    - Without a valid token, or filled in faster than `HEARING_MIN_FILL_SECONDS`, the
      response is kept but flagged for moderation; with the honeypot filled it is kept as spam
      and gets no receipt e-mail (such addresses are usually someone else's).
    - `receipt=False` only for demo data that never had a real sender.
    """
    now = now or timezone.now()
    if not hearing.is_open(now):
        raise HearingClosed(hearing)
    if not data.get("consent"):
        raise ValidationError(_("Consent to the processing of your data is required."))
    fill_seconds = None if form_issued_at is None else max(0, int(now.timestamp() - form_issued_at))
    status, flag = HearingResponse.Status.NEW, ""
    if honeypot_filled:
        status, flag = HearingResponse.Status.SPAM, HearingResponse.Flag.HONEYPOT
    elif form_token is None or fill_seconds is None:
        status, flag = HearingResponse.Status.FLAGGED, HearingResponse.Flag.NO_TOKEN
    elif fill_seconds < settings.HEARING_MIN_FILL_SECONDS:
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
        client_address=client_address,
        receipt=receipt and not honeypot_filled,
        # The page's language: the receipt and later e-mails speak it.
        language=translation.get_language(),
    )


def response_register(
    *,
    hearing: Hearing,
    data: dict,
    files: Sequence = (),
    user,
    channel: str,
    received_at,
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
    user,
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
    return response


def response_review(
    *, response: HearingResponse, user, publish: bool, public_text: str = "", now=None
) -> HearingResponse:
    """Staff's review for personal data before publication: approve (maybe redacted) or not."""
    public_text = public_text.strip()
    if publish and response.publication == HearingResponse.Publication.NOT_PUBLISHED:
        raise ValidationError(
            _("The respondent asked for the response not to be published."), code="choice"
        )
    if publish and public_text and textmatch.sensitive_findings(public_text):
        raise ValidationError(
            _("The text to publish still contains a CPR number, e-mail address or phone number."),
            code="sensitive",
        )
    response.review_status = (
        HearingResponse.Review.APPROVED if publish else HearingResponse.Review.WITHHELD
    )
    response.public_text = public_text if publish else ""
    response.reviewed_by = user
    response.reviewed_at = now or timezone.now()
    record_history(response, user=user, reason=_("Reviewed for publication"))
    response.save()
    return response
