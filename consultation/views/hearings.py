"""Public pages of hearings: the list, the hearing with its form, the receipt, and the
published responses after the deadline. No log-in anywhere here."""

from collections import OrderedDict

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from medborger.public_forms import FormRefused
from medborger.uploads import request_body_limit
from policy.models import Section

from .. import counts
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
    """The hearing with its version, document and outcome (if any), or 404: one query."""
    return get_object_or_404(
        Hearing.objects.select_related("version__document", "outcome"), slug=slug
    )


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


#: Rendered fragments of hearing pages, kept in each process's memory: (name, key, language)
#: → HTML. The keys change with what the fragments show, so nothing is ever invalidated; the
#: oldest go when there are more than FRAGMENTS_KEPT.
_FRAGMENTS: OrderedDict[tuple[str, str, str], str] = OrderedDict()
FRAGMENTS_KEPT = 200


def _fragment(name: str, key: str, template: str, context: dict) -> str:
    """The template rendered with the context, or the same rendering kept under `key` in
    this language (rendered every time when the key is empty)."""
    if not key:
        return render_to_string(template, context)
    full_key = (name, key, translation.get_language())
    html = _FRAGMENTS.get(full_key)
    if html is None:
        html = _FRAGMENTS[full_key] = render_to_string(template, context)
        while len(_FRAGMENTS) > FRAGMENTS_KEPT:
            _FRAGMENTS.popitem(last=False)
    return html


def _fragment_keys(hearing: Hearing, form) -> tuple[str, str]:
    """Keys of the page's kept fragments, "" where the fragment is rendered every time.

    The draft's sections belong to the version, which is frozen while it is in hearing and
    never edited (its freezing time is in the key, so a new version is a new key). The empty
    form shows the version's sections and the text's limit; a bound form (with what the
    person wrote, or errors) is always rendered."""
    version = hearing.version
    if version.frozen_at is None:
        return "", ""
    draft = f"{version.pk}:{version.frozen_at.timestamp()}"
    if form is None or form.is_bound:
        return draft, ""
    return draft, f"{draft}:{settings.HEARING_RESPONSE_MAX_CHARS}"


def _hearing_page(request, hearing, form, *, status=200, refused=""):
    draft_key, form_key = _fragment_keys(hearing, form)
    # Lazy: read only where the draft is not kept.
    sections = Section.objects.filter(version_id=hearing.version_id).order_by("position")
    return render(
        request,
        "consultation/hearings/hearing_detail.html",
        {
            "hearing": hearing,
            "draft": _fragment(
                "draft", draft_key, "consultation/hearings/_draft.html", {"sections": sections}
            ),
            "form_fields": _fragment(
                "form", form_key, "consultation/hearings/_response_fields.html", {"form": form}
            )
            if form is not None
            else "",
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
    # One transaction for the post: the rate limit's count, the proof of work's one-time
    # challenge and the response are committed together (one commit, so one wait for the
    # disk, instead of three). A refusal, an invalid form or a second click still commits
    # the count and the challenge: they are caught inside the block.
    refusal = response = None
    closed = False
    with transaction.atomic():
        try:
            verdict = RESPONSE_FORM.judge(request, scope=hearing.pk)
        except FormRefused as refused:
            refusal = refused
        else:
            if form.is_valid():
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
                    closed = True  # it closed in between: the page says so
    if closed:
        return _response_post(request, hearing)
    if refusal is not None:
        form.is_valid()
        form.add_error(None, refusal.message)
        return _hearing_page(request, hearing, form, status=refusal.status)
    if response is None:
        return _hearing_page(request, hearing, form, status=400)
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
            # In the order of the version (a response's sections are all of one version):
            # the model's ordering joins the version and the document.
            Prefetch(
                "sections",
                queryset=Section.objects.only("pk", "heading", "key").order_by("position"),
            )
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
    # Counting the published originals of 10,000 responses took 6 ms a request: the count is
    # cached until a response changes (consultation/counts.py).
    count = counts.response_count(hearing.pk, "public", responses)
    page = counts.page_with_count(responses, PUBLIC_PAGE_SIZE, request.GET.get("side"), count)
    return render(
        request,
        "consultation/hearings/public_responses.html",
        {"hearing": hearing, "page": page, "concluded": concluded},
    )
