"""Hearings: a frozen document version put to public consultation, and the responses to it.

Responses are written only through `consultation.services.hearings`; the models say what the
data is and which invariants hold whatever the entry point.
"""

import datetime
from typing import Self

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from medborger.uploads import FileKind


class HearingQuerySet(models.QuerySet):
    def not_closed(self, now: datetime.datetime | None = None) -> Self:
        """Upcoming or open: the document is in hearing on these."""
        return self.filter(closes_at__gt=now or timezone.now())

    def open(self, now: datetime.datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(opens_at__gt=now or timezone.now())

    def closed(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(closes_at__lte=now or timezone.now())

    def due_for_anonymisation(self, today: datetime.date | None = None) -> Self:
        """Closed hearings whose retention date has come and that are not anonymised yet."""
        today = today or timezone.localdate()
        return self.filter(retention_until__lte=today, anonymised_at__isnull=True)


def default_retention_until(closes_at: datetime.datetime) -> datetime.date:
    return timezone.localdate(closes_at) + datetime.timedelta(days=settings.HEARING_RETENTION_DAYS)


def default_report_promised_on(closes_at: datetime.datetime) -> datetime.date:
    return timezone.localdate(closes_at) + datetime.timedelta(
        days=settings.HEARING_REPORT_DAYS_AFTER_CLOSE
    )


class Hearing(models.Model):
    """A public hearing of one frozen document version, open between two points in time."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("version in hearing"),
        on_delete=models.PROTECT,
        related_name="hearings",
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("deadline"), db_index=True)
    introduction = models.TextField(_("introduction"), blank=True)
    contact = models.TextField(_("contact"), blank=True)
    privacy_notice = models.TextField(_("privacy notice"))
    #: The case's number in the municipality's case system, and its KLE number (for journalising).
    journal_number = models.CharField(_("journal number"), max_length=60, blank=True)
    kle_number = models.CharField(_("KLE number"), max_length=30, blank=True)
    #: The draft told in plain Danish ("let dansk"), shown beside the policy text.
    plain_summary = models.TextField(_("plain-language summary"), blank=True)
    #: {language: {field: html}} for TRANSLATED_FIELDS (medborger.texts); Danish is above.
    translations = models.JSONField(_("texts in other languages"), default=dict, blank=True)
    #: The day respondents' personal data is deleted (a daily task does it).
    retention_until = models.DateField(_("personal data deleted on"))
    anonymised_at = models.DateTimeField(_("personal data deleted"), null=True, blank=True)
    #: The day the public page promises the hearing report by (after the deadline).
    report_promised_on = models.DateField(_("report promised by"), null=True, blank=True)
    #: When the hearing report was published: the hearing is then concluded.
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)
    #: The revision's hearing milestone, which takes its dates and state from this hearing.
    milestone = models.ForeignKey(
        "policy.Milestone",
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hearings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()

    TRANSLATED_FIELDS = ("introduction", "privacy_notice", "plain_summary")
    objects = HearingQuerySet.as_manager()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_hearing_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        CONCLUDED = "concluded", _("Concluded")

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The deadline must be after the opening.")})
        if (
            self.report_promised_on
            and self.closes_at
            and self.report_promised_on < timezone.localdate(self.closes_at)
        ):
            raise ValidationError(
                {"report_promised_on": _("The report cannot be promised before the deadline.")}
            )

    def state(self, now: datetime.datetime | None = None) -> str:
        """Where the hearing is for the public: upcoming, open, closed, or concluded (the
        hearing report is published)."""
        now = now or timezone.now()
        if self.report_published_at is not None:
            return self.State.CONCLUDED
        if now < self.opens_at:
            return self.State.UPCOMING
        if now < self.closes_at:
            return self.State.OPEN
        return self.State.CLOSED

    def state_display(self, now: datetime.datetime | None = None) -> str:
        return str(self.State(self.state(now)).label)

    @property
    def report_due_on(self) -> datetime.date | None:
        if self.report_promised_on:
            return self.report_promised_on
        return default_report_promised_on(self.closes_at) if self.closes_at else None

    def report_overdue(self, today: datetime.date | None = None) -> bool:
        """Closed, the promised date has passed and no report is published."""
        today = today or timezone.localdate()
        return (
            self.report_published_at is None
            and self.has_closed()
            and self.report_due_on is not None
            and self.report_due_on < today
        )

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def has_opened(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.opens_at


class Theme(models.Model):
    """A theme staff tag responses with; the report groups by it."""

    hearing = models.ForeignKey(
        Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(_("name"), max_length=120)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "name"], name="consultation_theme_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """The last reference number given out in a year; its row is locked while one is taken."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="consultation_reference_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class HearingResponseQuerySet(models.QuerySet):
    def visible(self) -> Self:
        """Everything but spam: what staff work on and the report counts."""
        return self.exclude(status=HearingResponse.Status.SPAM)

    def originals(self) -> Self:
        """One row per text: near-identical copies are counted on their original."""
        return self.filter(copy_of__isnull=True)

    def publishable(self) -> Self:
        return self.visible().filter(
            review_status=HearingResponse.Review.APPROVED,
            publication__in=[
                HearingResponse.Publication.WITH_NAME,
                HearingResponse.Publication.ANONYMOUS,
            ],
        )

    def with_copy_counts(self) -> Self:
        """Annotate `copies_count`: how many non-spam near-identical copies it has."""
        copies = HearingResponse.objects.exclude(status=HearingResponse.Status.SPAM)
        return self.annotate(copies_count=_count_of(copies, "copy_of"))

    def with_attachment_counts(self) -> Self:
        return self.annotate(
            attachments_count=_count_of(ResponseAttachment.objects.all(), "response")
        )

    def search(self, query: str) -> Self:
        """PostgreSQL's Danish full-text search; on SQLite every word must occur somewhere."""
        query = " ".join((query or "").split())
        if not query:
            return self
        if connections[self.db].vendor == "postgresql":
            return self.filter(
                Q(search_vector=SearchQuery(query, config="danish", search_type="websearch"))
                | Q(reference__iexact=query)
            )
        condition = Q()
        for word in query.split()[:10]:
            matches = Q(reference__iexact=word)
            for field in ("subject", "text", "name", "organisation_name"):
                matches |= _contains(field, word)
            condition &= matches
        return self.filter(condition)

    def organisation_contains(self, words: str) -> Self:
        return self.filter(_contains("organisation_name", " ".join(words.split())))


def _count_of(related: models.QuerySet, field: str) -> Coalesce:
    """A correlated subquery counting the rows of `related` whose `field` is the outer row."""
    counted = (
        related.filter(**{field: models.OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(counted), 0)


def _contains(field: str, word: str) -> Q:
    """Case-insensitive containment that also holds for æ, ø and å on SQLite.

    SQLite's LIKE folds only ASCII letters, so the usual spellings of the word are tried too.
    """
    condition = Q(**{f"{field}__icontains": word})
    for variant in {word.lower(), word.upper(), word.capitalize()}:
        condition |= Q(**{f"{field}__contains": variant})
    return condition


class HearingResponse(models.Model):
    """One hearing response, from the public form or registered by staff (letter, e-mail...)."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")
        MEETING = "meeting", _("Meeting")

    class Represents(models.TextChoices):
        PRIVATE = "private", _("A private person")
        BUSINESS = "business", _("A business")
        ORGANISATION = "organisation", _("An association or organisation")
        AUTHORITY = "authority", _("A public authority")

    class Publication(models.TextChoices):
        WITH_NAME = "with_name", _("Publish with my name")
        ANONYMOUS = "anonymous", _("Publish without my name")
        NOT_PUBLISHED = "not_published", _("Do not publish")

    class Status(models.TextChoices):
        NEW = "new", _("Received")
        FLAGGED = "flagged", _("Awaiting moderation")
        HANDLED = "handled", _("Handled")
        SPAM = "spam", _("Spam")

    class Review(models.TextChoices):
        PENDING = "pending", _("Not reviewed")
        APPROVED = "approved", _("Approved for publication")
        WITHHELD = "withheld", _("Not published")

    class Flag(models.TextChoices):
        TOO_FAST = "too_fast", _("Sent suspiciously fast")
        NO_TOKEN = "no_token", _("Sent without a valid form")
        HONEYPOT = "honeypot", _("Filled in the hidden field")

    hearing = models.ForeignKey(
        Hearing, verbose_name=_("hearing"), on_delete=models.PROTECT, related_name="responses"
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    #: The one-time token of the form it came from: a second submit of that form finds it.
    form_token = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    is_late = models.BooleanField(_("received after the deadline"), default=False)
    #: The language of the page the form was sent from; the e-mails the sender gets use it.
    language = models.CharField(_("language of the form"), max_length=8, default="da")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    represents = models.CharField(
        _("I represent"), max_length=20, choices=Represents.choices, default=Represents.PRIVATE
    )
    organisation_name = models.CharField(_("name of the organisation"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("response"))
    sections = models.ManyToManyField(
        "policy.Section", verbose_name=_("sections"), blank=True, related_name="hearing_responses"
    )
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    publication = models.CharField(
        _("publication"), max_length=20, choices=Publication.choices, default=Publication.WITH_NAME
    )
    publication_reason = models.TextField(_("reason"), blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    flag = models.CharField(_("flag"), max_length=20, choices=Flag.choices, blank=True)
    fill_seconds = models.PositiveIntegerField(
        _("seconds spent on the form"), null=True, blank=True
    )
    #: Kinds of personal data found in the text (cpr, email, phone), for the review.
    sensitive_findings = models.JSONField(_("personal data found"), default=list, blank=True)
    #: The first response of a copy-paste campaign that this near-identical text joins.
    copy_of = models.ForeignKey(
        "self",
        verbose_name=_("copy of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    normalised_hash = models.CharField(max_length=64, db_index=True)

    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="responses"
    )
    admin_comment = models.TextField(_("the administration's comment"), blank=True)
    leads_to_change = models.BooleanField(_("leads to a change in the text"), default=False)
    change_description = models.TextField(_("the change"), blank=True)

    review_status = models.CharField(
        _("publication review"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    #: The text as published, with personal data removed; empty means the text as received.
    public_text = models.TextField(_("text to publish"), blank=True)
    #: The reviewer's reason for publishing a text that matches a CPR number.
    not_cpr_reason = models.CharField(_("why it is not a CPR number"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data deleted"), null=True, blank=True)

    #: PostgreSQL's Danish full-text vector (filled by the services there; unused on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])
    objects = HearingResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("hearing response")
        verbose_name_plural = _("hearing responses")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["hearing", "-submitted_at"], name="consult_resp_hearing_time"),
            models.Index(fields=["hearing", "normalised_hash"], name="consult_resp_hearing_hash"),
            # The copies of a campaign counted from the index alone (`with_copy_counts` and the
            # points' references): 100 points of a page read 8,000 scattered rows without it.
            models.Index(
                fields=["copy_of", "status"], include=["id"], name="consult_resp_copy_count"
            ),
            # The public list of a hearing's originals in the order they came: copies of a
            # campaign came in between and were read and thrown away (8,000 of 10,000 rows).
            models.Index(
                fields=["hearing", "submitted_at", "id"],
                condition=Q(copy_of__isnull=True),
                name="consult_resp_originals_time",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(represents="private") | ~Q(organisation_name=""),
                name="consultation_response_organisation_named",
            ),
            models.CheckConstraint(
                condition=~Q(channel="web") | Q(consent_at__isnull=False),
                name="consultation_response_web_has_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    def clean(self) -> None:
        super().clean()
        if self.represents != self.Represents.PRIVATE and not self.organisation_name.strip():
            raise ValidationError(
                {"organisation_name": _("Enter the name of the organisation you represent.")}
            )

    @property
    def sender_display(self) -> str:
        """Who sent it, for staff: the organisation and the person."""
        if self.organisation_name and self.name:
            return f"{self.organisation_name} ({self.name})"
        return self.organisation_name or self.name or str(_("Name deleted"))

    @property
    def public_sender(self) -> str:
        """Who sent it, as the public may see it: the respondent's publication choice decides."""
        if self.publication == self.Publication.WITH_NAME:
            return self.organisation_name or self.name or str(_("Name deleted"))
        return str(_("Anonymous (%(kind)s)") % {"kind": self.get_represents_display().lower()})


class ResponseAttachment(models.Model):
    """A file attached to a response: checked by content, stored under a generated name."""

    response = models.ForeignKey(
        HearingResponse,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=FileKind.choices)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["response", "pk"]

    def __str__(self) -> str:
        return self.original_name or str(_("Deleted attachment"))


class ResponseSimilarityBand(models.Model):
    """One locality-sensitive hash band of a response's text, to find near-identical texts."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(
        HearingResponse, on_delete=models.CASCADE, related_name="similarity_bands"
    )
    band = models.PositiveSmallIntegerField()
    value = models.BigIntegerField()

    class Meta:
        indexes = [
            # The copy check looks a sketch's values up in any band (a value's place in the
            # sketch moves when a text changes).
            models.Index(fields=["hearing", "value"], name="consult_simband_value"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.band}"


class HearingReport(models.Model):
    """A hearing report built by a Celery task: HTML, DOCX and PDF files."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    hearing = models.ForeignKey(
        Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress in per cent"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    responses_count = models.PositiveIntegerField(_("responses"), default=0)
    html_file = models.FileField(max_length=200, blank=True)
    docx_file = models.FileField(max_length=200, blank=True)
    pdf_file = models.FileField(max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hearing report")
        verbose_name_plural = _("hearing reports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="consultation_report_progress_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hearing}: {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class DataRequestLog(models.Model):
    """What was done with respondents' personal data: deletion by retention, export, erasure.

    It names no person: it records that it happened, to how many responses, and who did it.
    """

    class Action(models.TextChoices):
        RETENTION = "retention", _("Deleted when the retention period ended")
        EXPORT = "export", _("Exported on request")
        ERASURE = "erasure", _("Erased on request")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    hearing = models.ForeignKey(
        Hearing,
        verbose_name=_("hearing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
    )
    performed_at = models.DateTimeField(_("when"), default=timezone.now)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responses_count = models.PositiveIntegerField(_("responses"), default=0)
    attachments_count = models.PositiveIntegerField(_("attachments"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("personal data log entry")
        verbose_name_plural = _("personal data log")
        ordering = ["-performed_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.performed_at:%Y-%m-%d}"
