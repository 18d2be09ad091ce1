from django.urls import include, path

from .views import budget, meetings, members, plans, public

app_name = "forum"

forum_patterns = [
    path("", public.forum_detail, name="detail"),
    path("rediger/", public.forum_edit, name="forum_edit"),
    # Members
    path("medlemmer/", members.member_list, name="member_list"),
    path("medlemmer/pladser/ny/", members.seat_edit, name="seat_create"),
    path("medlemmer/pladser/<int:pk>/", members.seat_edit, name="seat_edit"),
    path("medlemmer/personer/ny/", members.person_edit, name="person_create"),
    path("medlemmer/personer/<int:pk>/", members.person_edit, name="person_edit"),
    path("medlemmer/perioder/ny/", members.membership_edit, name="membership_create"),
    path("medlemmer/perioder/<int:pk>/", members.membership_edit, name="membership_edit"),
    # Meetings
    path("moeder/", meetings.meeting_list, name="meeting_list"),
    path("moeder/nyt/", meetings.meeting_edit, name="meeting_create"),
    path("moeder/<int:pk>/", public.meeting_detail, name="meeting_detail"),
    path("moeder/<int:pk>/rediger/", meetings.meeting_edit, name="meeting_edit"),
    path("moeder/<int:pk>/dagsorden/", meetings.agenda_edit, name="agenda_edit"),
    path("moeder/<int:pk>/referat/", meetings.minutes_edit, name="minutes_edit"),
    path("moeder/<int:pk>/fremmoede/", meetings.attendance_edit, name="attendance_edit"),
    path("moeder/<int:pk>/offentliggoer/", meetings.meeting_publish, name="meeting_publish"),
    # Action plans and initiatives
    path("handlingsplaner/", plans.plan_list, name="plan_list"),
    path("handlingsplaner/ny/", plans.plan_edit, name="plan_create"),
    path("handlingsplaner/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("handlingsplaner/<int:pk>/rediger/", plans.plan_edit, name="plan_edit"),
    path(
        "handlingsplaner/<int:pk>/foreslaa/",
        plans.initiative_propose,
        name="initiative_propose",
    ),
    path("initiativer/<int:pk>/", plans.initiative_detail, name="initiative_detail"),
    path("initiativer/<int:pk>/rediger/", plans.initiative_edit, name="initiative_edit"),
    path("initiativer/<int:pk>/vurdering/", plans.initiative_review, name="initiative_review"),
    # Budget
    path("budget/", budget.budget_overview, name="budget"),
    path("budget/aar/nyt/", budget.budget_year_edit, name="budget_year_create"),
    path("budget/<int:year>/", budget.budget_year_detail, name="budget_year"),
    path("budget/<int:year>/bevilling/", budget.budget_year_edit, name="budget_year_edit"),
    path("budget/<int:year>/regnskab/", budget.statement, name="statement"),
    path("budget/<int:year>/regnskab.pdf", budget.statement_pdf, name="statement_pdf"),
    path("budget/<int:year>/regnskab.xlsx", budget.statement_xlsx, name="statement_xlsx"),
    path("budget/udgifter.csv", budget.expenses_csv, name="expenses_csv"),
    path("budget/udgifter/ny/", budget.expense_create, name="expense_create"),
    path("budget/udgifter/<int:pk>/", budget.expense_detail, name="expense_detail"),
    path("budget/udgifter/<int:pk>/rediger/", budget.expense_edit, name="expense_edit"),
    path("budget/udgifter/<int:pk>/betalt/", budget.expense_mark_spent, name="expense_mark_spent"),
    path("budget/udgifter/<int:pk>/slet/", budget.expense_delete, name="expense_delete"),
    path("budget/udgifter/<int:pk>/bilag/", budget.receipt_download, name="receipt"),
]

urlpatterns = [
    path("", public.forum_list, name="list"),
    path("<slug:forum>/", include(forum_patterns)),
]
