"""The form renderer writes Django's input, select and textarea widgets in Python: the same
HTML as the templates, byte for byte."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from medborger.form_renderer import FastTemplatesSetting

CHOICES = [
    ("", "---------"),
    (1, "Plain"),
    (2, 'Quotes " and <tags> & ampersands'),
    (3, gettext_lazy("Yes")),
    (4, mark_safe("<b>safe</b>")),
    ("Group <one>", [(5, "In a group"), (6, "Also in it")]),
    (7, 1234.5),  # a number as a label: the template localizes it, so it is left to it
    (8, "After the group"),
]


class EveryWidget(forms.Form):
    text = forms.CharField(help_text="Help", widget=forms.TextInput(attrs={"placeholder": 'a"<'}))
    number = forms.IntegerField(required=False)
    decimal = forms.DecimalField(required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    time = forms.TimeField(required=False)
    moment = forms.DateTimeField(required=False)
    check = forms.BooleanField(required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    choice = forms.ChoiceField(choices=CHOICES[:6] + CHOICES[7:], required=False)
    numbered = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[:6], required=False)
    radio = forms.ChoiceField(choices=CHOICES[:3], widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES[:3], widget=forms.CheckboxSelectMultiple, required=False
    )


DATA = [
    {},
    {
        "text": 'x "<&> y',
        "number": "12",
        "decimal": "1,5",
        "email": "a@example.org",
        "password": "secret&",
        "hidden": "h",
        "day": "2026-12-03",
        "time": "10:30",
        "moment": "2026-12-03 10:30",
        "check": "on",
        "body": "line\n<b>two</b> & three",
        "choice": "5",
        "numbered": "7",
        "many": ["1", "3"],
        "radio": "2",
        "boxes": ["1"],
    },
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("initial", [None, {"day": datetime.date(2026, 12, 3), "number": 1234}])
def test_every_widget_renders_as_the_templates_do(data, initial):
    templates = EveryWidget(data or None, initial=initial, renderer=TemplatesSetting())
    fast = EveryWidget(data or None, initial=initial, renderer=FastTemplatesSetting())
    for name in EveryWidget.base_fields:
        assert str(fast[name]) == str(templates[name]), name
    assert str(fast) == str(templates)


def test_an_overridden_template_is_used(settings, tmp_path):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / "input.html").write_text('<input data-overridden name="{{ widget.name }}">')
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    html = str(EveryWidget(renderer=FastTemplatesSetting())["text"])
    assert html == '<input data-overridden name="text">'


def test_the_templates_are_not_rendered_for_djangos_widgets(monkeypatch):
    rendered = []
    monkeypatch.setattr(
        TemplatesSetting, "render", lambda self, name, *args, **kwargs: rendered.append(name)
    )
    form = EveryWidget(renderer=FastTemplatesSetting())
    for name in ("text", "number", "check", "body", "choice", "many", "day"):
        str(form[name])
    assert rendered == []
