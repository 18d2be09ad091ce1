"""Arbitrary input to every form a role can reach never gives a server error.

The pages come from the permission matrix (every URL the table says a persona may open); the
forms are read from what those pages really serve, so a new form is covered without a line
written for it here.
"""

import io
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medborger.testing.fuzz import GET_VALUES, form_data, forms_on_page, get_parameters_on_page
from medborger.testing.public_forms import solved_fields

from .matrix import COLUMNS, expected_table, request, url_for

SKIP_ACTIONS = ("/admin/",)


def reachable_forms(clients):
    """(persona, FormSpec, page) for every POST form on every page, once per persona and action;
    `page` is the URL of a public form's page (its proof of work is solved afresh each time), or
    None."""
    seen, targets = set(), []
    for (name, method), expected in expected_table().items():
        if method != "GET" or name == "admin":
            continue
        url = url_for(name)
        persona = next((p for p in COLUMNS if expected[p] == "200"), None)
        if persona is None:
            continue
        response = request(clients[persona], "GET", url)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        for spec in forms_on_page(html, url):
            key = (persona, spec.action)
            if (
                spec.method == "post"
                and key not in seen
                and not spec.action.startswith(SKIP_ACTIONS)
            ):
                seen.add(key)
                targets.append((persona, spec, url if "<altcha-widget" in html else None))
    return targets


@pytest.fixture
def targets(db, persona_client):
    call_command("seed_demo", stdout=io.StringIO())
    clients = {persona: persona_client(persona) for persona in COLUMNS}
    return clients, reachable_forms(clients)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_answers_with_a_server_error(targets, data):
    clients, forms = targets
    assert len(forms) >= 4  # log-in, log-out, language, password reset at least
    for persona, spec, page in forms:
        payload = data.draw(form_data(spec), label=f"{persona} {spec.action}")
        if page is not None and data.draw(st.booleans(), label="proof of work solved"):
            # Past the public form's door too, so that its fields are what meets the input.
            page_html = clients[persona].get(page).content.decode()
            payload = {**payload, **solved_fields(page_html)}
        response = request(clients[persona], "POST", spec.action, payload)
        assert response.status_code < 500, (persona, spec.action, payload)


def reachable_get_parameters(clients):
    """(persona, url, parameter names) for every page a persona may open and its parameters."""
    targets = []
    for (name, method), expected in expected_table().items():
        if method != "GET" or name == "admin":
            continue
        persona = next((p for p in COLUMNS if expected[p] == "200"), None)
        if persona is None:
            continue
        url = url_for(name)
        response = request(clients[persona], "GET", url)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue
        names = get_parameters_on_page(response.content.decode(), url)
        # Every page may be asked for these, whether it offers them or not.
        targets.append((persona, url, sorted(names | {"q", "side", "next"})))
    return targets


@pytest.fixture
def get_targets(db, persona_client):
    call_command("seed_demo", stdout=io.StringIO())
    clients = {persona: persona_client(persona) for persona in COLUMNS}
    return clients, reachable_get_parameters(clients)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_query_parameter_answers_with_a_server_error(get_targets, data):
    """Run it on PostgreSQL too: NUL in a query parameter is where PostgreSQL differs."""
    clients, pages = get_targets
    assert len(pages) >= 20
    for persona, url, names in pages:
        params = data.draw(
            st.fixed_dictionaries({}, optional=dict.fromkeys(names, GET_VALUES)),
            label=f"{persona} {url}",
        )
        response = request(clients[persona], "GET", url + "?" + urlencode(params))
        assert response.status_code < 500, (persona, url, params)
