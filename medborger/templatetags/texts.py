from django import template

from medborger.texts import local_text as _local_text

register = template.Library()


@register.simple_tag
def local_text(instance, field: str):
    """A hearing's or event's text in the reader's language, or Danish (see medborger.texts)."""
    return _local_text(instance, field)
