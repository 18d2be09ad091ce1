"""medborger.widgets.Select writes the same HTML as Django's Select; it only renders faster."""

import pytest
from django import forms

from medborger import widgets

CHOICES = [
    ("", "---------"),
    (1, "Plain"),
    (2, 'Quotes " and <tags> & ampersands'),
    ("Group <one>", [(3, "In a group"), (4, "Also in it")]),
    (5, "After the group"),
]


@pytest.mark.parametrize("value", [None, "", 2, "4", [1]])
@pytest.mark.parametrize("attrs", [None, {"class": "form-select", "required": True, "x": False}])
def test_same_html_as_django_select(value, attrs):
    django_html = forms.Select(choices=CHOICES).render("field", value, attrs=attrs)
    fast_html = widgets.Select(choices=CHOICES).render("field", value, attrs=attrs)
    assert fast_html == django_html


def test_same_html_in_a_bound_form():
    class Form(forms.Form):
        slow = forms.ChoiceField(choices=CHOICES, required=False, help_text="Help")
        fast = forms.ChoiceField(
            choices=CHOICES, required=False, help_text="Help", widget=widgets.Select
        )

    form = Form({"slow": "3", "fast": "3"})
    assert str(form["fast"]).replace("fast", "slow") == str(form["slow"])
    assert 'value="3" selected' in str(form["fast"])


@pytest.mark.django_db
def test_options_from_rows_are_the_options_from_instances(django_user_model):
    for username in ["b", "a", "c"]:
        django_user_model.objects.create(username=username, first_name=username.upper())
    queryset = django_user_model.objects.order_by("username")
    by_instance = forms.ModelChoiceField(queryset, widget=widgets.Select)
    by_instance.label_from_instance = lambda user: f"{user.first_name} ({user.username})"
    by_row = forms.ModelChoiceField(queryset, widget=widgets.Select)
    widgets.list_from_rows(
        by_row, "first_name", "username", label=lambda first, user: f"{first} ({user})"
    )
    assert isinstance(by_row.widget.choices, widgets.RowChoiceIterator)
    first = queryset.first()
    assert by_row.widget.render("x", first.pk) == by_instance.widget.render("x", first.pk)
    assert "A (a)</option>" in by_row.widget.render("x", None)
    assert by_row.clean(str(first.pk)) == first  # validation still uses the queryset
