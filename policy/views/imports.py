"""Import terms of reference: upload a file, check and edit what was read, then confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medborger.html import sanitize_html
from medborger.permissions import permission_required
from policy.forms.imports import ImportPreview, UploadForm
from policy.importer import ImportedTerms
from policy.models import TermsImport
from policy.services.imports import (
    ImportNotPending,
    default_options,
    terms_import_cancel,
    terms_import_confirm,
    terms_import_start,
)

PERMISSION = "policy.import_terms"


def _own_import(request, pk) -> TermsImport:
    """The user's own import, or 404: nobody sees or confirms another user's upload."""
    return get_object_or_404(
        TermsImport.objects.select_related("document"), pk=pk, created_by=request.user
    )


@permission_required(PERMISSION)
def import_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending = terms_import_start(name=upload.name, data=upload.read(), user=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("policy:import_preview", pk=pending.pk)
    return render(request, "policy/imports/upload.html", {"form": form})


@permission_required(PERMISSION)
def import_preview(request, pk):
    pending = _own_import(request, pk)
    if pending.status == TermsImport.Status.CONFIRMED:
        return redirect("policy:import_done", pk=pending.pk)
    if pending.status != TermsImport.Status.PENDING or pending.is_expired:
        messages.warning(request, _("This import is no longer open. Upload the file again."))
        return redirect("policy:import_upload")
    terms = ImportedTerms.from_json(pending.parsed)
    options = default_options(terms)
    preview = ImportPreview(
        terms,
        options=options,
        user=request.user,
        data=request.POST if request.method == "POST" else None,
    )
    errors = []
    if request.method == "POST" and preview.is_valid():
        edited, chosen = preview.result()
        try:
            terms_import_confirm(pending=pending, terms=edited, options=chosen, user=request.user)
        except ImportNotPending:
            messages.warning(request, _("This import is no longer open. Nothing was created."))
            return redirect("policy:import_upload")
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The terms of reference have been imported."))
            return redirect("policy:import_done", pk=pending.pk)
    return render(
        request,
        "policy/imports/preview.html",
        {
            "pending": pending,
            "terms": terms,
            "preview": preview,
            "errors": errors,
            # The text as it will be stored (sanitised), next to the field that edits it.
            "section_rows": zip(
                preview.sections.forms,
                [mark_safe(sanitize_html(section.body)) for section in terms.sections],
                strict=False,
            ),
        },
    )


@require_POST
@permission_required(PERMISSION)
def import_cancel(request, pk):
    pending = _own_import(request, pk)
    try:
        terms_import_cancel(pending=pending, user=request.user)
    except ImportNotPending:
        messages.warning(request, _("This import is no longer open."))
    else:
        messages.info(request, _("The import was cancelled. Nothing was created."))
    return redirect("policy:import_upload")


@permission_required(PERMISSION)
def import_done(request, pk):
    pending = _own_import(request, pk)
    if pending.status != TermsImport.Status.CONFIRMED or pending.document is None:
        raise Http404
    document = pending.document
    revisions = list(document.revisions_as_terms.prefetch_related("groups__members", "milestones"))
    forums = list(document.forums.all())
    sections = list(document.current_version.sections.all()) if document.current_version else []
    return render(
        request,
        "policy/imports/done.html",
        {
            "pending": pending,
            "document": document,
            "version": document.current_version,
            "sections": sections,
            "revisions": revisions,
            "forums": forums,
        },
    )
