"""The revision's deadline reminders: milestones and tasks (sent by `medborger.reminders_scan`)."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from medborger import reminders
from medborger.reminders import RuleConfig, member_recipient, user_recipient

from .models import Group, GroupMember, Milestone, Task


def _unique(recipients):
    seen, found = set(), []
    for recipient in recipients:
        if recipient.key not in seen:
            seen.add(recipient.key)
            found.append(recipient)
    return found


@reminders.register
class MilestoneDue(reminders.DeadlineRule):
    """Due in 14, 7 and 1 days (working days for the bodies that treat the draft, whose papers
    are due before their meeting), then daily while overdue; escalated to the steering group's
    chair when still overdue. A month-precision milestone is due at the month's end."""

    key = "policy.milestone_due"
    label = _("Milestones: due soon, overdue and escalated")
    model = Milestone
    defaults = RuleConfig(
        lead_days=(14, 7, 1), working_days=True, overdue_limit=5, escalation_after_days=7
    )

    def candidates(self, *, today, first_due, last_due):
        chairs = GroupMember.objects.filter(role=GroupMember.Role.CHAIR).select_related("user")
        steering = Group.objects.filter(kind=Group.Kind.STEERING).prefetch_related(
            Prefetch("members", queryset=chairs, to_attr="chairs")
        )
        return (
            Milestone.objects.open()
            .filter(due_on__gte=first_due, due_on__lte=last_due)
            .select_related("revision__coordinator", "responsible_group")
            .prefetch_related(
                Prefetch(
                    "responsible_group__members",
                    queryset=GroupMember.objects.select_related("user"),
                ),
                Prefetch("revision__groups", queryset=steering, to_attr="steering_groups"),
            )
        )

    def due_date(self, obj):
        return obj.due_on

    def uses_working_days(self, obj, config):
        return config.working_days and obj.is_deciding_body

    def recipients(self, obj, occasion):
        if occasion == "escalation":
            return _unique(
                member_recipient(chair)
                for group in obj.revision.steering_groups
                for chair in group.chairs
            )
        found = []
        if obj.responsible_group is not None:
            found += [member_recipient(member) for member in obj.responsible_group.members.all()]
        if obj.revision.coordinator is not None:
            found.append(user_recipient(obj.revision.coordinator))
        return _unique(found)

    def title(self, obj):
        return obj.title

    def url(self, obj):
        return reverse("policy:revision_manage", kwargs={"slug": obj.revision.slug})


@reminders.register
class TaskDue(reminders.DeadlineRule):
    key = "policy.task_due"
    label = _("Tasks: due soon and overdue")
    model = Task
    defaults = RuleConfig(lead_days=(3,), overdue_limit=5)

    def candidates(self, *, today, first_due, last_due):
        return (
            Task.objects.open()
            .filter(due_on__gte=first_due, due_on__lte=last_due, owner__isnull=False)
            .select_related("owner__user", "group__revision")
        )

    def due_date(self, obj):
        return obj.due_on

    def recipients(self, obj, occasion):
        return [member_recipient(obj.owner)]

    def title(self, obj):
        return obj.title

    def url(self, obj):
        if obj.group.revision is None:
            return reverse("dashboard")
        return reverse("policy:revision_manage", kwargs={"slug": obj.group.revision.slug})
