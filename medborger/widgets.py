"""Form widgets that render the same HTML as Django's, faster.

Django renders each <option> of a <select> through a template include; with a few hundred
options (every milestone, initiative or meeting) that is 20-50 ms of a staff page (issue 15).
`Select` writes the options in Python instead. The markup is the same, byte for byte, as
Django's templates (`django/forms/widgets/select.html`, `select_option.html`, `attrs.html`),
which medborger/tests/test_widgets.py checks."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> str:
    """As `django/forms/widgets/attrs.html`: in order, True as a bare name, False left out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """A drop-down list whose options are written in Python, not by one template each.

    Named like Django's, because crispy-forms gives a field the CSS class of its widget's class
    name ("select"), and the page must stay the same."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(format_html('\n  <option value="{}"', str(option["value"])))
                parts.append(_attrs(option["attrs"]))
                parts.append(format_html(">{}</option>\n", option["label"]))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        # Every part is escaped above (format_html), as the templates' autoescape would.
        return mark_safe("".join(parts))
