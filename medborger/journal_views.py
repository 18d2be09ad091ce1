"""Journal packages for the case system: ask for one, follow its progress, download it.

Each kind of case names the permission that guards it (see `journal.JournalKind`); the views
check it on the case itself, and every download is recorded.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import journal
from .models import JournalDownload, JournalPackage


def _case(user, kind_name: str, object_id: int):
    kind = journal.kinds().get(kind_name)
    if kind is None:
        raise Http404
    obj = kind.get(object_id)
    if obj is None:
        raise Http404
    if not user.has_perm(kind.permission, obj):
        raise PermissionDenied
    return kind, obj


@require_POST
@login_required
def journal_request(request, kind, object_id):
    _kind, obj = _case(request.user, kind, object_id)
    package = journal.journal_package_request(kind=kind, obj=obj, user=request.user)
    return redirect("journal_package", pk=package.pk)


def _package_for(request, pk):
    package = get_object_or_404(JournalPackage, pk=pk)
    kind, obj = _case(request.user, package.kind, package.object_id)
    return package, kind, obj


@login_required
def journal_package(request, pk):
    package, kind, obj = _package_for(request, pk)
    return render(
        request,
        "medborger/journal_package.html",
        {
            "package": package,
            "kind": kind,
            "case": obj,
            "downloads": package.downloads.select_related("user")[:50],
            "earlier": JournalPackage.objects.filter(
                kind=package.kind, object_id=package.object_id
            ).exclude(pk=package.pk)[:20],
        },
    )


@login_required
def journal_download(request, pk):
    package, _kind, _obj = _package_for(request, pk)
    if package.status != JournalPackage.Status.DONE or not package.file:
        raise Http404
    JournalDownload.objects.create(package=package, user=request.user)
    response = FileResponse(
        package.file.open("rb"),
        as_attachment=True,
        filename=f"journalpakke-{package.kind}-{package.object_id}-{package.pk}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
