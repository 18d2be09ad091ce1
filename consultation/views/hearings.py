"""Public pages of hearings: the list, the hearing with its form, the receipt, and the
published responses after the deadline. No log-in anywhere here."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from medborger.public_forms import FormRefused
from medborger.uploads import request_body_limit
from policy.models import Section

from ..forms.hearings import ResponseForm, form_token_issue
from ..models import Hearing, HearingOutcome, HearingResponse, Point
from ..services.hearings import (
    MAX_ATTACHMENTS,
    RESPONSE_FORM,
    DuplicateSubmission,
    HearingClosed,
    response_submit,
)

PUBLIC_PAGE_SIZE = 50


def hearing_for(slug: str) -> Hearing:
    """The hearing with its version and document, or 404."""
    return get_object_or_404(Hearing.objects.select_related("version__document"), slug=slug)


def hearing_list(request):
    now = timezone.now()
    hearings = list(Hearing.objects.select_related("version__document").order_by("closes_at"))
    return render(
        request,
        "consultation/hearings/hearing_list.html",
        {
            "open_hearings": [h for h in hearings if h.is_open(now)],
            "upcoming_hearings": [h for h in hearings if not h.has_opened(now)],
            "closed_hearings": [h for h in reversed(hearings) if h.has_closed(now)],
        },
    )


def _hearing_page(request, hearing, form, *, status=200, refused=""):
    sections = list(Section.objects.filter(version_id=hearing.version_id).order_by("position"))
    return render(
        request,
        "consultation/hearings/hearing_detail.html",
        {
            "hearing": hearing,
            "sections": sections,
            "form": form,
            "is_open": hearing.is_open(),
            "refused": refused,
            "pow_challenge": RESPONSE_FORM.challenge() if form is not None else "",
        },
        status=status,
    )


#: The hearing form's body: its attachments, each at most 10 MB, and a margin for the text.
RESPONSE_BODY_LIMIT = MAX_ATTACHMENTS * 10 * 1024 * 1024 + 1024 * 1024


@request_body_limit(RESPONSE_BODY_LIMIT)
@never_cache
def hearing_detail(request, slug):
    hearing = hearing_for(slug)
    if request.method != "POST":
        form = (
            ResponseForm(hearing=hearing, initial={"form_token": form_token_issue(hearing)})
            if hearing.is_open()
            else None
        )
        return _hearing_page(request, hearing, form)
    return _response_post(request, hearing)


def _response_post(request, hearing):
    if not hearing.is_open():
        message = (
            _("The hearing closed on %(date)s. Responses can no longer be sent through the form.")
            if hearing.has_closed()
            else _("The hearing has not opened yet. The form opens on %(date)s.")
        ) % {
            "date": formats.date_format(
                timezone.localtime(hearing.closes_at if hearing.has_closed() else hearing.opens_at),
                "DATETIME_FORMAT",
            )
        }
        return _hearing_page(request, hearing, None, status=409, refused=message)
    form = ResponseForm(request.POST, request.FILES, hearing=hearing)
    try:
        verdict = RESPONSE_FORM.judge(request, scope=hearing.pk)
    except FormRefused as refusal:
        form.is_valid()
        form.add_error(None, refusal.message)
        return _hearing_page(request, hearing, form, status=refusal.status)
    if not form.is_valid():
        return _hearing_page(request, hearing, form, status=400)
    try:
        response = response_submit(
            hearing=hearing,
            data=form.service_data(),
            files=form.cleaned_data["attachments"],
            form_token=verdict.stamp.nonce if verdict.stamp else None,
            form_issued_at=verdict.stamp.issued_at if verdict.stamp else None,
            honeypot_filled=verdict.honeypot,
        )
    except DuplicateSubmission as duplicate:
        response = duplicate.response
    except HearingClosed:
        return _response_post(request, hearing)
    return redirect(receipt_url(response))


def receipt_url(response: HearingResponse) -> str:
    return reverse(
        "consultation:hearing_receipt",
        kwargs={"slug": response.hearing.slug, "token": response.form_token},
    )


@never_cache
def response_receipt(request, slug, token):
    response = get_object_or_404(
        HearingResponse.objects.select_related("hearing").prefetch_related("attachments"),
        hearing__slug=slug,
        form_token=token,
    )
    return render(
        request,
        "consultation/hearings/receipt.html",
        {"response": response, "hearing": response.hearing},
    )


def public_responses(request, slug):
    """After the deadline: the reviewed responses, as each respondent chose."""
    hearing = hearing_for(slug)
    if not hearing.has_closed():
        raise Http404
    responses = (
        HearingResponse.objects.publishable()
        .filter(hearing=hearing)
        .originals()
        .with_copy_counts()
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.only("pk", "heading", "key"))
        )
        .only(
            "pk",
            "reference",
            "submitted_at",
            "name",
            "organisation_name",
            "represents",
            "publication",
            "subject",
            "text",
            "public_text",
            "hearing_id",
        )
        .order_by("submitted_at", "pk")
    )
    # After the report is published each response shows the administration's answer: the
    # disposition of each of its points (issue 19).
    concluded = HearingOutcome.objects.filter(
        hearing=hearing, report_published_at__isnull=False
    ).exists()
    if concluded:
        responses = responses.prefetch_related(
            Prefetch("points", queryset=Point.objects.select_related("merged_into").order_by("pk"))
        )
    page = Paginator(responses, PUBLIC_PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "consultation/hearings/public_responses.html",
        {"hearing": hearing, "page": page, "concluded": concluded},
    )
