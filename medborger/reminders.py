"""Deadline reminders: the rules each app declares in its `reminders.py`, and the bookkeeping that
sends every reminder once.

A rule (`DeadlineRule`) finds the objects whose deadline falls in the scan's window with one
queryset and says who is reminded. `reminders_scan` runs every rule, records each reminder as a
`Reminder` row under a unique constraint (rule, object, occasion, recipient) with
`INSERT … ON CONFLICT DO NOTHING`, and turns only the rows it inserted itself into outbox
e-mails, in the same transaction. Parallel scans, re-runs and crashed scans therefore never send
a reminder twice, and nothing is scheduled ahead: what is due lives in the database.
"""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import dates, outbox
from .dates import DatePrecision
from .models import OutboundEmail, Reminder, ReminderOptOut, ReminderRule, User
from .reminder_registry import register as register  # the apps' rules use `reminders.register`
from .reminder_registry import registered_keys, registry

#: A pending reminder untouched for this long belonged to a scan that died; the next scan takes it.
STALE_PENDING = datetime.timedelta(minutes=10)
#: A missed escalation (the scan did not run that day) is still sent this many days later.
ESCALATION_GRACE_DAYS = 7


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    user: Any = None
    language: str = ""

    @property
    def key(self) -> str:
        address = (self.email or "").strip().lower()
        if address:
            return address[:254]
        who = f"user-{self.user.pk}" if self.user is not None else self.name
        return f"no-address:{who}"[:254]


def user_recipient(user) -> Recipient:
    return Recipient(email=user.email, name=str(user), user=user, language=user.language)


def member_recipient(member) -> Recipient:
    """A group member: their own address, else that of their log-in."""
    user = member.user
    email = member.email or (user.email if user is not None else "")
    return Recipient(
        email=email, name=member.name, user=user, language=getattr(user, "language", "")
    )


@dataclass(frozen=True)
class RuleConfig:
    enabled: bool = True
    lead_days: tuple[int, ...] = ()
    working_days: bool = False
    overdue_limit: int = 0
    escalation_after_days: int | None = None

    @classmethod
    def from_row(cls, row: ReminderRule) -> "RuleConfig":
        return cls(
            enabled=row.enabled,
            lead_days=tuple(row.lead_days_list),
            working_days=row.working_days,
            overdue_limit=row.overdue_limit,
            escalation_after_days=row.escalation_after_days,
        )


