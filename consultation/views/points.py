"""Points of a hearing: staff split, merge and decide them and publish the outcome; the public
sees "what we heard, what we did"; each respondent gets a page about their own response."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from medborger.permissions import permission_required
from policy.models import Section

from ..forms.points import MergeForm, PartyForm, PointForm, SplitForm
from ..models import (
    ConsultedParty,
    HearingResponse,
    Point,
    ReportVersion,
    ResponseFeedback,
    SectionFeedback,
)
from ..outcome import (
    answering_version,
    outcome_by_section,
    outcome_page,
    points_with_references,
)
from ..services import point_report
from ..services.analysis import point_section_decide
from ..services.points import (
    StalePoint,
    consulted_parties_match,
    consulted_party_confirm,
    hearing_feedback_publish,
    passages_from_excerpts,
    point_decide,
    point_merge,
    point_split,
    point_wording_accept,
    points_collect,
    publication_problems,
    report_version_save,
)
from .hearings import hearing_for

POINTS_PAGE_SIZE = 100
#: The value of "the document as a whole" in the form that corrects a point's section.
WHOLE_DOCUMENT = "hele"


def _hearing(request, slug, *args, **kwargs):
    return hearing_for(slug)


def _hearing_with_outcome(request, slug, *args, **kwargs):
    return hearing_with_outcome(slug)


def _published_outcome(hearing):
    outcome = getattr(hearing, "outcome", None)
    return outcome if outcome is not None and outcome.report_published_at else None


def hearing_with_outcome(slug):
    from ..models import Hearing

    return get_object_or_404(
        Hearing.objects.select_related(
            "version__document", "outcome__answering_version"
        ),  # fmt: skip
        slug=slug,
    )


# --- Staff ----------------------------------------------------------------------------------


@permission_required("consultation.view_internal", _hearing_with_outcome, pass_as="hearing")
def point_list(request, slug, hearing):
    if request.method == "POST":
        if not request.user.has_perm("consultation.moderate_response", hearing):
            raise PermissionDenied
        created = points_collect(hearing=hearing, user=request.user)
        messages.success(
            request, _("%(count)s new points were collected.") % {"count": created}
        )  # fmt: skip
        return redirect("consultation:hearing_points", slug=hearing.slug)
    show = request.GET.get("vis", "")
    points = Point.objects.active().filter(hearing=hearing)
    counts = points.aggregate(
        total=Count("pk"),
        undecided=Count("pk", filter=Q(disposition="")),
    )
    if show == "aabne":
        points = points.filter(disposition="")
    elif show == "afgjorte":
        points = points.exclude(disposition="")
    # The page's points are chosen on the points alone (a subquery), then only those are read
    # with their responses and references: sorting all 2,000 points joined to their responses
    # cost 30 ms.
    ordering = ("section_heading", "pk")
    page = Paginator(
        points.order_by(*ordering).values_list("pk", flat=True), POINTS_PAGE_SIZE
    ).get_page(request.GET.get("side"))
    shown = (
        _with_analysis(points_with_references(Point.objects.filter(pk__in=page.object_list)))
        .select_related(None)
        .select_related("response", "analysis")
        .only(*_LISTED, "response__reference", "analysis__sections")
        .order_by(*ordering)
    )
    sections = _sections(hearing)
    listed = _suggestions(list(shown), sections)
    return render(
        request,
        "consultation/points/point_list.html",
        {
            "hearing": hearing,
            "page": page,
            "groups": outcome_by_section(hearing, listed, sections=sections),
            "sections": sections,
            "counts": counts,
            "show": show,
            "show_query": f"vis={show}" if show else "",
            "problems": publication_problems(hearing) if counts["total"] else [],
            "outcome": _published_outcome(hearing),
        },
    )


#: The columns of a point that the list shows or groups and links by.
_LISTED = (
    "pk",
    "hearing_id",
    "source",
    "response_id",
    "section_key",
    "section_heading",
    "text",
    "summary",
    "disposition",
)


def _point_for(hearing, pk) -> Point:
    return get_object_or_404(
        _with_analysis(
            Point.objects.select_related("response", "event_note__event", "merged_into")
        ),
        hearing=hearing,
        pk=pk,
    )


def _with_analysis(points):
    """Points with their suggested sections and whether staff gave their word on the section."""
    return points.select_related("analysis").annotate(
        section_decided=Exists(SectionFeedback.objects.filter(point=OuterRef("pk")))
    )


def _sections(hearing) -> list[Section]:
    return list(Section.objects.filter(version_id=hearing.version_id).order_by("position"))


def _suggestions(points: list[Point], sections: list[Section]) -> list[Point]:
    """Give each point `suggestion`: the best suggested section with its confidence, or None."""
    by_key = {str(section.key): section for section in sections}
    for point in points:
        analysis = getattr(point, "analysis", None)
        best = analysis.best if analysis is not None else None
        section = by_key.get(best["key"]) if best else None
        point.analysed = analysis is not None  # type: ignore[attr-defined]
        point.suggestion = (  # type: ignore[attr-defined]
            {
                "section": section,
                "percent": round(100 * best["confidence"]),
                "reason": best["reason"],
                "current": point.section_key is not None and str(point.section_key) == best["key"],
            }
            if section is not None and best is not None
            else None
        )
    return points


def _number(value) -> int:
    """A posted id, or 0 (which matches nothing) for anything that is not one."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else 0


