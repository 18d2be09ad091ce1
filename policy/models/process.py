"""The revision process: the revision itself, its groups, milestones, tasks, stakeholders and
the decision records of the bodies that treat the draft."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from medborger import dates
from medborger.dates import DatePrecision
from medborger.uploads import FileKind

from .documents import Document

if TYPE_CHECKING:
    from medborger.models import User


class PolicyRevisionQuerySet(models.QuerySet):
    def with_public_milestones(self) -> Self:
        """Each revision's public milestones in order, as `public_milestones`."""
        return self.prefetch_related(
            models.Prefetch(
                "milestones",
                queryset=Milestone.objects.public().in_order(),
                to_attr="public_milestones",
            )
        )


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
    #: The coordinator as the terms of reference name her, kept even when no log-in matches;
    #: `coordinator` links her to a user when she gets one.
    coordinator_name = models.CharField(_("coordinator's name"), max_length=200, blank=True)
    coordinator_department = models.CharField(
        _("coordinator's department"), max_length=200, blank=True
    )
    coordinator_contact = models.CharField(_("coordinator's contact"), max_length=200, blank=True)
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
    objects = PolicyRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy revision")
        verbose_name_plural = _("policy revisions")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def coordinator_display(self) -> str:
        """ "Louise Kjær (Stabsenheden Plan)": the linked user's name, or the name the terms of
        reference give; "" if neither."""
        name = ""
        if self.coordinator is not None:
            name = self.coordinator.get_full_name() or self.coordinator.get_username()
        name = name or self.coordinator_name
        if name and self.coordinator_department:
            return f"{name} ({self.coordinator_department})"
        return name

    @property
    def planned_adoption_display(self) -> str:
        return dates.display(self.planned_adoption_on, self.planned_adoption_precision)

    def clean(self) -> None:
        super().clean()
        adoption_due = dates.due_on(self.planned_adoption_on, self.planned_adoption_precision)
        if self.starts_on and adoption_due and adoption_due < self.starts_on:
            raise ValidationError(
                {"planned_adoption_on": _("The planned adoption cannot be before the start.")}
            )


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
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(user__isnull=False),
                name="policy_member_user_once_per_group",
                violation_error_message=_("This log-in is already a member of the group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.department})" if self.department else self.name


@dataclass(frozen=True)
class Membership:
    member_id: int
    group_id: int
    revision_id: int | None


def memberships_of(user: "User | AnonymousUser") -> tuple[Membership, ...]:
    """The groups a user sits in, read once per request and cached on the user object, so that
    permission checks on hundreds of milestones and tasks cost no further queries."""
    if not user.is_authenticated:
        return ()
    cached = getattr(user, "_policy_memberships", None)
    if cached is None:
        rows = GroupMember.objects.filter(user=user).values_list(
            "pk", "group_id", "group__revision_id"
        )
        cached = tuple(Membership(*row) for row in rows)
        user._policy_memberships = cached  # type: ignore[attr-defined]
    return cached


class MilestoneQuerySet(models.QuerySet):
    def open(self) -> Self:
        return self.exclude(status__in=[Milestone.Status.DONE, Milestone.Status.CANCELLED])

    def overdue(self, today: datetime.date | None = None) -> Self:
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def due_within(self, days: int, today: datetime.date | None = None) -> Self:
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days))

    def public(self) -> Self:
        return self.filter(is_public=True)

    def in_order(self) -> Self:
        return self.order_by("position", "pk")


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
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="policy_milestone_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_dates()
        super().save(*args, **kwargs)

    def derive_dates(self) -> None:
        """Normalise the date to its precision and store when it is due (what scans filter on).
        `save` calls this; a bulk insert, which skips `save`, calls it for each row."""
        self.starts_on = dates.normalise(self.starts_on, self.date_precision)
        self.due_on = dates.due_on(self.starts_on, self.date_precision)
        if self.due_on is not None and self.ends_on and self.ends_on > self.due_on:
            # What runs over a period (a hearing) is due at its end.
            self.due_on = self.ends_on

    def clean(self) -> None:
        super().clean()
        if self.date_precision != DatePrecision.UNSET and self.starts_on is None:
            raise ValidationError({"starts_on": _("Enter a date, or choose 'Not yet set'.")})
        start = dates.normalise(self.starts_on, self.date_precision)
        if self.ends_on and start is None:
            raise ValidationError({"ends_on": _("A milestone without a date cannot have an end.")})
        if self.ends_on and start and self.ends_on < start:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})
        if self.revision_id is not None and start is not None:
            self._check_order_against_adoption(start, dates.due_on(start, self.date_precision))
        self._check_recorded_adoption()

    def _check_recorded_adoption(self) -> None:
        """The city council's recorded adoption fixed this milestone: it is the council's, done,
        on the meeting's day. Nobody types that fact again, nor changes it here."""
        if self.pk is None:
            return
        adoption = (
            Decision.objects.filter(milestone_id=self.pk, outcome=Decision.Outcome.ADOPTED)
            .order_by("-pk")
            .first()
        )
        if adoption is None:
            return
        message = _(
            "The city council's adoption is recorded for the meeting on %(date)s: this "
            "milestone stays the council's, done, on that day."
        ) % {"date": dates.display(adoption.meeting_on, DatePrecision.DAY)}
        errors = {}
        if self.kind != self.Kind.CITY_COUNCIL:
            errors["kind"] = message
        if self.status != self.Status.DONE:
            errors["status"] = message
        if self.date_precision != DatePrecision.DAY or self.starts_on != adoption.meeting_on:
            errors["starts_on"] = message
        if errors:
            raise ValidationError(errors)

    def _check_order_against_adoption(
        self, start: datetime.date, due: datetime.date | None
    ) -> None:
        """The city council's adoption ends the process: what is ordered after it cannot be
        dated before it, and what is ordered before it cannot be dated after it."""
        siblings = Milestone.objects.filter(revision_id=self.revision_id).exclude(pk=self.pk)
        if self.kind == self.Kind.CITY_COUNCIL:
            after = siblings.filter(position__gt=self.position, due_on__lt=start).in_order()
            before = siblings.filter(position__lt=self.position, starts_on__gt=due).in_order()
            if conflict := after.first():
                message = _(
                    "“%(title)s” is ordered after the adoption but dated before it "
                    "(%(date)s). Change a date or the order."
                )
            elif conflict := before.first():
                message = _(
                    "“%(title)s” is ordered before the adoption but dated after it "
                    "(%(date)s). Change a date or the order."
                )
            else:
                return
            params = {"title": conflict.title, "date": conflict.date_display}
            raise ValidationError({"starts_on": message % params})
        adoption = (
            siblings.filter(kind=self.Kind.CITY_COUNCIL, starts_on__isnull=False).in_order().first()
        )
        if adoption is None or adoption.position == self.position:
            return
        if self.position > adoption.position and due < adoption.starts_on:
            message = _(
                "This milestone is ordered after the city council's adoption (%(date)s) "
                "but dated before it."
            )
        elif self.position < adoption.position and start > adoption.due_on:
            message = _(
                "This milestone is ordered before the city council's adoption (%(date)s) "
                "but dated after it."
            )
        else:
            return
        raise ValidationError({"starts_on": message % {"date": adoption.date_display}})

    def state(self, today: datetime.date) -> str:
        """What the dashboard shows at a glance: done, late, cancelled, unset or planned."""
        if self.status == self.Status.DONE:
            return "done"
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status == self.Status.DELAYED or (self.due_on and self.due_on < today):
            return "late"
        if self.status == self.Status.IN_PROGRESS:
            # Under way (a hearing that is open): neither merely planned nor next.
            return "ongoing"
        if self.due_on is None:
            return "unset"
        return "planned"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.CANCELLED)

    @property
    def body_name(self) -> str:
        """The deciding body as the history names it ("HovedMED", "The city council")."""
        return str(BODY_NAMES.get(self.kind, self.get_kind_display()))

    @property
    def date_display(self) -> str:
        return dates.display(self.starts_on, self.date_precision)

    @property
    def is_deciding_body(self) -> bool:
        return self.kind in self.DECIDING_KINDS

    @property
    def chain_index(self) -> int | None:
        """Where the milestone's body stands in the revision's chain (None: outside it)."""
        return CHAIN_INDEX.get(self.Kind(self.kind)) if self.kind in self.Kind.values else None

    @property
    def treated_document_id(self) -> int | None:
        """The document this body treats: the terms of reference for the committee's approval
        of them, the policy for every other body."""
        revision = self.revision
        if self.kind == self.Kind.COMMITTEE_APPROVAL:
            return revision.terms_of_reference_id
        return revision.policy_document_id


