from django import template

from ..outcome import references_of

register = template.Library()


@register.simple_tag
def point_references(point) -> str:
    """ "HS-2026-0042 og 39 enslydende svar" for a point with its references prefetched."""
    return references_of(point)
