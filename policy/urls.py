from django.urls import path

from .views import documents, imports

app_name = "policy"

#: Documents, versions, comparison, restore, review and export (policy-drafts issue).
document_patterns = [
    path("dokumenter/", documents.document_list, name="document_list"),
    path("dokumenter/ny/", documents.document_new, name="document_new"),
    path("dokumenter/<slug:slug>/", documents.document_detail, name="document_detail"),
    path(
        "dokumenter/<slug:slug>/oplysninger/",
        documents.document_particulars,
        name="document_particulars",
    ),
    path("dokumenter/<slug:slug>/rediger/", documents.document_editor, name="document_editor"),
    path(
        "dokumenter/<slug:slug>/status/",
        documents.document_transition_view,
        name="document_transition",
    ),
    path("dokumenter/<slug:slug>/versioner/", documents.version_list, name="version_list"),
    path(
        "dokumenter/<slug:slug>/versioner/<int:number>/",
        documents.version_detail,
        name="version_detail",
    ),
    path(
        "dokumenter/<slug:slug>/versioner/<int:number>/gendan/",
        documents.version_restore_view,
        name="version_restore",
    ),
    path(
        "dokumenter/<slug:slug>/versioner/<int:number>/word/",
        documents.version_docx,
        name="version_docx",
    ),
    path(
        "dokumenter/<slug:slug>/versioner/<int:number>/pdf/",
        documents.version_pdf,
        name="version_pdf",
    ),
    path(
        "dokumenter/<slug:slug>/versioner/<int:number>/kommentarer/",
        documents.comment_new,
        name="comment_new",
    ),
    path(
        "dokumenter/<slug:slug>/kommentarer/<int:pk>/loest/",
        documents.comment_resolve_view,
        name="comment_resolve",
    ),
    path(
        "dokumenter/<slug:slug>/sammenlign/",
        documents.version_compare_pick,
        name="version_compare_pick",
    ),
    path(
        "dokumenter/<slug:slug>/sammenlign/<int:old>/<int:new>/",
        documents.version_compare,
        name="version_compare",
    ),
    # Public: the adopted version, or the hearing version while the hearing runs.
    path("laes/<slug:slug>/", documents.document_public, name="document_public"),
    path("laes/<slug:slug>/pdf/", documents.document_public_pdf, name="document_public_pdf"),
]

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