class DeadlineRule:
    """One kind of reminder. Subclasses set the class attributes and implement `candidates`,
    `due_date`, `recipients`, `title` and `url`; `occasions` and `describe` have defaults for
    "due in n days", "overdue" and "escalated"."""

    key: str = ""
    label = ""
    model: type[models.Model]
    notification = "reminder"
    defaults = RuleConfig()

    # --- what a rule implements ----------------------------------------------------------------

    def candidates(self, *, today, first_due, last_due) -> Iterable[models.Model]:
        """The objects due between the two dates (inclusive), with their recipients loaded:
        one queryset with select_related / prefetch_related, whatever the data size."""
        raise NotImplementedError

    def due_date(self, obj) -> datetime.date | None:
        raise NotImplementedError

    def recipients(self, obj, occasion: str) -> list[Recipient]:
        raise NotImplementedError

    def title(self, obj) -> str:
        return str(obj)

    def url(self, obj) -> str:
        """The path of the page where the recipient acts on the object."""
        raise NotImplementedError

    def uses_working_days(self, obj, config: RuleConfig) -> bool:
        return config.working_days

    # --- defaults ------------------------------------------------------------------------------

    def window(self, *, today, config: RuleConfig) -> tuple[datetime.date, datetime.date]:
        back = config.overdue_limit
        if config.escalation_after_days is not None:
            back = max(back, config.escalation_after_days + ESCALATION_GRACE_DAYS)
        last = today
        for lead in config.lead_days:
            last = max(last, self._latest_due(today, lead, config.working_days))
        return today - datetime.timedelta(days=back), last

    @staticmethod
    def _latest_due(today, lead: int, working_days: bool) -> datetime.date:
        if not working_days:
            return today + datetime.timedelta(days=lead)
        day = today + datetime.timedelta(days=lead)
        while dates.working_days_before(day + datetime.timedelta(days=1), lead) <= today:
            day += datetime.timedelta(days=1)
        return day

    def trigger_date(self, due: datetime.date, lead: int, *, working_days: bool) -> datetime.date:
        if working_days:
            return dates.working_days_before(due, lead)
        return due - datetime.timedelta(days=lead)

    def occasions(self, obj, *, today, config: RuleConfig) -> list[str]:
        """ "lead-<n>" for the latest lead time that has come (a scan that missed its day still
        sends it later), "overdue-<date>" once a day up to the limit, and "escalation"."""
        due = self.due_date(obj)
        if due is None:
            return []
        found = []
        if today <= due:
            working_days = self.uses_working_days(obj, config)
            reached = [
                lead
                for lead in config.lead_days
                if self.trigger_date(due, lead, working_days=working_days) <= today
            ]
            if reached:
                found.append(f"lead-{min(reached)}")
            return found
        late = (today - due).days
        if late <= config.overdue_limit:
            found.append(f"overdue-{today.isoformat()}")
        after = config.escalation_after_days
        if after is not None and after <= late <= after + ESCALATION_GRACE_DAYS:
            found.append("escalation")
        return found

    def describe(self, obj, occasion: str, *, today) -> tuple[str, str]:
        """The subject and the sentence of the e-mail, in the active language."""
        due = self.due_date(obj)
        params = {
            "title": self.title(obj),
            "date": dates.display(due, DatePrecision.DAY),
            "days": abs((due - today).days),
        }
        if occasion.startswith("lead-"):
            if params["days"] == 0:
                subject = _("Reminder: “%(title)s” is due today") % params
            else:
                subject = (
                    ngettext(
                        "Reminder: “%(title)s” is due tomorrow",
                        "Reminder: “%(title)s” is due in %(days)s days",
                        params["days"],
                    )
                    % params
                )
            return subject, _("“%(title)s” is due on %(date)s.") % params
        if occasion == "escalation":
            return (
                _("Escalated: “%(title)s” is overdue") % params,
                ngettext(
                    "“%(title)s” was due on %(date)s and is still not done, %(days)s day later. "
                    "You receive this as chair of the steering group.",
                    "“%(title)s” was due on %(date)s and is still not done, %(days)s days later. "
                    "You receive this as chair of the steering group.",
                    params["days"],
                )
                % params,
            )
        return (
            _("Overdue: “%(title)s”") % params,
            _("“%(title)s” was due on %(date)s and is not marked as done.") % params,
        )

    def due(self, *, today, config: RuleConfig) -> Iterator[tuple[models.Model, str]]:
        first, last = self.window(today=today, config=config)
        for obj in self.candidates(today=today, first_due=first, last_due=last):
            for occasion in self.occasions(obj, today=today, config=config):
                yield obj, occasion


class DateTimeRule(DeadlineRule):
    """A rule whose deadline is a point in time; it is due on that day in Europe/Copenhagen."""

    field_name = ""

    def due_date(self, obj):
        return timezone.localdate(getattr(obj, self.field_name))

    @staticmethod
    def day_range(first_due, last_due) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware datetimes from the start of `first_due` to the start of the day after
        `last_due`, local midnight on either side of a daylight-saving change."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(first_due, datetime.time.min)
        end = datetime.datetime.combine(last_due + datetime.timedelta(days=1), datetime.time.min)
        return timezone.make_aware(start, zone), timezone.make_aware(end, zone)


