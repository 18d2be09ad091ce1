"""`form_page` and `add_service_errors`: one way to show a form, call a service and report
its refusal next to the field it concerns."""

from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from medborger.form_pages import add_service_errors, form_page

TEMPLATE = "form_pages/_test_form.html"


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)
    start_time = forms.CharField(required=False)


@pytest.fixture(autouse=True)
def test_templates(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"],
        }
    ]


def post(data):
    request = RequestFactory().post("/form/", data)
    request.session = {}
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    return request


def test_field_errors_go_next_to_their_field_and_the_rest_to_the_top():
    form = NameForm({"name": "Anna"})
    assert form.is_valid()

    add_service_errors(
        form,
        ValidationError(
            {"name": "Taken.", "starts_at": "Too early.", "slug": "Not shown as a field."}
        ),
        aliases={"starts_at": "start_time"},
    )

    assert form.errors["name"] == ["Taken."]
    assert form.errors["start_time"] == ["Too early."]
    assert form.non_field_errors() == ["Not shown as a field."]


def test_an_error_without_fields_goes_to_the_top():
    form = NameForm({"name": "Anna"})
    assert form.is_valid()

    add_service_errors(form, ValidationError("The hearing is closed."))

    assert form.non_field_errors() == ["The hearing is closed."]


def test_a_valid_post_calls_the_service_says_so_and_goes_on():
    calls = []
    request = post({"name": "Anna"})
    form = NameForm(request.POST)

    response = form_page(
        request,
        TEMPLATE,
        form=form,
        save=lambda: calls.append(form.cleaned_data["name"]) or "anna",
        success=lambda result: f"Saved {result}.",
        done=lambda result: f"/done/{result}/",
        title="Name",
    )

    assert (response.status_code, response["Location"]) == (302, "/done/anna/")
    assert calls == ["Anna"]
    assert [str(m) for m in get_messages(request)] == ["Saved anna."]


def test_a_refusal_is_shown_on_the_form_and_nothing_goes_on():
    request = post({"name": "Anna"})

    def refuse():
        raise ValidationError({"name": "That name is taken."})

    response = form_page(
        request, TEMPLATE, form=NameForm(request.POST), save=refuse, done="/done/", title="Name"
    )

    assert response.status_code == 400
    assert response.content.decode().strip() == "Name|name=That name is taken.;"
    assert list(get_messages(request)) == []


def test_invalid_input_never_reaches_the_service():
    request = post({"name": ""})

    response = form_page(
        request,
        TEMPLATE,
        form=NameForm(request.POST),
        save=lambda: pytest.fail("the service was called"),
        done="/done/",
        invalid_status=200,
        title="Name",
    )

    assert response.status_code == 200
    assert response.content.decode().startswith("Name|name=")
