from django.contrib import admin

from medborger.admin_history import LabelledHistoryAdmin as SimpleHistoryAdmin
from medborger.admin_labels import LabelledTabularInline

from .models import (
    DataRequestLog,
    Event,
    EventNote,
    Hearing,
    HearingResponse,
    SignUp,
    SignUpErasure,
)
from .services.events import event_save
from .services.hearings import HEARING_EDITABLE_FIELDS, hearing_update


class SignUpInline(LabelledTabularInline):
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


@admin.register(Hearing)
class HearingAdmin(SimpleHistoryAdmin):
    """Hearings with their history. A hearing is created by sending its document to hearing
    (the staff page); here its texts and dates can be changed, through the same service."""

    list_display = ("title", "opens_at", "closes_at", "report_promised_on", "report_published_at")
    list_select_related = ("version__document",)
    search_fields = ("title", "slug")
    fields = ("title", "slug", "version", "milestone", *HEARING_EDITABLE_FIELDS[1:])
    readonly_fields = ("slug", "version", "milestone")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        hearing_update(hearing=obj, user=request.user, **changes)


@admin.register(HearingResponse)
class HearingResponseAdmin(SimpleHistoryAdmin):
    """Responses with their history; they are processed on the staff pages, read here."""

    list_display = ("reference", "hearing", "subject", "status", "review_status", "submitted_at")
    list_filter = ("status", "review_status", "channel", "hearing")
    list_select_related = ("hearing",)
    search_fields = ("reference", "subject", "organisation_name")
    exclude = ("sections", "themes", "form_token", "normalised_hash")
    readonly_fields = [
        field.name
        for field in HearingResponse._meta.fields
        if field.name not in {"form_token", "normalised_hash", "search_vector"}
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
