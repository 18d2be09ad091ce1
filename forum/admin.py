from django.contrib import admin

from medborger.admin_history import LabelledHistoryAdmin as SimpleHistoryAdmin
from medborger.admin_labels import LabelledTabularInline

from .models import (
    ActionPlan,
    AgendaItem,
    Attendance,
    BudgetYear,
    Expense,
    Forum,
    Initiative,
    Meeting,
    Membership,
    Person,
    Seat,
)


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ("name", "mandate_display", "secretariat_unit")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "forum", "position")
    list_filter = ("forum", "kind")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("name", "forum", "user")
    list_filter = ("forum",)
    search_fields = ("name", "email")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("person", "seat", "role", "starts_on", "ends_on")
    list_filter = ("role", "seat__forum")
    list_select_related = ("person", "seat")


class AgendaItemInline(LabelledTabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "forum", "starts_at", "place")
    list_filter = ("forum",)
    inlines = [AgendaItemInline]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ("meeting", "person", "status")
    list_select_related = ("meeting", "person")


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ("title", "forum", "starts_on", "ends_on", "status")


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "action_plan", "theme", "status", "standing_committee")
    list_filter = ("status", "standing_committee")
    search_fields = ("title", "theme")


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Money is written only through the budget pages' services (year lock, overspend rule);
    the admin shows it with its full history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BudgetYear)
class BudgetYearAdmin(ReadOnlyAdmin):
    list_display = ("forum", "year", "allocation")


@admin.register(Expense)
class ExpenseAdmin(ReadOnlyAdmin):
    list_display = ("date", "description", "amount", "category", "status", "over_allocation")
    list_filter = ("budget_year__forum", "budget_year__year", "category", "status")
    search_fields = ("description",)
    list_select_related = ("budget_year",)
