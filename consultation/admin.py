from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DataRequestLog, Event, EventNote, SignUp, SignUpErasure
from .services.events import event_save


class SignUpInline(admin.TabularInline):
    model = SignUp
    fields = ("name", "organisation", "status", "created_at", "checked_in_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ("title", "starts_at", "audience", "capacity", "personal_data_delete_on")
    list_filter = ("audience",)
    search_fields = ("title", "place")
    filter_horizontal = ("organisers",)
    readonly_fields = ("created_at", "personal_data_deleted_at")
    inlines = [SignUpInline]

    def save_model(self, request, obj, form, change):
        # Through the service: the description is sanitised and freed seats are given out.
        event_save(event=obj, user=request.user, reason="Admin")


@admin.register(SignUp)
class SignUpAdmin(SimpleHistoryAdmin):
    """Sign-ups are changed through the staff pages (waiting list, e-mails); here they are read."""

    list_display = ("name", "event", "status", "created_at", "checked_in_at")
    list_filter = ("status", "event")
    list_select_related = ("event",)
    search_fields = ("name", "email_normalised", "organisation")
    readonly_fields = [field.name for field in SignUp._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(EventNote)
class EventNoteAdmin(SimpleHistoryAdmin):
    list_display = ("event", "section_heading", "author", "created_at")
    list_select_related = ("event", "author")


@admin.register(SignUpErasure)
class SignUpErasureAdmin(admin.ModelAdmin):
    list_display = ("performed_at", "reason", "event", "signup_count", "performed_by")
    readonly_fields = ("performed_at", "reason", "event", "signup_count", "performed_by")

    def has_add_permission(self, request):
        return False


@admin.register(DataRequestLog)
class DataRequestLogAdmin(admin.ModelAdmin):
    """The hearings' personal data log (deletions when retention ends, erasures on request);
    requests themselves are handled and logged on /oversigt/persondata/."""

    list_display = (
        "performed_at",
        "action",
        "hearing",
        "responses_count",
        "attachments_count",
        "performed_by",
    )
    list_filter = ("action",)
    list_select_related = ("hearing", "performed_by")
    readonly_fields = (
        "performed_at",
        "action",
        "hearing",
        "responses_count",
        "attachments_count",
        "performed_by",
        "note",
    )

    def has_add_permission(self, request):
        return False
