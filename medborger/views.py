import datetime
import logging
import sys
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from . import hooks, stamps
from .celery import app as celery_app
from .forms import LoginForm, OutboxPasswordResetForm
from .http import client_address, monitoring_allowed
from .permissions import permission_required
from .sso import sso_enabled
from .throttle import device_cookie_value

log = logging.getLogger(__name__)


def landing(request):
    """The front page. Its blocks (events, hearings, documents, forums, timelines: four apps'
    queries and a few hundred template nodes) are the same for everyone: rendered once per
    language and day and cached under the stamp `stamps.FRONT_PAGE`, which every write of the
    data they show bumps, and built again when a block changes with time alone
    (`Block.changes_at`). The header, the navigation and the log-out form's CSRF token stay per
    request (base.html)."""
    now = timezone.now()
    language = get_language()
    key = f"{language}:{timezone.localdate(now).isoformat()}"
    _changes_at, html = stamps.cached(
        stamps.FRONT_PAGE,
        key,
        lambda: _landing_blocks(now),
        usable=lambda value: value[0] is None or now < value[0],
    )
    return render(request, "medborger/landing.html", {"blocks_html": html})


def _landing_blocks(now: datetime.datetime) -> tuple[datetime.datetime | None, str]:
    """The blocks' HTML, and the moment it changes with time alone (None: only by writes).
    Rendered without the request: nothing of one visitor's can enter what all are shown."""
    blocks = hooks.collect("landing_blocks", now)
    moments = [block.changes_at for block in blocks if block.changes_at is not None]
    shown = [block for block in blocks if block.template]
    html = render_to_string("medborger/_landing_blocks.html", {"blocks": shown})
    return (min(moments) if moments else None), mark_safe(html)


#: Where a dashboard panel goes (see `medborger.hooks.Block.region`).
DASHBOARD_REGIONS = ("toolbar", "summary", "main")


@permission_required("medborger.view_dashboard")
def dashboard(request):
    """The staff's home: each app's panels, grouped by region, each under its own heading."""
    regions = {region: [] for region in DASHBOARD_REGIONS}
    for panel in hooks.collect("dashboard_panels", request):
        regions.get(panel.region, regions["main"]).append(panel)
    return render(
        request,
        "medborger/dashboard.html",
        {
            **{f"{region}_panels": panels for region, panels in regions.items()},
            "can_use_calendar": request.user.has_perm("medborger.use_calendar"),
        },
    )


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        log.exception("Health check: database unreachable")
        return False


def _broker_reachable() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        log.exception("Health check: broker unreachable")
        return False


def _monitoring(request) -> bool:
    """Monitoring sees which service is down: from HEALTHZ_ALLOWED_ADDRESSES or with
    `Authorization: Bearer <HEALTHZ_TOKEN>`. Anyone else sees only the status."""
    return monitoring_allowed(
        request, addresses=settings.HEALTHZ_ALLOWED_ADDRESSES, token=settings.HEALTHZ_TOKEN
    )


@require_GET
@never_cache
def healthz(request):
    checks = {"database": _database_reachable(), "broker": _broker_reachable()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    if _monitoring(request):
        body.update({name: "reachable" if ok else "unreachable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


@permission_required("medborger.view_translations")
def translations(request):
    """Per public language: who translated it and the strings no person has reviewed yet."""
    from . import catalogues

    names = dict(settings.LANGUAGES)
    languages = [
        _translation_language(code, names[code], get_language(), catalogues.files_stamp(code))
        for code in catalogues.catalogue_languages()
    ]
    return render(request, "medborger/translations.html", {"languages": languages})


@lru_cache(maxsize=64)
def _translation_language(code: str, name: str, _language: str, _files: tuple) -> dict:
    """One language of the translations page with its section rendered, once per change of
    its catalogue or the Danish one (`_files`, `catalogues.files_stamp`) and per language of
    the page: listing about a thousand strings on every request was most of the page's time.
    """
    from . import catalogues

    language = {
        "code": code,
        "name": name,
        "translator": catalogues.catalogue_translator(code),
        "untranslated": catalogues.untranslated(code),
        "unreviewed": catalogues.unreviewed(code),
    }
    language["section"] = render_to_string(
        "medborger/translations_language.html", {"language": language}
    )
    return language


def accessibility_statement(request):
    return render(
        request,
        "medborger/accessibility_statement.html",
        {"statement_date": settings.ACCESSIBILITY_STATEMENT_DATE},
    )


def privacy_notice(request):
    return render(
        request,
        "medborger/privacy_notice.html",
        {"dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL},
    )


@requires_csrf_token
def server_error(request):
    """The 500 handler. A database that cannot be reached gets a calm 503 with Retry-After.

    Django calls this while handling the exception, so it is still in sys.exc_info(). The
    request's transaction was rolled back: nothing is half-stored. Neither page touches the
    database (no context processors, no session), and neither shows a trace.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        log.warning("Database unavailable for %s: %s", request.path, exception)
        html = loader.get_template("503.html").render({"LANGUAGE_CODE": get_language()})
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "client_address": client_address(self.request)}


class LoginView(auth_views.LoginView):
    """Django's log-in; a successful one marks the browser as known to the account, so that
    guessing from elsewhere never keeps its owner out (medborger.throttle)."""

    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "sso_enabled": sso_enabled(),
            "sso_provider_name": settings.MEDBORGER_OIDC_PROVIDER_NAME,
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        response.set_cookie(
            settings.LOGIN_DEVICE_COOKIE,
            device_cookie_value(self.request, form.get_user().get_username()),
            max_age=settings.LOGIN_DEVICE_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
