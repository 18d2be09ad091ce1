"""The staff page for requests about one person's data: find, export or erase, across the apps."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import PersonalDataForm
from .models import PersonalDataRequest
from .permissions import permission_required
from .personal_data import (
    personal_data_erase,
    personal_data_export,
    personal_data_find,
    personal_data_sources,
)


@permission_required("medborger.handle_personal_data")
def personal_data(request):
    """POST only for an address, so that it never lands in a URL or a server log."""
    form = PersonalDataForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        email, note = form.cleaned_data["email"], form.cleaned_data["note"]
        action = request.POST.get("action")
        if action == "export":
            archive = personal_data_export(email=email, user=request.user, note=note)
            response = HttpResponse(archive, content_type="application/zip")
            response["Content-Disposition"] = 'attachment; filename="persondata.zip"'
            response["Cache-Control"] = "private, no-store"
            return response
        if action == "erase" and not form.cleaned_data["confirm_erase"]:
            form.add_error("confirm_erase", _("Tick the box to confirm the erasure."))
        elif action == "erase":
            entry = personal_data_erase(email=email, user=request.user, note=note)
            labels = _labels(request.user)
            messages.success(
                request,
                _("The person's data is erased: %(counts)s.")
                % {"counts": _counts_text(entry.counts, labels)},
            )
            return redirect("personal_data")
        found = personal_data_find(email=email, user=request.user)
    labels = _labels(request.user)
    log = [
        (entry, _counts_text(entry.counts, labels))
        for entry in PersonalDataRequest.objects.select_related("performed_by")[:20]
    ]
    return render(
        request,
        "medborger/personal_data.html",
        {"form": form, "found": found, "log": log},
        status=400 if form.errors else 200,
    )


def _labels(user) -> dict:
    return {source.key: source.label for source in personal_data_sources(user)}


def _counts_text(counts: dict, labels: dict) -> str:
    return ", ".join(f"{labels.get(key, key)}: {count}" for key, count in counts.items())
