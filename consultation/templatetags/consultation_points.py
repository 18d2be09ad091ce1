from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..outcome import references_of

register = template.Library()


@register.simple_tag
def point_references(point) -> str:
    """ "HS-2026-0042 og 39 enslydende svar" for a point with its references prefetched."""
    return references_of(point)


@register.simple_tag(takes_context=True)
def section_options(context, point) -> str:
    """The <option>s of a point's section menu: "the document as a whole" and each section of
    the hearing version, the point's own selected. Written once per page and reused for every
    point (a list of 100 points drew 1,100 options through the template)."""
    # The bottom of the render context lives for the whole page; each included template gets
    # a state of its own above it.
    page = context.render_context.dicts[0]
    options = page.get("section_options")
    if options is None:
        label = _("The document as a whole")
        options = [
            (
                None,
                format_html('<option value="hele">{}</option>', label),
                format_html('<option value="hele" selected>{}</option>', label),
            )
        ]
        for section in context["sections"]:
            parts = (section.pk, section.position, section.heading)
            options.append(
                (
                    section.key,
                    format_html('<option value="{}">§ {} {}</option>', *parts),
                    format_html('<option value="{}" selected>§ {} {}</option>', *parts),
                )
            )
        page["section_options"] = options
    chosen = point.section_key or None
    shown = [selected if key == chosen else plain for key, plain, selected in options]
    # Every part was escaped by format_html; joined as the template wrote them.
    return mark_safe(shown[0] + "\n      " + "".join(shown[1:]))
