import logging

from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import hooks
from .celery import app as celery_app
from .forms import OutboxPasswordResetForm
from .permissions import permission_required

log = logging.getLogger(__name__)


def landing(request):
    return render(
        request,
        "medborger/landing.html",
        {"blocks": hooks.collect("landing_blocks", request)},
    )


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


@require_GET
@never_cache
def healthz(request):
    checks = {"database": _database_reachable(), "broker": _broker_reachable()}
    body = {name: "reachable" if ok else "unreachable" for name, ok in checks.items()}
    body["status"] = "ok" if all(checks.values()) else "unavailable"
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
