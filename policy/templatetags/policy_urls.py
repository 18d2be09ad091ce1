"""`{{ obj.pk|pk_url:"policy:milestone_edit" }}`: a link per row of a long table without a
reverse() per row (the URL is reversed once per name and script prefix, then formatted)."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from policy import process_rows
from policy.process_rows import url_pattern

register = template.Library()


@lru_cache(maxsize=128)
def _pattern(name: str, prefix: str) -> str:
    return url_pattern(name)


@register.filter
def pk_url(pk: int, name: str) -> str:
    return _pattern(name, get_script_prefix()).format(pk=pk)


@register.simple_tag(takes_context=True)
def milestone_rows(context, milestones, mode):
    """The milestone table's rows, built in Python (`policy.process_rows.milestone_rows`)."""
    request = context.get("request")
    csrf_token = context.get("csrf_token")
    return process_rows.milestone_rows(
        milestones,
        mode=mode,
        csrf_token=str(csrf_token) if csrf_token else "",
        next_path=request.get_full_path() if request is not None else "",
        can_manage=bool(context.get("can_manage")),
        can_record_decision=bool(context.get("can_record_decision")),
        status_choices=context.get("status_choices") or (),
    )


@register.simple_tag(takes_context=True)
def dashboard_task_rows(context, tasks, anchor_prefix="opgave", show_revision=False):
    """The dashboard's task rows, built in Python (`policy.process_rows.dashboard_task_rows`)."""
    request = context.get("request")
    csrf_token = context.get("csrf_token")
    return process_rows.dashboard_task_rows(
        tasks,
        anchor_prefix=anchor_prefix,
        show_revision=show_revision,
        csrf_token=str(csrf_token) if csrf_token else "",
        next_path=request.get_full_path() if request is not None else "",
    )


@register.simple_tag
def version_options(choices, selected_index: int):
    """The `<option>`s of a version picker (200 versions, twice on the version list), written
    in Python: what `{{ number }}{% if label %} – {{ label }}{% endif %}` per option gave.
    `choices` are (number, label) pairs or, to escape and localise them once for both pickers,
    `option_texts(choices)`."""
    if not isinstance(choices, process_rows.OptionTexts):
        choices = process_rows.option_texts(choices)
    return mark_safe(  # every value escaped by option_texts
        "".join(
            f'<option value="{value}"{" selected" if index == selected_index else ""}>{text}'
            "</option>"
            for index, (value, text) in enumerate(choices)
        )
    )
