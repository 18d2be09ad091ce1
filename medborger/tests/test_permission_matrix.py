"""Every URL of the project × every role, against the table in matrix/expected.txt."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from .matrix import COLUMNS, EXPECTED, expected_table, outcome, request, url_for, url_names


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
        urls = admin_urls() if name == "admin" else [(name, url_for(name))]
        for label, url in urls:
            for persona, client in clients.items():
                got = outcome(request(client, method, url))
                if got != expected[persona]:
                    mismatches.append(
                        f"{label} {method} {url} as {persona}: {got}, expected {expected[persona]}"
                    )
    assert mismatches == [], "\n".join(mismatches)
