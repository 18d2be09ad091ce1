from django.contrib import admin

from medborger.admin_history import LabelledHistoryAdmin as SimpleHistoryAdmin
from medborger.admin_labels import LabelledTabularInline

from .models import (
    Decision,
    DecisionAttachment,
    Document,
    DocumentTransition,
    DocumentVersion,
    Group,
    GroupMember,
    Milestone,
    PolicyRevision,
    ReviewComment,
    Section,
    Stakeholder,
    Task,
)


class ReadOnlyAdminMixin:
    """Versions and their sections are written only through policy.services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "status", "journal_number", "document_date", "current_version")
    list_filter = ("kind", "status")
    search_fields = ("title", "journal_number", "case_officer_name")
    prepopulated_fields = {"slug": ("title",)}
    #: The status and the frozen versions change only through the workflow
    #: (policy.services.document_transition), which records who, when and why.
    readonly_fields = ("status", "current_version", "hearing_version", "adopted_version")


class SectionInline(ReadOnlyAdminMixin, LabelledTabularInline):
    model = Section
    fields = ("position", "heading", "key")
    extra = 0


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("document", "number", "label", "author", "created_at", "frozen_at")
    list_filter = ("document",)
    list_select_related = ("document", "author")
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("heading", "version", "position")
    list_select_related = ("version__document",)
    search_fields = ("heading",)


@admin.register(PolicyRevision)
class PolicyRevisionAdmin(SimpleHistoryAdmin):
    list_display = ("title", "starts_on", "coordinator")
    prepopulated_fields = {"slug": ("title",)}


class GroupMemberInline(LabelledTabularInline):
    model = GroupMember
    fields = ("position", "name", "department", "role", "email", "phone", "user")
    extra = 0


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "revision")
    list_filter = ("kind", "revision")
    inlines = [GroupMemberInline]


@admin.register(GroupMember)
class GroupMemberAdmin(SimpleHistoryAdmin):
    list_display = ("name", "department", "role", "group")
    list_filter = ("group",)
    search_fields = ("name", "department", "email")


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ("title", "revision", "kind", "date_display", "status", "position")
    list_filter = ("revision", "kind", "status")
    list_select_related = ("revision",)


@admin.register(DocumentTransition)
class DocumentTransitionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Status changes are recorded by policy.services.document_transition only."""

    list_display = ("document", "from_status", "to_status", "user", "created_at")
    list_filter = ("document", "to_status")
    list_select_related = ("document", "user")


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "document", "author", "created_at", "resolved_at")
    list_filter = ("document",)
    list_select_related = ("document", "author")
    search_fields = ("body",)


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ("title", "group", "owner", "due_on", "status")
    list_filter = ("status", "group__revision", "group")
    list_select_related = ("group", "owner")
    search_fields = ("title", "owner__name")
    date_hierarchy = "due_on"


@admin.register(Stakeholder)
class StakeholderAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "kind",
        "revision",
        "special_invitation",
        "invitation_sent_on",
        "answer",
    )
    list_filter = ("revision", "kind", "special_invitation", "answer")
    search_fields = ("name", "contact_name")


class DecisionAttachmentInline(ReadOnlyAdminMixin, LabelledTabularInline):
    """Files are added through the revision page, which checks them by content."""

    model = DecisionAttachment
    fields = ("filename", "kind", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    """Decisions are recorded on the revision's page (`policy.services.process.decision_record`):
    recording dates the milestone, keeps the chain's order and, for the city council's
    adoption, adopts the document. Here only the wording can be corrected."""

    list_display = ("milestone", "version", "meeting_on", "outcome")
    readonly_fields = (
        "milestone",
        "version",
        "meeting_on",
        "outcome",
        "recorded_by",
        "recorded_at",
    )

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    list_filter = ("outcome", "milestone__revision")
    list_select_related = ("milestone", "version__document")
    inlines = [DecisionAttachmentInline]