@require_POST
@permission_required("consultation.moderate_response", _hearing, pass_as="hearing")
def point_section_view(request, slug, pk, hearing):
    """Accept a point's suggested section with one click, or correct it to another section
    or to the document as a whole."""
    point = _point_for(hearing, pk)
    raw = request.POST.get("section", "")
    section = (
        None
        if raw == WHOLE_DOCUMENT
        else Section.objects.filter(version_id=hearing.version_id, pk=_number(raw)).first()
    )
    if section is None and raw != WHOLE_DOCUMENT:
        messages.error(request, _("Choose a section of the version in hearing."))
    else:
        try:
            point_section_decide(point=point, section=section, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The point is now about “%(section)s”.")
                % {"section": section.heading if section else _("The document as a whole")},
            )
    if request.POST.get("back") == "list":
        query = {
            key: value
            for key in ("vis", "side")
            if (value := request.POST.get(key, "")) and value.isalnum() and len(value) < 12
        }
        url = reverse("consultation:hearing_points", args=[hearing.slug])
        return redirect(url + (f"?{urlencode(query)}" if query else "") + f"#punkt-{point.pk}")
    return redirect("consultation:hearing_point", slug=hearing.slug, pk=point.pk)


@permission_required("consultation.moderate_response", _hearing, pass_as="hearing")
def point_edit(request, slug, pk, hearing):
    point = _point_for(hearing, pk)
    initial = {
        "lock_version": point.lock_version,
        "summary": point.summary,
        "theme": point.theme_id,
        "assessment": point.assessment,
        "disposition": point.disposition,
        "reason": point.reason,
        "change_elsewhere": point.change_elsewhere,
        "proposed_wording": point.proposed_wording,
    }
    form = PointForm(request.POST or None, initial=initial, hearing=hearing)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            point_decide(point=point, user=request.user, **data)
        except StalePoint as stale:
            status = 409
            form.add_error(
                None,
                _(
                    "Someone else saved this point while you had it open. Their version is "
                    "shown below the form; your text is kept in the form. Save again to "
                    "replace theirs."
                ),
            )
            form.data = form.data.copy()
            form.data["lock_version"] = stale.current.lock_version
            point = stale.current
        except ValidationError as error:
            status = 400
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The point is saved."))
            return redirect("consultation:hearing_points", slug=hearing.slug)
    elif request.method == "POST":
        status = 400
    sections = _sections(hearing)
    _suggestions([point], sections)
    return render(
        request,
        "consultation/points/point_edit.html",
        {
            "hearing": hearing,
            "point": point,
            "sections": sections,
            "form": form,
            "merge_form": MergeForm(point=point),
            "changes": point.changes.select_related("version"),
            "passage": _passage(point),
        },
        status=status,
    )


