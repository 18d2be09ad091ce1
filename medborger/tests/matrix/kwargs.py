"""Arguments for the URLs in expected.txt that take some, built from the demo data."""

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from medborger.models import User


def _password_reset_confirm():
    user = User.objects.get(username="koordinator")
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


MATRIX_COORDINATOR = "test-koordinator"  # the `coordinator` persona's user name
SMALL_TERMS = (
    "Kommissorium for en prøve\n\n1. Baggrund\n\nTekst.\n\n2. Formål\n\nMere tekst.\n"
).encode()


def _pending_import():
    from policy.services.imports import terms_import_start

    user = User.objects.get(username=MATRIX_COORDINATOR)
    return terms_import_start(name="prøve.txt", data=SMALL_TERMS, user=user)


def _import_pending():
    return {"pk": _pending_import().pk}


def _import_confirmed():
    from policy.importer.result import ImportedTerms
    from policy.services.imports import default_options, terms_import_confirm

    pending = _pending_import()
    terms = ImportedTerms.from_json(pending.parsed)
    terms_import_confirm(
        pending=pending, terms=terms, options=default_options(terms), user=pending.created_by
    )
    return {"pk": pending.pk}


POLICY = {"slug": "medborgerpolitik"}


def _open_comment():
    from policy.models import ReviewComment

    comment = ReviewComment.objects.open().select_related("document").first()
    return {"slug": comment.document.slug, "pk": comment.pk}


def _citizens_meeting():
    from consultation.models import Event

    return Event.objects.get(milestone__kind="citizens_meeting")


def _meeting():
    return {"pk": _citizens_meeting().pk}


def _meeting_signup():
    signup = _citizens_meeting().signups.order_by("pk").first()
    return {"pk": signup.event_id, "signup_pk": signup.pk}


def _signup_token():
    return {"token": _citizens_meeting().signups.order_by("pk").first().token}


REVISION = {"slug": "revision-af-medborgerpolitikken"}


def _milestone(kind="staff_workshop"):
    from policy.models import Milestone

    return {"pk": Milestone.objects.get(revision__slug=REVISION["slug"], kind=kind).pk}


def _group(kind="project"):
    from policy.models import Group

    groups = Group.objects.filter(revision__slug=REVISION["slug"], kind=kind).order_by("pk")
    return {"pk": groups.first().pk}


def _member():
    from policy.models import GroupMember

    member = GroupMember.objects.filter(group__kind="project", tasks__isnull=True).first()
    return {"pk": member.pk}


def _task():
    from policy.models import Task

    return {"pk": Task.objects.order_by("pk").first().pk}


def _stakeholder():
    from policy.models import Stakeholder

    return {"pk": Stakeholder.objects.order_by("pk").first().pk}


def _decision():
    from policy.models import Decision

    return {"pk": Decision.objects.order_by("pk").first().pk}


def _decision_attachment():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from policy.models import Decision
    from policy.services.process import decision_attachment_add

    decision = Decision.objects.order_by("pk").first()
    minutes = SimpleUploadedFile("referat.pdf", b"%PDF-1.4\n% referat\n%%EOF\n")
    (attachment,) = decision_attachment_add(decision=decision, files=[minutes], user=None)
    return {"pk": attachment.pk}


def _calendar_token():
    return {"token": User.objects.get(username=MATRIX_COORDINATOR).calendar_token}


CLOSED_HEARING = {"slug": "strategi-for-foreningsliv"}


def _closed_hearing_case():
    from consultation.models import Hearing

    return {"kind": "hearing", "object_id": Hearing.objects.get(**CLOSED_HEARING).pk}


def _journal_package():
    from consultation.models import Hearing
    from medborger.journal import journal_package_build, journal_package_request

    hearing = Hearing.objects.get(**CLOSED_HEARING)
    coordinator = User.objects.get(username=MATRIX_COORDINATOR)
    package = journal_package_request(kind="hearing", obj=hearing, user=coordinator)
    journal_package_build(package_id=package.pk)
    return {"pk": package.pk}


def _response(**filters):
    from consultation.models import HearingResponse

    return (
        HearingResponse.objects.filter(hearing__slug=CLOSED_HEARING["slug"], **filters)
        .order_by("pk")
        .first()
    )


def _hearing_response():
    return {**CLOSED_HEARING, "pk": _response().pk}


def _hearing_receipt():
    return {**CLOSED_HEARING, "token": _response(channel="web").form_token}


def _hearing_attachment():
    response = _response(attachments__isnull=False)
    return {**CLOSED_HEARING, "pk": response.pk, "attachment_pk": response.attachments.first().pk}


