"""Form widgets that render the same HTML as Django's, faster.

Django renders each <option> of a <select> through a template include; with a few hundred
options (every milestone, initiative or meeting) that is 20-50 ms of a staff page (issue 15).
`Select` writes the options in Python instead. The markup is the same, byte for byte, as
Django's templates (`django/forms/widgets/select.html`, `select_option.html`, `attrs.html`),
which medborger/tests/test_widgets.py checks. `list_from_rows` lets a ModelChoiceField build
its options from a few columns rather than from model instances."""

import functools
import html
from collections.abc import Callable

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.safestring import SafeString, mark_safe


def escape_value(value) -> str:
    """As the templates' autoescape (`conditional_escape`), without its per-call overhead."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def attrs_html(attrs: dict) -> str:
    """As `django/forms/widgets/attrs.html`: in order, True as a bare name, False left out."""
    return "".join(
        f" {escape_value(name)}"
        if value is True
        else f' {escape_value(name)}="{escape_value(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """A drop-down list whose options are written in Python, not by one template each.

    Named like Django's, because crispy-forms gives a field the CSS class of its widget's class
    name ("select"), and the page must stay the same."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        # Django's Select.get_context less the option dictionaries (`optgroups`).
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        selected_values = set(widget["value"])
        selected_attrs = attrs_html(self.checked_attribute)
        parts = [f'<select name="{escape_value(widget["name"])}"{attrs_html(widget["attrs"])}>']
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            if grouped:
                parts.append(f'\n  <optgroup label="{escape_value(option_value)}">')
            for value_, label in option_label if grouped else [(option_value, option_label)]:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    value_
                ) in selected_values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{escape_value(value_)}"'
                    f"{selected_attrs if selected else ''}>{escape_value(label)}</option>\n"
                )
            if grouped:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Every value and label is escaped above, as the templates' autoescape would.
        return mark_safe("".join(parts))


class RowChoiceIterator(ModelChoiceIterator):
    """A ModelChoiceField's options from rows of a few columns instead of model instances.

    Building a few hundred model instances (with `select_related`) to write their labels costs
    5-10 ms; the rows cost under 1 ms. Validation still uses the field's queryset. Set it up
    with `list_from_rows`."""

    def __init__(self, field, *, columns: tuple[str, ...], label: Callable[..., str]):
        super().__init__(field)
        self.columns = columns
        self.label = label

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *values in self.queryset.values_list(
            self.field.to_field_name or "pk", *self.columns
        ):
            yield (ModelChoiceIteratorValue(pk, None), self.label(*values))


def list_from_rows(field: forms.ModelChoiceField, *columns: str, label: Callable[..., str]) -> None:
    """Let `field` list its options from `columns` of its queryset, labelled by
    `label(*values)`; the label must be the same as `field.label_from_instance` gives."""
    field.iterator = functools.partial(RowChoiceIterator, columns=columns, label=label)
    field.widget.choices = field.choices
