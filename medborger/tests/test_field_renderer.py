"""Form fields written in Python (medborger.field_renderer) are crispy-forms' Bootstrap 5
fields: the same markup, but for whitespace next to tags, on a form of every kind of field and
on every form of every page."""

import io
import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field as template_field
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form as template_form
from django import forms
from django.core.management import call_command
from django.template import Context, Template
from django.utils.safestring import mark_safe

from medborger import field_renderer
from medborger.templatetags import form_fields

from .matrix import COLUMNS, openable_pages

CHOICES = [(1, "Plain"), (2, 'Quotes " and <tags> & ampersands'), (3, mark_safe("<b>safe</b>"))]
GROUPED = [("Group <one>", [(4, "In a group"), (5, "Also")]), ("Two", [(6, "Six")])]


class EveryField(forms.Form):
    required_css_class = "required-row"
    error_css_class = "has-error"

    name = forms.CharField(label="Name <&>", help_text="<em>Help</em> text", max_length=5)
    nameless = forms.CharField(label="", required=False)
    safe_label = forms.CharField(label=mark_safe("<abbr>CPR</abbr>"), required=False)
    number = forms.IntegerField(required=False, min_value=1)
    email = forms.EmailField(help_text="We never show it.")
    agree = forms.BooleanField(label="I agree", help_text="Needed.")
    optional_box = forms.BooleanField(required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "class": "mono"}))
    choice = forms.ChoiceField(choices=CHOICES)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, help_text="Pick one.")
    grouped = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(
        choices=GROUPED, widget=forms.CheckboxSelectMultiple, required=False
    )
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    upload = forms.FileField(required=False)
    moment = forms.SplitDateTimeField(required=False)

    def clean(self):
        if self.data.get("name") == "Anna":
            raise forms.ValidationError(["Top <error>.", "Another."])
        return self.cleaned_data


DATA = [
    None,
    {},
    {"name": "Anna", "email": "a@example.org", "agree": "on", "body": "x", "choice": "1"},
    {"name": "far too long <b>", "number": "0", "email": "nope", "radio": "9", "boxes": ["7"]},
    {"choice": "2", "radio": "3", "many": ["1", "3"], "boxes": ["4", "6"], "grouped": "5"},
]


def normalised(html: str) -> str:
    """The markup as a browser lays it out: whitespace runs as one, none next to a tag."""
    html = re.sub(r"\s+", " ", str(html))
    html = re.sub(r"\s*(<[^>]*>)\s*", r"\1", html)
    return re.sub(r"\s+>", ">", html).strip()


@pytest.mark.parametrize("data", DATA)
def test_every_kind_of_field_is_drawn_as_crispy_forms_draws_it(data):
    ours, theirs = EveryField(data), EveryField(data)
    for name in EveryField.base_fields:
        assert normalised(form_fields.as_crispy_field(ours[name])) == normalised(
            template_field(theirs[name])
        ), name
    assert normalised(form_fields.as_crispy_form(EveryField(data))) == normalised(
        template_form(EveryField(data))
    )


def test_fields_it_does_not_know_are_left_to_the_template():
    form = EveryField()
    assert field_renderer.render_field(form["upload"]) is None
    assert field_renderer.render_field(form["moment"]) is None
    assert field_renderer.render_field(form["name"]) is not None


def test_an_error_and_its_help_text_are_tied_to_the_field():
    html = str(form_fields.as_crispy_field(EveryField({"email": "nope"})["email"]))
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-invalid="true"' in html and "is-invalid" in html
    assert '<p id="error_1_id_email"><strong>' in html


def test_the_templates_load_the_python_renderer():
    template = Template("{% load form_fields %}{{ form|crispy }}{{ form.name|as_crispy_field }}")
    html = template.render(Context({"form": EveryField({"name": "Anna"})}))
    assert html.count('id="div_id_name"') == 2
    assert "Top &lt;error&gt;." in html


@pytest.mark.django_db
def test_every_form_on_every_page_is_drawn_as_crispy_forms_draws_it(persona_client, monkeypatch):
    call_command("seed_demo", stdout=io.StringIO())
    compared = []

    def compare(field):
        html = field_renderer.render_field(field)
        if html is not None:
            assert normalised(html) == normalised(template_field(field)), field.html_name
            compared.append(field.html_name)
        return html

    monkeypatch.setattr(form_fields, "render_field", compare)
    clients = {persona: persona_client(persona) for persona in COLUMNS}
    seen = set()
    for name, url, persona in openable_pages():
        if name in seen:
            continue
        seen.add(name)
        response = clients[persona].get(url)
        assert response.status_code == 200, url
    # The pages draw a few hundred fields: the comparison did run.
    assert len(compared) > 100