def _hearing_report():
    from consultation.models import Hearing
    from consultation.services.hearing_reports import report_build, report_request

    hearing = Hearing.objects.get(slug=CLOSED_HEARING["slug"])
    report = report_request(hearing=hearing, user=User.objects.get(username=MATRIX_COORDINATOR))
    report_build(report_id=report.pk)
    return {**CLOSED_HEARING, "pk": report.pk, "kind": "pdf"}


def _point():
    from consultation.models import Point

    point = (
        Point.objects.active()
        .filter(hearing__slug=CLOSED_HEARING["slug"], proposed_wording="")
        .order_by("pk")
        .first()
    )
    return {**CLOSED_HEARING, "pk": point.pk}


def _report_version():
    from consultation.models import Hearing
    from consultation.services.points import report_version_save

    hearing = Hearing.objects.get(slug=CLOSED_HEARING["slug"])
    version = hearing.report_versions.first() or report_version_save(hearing=hearing, user=None)
    return {**CLOSED_HEARING, "number": version.number}


def _feedback_token():
    from consultation.models import ResponseFeedback

    feedback = (
        ResponseFeedback.objects.filter(response__hearing__slug=CLOSED_HEARING["slug"])
        .order_by("pk")
        .first()
    )
    return {**CLOSED_HEARING, "token": feedback.token}


FORUM = {"forum": "medborgerforum-2018-2021"}


def _forum_first(model_name: str):
    def kwargs():
        from django.apps import apps

        model = apps.get_model("forum", model_name)
        return {**FORUM, "pk": model.objects.order_by("pk").first().pk}

    return kwargs


def _forum_receipt():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forum.models import Expense

    expense = Expense.objects.order_by("pk").first()
    expense.receipt.save("kvittering.pdf", SimpleUploadedFile("k.pdf", b"%PDF-1.4\n%%EOF\n"))
    expense.receipt_kind = "pdf"
    expense.save(update_fields=["receipt", "receipt_kind"])
    return {**FORUM, "pk": expense.pk}