def _passage(point: Point):
    """The response's text split around the point's passage: (before, passage, after)."""
    if point.response_id is None or point.passage_start is None:
        return None
    text = point.response.text
    return (
        text[: point.passage_start],
        text[point.passage_start : point.passage_end],
        text[point.passage_end :],
    )


@require_POST
@permission_required("consultation.moderate_response", _hearing, pass_as="hearing")
def point_merge_view(request, slug, pk, hearing):
    point = _point_for(hearing, pk)
    form = MergeForm(request.POST, point=point)
    if form.is_valid():
        try:
            point_merge(into=point, points=form.cleaned_data["points"], user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The points are merged."))
    else:
        messages.error(request, " ".join(form.errors.get("points", [])))
    return redirect("consultation:hearing_point", slug=hearing.slug, pk=point.pk)


@require_POST
@permission_required("policy.change_document")
def point_accept_view(request, slug, pk):
    hearing = hearing_for(slug)
    point = _point_for(hearing, pk)
    try:
        change = point_wording_accept(point=point, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The wording is in the draft as version %(number)s.")
            % {"number": change.version.number},
        )
    return redirect("consultation:hearing_point", slug=hearing.slug, pk=point.pk)


@permission_required("consultation.moderate_response", _hearing, pass_as="hearing")
def response_split(request, slug, pk, hearing):
    response = get_object_or_404(HearingResponse, hearing=hearing, pk=pk)
    sections = list(Section.objects.filter(version_id=hearing.version_id).order_by("position"))
    existing = list(response.points.order_by("passage_start", "pk"))
    initial = {}
    for index, point in enumerate(existing[:6], start=1):
        initial[f"passage_{index}"] = point.text
        initial[f"section_{index}"] = str(point.section_key) if point.section_key else ""
    form = SplitForm(request.POST or None, initial=initial, response=response, sections=sections)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            passages = passages_from_excerpts(response.text, form.excerpts())
            point_split(response=response, passages=passages, user=request.user)
        except ValidationError as error:
            status = 400
            form.add_error(None, error)
        else:
            messages.success(request, _("The response is split into points."))
            return redirect("consultation:hearing_points", slug=hearing.slug)
    elif request.method == "POST":
        status = 400
    rows = [
        (form[f"passage_{index}"], form[f"section_{index}"])
        for index in range(1, len(form.fields) // 2 + 1)
    ]
    return render(
        request,
        "consultation/points/split.html",
        {"hearing": hearing, "response": response, "form": form, "rows": rows},
        status=status,
    )


@require_POST
@permission_required("consultation.manage", _hearing, pass_as="hearing")
def hearing_publish(request, slug, hearing):
    try:
        hearing_feedback_publish(hearing=hearing, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("consultation:hearing_points", slug=hearing.slug)
    messages.success(request, _("The report is published and the respondents are told by e-mail."))
    return redirect("consultation:hearing_outcome", slug=hearing.slug)


@permission_required("consultation.view_internal", _hearing, pass_as="hearing")
def consulted_parties(request, slug, hearing):
    can_confirm = request.user.has_perm("consultation.moderate_response", hearing)
    if request.method == "POST":
        if not can_confirm:
            raise PermissionDenied
        party = get_object_or_404(ConsultedParty, hearing=hearing, pk=request.POST.get("party"))
        form = PartyForm(request.POST, hearing=hearing, prefix=f"party-{party.pk}")
        if form.is_valid():
            consulted_party_confirm(
                party=party, response=form.cleaned_data["response"], user=request.user
            )
            messages.success(request, _("The consulted party is confirmed."))
        return redirect("consultation:hearing_parties", slug=hearing.slug)
    parties = [
        (
            party,
            PartyForm(
                hearing=hearing,
                prefix=f"party-{party.pk}",
                initial={"response": party.response_id},
            ),
        )
        for party in consulted_parties_match(hearing=hearing)
    ]
    return render(
        request,
        "consultation/points/parties.html",
        {"hearing": hearing, "parties": parties, "can_confirm": can_confirm},
    )


@permission_required("consultation.view_internal", _hearing_with_outcome, pass_as="hearing")
def points_report(request, slug, fmt, hearing):
    response: HttpResponse | StreamingHttpResponse
    if fmt == "docx":
        language = translation.get_language()

        def chunks():
            # The points are read while the file streams, after the view has returned.
            with translation.override(language):
                yield from point_report.report_docx_chunks(
                    lambda: point_report.report_data(hearing)
                )

        response = StreamingHttpResponse(chunks(), content_type=point_report.DOCX)
    elif fmt == "pdf":
        data = point_report.report_data(hearing)
        response = HttpResponse(point_report.report_pdf(data), content_type="application/pdf")
    elif fmt == "html":
        data = point_report.report_data(hearing)
        return render(request, "consultation/points/report.html", {"report": data})
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="hoeringsnotat-{hearing.slug}.{fmt}"'
    return response


@permission_required("consultation.view_internal", _hearing, pass_as="hearing")
def report_versions(request, slug, hearing):
    """The høringsnotat's kept versions; staff who moderate keep the report as it reads now."""
    if request.method == "POST":
        if not request.user.has_perm("consultation.moderate_response", hearing):
            raise PermissionDenied
        version = report_version_save(hearing=hearing, user=request.user)
        messages.success(
            request,
            _("The hearing report is kept as version %(number)s.") % {"number": version.number},
        )
        return redirect("consultation:hearing_report_versions", slug=hearing.slug)
    versions = (
        ReportVersion.objects.filter(hearing=hearing)
        .select_related("created_by", "answering_version")
        .defer("html")
        .order_by("-number")
    )
    return render(
        request,
        "consultation/points/report_versions.html",
        {
            "hearing": hearing,
            "versions": versions,
            "can_save": request.user.has_perm("consultation.moderate_response", hearing),
        },
    )


@permission_required("consultation.view_internal", _hearing, pass_as="hearing")
def report_version_detail(request, slug, number, hearing):
    version = get_object_or_404(ReportVersion, hearing=hearing, number=number)
    return render(
        request,
        "consultation/points/report.html",
        {
            "version": version,
            "title": _("Hearing report version %(number)s: %(title)s")
            % {"number": version.number, "title": hearing.title},
        },
    )


# --- Public ---------------------------------------------------------------------------------


def hearing_outcome(request, slug):
    """What we heard, what we did: after the report is published."""
    hearing = hearing_with_outcome(slug)
    outcome = _published_outcome(hearing)
    if outcome is None:
        raise Http404
    page = outcome_page(
        hearing,
        Point.objects.active().filter(hearing=hearing),
        page=request.GET.get("side"),
        new_version=outcome.answering_version,
    )
    return render(
        request,
        "consultation/points/outcome.html",
        {
            "hearing": hearing,
            "outcome": outcome,
            "page": page,
            "groups": page.groups,
            "new_version": outcome.answering_version,
        },
    )


@never_cache
def response_feedback(request, slug, token):
    """A respondent's page about their own response: the address carries an unguessable token."""
    feedback = get_object_or_404(
        ResponseFeedback.objects.select_related(
            "response__hearing__version__document",
            "response__hearing__outcome__answering_version",
            "response__copy_of",
        ),
        token=token,
        response__hearing__slug=slug,
    )
    response = feedback.response
    hearing = response.hearing
    outcome = _published_outcome(hearing)
    if outcome is None:
        raise Http404
    original = response.copy_of or response
    # The response's own points, or the points they were merged into: their ids first, in one
    # narrow query, so the query that reads them with their references has no subqueries to
    # combine (building that query cost more than running it).
    shown = {
        merged_into or pk
        for pk, merged_into in Point.objects.filter(response=original)
        .order_by()
        .values_list("pk", "merged_into")
    }
    points = list(
        points_with_references(
            Point.objects.filter(pk__in=shown), to_attr=True, changes=False
        ).order_by("pk")
    )
    new_version = outcome.answering_version or answering_version(hearing)
    return render(
        request,
        "consultation/points/feedback.html",
        {
            "hearing": hearing,
            "response": response,
            "groups": outcome_by_section(hearing, points, new_version=new_version),
            "new_version": new_version,
        },
    )
