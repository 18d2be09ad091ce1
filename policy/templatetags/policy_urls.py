"""`{{ obj.pk|pk_url:"policy:milestone_edit" }}`: a link per row of a long table without a
reverse() per row (the URL is reversed once per name and script prefix, then formatted)."""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix

from policy.process_rows import url_pattern

register = template.Library()


@lru_cache(maxsize=128)
def _pattern(name: str, prefix: str) -> str:
    return url_pattern(name)


@register.filter
def pk_url(pk: int, name: str) -> str:
    return _pattern(name, get_script_prefix()).format(pk=pk)