#: url name -> a function returning its kwargs (called after seed_demo and after the personas'
#: users exist).
URL_KWARGS = {
    "password_reset_confirm": _password_reset_confirm,
    "policy:import_preview": _import_pending,
    "policy:import_cancel": _import_pending,
    "policy:import_done": _import_confirmed,
    "policy:document_detail": lambda: POLICY,
    "policy:document_particulars": lambda: POLICY,
    "policy:document_editor": lambda: POLICY,
    "policy:document_transition": lambda: POLICY,
    "policy:version_list": lambda: POLICY,
    "policy:version_detail": lambda: {**POLICY, "number": 2},
    "policy:version_restore": lambda: {**POLICY, "number": 1},
    "policy:version_docx": lambda: {**POLICY, "number": 4},
    "policy:version_pdf": lambda: {**POLICY, "number": 4},
    "policy:comment_new": lambda: {**POLICY, "number": 4},
    "policy:comment_resolve": _open_comment,
    "policy:version_compare_pick": lambda: POLICY,
    "policy:version_compare": lambda: {**POLICY, "old": 1, "new": 4},
    "policy:document_public": lambda: {"slug": "kommissorium-medborgerpolitik"},
    "policy:document_public_pdf": lambda: {"slug": "kommissorium-medborgerpolitik"},
    "consultation:event_detail": _meeting,
    "consultation:event_thanks": _meeting,
    "consultation:event_edit": _meeting,
    "consultation:event_texts": _meeting,
    "consultation:event_attendees": _meeting,
    "consultation:event_attendees_csv": _meeting,
    "consultation:event_attendees_xlsx": _meeting,
    "consultation:event_notes": _meeting,
    "consultation:signup_check_in": _meeting_signup,
    "consultation:signup_manage": _signup_token,
    "policy:milestone_edit": _milestone,
    "policy:milestone_move": _milestone,
    "policy:milestone_status": _milestone,
    "policy:decision_create": lambda: _milestone("committee_approval"),
    "policy:decision_attachments": _decision,
    "policy:decision_attachment_download": _decision_attachment,
    "policy:group_edit": _group,
    "policy:member_create": _group,
    "policy:task_create": _group,
    "policy:member_edit": _member,
    "policy:member_remove": _member,
    "policy:task_edit": _task,
    "policy:task_complete": _task,
    "policy:task_reopen": _task,
    "policy:stakeholder_edit": _stakeholder,
    "policy:revision_public": lambda: REVISION,
    "policy:revision_manage": lambda: REVISION,
    "policy:revision_edit": lambda: REVISION,
    "policy:milestone_create": lambda: REVISION,
    "policy:group_create": lambda: REVISION,
    "policy:stakeholder_create": lambda: REVISION,
    "calendar_feed": _calendar_token,
    "journal_request": _closed_hearing_case,
    "journal_package": _journal_package,
    "journal_download": _journal_package,
    "consultation:hearing_detail": lambda: CLOSED_HEARING,
    "consultation:hearing_receipt": _hearing_receipt,
    "consultation:hearing_public_responses": lambda: CLOSED_HEARING,
    "consultation:hearing_edit": lambda: CLOSED_HEARING,
    "consultation:hearing_texts": lambda: CLOSED_HEARING,
    "consultation:hearing_responses": lambda: CLOSED_HEARING,
    "consultation:hearing_response": _hearing_response,
    "consultation:hearing_response_review": _hearing_response,
    "consultation:hearing_attachment": _hearing_attachment,
    "consultation:hearing_response_new": lambda: CLOSED_HEARING,
    "consultation:hearing_review": lambda: CLOSED_HEARING,
    "consultation:hearing_themes": lambda: CLOSED_HEARING,
    "consultation:hearing_report": lambda: CLOSED_HEARING,
    "consultation:hearing_analysis": lambda: CLOSED_HEARING,
    "consultation:hearing_analysis_decide": _hearing_response,
    "consultation:hearing_analysis_theme": lambda: CLOSED_HEARING,
    "consultation:hearing_report_download": _hearing_report,
    "consultation:hearing_export": lambda: {**CLOSED_HEARING, "fmt": "csv"},
    "consultation:hearing_outcome": lambda: CLOSED_HEARING,
    "consultation:response_feedback": _feedback_token,
    "consultation:hearing_points": lambda: CLOSED_HEARING,
    "consultation:hearing_point": _point,
    "consultation:hearing_point_merge": _point,
    "consultation:hearing_point_accept": _point,
    "consultation:hearing_point_section": _point,
    "consultation:hearing_response_split": _hearing_response,
    "consultation:hearing_parties": lambda: CLOSED_HEARING,
    "consultation:hearing_points_report": lambda: {**CLOSED_HEARING, "fmt": "docx"},
    "consultation:hearing_publish": lambda: CLOSED_HEARING,
    "consultation:hearing_report_versions": lambda: CLOSED_HEARING,
    "consultation:hearing_report_version": _report_version,
    "forum:detail": lambda: FORUM,
    "forum:forum_edit": lambda: FORUM,
    "forum:member_list": lambda: FORUM,
    "forum:seat_create": lambda: FORUM,
    "forum:seat_edit": _forum_first("Seat"),
    "forum:person_create": lambda: FORUM,
    "forum:person_edit": _forum_first("Person"),
    "forum:membership_create": lambda: FORUM,
    "forum:membership_edit": _forum_first("Membership"),
    "forum:meeting_list": lambda: FORUM,
    "forum:meeting_create": lambda: FORUM,
    "forum:meeting_detail": _forum_first("Meeting"),
    "forum:meeting_edit": _forum_first("Meeting"),
    "forum:agenda_edit": _forum_first("Meeting"),
    "forum:minutes_edit": _forum_first("Meeting"),
    "forum:attendance_edit": _forum_first("Meeting"),
    "forum:meeting_publish": _forum_first("Meeting"),
    "forum:plan_list": lambda: FORUM,
    "forum:plan_create": lambda: FORUM,
    "forum:plan_detail": _forum_first("ActionPlan"),
    "forum:plan_edit": _forum_first("ActionPlan"),
    "forum:initiative_propose": _forum_first("ActionPlan"),
    "forum:initiative_detail": _forum_first("Initiative"),
    "forum:initiative_edit": _forum_first("Initiative"),
    "forum:initiative_review": _forum_first("Initiative"),
    "forum:budget": lambda: FORUM,
    "forum:budget_year_create": lambda: FORUM,
    "forum:budget_year": lambda: {**FORUM, "year": 2019},
    "forum:budget_year_edit": lambda: {**FORUM, "year": 2019},
    "forum:statement": lambda: {**FORUM, "year": 2019},
    "forum:statement_pdf": lambda: {**FORUM, "year": 2019},
    "forum:statement_xlsx": lambda: {**FORUM, "year": 2019},
    "forum:expenses_csv": lambda: FORUM,
    "forum:expense_create": lambda: FORUM,
    "forum:expense_detail": _forum_first("Expense"),
    "forum:expense_edit": _forum_first("Expense"),
    "forum:expense_mark_spent": _forum_first("Expense"),
    "forum:expense_delete": _forum_first("Expense"),
    "forum:receipt": _forum_receipt,
}