#: The order the revision's bodies and steps keep: a step recorded before an earlier one is
#: done needs a reason.
CHAIN = (
    Milestone.Kind.COMMITTEE_APPROVAL,
    Milestone.Kind.STAFF_WORKSHOP,
    Milestone.Kind.CITIZENS_MEETING,
    Milestone.Kind.PUBLIC_HEARING,
    Milestone.Kind.LOKAL_MED,
    Milestone.Kind.HOVED_MED,
    Milestone.Kind.SPECIALIST_COMMITTEE,
    Milestone.Kind.CITY_COUNCIL,
)
CHAIN_INDEX = {kind: index for index, kind in enumerate(CHAIN)}


#: How the revision's history names each deciding body.
BODY_NAMES: dict[str, Promise] = {
    Milestone.Kind.COMMITTEE_APPROVAL: _("The committee"),
    Milestone.Kind.LOKAL_MED: _("LokalMED"),
    Milestone.Kind.HOVED_MED: _("HovedMED"),
    Milestone.Kind.SPECIALIST_COMMITTEE: _("The specialist committee"),
    Milestone.Kind.CITY_COUNCIL: _("The city council"),
}


class TaskQuerySet(models.QuerySet):
    def open(self) -> Self:
        return self.exclude(status__in=[Task.Status.DONE, Task.Status.CANCELLED])

    def overdue(self, today: datetime.date | None = None) -> Self:
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def due_within(self, days: int, today: datetime.date | None = None) -> Self:
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days))

    def owned_by(self, user: "User | AnonymousUser") -> Self:
        return self.filter(owner__user=user) if user.is_authenticated else self.none()

    def by_deadline(self) -> Self:
        """Soonest deadline first; tasks without a deadline last."""
        return self.order_by(models.F("due_on").asc(nulls_last=True), "position", "pk")


