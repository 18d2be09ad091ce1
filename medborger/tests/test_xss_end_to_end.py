"""The XSS corpus goes in through the forms and never comes out as markup that could run.

Every POST form that a role can reach (read from the pages the permission matrix opens, as in
`test_forms_never_fail`) is submitted with what a browser would send untouched, except that one
free-text field at a time carries payloads from the corpus: every payload that fits the field's
length, starting at a different place in the corpus for each field, so that together the fields
carry all of it (a textarea carries the whole corpus at once). Each answer is checked, and so is
the page a successful form leads to. Then every page of the permission matrix is opened as
every role and checked: no page a citizen or staff member views may carry runnable markup.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from medborger.testing.fuzz import forms_on_page
from medborger.testing.public_forms import solved_fields
from medborger.testing.xss import PAYLOADS, executable_markup

from .matrix import COLUMNS, openable_pages

pytestmark = pytest.mark.django_db(transaction=False)

#: Forms that end the session, switch language or delete data on purpose.
SKIP_ACTION = re.compile(r"/(admin|i18n)/|/log-ud/|/fjern/|/annuller/|/persondata/")
FREE_TEXT = {"text", "search", "textarea"}


def _valid_value(input_type: str) -> str | None:
    soon = timezone.localdate() + datetime.timedelta(days=20)
    return {
        "email": "borger@example.org",
        "date": soon.isoformat(),
        "datetime-local": f"{soon.isoformat()}T10:00",
        "time": "10:00",
        "number": "1",
        "url": "https://example.org/",
        "tel": "43577575",
    }.get(input_type)


def _payload_text(start: int, limit: int | None) -> str:
    """Payloads from `start` on, wrapping round, as many as fit in `limit` characters."""
    chosen, used = [], 0
    for step in range(len(PAYLOADS)):
        payload = PAYLOADS[(start + step) % len(PAYLOADS)]
        if limit is not None and used + len(payload) + 1 > limit:
            break
        chosen.append(payload)
        used += len(payload) + 1
    return " ".join(chosen) or PAYLOADS[start % len(PAYLOADS)][: limit or None]


def _base_data(spec) -> dict:
    data = {}
    for name, values in spec.initial.items():
        kind = spec.input_types.get(name)
        if kind in {"checkbox", "radio"} or spec.fields.get(name) == "select":
            data[name] = values
        elif kind == "hidden" or any(values):
            data[name] = values[0] if values else ""
        else:
            data[name] = _valid_value(kind) or "Ishøj"
    return data


def _html(response) -> str | None:
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return None
    return response.content.decode()


def test_no_page_carries_a_payload_that_came_in_through_a_form(persona_client):
    call_command("seed_demo", stdout=io.StringIO())
    clients = {persona: persona_client(persona) for persona in COLUMNS}
    pages = [(persona, url) for _name, url, persona in openable_pages()]
    problems, accepted, offset = [], 0, 0

    def check(where: str, response) -> None:
        html = _html(response)
        if html is not None:
            found = executable_markup(html)
            if found:
                problems.append((where, found[:3]))

    seen = set()
    for persona, url in pages:
        html = _html(clients[persona].get(url))
        for spec in forms_on_page(html or "", url):
            key = (persona, spec.action)
            if spec.method != "post" or key in seen or SKIP_ACTION.search(spec.action):
                continue
            seen.add(key)
            base = _base_data(spec)
            for name, input_type in spec.input_types.items():
                if input_type not in FREE_TEXT:
                    continue
                limit = None if input_type == "textarea" else spec.max_lengths.get(name, 300)
                offset += 7
                data = {**base, name: _payload_text(offset, limit)}
                if "<altcha-widget" in (html or ""):
                    # A public form: its proof of work, solved afresh each time as a browser does.
                    data.update(solved_fields(_html(clients[persona].get(url)) or ""))
                response = clients[persona].post(spec.action, data)
                check(f"{persona} POST {spec.action} [{name}]", response)
                if response.status_code == 302:
                    accepted += 1
                    location = response["Location"]
                    if location.startswith("/"):
                        check(f"{persona} GET {location}", clients[persona].get(location))

    carrying = 0
    for persona, url in pages:
        response = clients[persona].get(url)
        check(f"{persona} GET {url}", response)
        html = _html(response) or ""
        carrying += "xss(" in html

    assert problems == [], problems
    # The payloads were stored and shown (escaped), not just refused at the door.
    assert accepted >= 60, accepted
    assert carrying >= 100, carrying
