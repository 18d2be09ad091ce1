from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medborger.admin_history import LabelledHistoryAdmin as SimpleHistoryAdmin
from medborger.admin_labels import LabelledListEditableMixin

from .models import (
    OutboundEmail,
    PersonalDataRequest,
    Reminder,
    ReminderOptOut,
    ReminderRule,
    User,
)
from .reminders import registry, rule_configs


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (
        (
            _("Medborger"),
            {"fields": ("phone", "department", "language", "reminder_delivery", "calendar_token")},
        ),
    )
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "groups")


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to_address", "subject", "notification", "status", "attempts")
    list_filter = ("status", "notification")
    search_fields = ("to_address", "subject", "idempotency_key", "message_id")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try again now"))
    def retry_now(self, request, queryset):
        count = queryset.exclude(status=OutboundEmail.Status.SENT).update(
            status=OutboundEmail.Status.QUEUED, next_attempt_at=timezone.now(), attempts=0
        )
        self.message_user(request, _("%(count)s e-mails queued again.") % {"count": count})


@admin.register(ReminderRule)
class ReminderRuleAdmin(LabelledListEditableMixin, admin.ModelAdmin):
    list_display = (
        "key",
        "rule_label",
        "enabled",
        "lead_days",
        "working_days",
        "overdue_limit",
        "escalation_after_days",
    )
    list_editable = ("enabled",)
    readonly_fields = ("key", "rule_label")
    fields = (
        "key",
        "rule_label",
        "enabled",
        "lead_days",
        "working_days",
        "overdue_limit",
        "escalation_after_days",
    )

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        rule_configs(registry())
        return super().get_queryset(request)

    @admin.display(description=_("description"))
    def rule_label(self, obj):
        return str(obj)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "rule",
        "occasion",
        "recipient_email",
        "recipient_name",
        "status",
        "email_status",
        "error",
    )
    list_filter = ("status", "rule")
    search_fields = ("recipient_email", "recipient_name", "subject")
    date_hierarchy = "created_at"
    list_select_related = ("outbound_email",)
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("e-mail status"))
    def email_status(self, obj):
        email = obj.outbound_email
        return email.get_status_display() if email else "–"


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ("user", "rule")
    list_filter = ("rule",)
    search_fields = ("user__username", "user__email")


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(admin.ModelAdmin):
    """The log of requests about personal data: read only, as it is the record of what was done."""

    list_display = ("performed_at", "action", "performed_by", "counts", "note")
    list_filter = ("action",)
    list_select_related = ("performed_by",)
    readonly_fields = [f.name for f in PersonalDataRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
