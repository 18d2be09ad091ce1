"""Form fields drawn as crispy-forms' Bootstrap 5 pack draws them, written in Python.

Every field of every form page went through crispy-forms' `bootstrap5/field.html` and the
templates it includes (label, help text, errors; one per option of a radio list): about six
template renders a field, most of what a staff form page cost beyond the floor (issue 15).
`render_field` writes the same markup for the context this project gives those templates (no
FormHelper: labels shown, errors shown, no label or field class); for a field it does not know
(a file input, a widget made of several) it returns None and the template draws it. The
template tags `form_fields.crispy` and `form_fields.as_crispy_field` use it in place of
crispy-forms' filters of the same names. medborger/tests/test_field_renderer.py compares both
ways on every form of every page; they differ only in whitespace next to tags."""

from django import forms
from django.forms.boundfield import BoundField
from django.template.defaultfilters import unordered_list
from django.templatetags.l10n import unlocalize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .widgets import attrs_html, escape_value


def _is_checkbox(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.CheckboxInput)


def _is_option_list(widget: forms.Widget) -> bool:
    """A radio list or a list of checkboxes: crispy-forms draws each option itself."""
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


def _known(field: BoundField) -> bool:
    widget = field.field.widget
    return not isinstance(widget, forms.FileInput | forms.MultiWidget) and not hasattr(
        widget, "widget"
    )


def _widget_with_classes(field: BoundField, classes: str) -> str:
    """The widget, with the classes crispy-forms' `{% crispy_field %}` tag gives it: its own,
    the widget's class name in lower case, then `classes`. Like the tag, this changes the
    widget's attrs (the form's own copy of the widget)."""
    widget = field.field.widget
    class_name = type(widget).__name__.lower()
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    widget.attrs["class"] = css_class
    present = css_class.split()
    for name in classes.split():
        if name not in present:
            widget.attrs["class"] += f" {name}"
            present.append(name)
    return str(field)


def _errors_block(field: BoundField) -> str:
    """`bootstrap5/layout/field_errors_block.html`."""
    errors = field.errors
    if not errors:
        return ""
    auto_id = escape_value(field.auto_id)
    lines = "".join(
        f'<p id="error_{number}_{auto_id}"><strong>{escape_value(error)}</strong></p>'
        for number, error in enumerate(errors, start=1)
    )
    field_id = escape_value(errors.field_id)  # type: ignore[attr-defined]  # Django 5.2
    return f'<div id="{field_id}_error" class="invalid-feedback">{lines}</div>'


def _help_text(field: BoundField) -> str:
    """`bootstrap5/layout/help_text.html` (the help text is not escaped there either)."""
    if not field.help_text:
        return ""
    named = f'id="{escape_value(field.auto_id)}_helptext" ' if field.auto_id else ""
    return f'<div {named}class="form-text">{field.help_text}</div>'


def _label_text(field: BoundField) -> str:
    required = '<span class="asteriskField">*</span>' if field.field.required else ""
    return f"{conditional_escape(field.label)}{required}"


def _option_list(field: BoundField) -> str:
    """`bootstrap5/layout/radio_checkbox_select.html` with no inline class."""
    from crispy_forms.templatetags.crispy_forms_filters import optgroups

    invalid = " is-invalid" if field.errors else ""
    name = escape_value(field.html_name)
    groups = list(optgroups(field))
    parts = ["<div>"]
    for group_number, (group, options, _index) in enumerate(groups, start=1):
        if group:
            parts.append(f"<strong>{conditional_escape(group)}</strong>")
        for option_number, option in enumerate(options, start=1):
            value = conditional_escape(unlocalize(option["value"]))
            label = conditional_escape(unlocalize(option["label"]))
            parts.append(
                f'<div class="form-check"><input type="{escape_value(option["type"])}" '
                f'class="form-check-input{invalid}" name="{name}" value="{value}"'
                f"{attrs_html(option['attrs'])}>"
                f'<label for="{escape_value(option["attrs"].get("id", ""))}" '
                f'class="form-check-label">{label}</label>'
            )
            if field.errors and option_number == len(options) and group_number == len(groups):
                parts.append(_errors_block(field))
            parts.append("</div>")
    parts.append("</div>")
    parts.append(_help_text(field))
    return "".join(parts)


def render_field(field: BoundField) -> SafeString | None:
    """`bootstrap5/field.html` for this field, or None where only the template knows how."""
    if field.is_hidden:
        return mark_safe(str(field))
    if not _known(field):
        return None
    widget = field.field.widget
    required = " requiredField" if field.field.required else ""
    checkbox = _is_checkbox(widget)
    wrapper = "form-check" if checkbox else "mb-3"
    css_classes = field.css_classes()
    if css_classes:
        wrapper += f" {css_classes}"
    parts = ['<div class="mb-3">'] if checkbox else []
    parts.append(f'<div id="div_{escape_value(field.auto_id)}" class="{escape_value(wrapper)}">')
    fieldset = field.use_fieldset and bool(field.label)
    if field.label and not checkbox:
        tag = "legend" if field.use_fieldset else "label"
        if field.use_fieldset:
            described = field.aria_describedby
            described = f' aria-describedby="{escape_value(described)}"' if described else ""
            parts.append(f"<fieldset{described}>")
        target = f'for="{escape_value(field.id_for_label)}" ' if field.id_for_label else ""
        legend = " fs-6" if field.use_fieldset else ""
        parts.append(
            f'<{tag} {target}class="form-label{required}{legend}">{_label_text(field)}</{tag}>'
        )
    if _is_option_list(widget):
        parts.append(_option_list(field))
    elif checkbox:
        invalid = " is-invalid" if field.errors else ""
        parts.append(_widget_with_classes(field, f"form-check-input{invalid}"))
        parts.append(
            f'<label for="{escape_value(field.id_for_label)}" '
            f'class="form-check-label{required}">{_label_text(field)}</label>'
        )
        parts.append(_errors_block(field) + _help_text(field))
    else:
        kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
        invalid = " is-invalid" if field.errors else ""
        parts.append(_widget_with_classes(field, f"{kind}{invalid}"))
        parts.append(_errors_block(field) + _help_text(field))
    if fieldset:
        parts.append("</fieldset>")
    parts.append("</div>")
    if checkbox:
        parts.append("</div>")
    return mark_safe("".join(parts))


def render_non_field_errors(form: forms.BaseForm) -> str:
    """`bootstrap5/errors.html` with no error title."""
    errors = form.non_field_errors()
    if not errors:
        return ""
    items = unordered_list(errors, autoescape=True)
    return f'<div class="alert alert-block alert-danger"><ul class="m-0">{items}</ul></div>'
