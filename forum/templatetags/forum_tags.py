from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from forum.money import format_dkk, format_number
from medborger.html import sanitize_html

register = template.Library()


@register.filter
def dkk(value) -> str:
    """'1.250,50 kr.' (Danish) or 'DKK 1,250.50' (English); empty for None."""
    return "" if value is None or value == "" else format_dkk(value)


@register.filter
def amount(value) -> str:
    """'1.250,50': the number without the currency, for table columns headed with it."""
    return "" if value is None or value == "" else format_number(value)


@register.inclusion_tag("forum/_tabs.html", takes_context=True)
def forum_tabs(context, forum, current: str):
    """The internal sub-navigation of a forum, for those who may read its internal pages."""
    request = context["request"]
    if not request.user.has_perm("forum.view_internal"):
        return {"tabs": []}
    tabs = [
        ("overview", _("Public page"), "forum:detail"),
        ("members", _("Members"), "forum:member_list"),
        ("meetings", _("Meetings"), "forum:meeting_list"),
        ("plans", _("Action plans"), "forum:plan_list"),
        ("budget", _("Budget"), "forum:budget"),
    ]
    return {
        "tabs": [
            {
                "label": label,
                "url": reverse(url_name, kwargs={"forum": forum.slug}),
                "current": key == current,
            }
            for key, label, url_name in tabs
        ]
    }


@register.filter
def sanitized(value) -> str:
    """Stored rich text, sanitised once more on the way out (the services sanitise on save;
    this also covers rows written by other paths such as the admin)."""
    return mark_safe(sanitize_html(value))
