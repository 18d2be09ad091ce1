"""Helpers shared by the forum's views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from forum.forms import apply_errors
from forum.models import Forum


def get_forum(slug: str) -> Forum:
    return get_object_or_404(Forum.objects.select_related("terms_of_reference"), slug=slug)


def forum_from_kwargs(request, forum: str, **kwargs) -> Forum:
    """For `permission_required(..., fn)`: the forum in the URL (404 if there is none)."""
    return get_forum(forum)


_PK_PLACEHOLDER = 987654321


def url_pattern(name: str, **kwargs) -> str:
    """A reversed URL with "{pk}" where the primary key goes, for long lists: one reverse()
    per page instead of one per row. `url_pattern(...).format(pk=obj.pk)`."""
    url = reverse(name, kwargs={**kwargs, "pk": _PK_PLACEHOLDER})
    return url.replace(str(_PK_PLACEHOLDER), "{pk}")


def reference_date(forum: Forum):
    return forum.reference_date(timezone.localdate())


def saved(form, call, *, aliases: dict | None = None):
    """Run the service `call()` if the form is valid and return its result; otherwise, or when
    the service refuses, return None with the errors on the form next to their fields."""
    if not form.is_valid():
        return None
    try:
        return call()
    except ValidationError as error:
        apply_errors(form, error, aliases=aliases)
        return None


def form_view(
    request,
    *,
    forum: Forum,
    form,
    save,
    success,
    done,
    heading: str,
    cancel_url: str,
    tab: str,
    aliases: dict | None = None,
    **extra,
):
    """A page with one form (templates/forum/form.html).

    On a valid POST it runs the service `save()`; when that succeeds it shows `success` and
    goes to `done` (each a value, or a callable given what `save()` returned). Otherwise it
    shows the form again with the errors next to their fields.
    """
    result = request.method == "POST" and saved(form, save, aliases=aliases)
    if result:
        messages.success(request, success(result) if callable(success) else success)
        return redirect(done(result) if callable(done) else done)
    return render(
        request,
        "forum/form.html",
        {
            "forum": forum,
            "form": form,
            "heading": heading,
            "cancel_url": cancel_url,
            "tab": tab,
            **extra,
        },
    )
