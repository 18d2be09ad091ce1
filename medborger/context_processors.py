from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import hooks


def site(request):
    items = hooks.collect("nav_items", request)
    if request.user.has_perm("medborger.view_dashboard"):
        dashboard = hooks.NavItem(label=_("Dashboard"), url=hooks.nav_url("dashboard"), order=0)
        items.insert(0, dashboard)
    return {
        "nav_items": [
            {"label": item.label, "url": item.url, "active": item.is_active_for(request.path)}
            for item in items
        ],
        "site_url": settings.SITE_URL,
        "municipality_name": settings.MUNICIPALITY_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "page_languages": page_languages(request),
    }


def page_languages(request) -> list[dict]:
    """The language switch's choices: every public language on a public page, else staff's."""
    current = get_language()
    offered = getattr(request, "page_languages", settings.LANGUAGES)
    names = dict(settings.LANGUAGES)
    return [
        {"code": code, "name": names.get(code, name), "current": code == current}
        for code, name in offered
    ]
