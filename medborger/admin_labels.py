"""Inputs of the shared admin that Django leaves without a label (WCAG 1.3.1, 4.1.2).

A tabular inline and a list with `list_editable` show one input per cell under a column heading
that is not tied to it, so a screen reader announces an unnamed field. Each such input is named
after its field, the text of its column heading.
"""

from django import forms
from django.contrib import admin


def name_inputs_by_label(form_class: type[forms.BaseForm]) -> None:
    """Give each visible input of `form_class` the accessible name of its field's label."""
    for field in form_class.base_fields.values():
        if field.label and not field.widget.is_hidden:
            field.widget.attrs.setdefault("aria-label", str(field.label))


class LabelledTabularInline(admin.TabularInline):
    """`TabularInline` whose inputs are named after their column, and each row's delete box
    after the row ("Slet: Punkt 2")."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        name_inputs_by_label(formset.form)

        class LabelledFormSet(formset):  # type: ignore[valid-type, misc]
            def add_fields(self, form, index):
                super().add_fields(form, index)
                delete = form.fields.get("DELETE")
                if delete is not None:
                    name = str(delete.label)
                    if form.instance.pk is not None:
                        name = f"{name}: {form.instance}"
                    delete.widget.attrs["aria-label"] = name

        LabelledFormSet.__name__ = formset.__name__
        return LabelledFormSet


class LabelledListEditableMixin:
    """For a `ModelAdmin` with `list_editable`: the inputs in the list are named after their
    column."""

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)  # type: ignore[misc]
        name_inputs_by_label(formset.form)
        return formset
