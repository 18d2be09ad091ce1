"""The shared Django admin has no axe-core violation (WCAG 2.1 A and AA), serious, critical or
other, on its index, on every registered model's list, on its add page and on the edit page of one
of its objects, with the demo data loaded (issue 14 asks for no serious or critical one)."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from medborger.testing.browser import AccessibilityViolations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_pages(user) -> list[str]:
    """The index, then each registered model's list, add and first object's edit page, as far
    as the superuser may open them."""
    request = RequestFactory().get("/admin/")
    request.user = user
    paths = [reverse("admin:index")]
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        paths.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            paths.append(reverse(f"{name}_add"))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"{name}_change", args=[first.pk]))
    return paths


def test_the_admin_list_add_and_edit_pages_have_no_accessibility_violation(
    page, browser_login, superuser
):
    call_command("seed_demo", stdout=io.StringIO())
    browser_login(superuser)

    paths = admin_pages(superuser)
    failures = []
    for path in paths:
        try:
            response = page.goto(path)
        except AccessibilityViolations as violations:
            failures.append(str(violations))
            continue
        assert response.status == 200, path
        # The page is the admin's own, not the log-in form it sends strangers to.
        assert page.locator("#user-tools").count() == 1, path

    assert not failures, "\n".join(failures)
    # Every registered model was visited, with its list and at least one edit page.
    assert len(paths) > 2 * len(admin.site._registry)
