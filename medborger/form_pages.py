"""The one way a staff page shows a form, calls a service and reports the service's refusal.

- `add_service_errors(form, error)` puts a service's (or a model's) ValidationError on the form:
  each field's messages next to that field, the rest at the top as non-field errors.
- `form_page(request, template, form=..., save=..., done=...)` is a page with one form: on a
  valid POST it calls the service; when the service refuses, nothing was saved and the form is
  shown again with the refusal on it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def add_service_errors(form, error: ValidationError, *, aliases: dict | None = None) -> None:
    """Show a service's ValidationError on `form`: by field where the form has the field
    (`aliases` maps a model field to the form field that edits it), at the top otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    aliases = aliases or {}
    for field, errors in error.error_dict.items():
        field = aliases.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def form_page(
    request,
    template: str,
    *,
    form,
    save,
    done,
    success="",
    aliases: dict | None = None,
    invalid_status: int = 400,
    **context,
):
    """A page with one form, rendered from `template` with `form` and `context`.

    On a valid POST it calls the service `save()`. When that returns, it shows `success` (if
    any) and redirects to `done`; each is a value or a callable given what `save()` returned.
    When the form is invalid or the service refuses with a ValidationError, the page is shown
    again with the errors on the form (see `add_service_errors`) and `invalid_status`.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except ValidationError as error:
            add_service_errors(form, error, aliases=aliases)
        else:
            message = success(result) if callable(success) else success
            if message:
                messages.success(request, message)
            return redirect(done(result) if callable(done) else done)
    status = invalid_status if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)