class Task(models.Model):
    """A concrete task of a group, such as holding the citizens' meeting."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        GroupMember,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    #: The deadline, indexed so that reminder scans are a single filter.
    due_on = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["group", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True) | models.Q(status="done"),
                name="policy_task_completed_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str | Promise] = {}
        if (
            self.owner_id
            and self.group_id
            and self.owner is not None
            and self.owner.group_id != self.group_id
        ):
            errors["owner"] = _("%(name)s is not a member of %(group)s.") % {
                "name": self.owner.name,
                "group": self.group.name,
            }
        if (
            self.milestone_id
            and self.group_id
            and self.milestone is not None
            and self.milestone.revision_id != self.group.revision_id
        ):
            errors["milestone"] = _("The milestone belongs to another revision than the group.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.CANCELLED)

    def state(self, today: datetime.date) -> str:
        if self.status == self.Status.DONE:
            return "done"
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.due_on and self.due_on < today:
            return "late"
        return "planned"


class StakeholderQuerySet(models.QuerySet):
    def to_invite(self) -> Self:
        """A special invitation was decided on but has not been sent."""
        return self.filter(special_invitation=True, invitation_sent_on__isnull=True)

    def awaiting_answer(self) -> Self:
        return self.filter(invitation_sent_on__isnull=False, answer=Stakeholder.Answer.PENDING)


class Stakeholder(models.Model):
    """An association, network, council or committee to invite into the revision."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        NETWORK = "network", _("Network")
        COUNCIL = "council", _("Council")
        COMMITTEE = "committee", _("Committee")
        INSTITUTION = "institution", _("Institution")
        OTHER = "other", _("Other")

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ACCEPTED = "accepted", _("Takes part")
        DECLINED = "declined", _("Declined")

    revision = models.ForeignKey(
        PolicyRevision,
        verbose_name=_("revision"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    special_invitation = models.BooleanField(_("special invitation"), default=False)
    invitation_decided_by = models.ForeignKey(
        Group,
        verbose_name=_("special invitation decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholder_decisions",
    )
    invitation_decided_on = models.DateField(_("decided on"), null=True, blank=True)
    invitation_sent_on = models.DateField(_("invitation sent"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = StakeholderQuerySet.as_manager()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["revision", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(invitation_sent_on__isnull=True)
                | models.Q(invitation_decided_on__isnull=True)
                | models.Q(invitation_sent_on__gte=models.F("invitation_decided_on")),
                name="policy_stakeholder_sent_not_before_decided",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(
                    invitation_sent_on__isnull=False,
                    answered_on__gte=models.F("invitation_sent_on"),
                ),
                name="policy_stakeholder_answered_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str | Promise] = {}
        if self.special_invitation and not self.invitation_decided_by_id:
            errors["invitation_decided_by"] = _("Say who decided on the special invitation.")
        if self.invitation_sent_on and not self.special_invitation:
            errors["invitation_sent_on"] = _(
                "Only a special invitation has a sending date; tick special invitation first."
            )
        if (
            self.invitation_sent_on
            and self.invitation_decided_on
            and self.invitation_sent_on < self.invitation_decided_on
        ):
            errors["invitation_sent_on"] = _(
                "The invitation cannot be sent before it was decided on."
            )
        if self.answer != self.Answer.PENDING and not self.invitation_sent_on:
            errors["answer"] = _("Record when the invitation was sent before its answer.")
        if self.answered_on and self.answer == self.Answer.PENDING:
            errors["answered_on"] = _("Choose the answer that came on this date.")
        if (
            self.answered_on
            and self.invitation_sent_on
            and self.answered_on < self.invitation_sent_on
        ):
            errors["answered_on"] = _("The answer cannot come before the invitation was sent.")
        if errors:
            raise ValidationError(errors)


class Decision(models.Model):
    """What a deciding body did with a draft: which version it treated, when, and what it said.

    The revision's history is these records in meeting order: "HovedMED treated version 3 on
    12 May: …; the specialist committee recommended version 4; the council adopted version 4".
    """

    class Outcome(models.TextChoices):
        TREATED = "treated", _("Treated")
        APPROVED = "approved", _("Approved")
        RECOMMENDED = "recommended", _("Recommended")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        POSTPONED = "postponed", _("Postponed")

    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("version treated"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    meeting_on = models.DateField(_("meeting date"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.TREATED
    )
    text = models.TextField(_("decision or recommendation"))
    protocol_addendum = models.TextField(_("addendum to the minutes"), blank=True)
    #: Why the step was recorded out of the chain's order, or about an older version than the
    #: previous body treated; required then, and shown with the decision.
    out_of_order_reason = models.TextField(_("reason for the order"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision record")
        verbose_name_plural = _("decision records")
        ordering = ["meeting_on", "pk"]

    def __str__(self) -> str:
        return self.summary

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str | Promise] = {}
        if self.milestone_id and not self.milestone.is_deciding_body:
            errors["milestone"] = _(
                "Only the bodies that treat the draft (committee, LokalMED, HovedMED, "
                "specialist committee, city council) get a decision record."
            )
        if self.milestone_id and self.version_id:
            document_id = self.milestone.treated_document_id
            if self.version.document_id != document_id:
                errors["version"] = (
                    _("Choose a version of the revision's terms of reference.")
                    if self.milestone.kind == Milestone.Kind.COMMITTEE_APPROVAL
                    else _("Choose a version of the revision's policy.")
                )
        if (
            self.milestone_id
            and self.outcome == self.Outcome.ADOPTED
            and self.milestone.kind != Milestone.Kind.CITY_COUNCIL
        ):
            # Adoption is the council's: a record saying another body adopted the policy
            # would contradict the document's status.
            errors["outcome"] = _(
                "Only the city council adopts the policy. For this body, choose whether it "
                "treated, approved or recommended the version."
            )
        if self.meeting_on and self.meeting_on > timezone.localdate():
            errors["meeting_on"] = _("Record the decision after the meeting has taken place.")
        if errors:
            raise ValidationError(errors)

    @property
    def summary(self) -> str:
        """One line of the revision's history, e.g. "HovedMED treated version 3 on 12 May 2027"."""
        params = {
            "body": self.milestone.body_name,
            "number": self.version.number,
            "document": self.version.document.title,
            "date": dates.display(self.meeting_on, DatePrecision.DAY),
        }
        # The hearing report version it treated with the draft, where the page marked it
        # (`policy.linked_reports.mark_reports`).
        report = getattr(self, "report_number", None)
        if report is not None:
            return str(OUTCOME_SENTENCES_WITH_REPORT[self.outcome]) % {**params, "report": report}
        return str(OUTCOME_SENTENCES[self.outcome]) % params


#: The history's sentence for each outcome; whole sentences, so that each translates naturally.
OUTCOME_SENTENCES: dict[str, Promise] = {
    Decision.Outcome.TREATED: _("%(body)s treated version %(number)s of %(document)s on %(date)s"),
    Decision.Outcome.APPROVED: _(
        "%(body)s approved version %(number)s of %(document)s on %(date)s"
    ),
    Decision.Outcome.RECOMMENDED: _(
        "%(body)s recommended version %(number)s of %(document)s on %(date)s"
    ),
    Decision.Outcome.ADOPTED: _("%(body)s adopted version %(number)s of %(document)s on %(date)s"),
    Decision.Outcome.REJECTED: _(
        "%(body)s rejected version %(number)s of %(document)s on %(date)s"
    ),
    Decision.Outcome.POSTPONED: _(
        "%(body)s postponed version %(number)s of %(document)s on %(date)s"
    ),
}


#: The same sentences for a decision that treated the hearing report with the draft:
#: "LokalMED behandlede version 5 af … og høringsnotat version 2 den …".
OUTCOME_SENTENCES_WITH_REPORT: dict[str, Promise] = {
    Decision.Outcome.TREATED: _(
        "%(body)s treated version %(number)s of %(document)s and hearing report version "
        "%(report)s on %(date)s"
    ),
    Decision.Outcome.APPROVED: _(
        "%(body)s approved version %(number)s of %(document)s with hearing report version "
        "%(report)s on %(date)s"
    ),
    Decision.Outcome.RECOMMENDED: _(
        "%(body)s recommended version %(number)s of %(document)s with hearing report version "
        "%(report)s on %(date)s"
    ),
    Decision.Outcome.ADOPTED: _(
        "%(body)s adopted version %(number)s of %(document)s with hearing report version "
        "%(report)s on %(date)s"
    ),
    Decision.Outcome.REJECTED: _(
        "%(body)s rejected version %(number)s of %(document)s with hearing report version "
        "%(report)s on %(date)s"
    ),
    Decision.Outcome.POSTPONED: _(
        "%(body)s postponed version %(number)s of %(document)s and hearing report version "
        "%(report)s on %(date)s"
    ),
}


class DecisionAttachment(models.Model):
    """A file that belongs to a decision record, such as the minutes. Served only to staff."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), max_length=200)
    kind = models.CharField(_("file type"), max_length=10, choices=FileKind.choices)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["decision", "pk"]

    def __str__(self) -> str:
        return self.filename
