from typing import Any, cast

from django import template
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..models import Point
from ..outcome import references_of

register = template.Library()


@register.simple_tag
def point_references(point) -> str:
    """ "HS-2026-0042 og 39 enslydende svar" for a point with its references prefetched
    (as a list in `merged_list` where `points_with_references(to_attr=True)` read them)."""
    return references_of(point, getattr(point, "merged_list", None))


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


def _page_memo(context: Context) -> dict[Any, Any]:
    """What lives for the whole page: the bottom of the render context (each included
    template gets a state of its own above it)."""
    return cast(dict[Any, Any], context.render_context.dicts[0])


def _pk_url(name: str, slug: str, pk_pattern: str = "/0/") -> tuple[str, str]:
    """A URL of the hearing with a point's pk as its last number, split around that number:
    reversed once for a page instead of once for each point."""
    head, _sep, tail = reverse(name, args=[slug, 0]).rpartition(pk_pattern)
    return head + pk_pattern[:1], pk_pattern[2:] + tail


def _section_forms(
    context: Context, point: Point, back: str, urls: dict, can_moderate: bool
) -> SafeString:
    """A point's suggested section with one-click accept and a correction (see
    `section_suggestion`)."""
    suggestion = getattr(point, "suggestion", None)
    decided = getattr(point, "section_decided", False)
    if decided:
        text = format_html('<p class="mb-1">{}</p>', _("Section confirmed by staff"))
    elif suggestion:
        section = suggestion["section"]
        text = format_html(
            '<p class="mb-1">{}</p>',
            _("Suggestion: § %(number)s %(heading)s (%(percent)s %%)")
            % {
                "number": section.position,
                "heading": section.heading,
                "percent": suggestion["percent"],
            },
        )
    elif getattr(point, "analysed", False):
        text = format_html('<p class="mb-1 text-body-secondary">{}</p>', _("No section suggested"))
    else:
        text = format_html(
            '<p class="mb-1 text-body-secondary">{}</p>',
            _("No suggestion until the next analysis"),
        )
    if not can_moderate:
        return text
    head, tail = urls["section"]
    action = f"{head}{point.pk}{tail}"
    csrf, hidden = _form_parts(context, back)
    accept = ""
    if suggestion and not decided:
        section = suggestion["section"]
        accept = format_html(
            '<form method="post" action="{}">{}<input type="hidden" name="section" value="{}">{}'
            '<button type="submit" class="btn btn-sm btn-primary">{}<span '
            'class="visually-hidden"> {}</span></button></form>',
            action,
            csrf,
            section.pk,
            hidden,
            _("Accept"),
            _("“%(heading)s” for point %(number)s")
            % {"heading": section.heading, "number": point.pk},
        )
    correct = format_html(
        '<form method="post" action="{}" class="d-flex align-items-end gap-1">{}{}<div><label '
        'class="form-label small mb-0" for="point-{}-section">{}</label><select '
        'class="form-select form-select-sm" id="point-{}-section" name="section">{}</select>'
        '</div><button type="submit" class="btn btn-sm btn-outline-primary">{}<span '
        'class="visually-hidden"> {}</span></button></form>',
        action,
        csrf,
        hidden,
        point.pk,
        _("Section of point %(number)s") % {"number": point.pk},
        point.pk,
        section_options(context, point),
        _("Correct"),
        _("point %(number)s") % {"number": point.pk},
    )
    return format_html(
        '{}<div class="d-flex flex-wrap align-items-end gap-2">{}{}</div>', text, accept, correct
    )


def _form_parts(context: Context, back: str) -> tuple[SafeString, SafeString]:
    """The CSRF field and, on the list, the fields that bring staff back to the same page:
    the same for every point of a page."""
    page = _page_memo(context)
    parts = page.get(("point_form_parts", back))
    if parts is None:
        csrf = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
            context.get("csrf_token"),
        )
        listed = context.get("page")
        hidden = (
            format_html(
                '<input type="hidden" name="back" value="{}"><input type="hidden" name="vis" '
                'value="{}"><input type="hidden" name="side" value="{}">',
                back,
                context.get("show", ""),
                listed.number if listed is not None else "",
            )
            if back
            else mark_safe("")
        )
        parts = page[("point_form_parts", back)] = (csrf, hidden)
    return parts


def _urls(context: Context) -> dict:
    page = _page_memo(context)
    urls = page.get("point_urls")
    if urls is None:
        slug = context["hearing"].slug
        urls = page["point_urls"] = {
            "point": _pk_url("consultation:hearing_point", slug),
            "section": _pk_url("consultation:hearing_point_section", slug),
        }
    return urls


@register.simple_tag(takes_context=True)
def section_suggestion(context: Context, point: Point, *, can_moderate: bool) -> SafeString:
    """A point's suggested section, with one-click accept and a correction for those who may
    moderate; needs `sections` and `hearing` in the context. The list's rows add what brings
    staff back to the same page of the list (`point_rows`)."""
    return _section_forms(context, point, "", _urls(context), can_moderate)


def _disposition(context: Context, point: Point) -> SafeString:
    """consultation/points/_disposition.html, rendered once a page for each disposition."""
    page = _page_memo(context)
    badges = page.setdefault("disposition_badges", {})
    badge = badges.get(point.disposition)
    if badge is None:
        badge = badges[point.disposition] = mark_safe(
            get_template("consultation/points/_disposition.html").render({"point": point})
        )
    return badge


@register.simple_tag(takes_context=True)
def point_rows(context: Context, points: list[Point]) -> SafeString:
    """The rows of the staff points list, built here rather than through three included
    templates for each of 100 points."""
    urls = _urls(context)
    head, tail = urls["point"]
    can_moderate = context.get("can_moderate")
    rows = []
    for point in points:
        summary = Truncator(point.summary or point.text).chars(140)
        if can_moderate:
            summary = format_html('<a href="{}{}{}">{}</a>', head, point.pk, tail, summary)
        changes = [
            _("version %(number)s") % {"number": change.version.number}
            for change in point.changes.all()
        ]
        rows.append(
            format_html(
                '<tr id="punkt-{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
                point.pk,
                summary,
                references_of(point),
                _section_forms(context, point, "list", urls, bool(can_moderate)),
                _disposition(context, point),
                ", ".join(changes) if changes else "–",
            )
        )
    return mark_safe("\n".join(rows))


@register.simple_tag(takes_context=True)
def disposition_badge(context: Context, point: Point) -> SafeString:
    """A point's disposition as a badge: consultation/points/_disposition.html, rendered once
    a page for each disposition rather than included for every point."""
    return _disposition(context, point)
