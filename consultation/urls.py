from django.urls import path
from django.views.generic import RedirectView

from .views import analysis, events, hearing_staff, hearings, points, texts

app_name = "consultation"

#: Events with public sign-up, the attendee list and input notes (the events half of issue 5).
event_patterns = [
    path("arrangementer/", events.event_list, name="event_list"),
    path("arrangementer/nyt/", events.event_create, name="event_create"),
    # Requests about personal data moved to the one page for every app (/oversigt/persondata/).
    path(
        "arrangementer/persondata/",
        RedirectView.as_view(pattern_name="personal_data"),
        name="data_requests",
    ),
    path("arrangementer/<int:pk>/", events.event_detail, name="event_detail"),
    path("arrangementer/<int:pk>/tak/", events.event_thanks, name="event_thanks"),
    path("arrangementer/<int:pk>/rediger/", events.event_edit, name="event_edit"),
    path("arrangementer/<int:pk>/sprog/", texts.event_texts, name="event_texts"),
    path("arrangementer/<int:pk>/deltagere/", events.event_attendees, name="event_attendees"),
    path(
        "arrangementer/<int:pk>/deltagere.csv",
        events.event_attendees_export,
        {"fmt": "csv"},
        name="event_attendees_csv",
    ),
    path(
        "arrangementer/<int:pk>/deltagere.xlsx",
        events.event_attendees_export,
        {"fmt": "xlsx"},
        name="event_attendees_xlsx",
    ),
    path(
        "arrangementer/<int:pk>/deltagere/<int:signup_pk>/fremmoede/",
        events.signup_check_in,
        name="signup_check_in",
    ),
    path("arrangementer/<int:pk>/input/", events.event_notes, name="event_notes"),
    path("tilmelding/<str:token>/", events.signup_manage, name="signup_manage"),
]

#: Hearings: public pages first, then the staff pages under /behandling/.
hearing_patterns = [
    path("hoeringer/", hearings.hearing_list, name="hearing_list"),
    path("hoeringer/ny/", hearing_staff.hearing_new, name="hearing_new"),
    path(
        "hoeringer/persondata/",
        RedirectView.as_view(pattern_name="personal_data"),
        name="personal_data",
    ),
    path("hoeringer/<slug:slug>/", hearings.hearing_detail, name="hearing_detail"),
    path(
        "hoeringer/<slug:slug>/kvittering/<str:token>/",
        hearings.response_receipt,
        name="hearing_receipt",
    ),
    path(
        "hoeringer/<slug:slug>/hoeringssvar/",
        hearings.public_responses,
        name="hearing_public_responses",
    ),
    path("hoeringer/<slug:slug>/rediger/", hearing_staff.hearing_edit, name="hearing_edit"),
    path("hoeringer/<slug:slug>/sprog/", texts.hearing_texts, name="hearing_texts"),
    path(
        "hoeringer/<slug:slug>/behandling/",
        hearing_staff.response_list,
        name="hearing_responses",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/svar/<int:pk>/",
        hearing_staff.response_detail,
        name="hearing_response",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/svar/<int:pk>/gennemsyn/",
        hearing_staff.response_review_view,
        name="hearing_response_review",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/svar/<int:pk>/bilag/<int:attachment_pk>/",
        hearing_staff.attachment_download,
        name="hearing_attachment",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/registrer/",
        hearing_staff.response_new,
        name="hearing_response_new",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/gennemsyn/",
        hearing_staff.review_queue,
        name="hearing_review",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/temaer/", hearing_staff.theme_list, name="hearing_themes"
    ),
    path(
        "hoeringer/<slug:slug>/behandling/notat/", hearing_staff.report_page, name="hearing_report"
    ),
    path(
        "hoeringer/<slug:slug>/behandling/notat/<int:pk>/<str:kind>/",
        hearing_staff.report_download,
        name="hearing_report_download",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/analyse/",
        analysis.analysis_page,
        name="hearing_analysis",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/analyse/svar/<int:pk>/",
        analysis.analysis_decide,
        name="hearing_analysis_decide",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/analyse/temaer/",
        analysis.analysis_theme_adopt,
        name="hearing_analysis_theme",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/eksport.<str:fmt>",
        hearing_staff.response_export,
        name="hearing_export",
    ),
]

#: Points, dispositions, the høringsnotat and the feedback to respondents (issue 19).
point_patterns = [
    path("hoeringer/<slug:slug>/udfald/", points.hearing_outcome, name="hearing_outcome"),
    path(
        "hoeringer/<slug:slug>/dit-svar/<str:token>/",
        points.response_feedback,
        name="response_feedback",
    ),
    path("hoeringer/<slug:slug>/behandling/punkter/", points.point_list, name="hearing_points"),
    path(
        "hoeringer/<slug:slug>/behandling/punkter/<int:pk>/",
        points.point_edit,
        name="hearing_point",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/punkter/<int:pk>/afsnit/",
        points.point_section_view,
        name="hearing_point_section",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/punkter/<int:pk>/saml/",
        points.point_merge_view,
        name="hearing_point_merge",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/punkter/<int:pk>/formulering/",
        points.point_accept_view,
        name="hearing_point_accept",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/svar/<int:pk>/del/",
        points.response_split,
        name="hearing_response_split",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/parter/",
        points.consulted_parties,
        name="hearing_parties",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/hoeringsnotat.<str:fmt>",
        points.points_report,
        name="hearing_points_report",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/hoeringsnotat/versioner/",
        points.report_versions,
        name="hearing_report_versions",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/hoeringsnotat/versioner/<int:number>/",
        points.report_version_detail,
        name="hearing_report_version",
    ),
    path(
        "hoeringer/<slug:slug>/behandling/offentliggoer/",
        points.hearing_publish,
        name="hearing_publish",
    ),
]

urlpatterns = event_patterns + hearing_patterns + point_patterns
