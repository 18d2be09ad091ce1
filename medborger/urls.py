from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import (
    calendar,
    journal_views,
    metrics,
    personal_data_views,
    reminder_views,
    sso,
    two_factor,
    views,
)

account_patterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", sso.LogoutView.as_view(), name="logout"),
    path("sso/", sso.sso_login, name="oidc_authentication_init"),
    path("sso/retur/", sso.sso_callback, name="oidc_authentication_callback"),
    path("sso/fejl/", sso.sso_failed, name="sso_failed"),
    path("sso/ingen-rolle/", sso.sso_no_role, name="sso_no_role"),
    path(
        "adgangskode/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "adgangskode/aendret/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("paamindelser/", reminder_views.reminder_settings, name="reminder_settings"),
    path("to-faktor/", two_factor.two_factor_setup, name="two_factor"),
    path("to-faktor/qr.svg", two_factor.two_factor_qr, name="two_factor_qr"),
    path("glemt-adgangskode/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "glemt-adgangskode/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nulstil/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

handler500 = "medborger.views.server_error"
calendar_patterns = [
    path("", calendar.calendar_settings, name="calendar"),
    path("nyt-link/", calendar.calendar_renew, name="calendar_renew"),
    path("<str:token>.ics", calendar.feed, name="calendar_feed"),
]

journal_patterns = [
    path("<slug:kind>/<int:object_id>/ny/", journal_views.journal_request, name="journal_request"),
    path("<int:pk>/", journal_views.journal_package, name="journal_package"),
    path("<int:pk>/hent/", journal_views.journal_download, name="journal_download"),
]

urlpatterns = [
    path("", views.landing, name="landing"),
    path("oversigt/", views.dashboard, name="dashboard"),
    path("oversigt/persondata/", personal_data_views.personal_data, name="personal_data"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("tilgaengelighed/", views.accessibility_statement, name="accessibility_statement"),
    path("privatliv/", views.privacy_notice, name="privacy_notice"),
    path("oversaettelser/", views.translations, name="translations"),
    path("konto/", include(account_patterns)),
    path("kalender/", include(calendar_patterns)),
    path("journalisering/", include(journal_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("politik/", include("policy.urls")),
    path("inddragelse/", include("consultation.urls")),
    path("medborgerforum/", include("forum.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench-floor/", include("bench.floor.urls")))
