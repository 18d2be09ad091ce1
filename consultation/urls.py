from django.urls import path

from .views import events

app_name = "consultation"

#: Events with public sign-up, the attendee list and input notes (the events half of issue 5).
event_patterns = [
    path("arrangementer/", events.event_list, name="event_list"),
    path("arrangementer/nyt/", events.event_create, name="event_create"),
    path("arrangementer/persondata/", events.data_requests, name="data_requests"),
    path("arrangementer/<int:pk>/", events.event_detail, name="event_detail"),
    path("arrangementer/<int:pk>/tak/", events.event_thanks, name="event_thanks"),
    path("arrangementer/<int:pk>/rediger/", events.event_edit, name="event_edit"),
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

#: Hearings, responses and the hearing report (the hearings half of issue 5).
hearing_patterns = []

urlpatterns = event_patterns + hearing_patterns
