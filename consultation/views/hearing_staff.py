"""Staff pages of hearings: create and edit, the responses, themes, review, report and exports
(requests about personal data are on `/oversigt/persondata/`, see `consultation.personal_data`).
Every view enforces a named permission."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from medborger.exports import csv_response, xlsx_response
from medborger.form_pages import add_service_errors
from medborger.permissions import permission_required
from medborger.uploads import file_download
from policy.models import Section

from .. import counts
from ..forms.hearings import (
    HearingEditForm,
    HearingForm,
    ResponseFilterForm,
    ResponseProcessForm,
    ReviewForm,
    StaffResponseForm,
    ThemeForm,
    default_privacy_notice,
)
from ..models import HearingReport, HearingResponse, ResponseAnalysis, Theme
from ..services import hearing_reports
from ..services.hearings import (
    HEARING_EDITABLE_FIELDS,
    hearing_create,
    hearing_update,
    response_process,
    response_register,
    response_review,
    theme_create,
)
from .hearings import hearing_for

STAFF_PAGE_SIZE = 50


def _hearing(request, slug, *args, **kwargs):
    return hearing_for(slug)


# --- Hearings -------------------------------------------------------------------------------


@permission_required("consultation.manage")
def hearing_new(request):
    initial = {}
    if request.method != "POST":
        initial["privacy_notice"] = default_privacy_notice()
        chosen = request.GET.get("dokument", "")
        if chosen.isdigit():
            initial["document"] = int(chosen)
    form = HearingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hearing = hearing_create(
                document=data["document"],
                user=request.user,
                title=data["title"],
                slug=data["slug"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                introduction=data["introduction"],
                contact=data["contact"],
                privacy_notice=data["privacy_notice"],
                retention_until=data["retention_until"],
                report_promised_on=data["report_promised_on"],
            )
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(
                request,
                _("The hearing is created and version %(number)s is frozen for it.")
                % {"number": hearing.version.number},
            )
            return redirect("consultation:hearing_responses", slug=hearing.slug)
    return render(
        request,
        "consultation/hearings/staff/hearing_form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@permission_required("consultation.manage", _hearing, pass_as="hearing")
def hearing_edit(request, slug, *, hearing):
    initial = {name: getattr(hearing, name) for name in HEARING_EDITABLE_FIELDS}
    initial["opens_at"] = timezone.localtime(hearing.opens_at)
    initial["closes_at"] = timezone.localtime(hearing.closes_at)
    form = HearingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        changes["retention_until"] = changes["retention_until"] or hearing.retention_until
        changes["report_promised_on"] = changes["report_promised_on"] or hearing.report_promised_on
        try:
            hearing_update(hearing=hearing, user=request.user, **changes)
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, _("The hearing is saved."))
            return redirect("consultation:hearing_responses", slug=hearing.slug)
    return render(
        request,
        "consultation/hearings/staff/hearing_form.html",
        {"form": form, "hearing": hearing},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Responses ------------------------------------------------------------------------------


def filtered_responses(hearing, form: ResponseFilterForm):
    """The staff list's queryset for the filter form's values (it must be valid)."""
    data = form.cleaned_data
    responses = HearingResponse.objects.filter(hearing=hearing)
    responses = (
        responses.filter(status=data["status"]) if data.get("status") else responses.visible()
    )
    if data.get("section"):
        responses = responses.filter(sections=data["section"])
    if data.get("theme"):
        responses = responses.filter(themes=data["theme"])
    if data.get("represents"):
        responses = responses.filter(represents=data["represents"])
    if data.get("organisation"):
        responses = responses.organisation_contains(data["organisation"])
    if data.get("channel"):
        responses = responses.filter(channel=data["channel"])
    if data.get("copies"):
        responses = responses.originals()
    return responses.search(data.get("q", ""))


@permission_required("consultation.view_internal", _hearing, pass_as="hearing")
def response_list(request, slug, *, hearing):
    sections = list(Section.objects.filter(version_id=hearing.version_id).order_by("position"))
    themes = list(Theme.objects.filter(hearing=hearing))
    form = ResponseFilterForm(request.GET, hearing=hearing, sections=sections, themes=themes)
    if form.is_valid():
        responses = filtered_responses(hearing, form)
    else:
        responses = HearingResponse.objects.none()
    responses = (
        responses.with_copy_counts()
        .with_attachment_counts()
        .select_related("copy_of")
        .prefetch_related("themes")
        .only(
            "pk",
            "reference",
            "submitted_at",
            "channel",
            "name",
            "organisation_name",
            "represents",
            "subject",
            "status",
            "flag",
            "is_late",
            "leads_to_change",
            "review_status",
            "sensitive_findings",
            "copy_of__reference",
            "hearing_id",
        )
        .order_by("-submitted_at", "-pk")
    )
    # Counting 10,000 responses took 13 ms a request: without a filter the count is cached
    # until a response changes (consultation/counts.py); a filter's count is made each time.
    count = None
    if form.is_valid() and not any(form.cleaned_data.values()):
        count = counts.response_count(
            hearing.pk, "visible", HearingResponse.objects.visible().filter(hearing=hearing)
        )
    page = counts.page_with_count(responses, STAFF_PAGE_SIZE, request.GET.get("side"), count)
    _label_rows(hearing, page)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "consultation/hearings/staff/response_list.html",
        {"hearing": hearing, "form": form, "page": page, "query": query.urlencode()},
    )


_PK_PLACEHOLDER = 987654321
_LABELLED_FIELDS = ("channel", "represents", "status", "flag")


def _label_rows(hearing, page) -> None:
    """Set each listed response's link and choice labels with one reverse() and one lookup
    of the labels per page, instead of per row (issue 15)."""
    url = reverse("consultation:hearing_response", args=[hearing.slug, _PK_PLACEHOLDER])
    pattern = url.replace(str(_PK_PLACEHOLDER), "{pk}")
    labels = {
        field: {
            value: str(label) for value, label in HearingResponse._meta.get_field(field).flatchoices
        }
        for field in _LABELLED_FIELDS
    }
    page.object_list = list(page.object_list)
    for response in page.object_list:
        response.detail_url = pattern.format(pk=response.pk)
        for field in _LABELLED_FIELDS:
            value = getattr(response, field)
            setattr(response, f"{field}_label", labels[field].get(value, value))


def _response_for(hearing, pk):
    return get_object_or_404(
        HearingResponse.objects.filter(hearing=hearing)
        .select_related("copy_of", "registered_by", "reviewed_by")
        .prefetch_related("sections", "themes", "attachments"),
        pk=pk,
    )


@permission_required("consultation.view_internal", _hearing, pass_as="hearing")
def response_detail(request, slug, pk, *, hearing):
    response = _response_for(hearing, pk)
    can_moderate = request.user.has_perm("consultation.moderate_response", hearing)
    form = ResponseProcessForm(
        request.POST or None,
        hearing=hearing,
        initial={
            "status": response.status,
            "themes": list(response.themes.all()),
            "admin_comment": response.admin_comment,
            "leads_to_change": response.leads_to_change,
            "change_description": response.change_description,
        },
    )
    if request.method == "POST":
        if not can_moderate:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            response_process(
                response=response,
                user=request.user,
                status=data["status"],
                themes=data["themes"],
                admin_comment=data["admin_comment"],
                leads_to_change=data["leads_to_change"],
                change_description=data["change_description"],
            )
            messages.success(
                request, _("Response %(reference)s is saved.") % {"reference": response.reference}
            )
            return redirect("consultation:hearing_response", slug=slug, pk=response.pk)
    copies = list(response.copies.visible().only("pk", "reference", "name", "organisation_name"))
    return render(
        request,
        "consultation/hearings/staff/response_detail.html",
        {
            "hearing": hearing,
            "response": response,
            "form": form,
            "can_moderate": can_moderate,
            "copies": copies,
            "review_form": ReviewForm(
                response=response,
                initial={"public_text": response.public_text},
            ),
        },
    )


@permission_required("consultation.view_internal", _hearing, pass_as="hearing")
def attachment_download(request, slug, pk, attachment_pk, *, hearing):
    response = get_object_or_404(HearingResponse, hearing=hearing, pk=pk)
    attachment = get_object_or_404(response.attachments, pk=attachment_pk)
    if not attachment.file:
        raise Http404
    return file_download(attachment.file, kind=attachment.kind, filename=attachment.original_name)


@permission_required("consultation.manage", _hearing, pass_as="hearing")
def response_new(request, slug, *, hearing):
    form = StaffResponseForm(
        request.POST or None,
        request.FILES or None,
        hearing=hearing,
        initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = response_register(
            hearing=hearing,
            data=form.service_data(),
            files=data["attachments"],
            user=request.user,
            channel=data["channel"],
            received_at=data["received_at"],
            send_receipt=data["send_receipt"],
        )
        messages.success(
            request,
            _("The response is registered as %(reference)s.") % {"reference": response.reference},
        )
        return redirect("consultation:hearing_response", slug=slug, pk=response.pk)
    return render(
        request,
        "consultation/hearings/staff/response_new.html",
        {"hearing": hearing, "form": form},
    )


@require_POST
@permission_required("consultation.moderate_response", _hearing, pass_as="hearing")
def response_review_view(request, slug, pk, *, hearing):
    response = _response_for(hearing, pk)
    form = ReviewForm(request.POST, response=response)
    if form.is_valid():
        try:
            response_review(
                response=response,
                user=request.user,
                publish=form.cleaned_data["decision"] == "publish",
                public_text=form.cleaned_data["public_text"],
                not_cpr_reason=form.cleaned_data["not_cpr_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review is saved."))
            return redirect("consultation:hearing_review", slug=slug)
    messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("consultation:hearing_response", slug=slug, pk=pk)


@permission_required("consultation.moderate_response", _hearing, pass_as="hearing")
def review_queue(request, slug, *, hearing):
    responses = (
        HearingResponse.objects.visible()
        .filter(hearing=hearing, review_status=HearingResponse.Review.PENDING)
        .exclude(publication=HearingResponse.Publication.NOT_PUBLISHED)
        .only("pk", "reference", "subject", "sensitive_findings", "publication", "submitted_at")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(responses, STAFF_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "consultation/hearings/staff/review_queue.html",
        {"hearing": hearing, "page": page},
    )


@permission_required("consultation.moderate_response", _hearing, pass_as="hearing")
def theme_list(request, slug, *, hearing):
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        theme_create(hearing=hearing, name=form.cleaned_data["name"], user=request.user)
        messages.success(request, _("The theme is added."))
        return redirect("consultation:hearing_themes", slug=slug)
    themes = Theme.objects.filter(hearing=hearing).annotate(responses_count=Count("responses"))
    return render(
        request,
        "consultation/hearings/staff/themes.html",
        {"hearing": hearing, "form": form, "themes": themes},
    )


# --- Report ---------------------------------------------------------------------------------


@permission_required("consultation.view_internal", _hearing, pass_as="hearing")
def report_page(request, slug, *, hearing):
    if request.method == "POST":
        if not request.user.has_perm("consultation.manage", hearing):
            raise PermissionDenied
        hearing_reports.report_request(hearing=hearing, user=request.user)
        return redirect("consultation:hearing_report", slug=slug)
    report = hearing.reports.select_related("requested_by").first()
    return render(
        request,
        "consultation/hearings/staff/report.html",
        {"hearing": hearing, "report": report},
    )


REPORT_FILES = {
    "html": ("html_file", "text/html; charset=utf-8"),
    "docx": ("docx_file", None),
    "pdf": ("pdf_file", None),
}


@permission_required("consultation.view_internal", _hearing, pass_as="hearing")
def report_download(request, slug, pk, kind, *, hearing):
    report = get_object_or_404(
        HearingReport, hearing=hearing, pk=pk, status=HearingReport.Status.DONE
    )
    if kind not in REPORT_FILES:
        raise Http404
    field_name, content_type = REPORT_FILES[kind]
    stored = getattr(report, field_name)
    filename = f"hoeringsnotat-{slugify(hearing.slug)}.{kind}"
    if content_type is None:
        return file_download(stored, kind=kind, filename=filename)
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Exports --------------------------------------------------------------------------------

EXPORT_HEADER = [
    gettext_lazy("Reference"),
    gettext_lazy("Received"),
    gettext_lazy("Channel"),
    pgettext_lazy("received after the deadline", "Late"),
    gettext_lazy("Name"),
    gettext_lazy("E-mail"),
    gettext_lazy("Address"),
    gettext_lazy("Represents"),
    gettext_lazy("Organisation"),
    gettext_lazy("Subject"),
    gettext_lazy("Text"),
    gettext_lazy("Sections"),
    gettext_lazy("Themes"),
    gettext_lazy("Status"),
    gettext_lazy("Copy of"),
    gettext_lazy("Publication"),
    gettext_lazy("Reason"),
    gettext_lazy("Comment"),
    gettext_lazy("Leads to change"),
    gettext_lazy("The change"),
    gettext_lazy("Suggested sections"),
    gettext_lazy("Campaign"),
    gettext_lazy("Kind"),
    gettext_lazy("Suggested theme"),
    gettext_lazy("Off topic"),
    gettext_lazy("Evidence-rich"),
    gettext_lazy("Language"),
]


EXPORT_CHUNK = 1000
EXPORT_FIELDS = (
    "pk",
    "submitted_at",
    "reference",
    "channel",
    "is_late",
    "name",
    "email",
    "address",
    "represents",
    "organisation_name",
    "subject",
    "text",
    "status",
    "copy_of__reference",
    "publication",
    "publication_reason",
    "admin_comment",
    "leads_to_change",
    "change_description",
    "analysis__sections",
    "analysis__campaign",
    "analysis__campaign_kind",
    "analysis__theme",
    "analysis__off_topic",
    "analysis__evidence_rich",
    "analysis__language",
)


def _names_by_response(through, ids, name_field: str, order: str) -> dict[int, list[str]]:
    names = defaultdict(list)
    rows = through.objects.filter(hearingresponse_id__in=ids).order_by(order)
    for response_id, name in rows.values_list("hearingresponse_id", name_field):
        names[response_id].append(name)
    return names


def _flag(value, yes, no) -> str:
    """Yes, no, or nothing for a response the analysis has not seen."""
    return "" if value is None else (yes if value else no)


def _export_rows(hearing):
    """Rows for the export, read a chunk at a time (keyset pagination on plain tuples), so
    memory stays flat whatever the number of responses."""
    labels = {
        field: {value: str(label) for value, label in choices.choices}
        for field, choices in (
            ("status", HearingResponse.Status),
            ("channel", HearingResponse.Channel),
            ("represents", HearingResponse.Represents),
            ("publication", HearingResponse.Publication),
        )
    }
    yes, no = _("Yes"), _("No")
    kinds = {value: str(label) for value, label in ResponseAnalysis.CampaignKind.choices}
    heading_of = {
        str(key): f"{position}. {heading}"
        for key, position, heading in Section.objects.filter(
            version_id=hearing.version_id
        ).values_list("key", "position", "heading")
    }
    responses = HearingResponse.objects.filter(hearing=hearing).order_by("submitted_at", "pk")
    after = None
    while True:
        chunk = responses
        if after is not None:
            chunk = chunk.filter(
                Q(submitted_at__gt=after[1]) | Q(submitted_at=after[1], pk__gt=after[0])
            )
        rows = list(chunk.values_list(*EXPORT_FIELDS)[:EXPORT_CHUNK])
        if not rows:
            return
        ids = [row[0] for row in rows]
        sections = _names_by_response(
            HearingResponse.sections.through, ids, "section__heading", "section__position"
        )
        themes = _names_by_response(
            HearingResponse.themes.through, ids, "theme__name", "theme__name"
        )
        for (
            pk, submitted_at, reference, channel, is_late, name, email, address, represents,
            organisation_name, subject, text, status, copy_of_reference, publication,
            publication_reason, admin_comment, leads_to_change, change_description,
            analysis_sections, campaign, campaign_kind, theme, off_topic, evidence_rich,
            language,
        ) in rows:  # fmt: skip
            yield (
                reference,
                submitted_at,
                labels["channel"][channel],
                yes if is_late else no,
                name,
                email,
                address,
                labels["represents"][represents],
                organisation_name,
                subject,
                text,
                "; ".join(sections.get(pk, ())),
                "; ".join(themes.get(pk, ())),
                labels["status"][status],
                copy_of_reference or "",
                labels["publication"][publication],
                publication_reason,
                admin_comment,
                yes if leads_to_change else no,
                change_description,
                "; ".join(
                    heading_of.get(item["key"], item["key"]) for item in analysis_sections or ()
                ),
                campaign or "",
                kinds.get(campaign_kind, ""),
                theme or "",
                _flag(off_topic, yes, no),
                _flag(evidence_rich, yes, no),
                language or "",
            )
        after = (rows[-1][0], rows[-1][1])


@permission_required("consultation.export_responses", _hearing, pass_as="hearing")
def response_export(request, slug, fmt, *, hearing):
    filename = f"hoeringssvar-{hearing.slug}.{fmt}"
    header = [str(h) for h in EXPORT_HEADER]
    if fmt == "csv":
        return csv_response(filename=filename, header=header, rows=_export_rows(hearing))
    if fmt == "xlsx":
        return xlsx_response(
            filename=filename,
            sheet_title=_("Hearing responses"),
            header=header,
            rows=_export_rows(hearing),
        )
    raise Http404
