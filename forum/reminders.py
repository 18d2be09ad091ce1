"""The forum's deadline reminders (sent by `medborger.reminders_scan`), all to the secretariat."""

from decimal import Decimal

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from medborger import dates, reminders
from medborger.dates import DatePrecision
from medborger.models import User
from medborger.roles import Role

from .models import ActionPlan, BudgetYear, Forum, Meeting


class SecretariatRule(reminders.DeadlineRule):
    """Reminds every active user in the secretariat role, read once per scan."""

    def recipients(self, obj, occasion):
        if not hasattr(self, "_secretariat"):
            users = User.objects.filter(groups__name=Role.SECRETARIAT, is_active=True)
            self._secretariat = [reminders.user_recipient(user) for user in users.order_by("pk")]
        return self._secretariat


@reminders.register
class MeetingWithoutAgenda(SecretariatRule, reminders.DateTimeRule):
    key = "forum.meeting_agenda"
    label = _("Forum meetings: no published agenda 7 days before")
    model = Meeting
    field_name = "starts_at"
    defaults = reminders.RuleConfig(lead_days=(7,))

    def candidates(self, *, today, first_due, last_due):
        start, end = self.day_range(first_due, last_due)
        return Meeting.objects.filter(
            starts_at__gte=start, starts_at__lt=end, agenda_published_at__isnull=True
        ).select_related("forum")

    def describe(self, obj, occasion, *, today):
        params = {
            "title": obj.title,
            "when": date_format(timezone.localtime(obj.starts_at), "DATETIME_FORMAT"),
        }
        return (
            gettext("The agenda for “%(title)s” is not published") % params,
            gettext("The forum meets %(when)s (“%(title)s”), and the agenda is not published yet.")
            % params,
        )

    def url(self, obj):
        return reverse("forum:agenda_edit", kwargs={"forum": obj.forum.slug, "pk": obj.pk})


@reminders.register
class BudgetUse(SecretariatRule):
    """A budget year at 80 % and at 100 % of its allocation (committed plus spent)."""

    key = "forum.budget_use"
    label = _("Forum budget: 80 % and 100 % of the allocation used")
    model = BudgetYear
    defaults = reminders.RuleConfig()
    THRESHOLDS = (100, 80)

    def due(self, *, today, config):
        years = (
            BudgetYear.objects.with_totals()
            .filter(year__gte=today.year)
            .alias(used_total=F("committed") + F("spent"))
            .filter(used_total__gte=F("allocation") * Decimal("0.8"))
            .select_related("forum")
        )
        for year in years:
            reached = next((t for t in self.THRESHOLDS if year.used_percent >= t), None)
            if reached is not None:
                yield year, f"used-{reached}"

    def describe(self, obj, occasion, *, today):
        params = {"year": obj.year, "forum": obj.forum.name, "percent": obj.used_percent}
        return (
            gettext("The forum's budget for %(year)s is %(percent)s %% used") % params,
            gettext(
                "%(forum)s has used %(percent)s %% of its allocation for %(year)s "
                "(committed and spent)."
            )
            % params,
        )

    def title(self, obj):
        return f"{obj.forum.name} {obj.year}"

    def url(self, obj):
        return obj.get_absolute_url()


@reminders.register
class ActionPlanEnding(SecretariatRule):
    key = "forum.action_plan_ending"
    label = _("Action plans: end in 60 days")
    model = ActionPlan
    defaults = reminders.RuleConfig(lead_days=(60,))

    def candidates(self, *, today, first_due, last_due):
        return (
            ActionPlan.objects.adopted()
            .filter(ends_on__gte=first_due, ends_on__lte=last_due)
            .select_related("forum")
        )

    def due_date(self, obj):
        return obj.ends_on

    def describe(self, obj, occasion, *, today):
        params = {"title": obj.title, "date": dates.display(obj.ends_on, DatePrecision.DAY)}
        return (
            gettext("The action plan “%(title)s” ends soon") % params,
            gettext("The action plan “%(title)s” ends on %(date)s. Time to prepare the next.")
            % params,
        )

    def title(self, obj):
        return obj.title

    def url(self, obj):
        return obj.get_absolute_url()


@reminders.register
class MandateEnding(SecretariatRule):
    key = "forum.mandate_ending"
    label = _("Forum mandate: ends in 90 days")
    model = Forum
    defaults = reminders.RuleConfig(lead_days=(90,))

    def candidates(self, *, today, first_due, last_due):
        return Forum.objects.filter(
            mandate_end_year__gte=first_due.year, mandate_end_year__lte=last_due.year
        )

    def due_date(self, obj):
        return obj.mandate_ends_on

    def describe(self, obj, occasion, *, today):
        params = {"forum": obj.name, "date": dates.display(obj.mandate_ends_on, DatePrecision.DAY)}
        return (
            gettext("The mandate of %(forum)s ends soon") % params,
            gettext("The mandate of %(forum)s ends on %(date)s.") % params,
        )

    def title(self, obj):
        return obj.name

    def url(self, obj):
        return obj.get_absolute_url()
