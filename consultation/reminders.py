"""The consultation's deadline reminders: hearings and events (sent by
`medborger.reminders_scan`)."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from medborger import reminders

from .models import Event, Hearing, SignUp


def _hearing_coordinators(hearing) -> list[reminders.Recipient]:
    """The coordinators of the revisions whose document is in hearing, else who created it."""
    document = hearing.version.document
    users = {
        revision.coordinator.pk: revision.coordinator
        for revision in [*document.revisions_as_policy.all(), *document.revisions_as_terms.all()]
        if revision.coordinator is not None
    }
    if not users and hearing.created_by is not None:
        users[hearing.created_by.pk] = hearing.created_by
    return [reminders.user_recipient(user) for user in users.values()]


class HearingRule(reminders.DateTimeRule):
    model = Hearing

    def candidates(self, *, today, first_due, last_due):
        start, end = self.day_range(first_due, last_due)
        return (
            Hearing.objects.filter(
                **{f"{self.field_name}__gte": start, f"{self.field_name}__lt": end}
            )
            .select_related("created_by", "version__document")
            .prefetch_related(
                "version__document__revisions_as_policy__coordinator",
                "version__document__revisions_as_terms__coordinator",
            )
        )

    def recipients(self, obj, occasion):
        return _hearing_coordinators(obj)

    def title(self, obj):
        return obj.title

    def url(self, obj):
        return reverse("consultation:hearing_detail", kwargs={"slug": obj.slug})


@reminders.register
class HearingOpens(HearingRule):
    key = "consultation.hearing_opens"
    label = _("Hearings: open tomorrow")
    field_name = "opens_at"
    defaults = reminders.RuleConfig(lead_days=(1,))

    def describe(self, obj, occasion, *, today):
        params = {
            "title": obj.title,
            "when": date_format(timezone.localtime(obj.opens_at), "DATETIME_FORMAT"),
        }
        return (
            gettext("The hearing “%(title)s” opens soon") % params,
            gettext("The hearing “%(title)s” opens %(when)s. Check that the hearing page is ready.")
            % params,
        )


@reminders.register
class HearingCloses(HearingRule):
    key = "consultation.hearing_closes"
    label = _("Hearings: close in 3 days")
    field_name = "closes_at"
    defaults = reminders.RuleConfig(lead_days=(3,))

    def describe(self, obj, occasion, *, today):
        params = {
            "title": obj.title,
            "when": date_format(timezone.localtime(obj.closes_at), "DATETIME_FORMAT"),
        }
        return (
            gettext("The hearing “%(title)s” closes soon") % params,
            gettext("The hearing “%(title)s” closes %(when)s.") % params,
        )

    def url(self, obj):
        return reverse("consultation:hearing_responses", kwargs={"slug": obj.slug})


@reminders.register
class HearingClosed(HearingRule):
    """The day after a hearing closed (or within a week, if the scan missed that day)."""

    key = "consultation.hearing_closed"
    label = _("Hearings: closed, start the hearing report")
    field_name = "closes_at"
    defaults = reminders.RuleConfig()
    GRACE_DAYS = 7

    def window(self, *, today, config):
        return today - datetime.timedelta(days=self.GRACE_DAYS), today - datetime.timedelta(days=1)

    def occasions(self, obj, *, today, config):
        due = self.due_date(obj)
        return ["closed"] if due < today <= due + datetime.timedelta(days=self.GRACE_DAYS) else []

    def describe(self, obj, occasion, *, today):
        params = {"title": obj.title}
        return (
            gettext("The hearing “%(title)s” has closed: start the hearing report") % params,
            gettext(
                "The hearing “%(title)s” has closed. Process the responses and start the "
                "hearing report."
            )
            % params,
        )

    def url(self, obj):
        return reverse("consultation:hearing_report", kwargs={"slug": obj.slug})


@reminders.register
class HearingReportDue(reminders.DeadlineRule):
    """The hearing report (høringsnotat) promised on the hearing's page: a week and a day
    before the promised date, and the day after it if the report is still not published."""

    key = "consultation.hearing_report_due"
    label = _("Hearings: the promised hearing report is due")
    model = Hearing
    defaults = reminders.RuleConfig(lead_days=(7, 1), overdue_limit=1)

    def candidates(self, *, today, first_due, last_due):
        return (
            Hearing.objects.filter(
                report_promised_on__gte=first_due,
                report_promised_on__lte=last_due,
                report_published_at__isnull=True,
            )
            .select_related("created_by", "version__document")
            .prefetch_related(
                "version__document__revisions_as_policy__coordinator",
                "version__document__revisions_as_terms__coordinator",
            )
        )

    def due_date(self, obj):
        return obj.report_promised_on

    def recipients(self, obj, occasion):
        return _hearing_coordinators(obj)

    def title(self, obj):
        return gettext("The hearing report of “%(title)s”") % {"title": obj.title}

    def url(self, obj):
        return reverse("consultation:hearing_points", kwargs={"slug": obj.slug})


@reminders.register
class EventSignupDeadline(reminders.DateTimeRule):
    key = "consultation.event_signup_deadline"
    label = _("Events: the sign-up deadline is tomorrow")
    model = Event
    field_name = "signup_deadline"
    defaults = reminders.RuleConfig(lead_days=(1,))

    def candidates(self, *, today, first_due, last_due):
        start, end = self.day_range(first_due, last_due)
        return Event.objects.filter(
            signup_deadline__gte=start, signup_deadline__lt=end
        ).prefetch_related("organisers")

    def recipients(self, obj, occasion):
        return [reminders.user_recipient(user) for user in obj.organisers.all()]

    def describe(self, obj, occasion, *, today):
        params = {
            "title": obj.title,
            "when": date_format(timezone.localtime(obj.signup_deadline), "DATETIME_FORMAT"),
        }
        return (
            gettext("Sign-up for “%(title)s” closes soon") % params,
            gettext("Sign-up for “%(title)s” closes %(when)s. Check the attendee list.") % params,
        )

    def title(self, obj):
        return obj.title

    def url(self, obj):
        return reverse("consultation:event_attendees", kwargs={"pk": obj.pk})


@reminders.register
class EventTomorrow(reminders.DateTimeRule):
    """Reminds the people signed up (not those on the waiting list, nor cancelled)."""

    key = "consultation.event_tomorrow"
    label = _("Events: the event is tomorrow (to the attendees)")
    model = Event
    field_name = "starts_at"
    defaults = reminders.RuleConfig(lead_days=(1,))

    def candidates(self, *, today, first_due, last_due):
        start, end = self.day_range(first_due, last_due)
        attendees = SignUp.objects.confirmed().filter(anonymised_at__isnull=True)
        return Event.objects.filter(starts_at__gte=start, starts_at__lt=end).prefetch_related(
            Prefetch("signups", queryset=attendees, to_attr="attendees")
        )

    def recipients(self, obj, occasion):
        return [
            reminders.Recipient(email=signup.email, name=signup.name, language=signup.language)
            for signup in obj.attendees
        ]

    def describe(self, obj, occasion, *, today):
        params = {
            "title": obj.title,
            "when": date_format(timezone.localtime(obj.starts_at), "DATETIME_FORMAT"),
            "place": obj.place,
        }
        return (
            gettext("Soon: “%(title)s”") % params,
            gettext("You are signed up for “%(title)s”, %(when)s at %(place)s. Welcome!") % params,
        )

    def title(self, obj):
        return obj.title

    def url(self, obj):
        return reverse("consultation:event_detail", kwargs={"pk": obj.pk})
