"""`{{ form|crispy }}` and `{{ field|as_crispy_field }}`, drawn by medborger.field_renderer.

Load this library instead of crispy-forms' `crispy_forms_tags`: the markup is crispy-forms'
Bootstrap 5 markup, and a field the Python renderer does not know goes to crispy-forms'
template as before."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field as _template_field
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form as _template_form
from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString, mark_safe

from medborger.field_renderer import render_field, render_non_field_errors

register = template.Library()


@register.filter(name="as_crispy_field")
def as_crispy_field(field: BoundField) -> SafeString:
    return render_field(field) or _template_field(field)


@register.filter(name="crispy")
def as_crispy_form(form: BaseForm | BaseFormSet) -> SafeString:
    if not isinstance(form, BaseForm):  # a formset
        return _template_form(form)
    fields = [render_field(field) or _template_field(field) for field in form]
    return mark_safe(render_non_field_errors(form) + "".join(fields))
