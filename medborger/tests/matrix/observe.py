"""Print what each role gets from URLs that have no row yet, as rows for expected.txt.

    pytest medborger/tests/matrix/observe.py -s -p no:logging

A starting point for a new URL's row: read each code and keep it only if it is what the
permission should give.
"""

import io

import pytest
from django.core.management import call_command

from . import COLUMNS, expected_table, outcome, request, url_for, url_names


@pytest.mark.django_db
def test_print_rows_for_urls_without_one(persona_client):
    call_command("seed_demo", stdout=io.StringIO())
    clients = {persona: persona_client(persona) for persona in COLUMNS}
    known = {name for name, _method in expected_table()}
    for name in sorted(set(url_names()) - known):
        for method in ("GET", "POST"):
            codes = [outcome(request(clients[p], method, url_for(name))) for p in COLUMNS]
            print(f"{name:<35} {method:<7}" + "".join(f"{c:<6}" for c in codes).rstrip())  # noqa: T201
