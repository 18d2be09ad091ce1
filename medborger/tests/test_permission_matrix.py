"""Every URL of the project × every role, against the table in matrix/expected.txt."""

import copy
import io
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from medborger.testing.fixtures import PERSONAS

from .matrix.kwargs import URL_KWARGS

EXPECTED = Path(__file__).parent / "matrix" / "expected.txt"
COLUMNS = list(PERSONAS)
#: Django admin URLs are covered by checking the admin index and each model's change list.
ADMIN_NAMESPACE = "admin"


def url_names(patterns=None, namespace=None) -> list[str]:
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner == ADMIN_NAMESPACE:
                continue
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            names += url_names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def expected_table() -> dict[tuple[str, str], dict[str, str]]:
    table = {}
    for line in EXPECTED.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, method, *codes = line.split()
        assert len(codes) == len(COLUMNS), f"{name}: {len(codes)} codes, not {len(COLUMNS)}"
        table[(name, method)] = dict(zip(COLUMNS, codes, strict=True))
    return table


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    return str(response.status_code)


def request(client, method: str, url: str):
    """One request whose database and cookie changes are undone, so the checks stay independent
    (a log-out, for example, must not log the persona out for the next URL)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.post(url) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def admin_urls() -> list[tuple[str, str]]:
    urls = [("admin", reverse("admin:index"))]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        urls.append(("admin", reverse(name)))
    return urls


def test_every_url_has_a_row_in_the_expected_table():
    table = {name for name, _method in expected_table()}
    missing = sorted(set(url_names()) - table)
    assert missing == [], f"Add these URLs to {EXPECTED.name}: {missing}"
    unknown = sorted(table - set(url_names()) - {"admin"})
    assert unknown == [], f"These rows name no URL any more: {unknown}"


@pytest.mark.django_db
def test_every_role_gets_what_the_table_says(persona_client):
    call_command("seed_demo", stdout=io.StringIO())
    table = expected_table()
    clients = {persona: persona_client(persona) for persona in COLUMNS}
    mismatches = []
    for (name, method), expected in table.items():
        urls = (
            admin_urls()
            if name == "admin"
            else [(name, reverse(name, kwargs=URL_KWARGS[name]() if name in URL_KWARGS else None))]
        )
        for label, url in urls:
            for persona, client in clients.items():
                got = outcome(request(client, method, url))
                if got != expected[persona]:
                    mismatches.append(
                        f"{label} {method} {url} as {persona}: {got}, expected {expected[persona]}"
                    )
    assert mismatches == [], "\n".join(mismatches)
