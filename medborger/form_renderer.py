"""The form renderer: Django's TemplatesSetting, with its most used widget templates written in
Python.

Every field of every form is drawn by a widget template (`input.html` and its wrapper
`text.html`, `attrs.html`, and for a drop-down one `select_option.html` per option), each a
template render with its own context. On the staff form pages that was the largest part of the
cost they share beyond the floor (issue 15). `FastTemplatesSetting.render` writes the same
markup, byte for byte, for Django's own templates; it uses them unchanged when a template of the
same name in templates/ (or an app) overrides one of them, or when a value would be localized
by the template (a number or date as a label), so the page stays what the templates say.
medborger/tests/test_form_renderer.py compares both ways of rendering."""

from pathlib import Path

import django
from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise

from .widgets import attrs_html, escape_value

WIDGETS = "django/forms/widgets/"
_DJANGO_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"
#: The wrappers that only include input.html.
_INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
}
_PARTS = {f"{WIDGETS}{name}.html" for name in ("input", "attrs", "select_option")}
_FAST = _INPUTS | _PARTS | {f"{WIDGETS}select.html", f"{WIDGETS}textarea.html"}


def _plain(value) -> bool:
    """A value `{{ value }}` shows as its str (the template would localize a number or date)."""
    return isinstance(value, (str, Promise))


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{escape_value(value)}"'
    kind, name = escape_value(widget["type"]), escape_value(widget["name"])
    return f'<input type="{kind}" name="{name}"{shown}{attrs_html(widget["attrs"])}>'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{escape_value(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            if not _plain(group_name):
                return None
            parts.append(f'\n  <optgroup label="{escape_value(group_name)}">')
        for option in group_choices:
            label = option["label"]
            if option["template_name"] != f"{WIDGETS}select_option.html" or not _plain(label):
                return None
            parts.append(
                f'\n  <option value="{escape_value(option["value"])}"{attrs_html(option["attrs"])}>'
                f"{escape_value(label)}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str | None:
    value = widget["value"]
    if value and not _plain(value):
        return None
    shown = escape_value(value) if value else ""
    name, attrs = escape_value(widget["name"]), attrs_html(widget["attrs"])
    return f'<textarea name="{name}"{attrs}>\n{shown}</textarea>'


class FastTemplatesSetting(TemplatesSetting):
    """TemplatesSetting that writes Django's input, select and textarea widgets in Python."""

    def __init__(self):
        self._unchanged: dict[str, bool] = {}

    def _is_djangos(self, template_name: str) -> bool:
        """Whether the template this project finds under the name is Django's own, unchanged."""
        unchanged = self._unchanged.get(template_name)
        if unchanged is None:
            source = getattr(self.get_template(template_name).template, "source", None)
            own = (_DJANGO_TEMPLATES / template_name).read_text(encoding="utf-8")
            unchanged = self._unchanged[template_name] = source == own
        return unchanged

    def _fast(self, template_name: str) -> bool:
        if template_name not in _FAST:
            return False
        needed = [template_name, f"{WIDGETS}attrs.html"]
        if template_name in _INPUTS:
            needed.append(f"{WIDGETS}input.html")
        elif template_name == f"{WIDGETS}select.html":
            needed.append(f"{WIDGETS}select_option.html")
        return all(self._is_djangos(name) for name in needed)

    def render(self, template_name, context, request=None):
        if self._fast(template_name):
            widget = context["widget"]
            if template_name == f"{WIDGETS}select.html":
                markup = _select(widget)
            elif template_name == f"{WIDGETS}textarea.html":
                markup = _textarea(widget)
            elif template_name in _INPUTS or template_name == f"{WIDGETS}input.html":
                markup = _input(widget)
            else:
                markup = None
            if markup is not None:
                # As BaseRenderer.render, which strips the template's output.
                return markup.strip()
        return super().render(template_name, context, request=request)
