from django.urls import path

from .views import documents, imports, process

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

#: The revision process: milestones, groups, tasks, stakeholders, decisions (timeline issue).
#: Everything lives below proces/; a revision's own pages below proces/<slug>/.
process_patterns = [
    path("proces/", process.revision_list, name="revision_list"),
    path("proces/nyt/", process.revision_create, name="revision_create"),
    path("proces/milepael/<int:pk>/rediger/", process.milestone_edit, name="milestone_edit"),
    path("proces/milepael/<int:pk>/flyt/", process.milestone_move, name="milestone_move"),
    path("proces/milepael/<int:pk>/status/", process.milestone_status, name="milestone_status"),
    path("proces/milepael/<int:pk>/beslutning/", process.decision_create, name="decision_create"),
    path(
        "proces/beslutning/<int:pk>/bilag/",
        process.decision_attachments,
        name="decision_attachments",
    ),
    path(
        "proces/bilag/<int:pk>/",
        process.decision_attachment_download,
        name="decision_attachment_download",
    ),
    path("proces/gruppe/<int:pk>/rediger/", process.group_edit, name="group_edit"),
    path("proces/gruppe/<int:pk>/medlem/", process.member_create, name="member_create"),
    path("proces/gruppe/<int:pk>/opgave/", process.task_create, name="task_create"),
    path("proces/medlem/<int:pk>/rediger/", process.member_edit, name="member_edit"),
    path("proces/medlem/<int:pk>/fjern/", process.member_remove, name="member_remove"),
    path("proces/opgave/<int:pk>/rediger/", process.task_edit, name="task_edit"),
    path("proces/opgave/<int:pk>/udfoert/", process.task_complete, name="task_complete"),
    path("proces/opgave/<int:pk>/genaabn/", process.task_reopen, name="task_reopen"),
    path("proces/interessent/<int:pk>/rediger/", process.stakeholder_edit, name="stakeholder_edit"),
    path("proces/<slug:slug>/", process.revision_public, name="revision_public"),
    path("proces/<slug:slug>/styring/", process.revision_manage, name="revision_manage"),
    path("proces/<slug:slug>/rediger/", process.revision_edit, name="revision_edit"),
    path("proces/<slug:slug>/milepael/", process.milestone_create, name="milestone_create"),
    path("proces/<slug:slug>/gruppe/", process.group_create, name="group_create"),
    path("proces/<slug:slug>/interessent/", process.stakeholder_create, name="stakeholder_create"),
]

#: Importing terms of reference from Word, Markdown or text (import issue).
import_patterns = [
    path("kommissorium/import/", imports.import_upload, name="import_upload"),
    path("kommissorium/import/<uuid:pk>/", imports.import_preview, name="import_preview"),
    path("kommissorium/import/<uuid:pk>/annuller/", imports.import_cancel, name="import_cancel"),
    path("kommissorium/import/<uuid:pk>/oprettet/", imports.import_done, name="import_done"),
]

urlpatterns = document_patterns + process_patterns + import_patterns
