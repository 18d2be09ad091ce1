"""The revision process: the revision itself, its groups and its milestones."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from medborger import dates
from medborger.dates import DatePrecision

from .documents import Document


class PolicyRevision(models.Model):
    """A project that revises one policy: its documents, groups and timeline."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    policy_document = models.ForeignKey(
        Document,
        verbose_name=_("policy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions_as_policy",
    )
    terms_of_reference = models.ForeignKey(
        Document,
        verbose_name=_("terms of reference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions_as_terms",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_revisions",
    )
    target_groups = models.TextField(_("target groups"), blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    planned_adoption_on = models.DateField(_("planned adoption"), null=True, blank=True)
    planned_adoption_precision = models.CharField(
        _("precision of planned adoption"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.MONTH,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy revision")
        verbose_name_plural = _("policy revisions")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def planned_adoption_display(self) -> str:
        return dates.display(self.planned_adoption_on, self.planned_adoption_precision)


class Group(models.Model):
    class Kind(models.TextChoices):
        STEERING = "steering", _("Steering group")
        PROJECT = "project", _("Project group")
        OTHER = "other", _("Other group")

    revision = models.ForeignKey(
        PolicyRevision,
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="groups",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """A person in a group. People need not have a log-in; those who do are linked to it."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=200)
    department = models.CharField(_("department"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_memberships",
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.department})" if self.department else self.name


class MilestoneQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Milestone.Status.DONE, Milestone.Status.CANCELLED])

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def due_within(self, days: int, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today, due_on__lte=today + timezone.timedelta(days))


class Milestone(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE_APPROVAL = "committee_approval", _("Committee approves terms of reference")
        STAFF_WORKSHOP = "staff_workshop", _("Internal staff workshop")
        CITIZENS_MEETING = "citizens_meeting", _("Citizens' meeting")
        PUBLIC_HEARING = "public_hearing", _("Public hearing")
        LOKAL_MED = "lokal_med", _("LokalMED")
        HOVED_MED = "hoved_med", _("HovedMED")
        SPECIALIST_COMMITTEE = "specialist_committee", _("Specialist committee")
        CITY_COUNCIL = "city_council", _("City council")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    #: Bodies that treat a draft and so get a decision record.
    DECIDING_KINDS = frozenset(
        {
            Kind.COMMITTEE_APPROVAL,
            Kind.LOKAL_MED,
            Kind.HOVED_MED,
            Kind.SPECIALIST_COMMITTEE,
            Kind.CITY_COUNCIL,
        }
    )

    revision = models.ForeignKey(
        PolicyRevision,
        verbose_name=_("revision"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    date_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    starts_on = models.DateField(_("date"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    #: Derived from the date and its precision (the month's last day for month precision),
    #: stored and indexed so that deadline scans are a single filter.
    due_on = models.DateField(_("due"), null=True, blank=True, editable=False, db_index=True)
    responsible_group = models.ForeignKey(
        Group,
        verbose_name=_("responsible group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    remark = models.TextField(_("remark"), blank=True)
    note = models.TextField(_("status note"), blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["revision", "position"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.starts_on = dates.normalise(self.starts_on, self.date_precision)
        self.due_on = dates.due_on(self.starts_on, self.date_precision)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.date_precision != DatePrecision.UNSET and self.starts_on is None:
            raise ValidationError({"starts_on": _("Enter a date, or choose 'Not yet set'.")})
        start = dates.normalise(self.starts_on, self.date_precision)
        if self.ends_on and start and self.ends_on < start:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})

    @property
    def date_display(self) -> str:
        return dates.display(self.starts_on, self.date_precision)

    @property
    def is_deciding_body(self) -> bool:
        return self.kind in self.DECIDING_KINDS