def rule_configs(rules: dict[str, DeadlineRule]) -> dict[str, RuleConfig]:
    """The administrator's settings of each rule; rows missing are created from the defaults."""
    rows = {row.key: row for row in ReminderRule.objects.all()}
    missing = [rule_row_default(rule) for key, rule in rules.items() if key not in rows]
    if missing:
        ReminderRule.objects.bulk_create(missing, ignore_conflicts=True)
        rows = {row.key: row for row in ReminderRule.objects.all()}
    return {key: RuleConfig.from_row(rows[key]) for key in rules}


def rule_row_default(rule: DeadlineRule) -> ReminderRule:
    defaults = rule.defaults
    return ReminderRule(
        key=rule.key,
        enabled=defaults.enabled,
        lead_days=", ".join(str(day) for day in sorted(defaults.lead_days, reverse=True)),
        working_days=defaults.working_days,
        overdue_limit=defaults.overdue_limit,
        escalation_after_days=defaults.escalation_after_days,
    )


# --- The scan ----------------------------------------------------------------------------------


@dataclass
class Planned:
    rule: DeadlineRule
    obj: Any
    occasion: str
    recipient: Recipient


@dataclass
class ScanResult:
    found: int = 0
    recorded: int = 0
    queued: int = 0
    digest: int = 0
    skipped: int = 0
    failed: int = 0
    details: dict = field(default_factory=dict)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def reminders_scan(*, today: datetime.date | None = None, now=None) -> ScanResult:
    """Find every reminder that is due and put it in the outbox (or the digest) exactly once.

    Runs in a fixed number of queries whatever the data size: one per rule for its candidates
    (plus its fixed prefetches) and a handful for the bookkeeping.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    rules = registry()
    configs = rule_configs(rules)
    opted_out = set(ReminderOptOut.objects.values_list("user_id", "rule"))
    scan_id = uuid.uuid4().hex
    content_types = ContentType.objects.get_for_models(*{rule.model for rule in rules.values()})

    planned: dict[tuple, Planned] = {}
    rows = []
    for rule in rules.values():
        config = configs[rule.key]
        if not config.enabled:
            continue
        content_type = content_types[rule.model]
        for obj, occasion in rule.due(today=today, config=config):
            for recipient in rule.recipients(obj, occasion):
                key = (rule.key, content_type.pk, str(obj.pk), occasion, recipient.key)
                if key in planned:
                    continue
                planned[key] = Planned(rule, obj, occasion, recipient)
                row = Reminder(
                    rule=rule.key,
                    content_type=content_type,
                    object_id=str(obj.pk),
                    occasion=occasion,
                    recipient_key=recipient.key,
                    recipient_email=(recipient.email or "").strip()[:254],
                    recipient_name=recipient.name[:200],
                    recipient=recipient.user,
                    scan_id=scan_id,
                    created_at=now,
                    updated_at=now,
                )
                _skip_reason(row, recipient, opted_out)
                rows.append(row)

    result = ScanResult(found=len(rows))
    with transaction.atomic():
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)
        Reminder.objects.filter(
            status=Reminder.Status.PENDING, updated_at__lt=now - STALE_PENDING
        ).update(scan_id=scan_id, updated_at=now)
        ours = list(Reminder.objects.filter(scan_id=scan_id))
        result.recorded = len(ours)
        pending = [row for row in ours if row.status == Reminder.Status.PENDING]
        _deliver(pending, planned, scan_id=scan_id, today=today, now=now)
        for status in Reminder.objects.filter(scan_id=scan_id).values_list("status", flat=True):
            result.details[status] = result.details.get(status, 0) + 1
    result.queued = result.details.get(Reminder.Status.QUEUED, 0)
    result.digest = result.details.get(Reminder.Status.DIGEST, 0)
    result.skipped = result.details.get(Reminder.Status.SKIPPED, 0)
    result.failed = result.details.get(Reminder.Status.FAILED, 0)
    return result


def _skip_reason(row: Reminder, recipient: Recipient, opted_out: set) -> None:
    user = recipient.user
    if user is not None and (user.pk, row.rule) in opted_out:
        row.status, row.error = Reminder.Status.SKIPPED, "Opted out of this rule."
    elif user is not None and not user.is_active:
        row.status, row.error = Reminder.Status.SKIPPED, "The user's log-in is deactivated."
    elif not row.recipient_email:
        row.status, row.error = Reminder.Status.SKIPPED, "No e-mail address."


class ReminderRenderer:
    """Renders reminder e-mails: the templates once per notification, language and shape
    (with a name or without), with a marker for each value, and then each e-mail by putting
    its values in place (HTML-escaped in the HTML part). Rendering 2,000 e-mails through the
    template engine one by one took most of a large scan's time.

    The reminder templates may therefore only print these values, not filter or test them
    (other than whether there is a name); `test_the_fast_rendering_equals_the_template`
    holds the two ways together.
    """

    FIELDS = (
        "recipient_name",
        "subject",
        "message",
        "rule_label",
        "object_title",
        "object_url",
        "settings_url",
    )

    def __init__(self):
        self._shapes = {}

    def render(self, *, notification: str, language: str, context: dict) -> outbox.RenderedEmail:
        shape = (notification, language, bool(context["recipient_name"]))
        if shape not in self._shapes:
            markers = {name: f"\u27e6{name}\u27e7" for name in self.FIELDS}
            if not context["recipient_name"]:
                markers["recipient_name"] = ""
            self._shapes[shape] = outbox.notification_render(
                notification=notification, context=markers, language=language
            )
        template = self._shapes[shape]
        subject, text, html = template.subject, template.body_text, template.body_html
        for name in self.FIELDS:
            marker, value = f"\u27e6{name}\u27e7", str(context[name] or "")
            subject = subject.replace(marker, " ".join(value.split()))
            text = text.replace(marker, value)
            html = html.replace(marker, escape(value))
        return outbox.RenderedEmail(subject=subject, body_text=text, body_html=html)


def _deliver(rows: list[Reminder], planned: dict, *, scan_id: str, today, now) -> None:
    """Render and queue the e-mails of the claimed rows (or hold them for the digest), and
    record the outcome on each row, in a few statements whatever the number of rows."""
    emails, digest, gone = [], [], []
    renderer = ReminderRenderer()
    settings_url = absolute(reverse("reminder_settings"))
    for row in rows:
        item = planned.get(
            (row.rule, row.content_type_id, row.object_id, row.occasion, row.recipient_key)
        )
        if item is None:
            gone.append(row.pk)
            continue
        recipient = item.recipient
        language = recipient.language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject, message = item.rule.describe(item.obj, item.occasion, today=today)
            row.subject = subject[:255]
            row.url = absolute(item.rule.url(item.obj))[:500]
            if (
                recipient.user is not None
                and recipient.user.reminder_delivery == User.ReminderDelivery.DAILY_DIGEST
            ):
                row.status, row.updated_at = Reminder.Status.DIGEST, now
                digest.append(row)
                continue
            context = {
                "recipient_name": recipient.name,
                "subject": subject,
                "message": message,
                "rule_label": str(item.rule.label),
                "object_title": item.rule.title(item.obj),
                "object_url": row.url,
                "settings_url": settings_url,
            }
            rendered = renderer.render(
                notification=item.rule.notification, language=language, context=context
            )
        email = _outbound(
            to=row.recipient_email,
            rendered=rendered,
            notification=item.rule.notification,
            recipient=recipient.user,
            idempotency_key=f"reminder:{row.pk}",
            now=now,
        )
        email.related_type_id = row.content_type_id
        email.related_id = row.object_id
        emails.append(email)
    ours = Reminder.objects.filter(scan_id=scan_id, status=Reminder.Status.PENDING)
    if gone:
        ours.filter(pk__in=gone).update(
            status=Reminder.Status.SKIPPED,
            error="No longer due, or the object was deleted, before it was sent.",
            updated_at=now,
        )
    if digest:
        Reminder.objects.bulk_update(digest, ["status", "subject", "url", "updated_at"])
    if not emails:
        return
    OutboundEmail.objects.bulk_create(emails)
    # Each reminder finds its e-mail by the idempotency key: one UPDATE, not one per row.
    its_email = OutboundEmail.objects.filter(
        idempotency_key=Concat(Value("reminder:"), Cast(OuterRef("pk"), CharField()))
    ).values("pk")[:1]
    ours.update(status=Reminder.Status.QUEUED, outbound_email=Subquery(its_email), updated_at=now)
    Reminder.objects.filter(
        scan_id=scan_id, outbound_email__status=OutboundEmail.Status.FAILED
    ).update(status=Reminder.Status.FAILED, error="No valid e-mail address.")
    if any(email.status == OutboundEmail.Status.QUEUED for email in emails):
        transaction.on_commit(outbox.relay_nudge)


def _outbound(*, to, rendered, notification, recipient, idempotency_key, now) -> OutboundEmail:
    email = OutboundEmail(
        to_address=to,
        recipient=recipient,
        from_address=settings.DEFAULT_FROM_EMAIL,
        subject=rendered.subject[:255],
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        notification=notification,
        message_id=OutboundEmail.new_message_id(),
        idempotency_key=idempotency_key,
        created_at=now,
        next_attempt_at=now,
    )
    try:
        validate_email(to)
    except ValidationError:
        email.status = OutboundEmail.Status.FAILED
        email.last_error = "No valid e-mail address."
    return email


# --- The daily digest --------------------------------------------------------------------------


def reminders_digest(*, today: datetime.date | None = None, now=None) -> int:
    """Send each user who chose the daily digest one e-mail with the reminders held for them.

    The rows are locked (skipping rows another digest holds) and marked in the same transaction
    that writes the e-mail, so two digests running at once never send a reminder twice.
    Returns the number of digests queued.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Reminder.Status.DIGEST)
            .select_related("recipient")
            .order_by("pk")
        )
        by_recipient = defaultdict(list)
        for row in rows:
            by_recipient[row.recipient_key].append(row)
        emails = []
        settings_url = absolute(reverse("reminder_settings"))
        for group in by_recipient.values():
            first = group[0]
            user = first.recipient
            language = (user.language if user else "") or settings.LANGUAGE_CODE
            rendered = outbox.notification_render(
                notification="reminder_digest",
                context={
                    "recipient": user,
                    "recipient_name": first.recipient_name,
                    "reminders": group,
                    "today": today,
                    "settings_url": settings_url,
                },
                language=language,
            )
            email = _outbound(
                to=first.recipient_email,
                rendered=rendered,
                notification="reminder_digest",
                recipient=user,
                idempotency_key=f"reminder-digest:{first.pk}",
                now=now,
            )
            emails.append((group, email))
        if not emails:
            return 0
        OutboundEmail.objects.bulk_create([email for _, email in emails])
        for group, email in emails:
            for row in group:
                row.outbound_email = email
                row.updated_at = now
                if email.status == OutboundEmail.Status.FAILED:
                    row.status, row.error = Reminder.Status.FAILED, email.last_error
                else:
                    row.status = Reminder.Status.DIGESTED
        Reminder.objects.bulk_update(rows, ["status", "error", "outbound_email", "updated_at"])
        transaction.on_commit(outbox.relay_nudge)
    return len(emails)


# --- Per-user settings -------------------------------------------------------------------------


def reminder_settings_update(*, user: User, delivery: str, opted_out_rules: Iterable[str]) -> None:
    """Save a user's choice of delivery and the rules they do not want reminders of."""
    known = registered_keys()
    wanted_out = {key for key in opted_out_rules if key in known}
    with transaction.atomic():
        if user.reminder_delivery != delivery:
            user.reminder_delivery = delivery
            user.save(update_fields=["reminder_delivery"])
        ReminderOptOut.objects.filter(user=user).exclude(rule__in=wanted_out).delete()
        ReminderOptOut.objects.bulk_create(
            [ReminderOptOut(user=user, rule=key) for key in sorted(wanted_out)],
            ignore_conflicts=True,
        )
