from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import OutboundEmail, User


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
