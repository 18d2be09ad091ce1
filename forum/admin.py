from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Forum


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ("name", "mandate_display", "secretariat_unit")
    prepopulated_fields = {"slug": ("name",)}
