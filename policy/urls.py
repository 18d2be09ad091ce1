from django.urls import path

from .views import imports

app_name = "policy"

#: Documents, versions, comparison, restore, review and export (policy-drafts issue).
document_patterns = []

#: The revision process: milestones, groups, tasks, stakeholders, calendar (timeline issue).
process_patterns = []

#: Importing terms of reference from Word, Markdown or text (import issue).
import_patterns = [
    path("kommissorium/import/", imports.import_upload, name="import_upload"),
    path("kommissorium/import/<uuid:pk>/", imports.import_preview, name="import_preview"),
    path("kommissorium/import/<uuid:pk>/annuller/", imports.import_cancel, name="import_cancel"),
    path("kommissorium/import/<uuid:pk>/oprettet/", imports.import_done, name="import_done"),
]

urlpatterns = document_patterns + process_patterns + import_patterns
