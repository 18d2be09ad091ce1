"""History pages in the admin that show what people read, not what the database stores:
"Planlagt → Udført" instead of "planned → done"."""

from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


class LabelledContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if getattr(field, "flatchoices", None) and not isinstance(value, list):
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if value is None:
            return "–"
        return super().prepare_delta_change_value(change, value)


class LabelledHistoryAdmin(SimpleHistoryAdmin):
    """`SimpleHistoryAdmin` whose list of changes names each choice by its label."""

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledContextHelper(self.model, historical_record)
