"""Staff page of a hearing's analysis: suggestions with their confidence, and one click to
accept or correct each. Viewing needs `consultation.view_internal`; starting a run and deciding
need `consultation.moderate_response`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from medborger.permissions import permission_required
from policy.models import Section

from .. import counts
from ..analysis.language import LANGUAGES
from ..models import HearingAnalysis, HearingResponse, ResponseAnalysis, Theme
from ..services.analysis import (
    hearing_analysis_request,
    section_suggestion_decide,
    suggested_theme_adopt,
)
from .hearing_staff import STAFF_PAGE_SIZE, _hearing


def language_name(code: str) -> str:
    from django.utils.translation import get_language_info

    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


class AnalysisFilterForm(forms.Form):
    FLAGS = [
        ("", gettext_lazy("All responses")),
        ("evidence_rich", gettext_lazy("Evidence-rich: read first")),
        ("off_topic", gettext_lazy("Off topic or spam")),
        ("unusual", gettext_lazy("Unusual (no theme)")),
        ("campaign", gettext_lazy("In a campaign")),
        ("unique", gettext_lazy("Unique")),
        ("unsure", gettext_lazy("No section suggested")),
    ]
    show = forms.ChoiceField(
        label=gettext_lazy("Show"),
        choices=FLAGS,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    section = forms.ChoiceField(
        label=gettext_lazy("Suggested section"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("All sections"))] + [
            (str(s.key), f"{s.position}. {s.heading}") for s in sections
        ]
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, language_name(code)) for code in LANGUAGES
        ]


def _filtered(hearing, form):
    responses = HearingResponse.objects.visible().filter(hearing=hearing)
    if not form.is_valid():
        return responses.none()
    data = form.cleaned_data
    show = data.get("show")
    if show in ("evidence_rich", "off_topic", "unusual"):
        responses = responses.filter(**{f"analysis__{show}": True})
    elif show == "campaign":
        responses = responses.filter(analysis__campaign__isnull=False)
    elif show == "unique":
        responses = responses.filter(analysis__campaign_kind=ResponseAnalysis.CampaignKind.UNIQUE)
    elif show == "unsure":
        responses = responses.filter(analysis__sections=[])
    if data.get("language"):
        responses = responses.filter(analysis__language=data["language"])
    if data.get("section"):
        # JSON containment is PostgreSQL's; a text match on the key works on both databases.
        responses = responses.filter(analysis__sections__icontains=data["section"])
    return responses


@permission_required("consultation.view_internal", _hearing, pass_as="hearing")
def analysis_page(request, slug, hearing):
    if request.method == "POST":
        if not request.user.has_perm("consultation.moderate_response", hearing):
            raise PermissionDenied
        hearing_analysis_request(hearing=hearing, user=request.user)
        messages.success(request, _("The analysis has started. The page shows its progress."))
        return redirect("consultation:hearing_analysis", slug=slug)
    analysis = HearingAnalysis.objects.filter(hearing=hearing).first()
    sections = list(Section.objects.filter(version_id=hearing.version_id).order_by("position"))
    by_key = {str(s.key): s for s in sections}
    form = AnalysisFilterForm(request.GET, sections=sections)
    # The page's responses are chosen on narrow rows (a subquery), then only those are read
    # with their texts: sorting 10,000 rows with their texts cost 35 ms.
    ordering = ("-analysis__evidence_rich", "submitted_at", "pk")
    # Counting 10,000 responses took 14 ms a request: without a filter the count is cached
    # until a response changes (consultation/counts.py, shared with the staff list).
    count = None
    if form.is_valid() and not any(form.cleaned_data.values()):
        count = counts.response_count(
            hearing.pk, "visible", HearingResponse.objects.visible().filter(hearing=hearing)
        )
    page = counts.page_with_count(
        _filtered(hearing, form).order_by(*ordering).values_list("pk", flat=True),
        STAFF_PAGE_SIZE,
        request.GET.get("side"),
        count,
    )
    responses = (
        HearingResponse.objects.filter(pk__in=page.object_list)
        .select_related("analysis")
        .prefetch_related("sections", "section_feedback")
        .only(
            "pk", "reference", "subject", "text", "submitted_at", "hearing_id", "represents",
            "analysis__language", "analysis__sections", "analysis__campaign",
            "analysis__campaign_kind", "analysis__theme", "analysis__unusual",
            "analysis__off_topic", "analysis__evidence_rich",
        )
        .order_by(*ordering)
    )  # fmt: skip
    rows = [_row(response, by_key) for response in responses]
    themes = analysis.themes if analysis else []
    summaries = [
        (by_key[key], quotes)
        for key, quotes in (analysis.section_summaries if analysis else {}).items()
        if key in by_key
    ]
    summaries.sort(key=lambda pair: pair[0].position)
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "consultation/hearings/staff/analysis.html",
        {
            "hearing": hearing,
            "analysis": analysis,
            "form": form,
            "page": page,
            "rows": rows,
            "sections": sections,
            "themes": themes,
            "summaries": summaries,
            "staff_themes": list(Theme.objects.filter(hearing=hearing)),
            "query": query.urlencode(),
        },
    )


def _row(response, by_key):
    """One response with its suggestions, less those staff rejected, and its chosen sections."""
    analysis = getattr(response, "analysis", None)
    chosen = {str(s.key) for s in response.sections.all()}
    rejected = {str(f.section_key) for f in response.section_feedback.all() if not f.accepted}
    suggestions = []
    for item in analysis.sections if analysis else []:
        section = by_key.get(item["key"])
        if section is None or item["key"] in rejected or item["key"] in chosen:
            continue
        suggestions.append(
            {
                "section": section,
                "percent": round(100 * item["confidence"]),
                "reason": item["reason"],
            }
        )
    return {
        "response": response,
        "analysis": analysis,
        "language": language_name(analysis.language) if analysis and analysis.language else "",
        "suggestions": suggestions,
        "chosen": [by_key[k] for k in chosen if k in by_key],
    }


def _number(value) -> int:
    """A posted id, or 0 (which matches nothing) for anything that is not one."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else 0


@require_POST
@permission_required("consultation.moderate_response", _hearing, pass_as="hearing")
def analysis_decide(request, slug, pk, hearing):
    response = get_object_or_404(HearingResponse, hearing=hearing, pk=pk)
    section = Section.objects.filter(
        version_id=hearing.version_id, pk=_number(request.POST.get("section"))
    ).first()
    decision = request.POST.get("decision")
    if section is None:
        messages.error(request, _("Choose a section of the version in hearing."))
    elif decision not in ("accept", "reject"):
        messages.error(request, _("Choose whether to accept or reject the section."))
    else:
        section_suggestion_decide(
            response=response, section=section, accepted=decision == "accept", user=request.user
        )
        messages.success(
            request,
            _("%(reference)s: section “%(section)s” accepted.")
            % {"reference": response.reference, "section": section.heading}
            if decision == "accept"
            else _("%(reference)s: the suggestion “%(section)s” is rejected.")
            % {"reference": response.reference, "section": section.heading},
        )
    back = request.POST.get("next", "")
    url = reverse("consultation:hearing_analysis", args=[slug])
    return redirect(url + (f"?{back}" if back and "//" not in back else "") + f"#svar-{pk}")


@require_POST
@permission_required("consultation.moderate_response", _hearing, pass_as="hearing")
def analysis_theme_adopt(request, slug, hearing):
    analysis = HearingAnalysis.objects.filter(hearing=hearing).first()
    suggested = {str(t["id"]): t for t in (analysis.themes if analysis else [])}
    theme_data = suggested.get(request.POST.get("theme", ""))
    if theme_data is None:
        messages.error(request, _("That suggested theme no longer exists. Run the analysis again."))
        return redirect("consultation:hearing_analysis", slug=slug)
    picked = set(request.POST.getlist("reference")) & set(theme_data["references"])
    references = picked or theme_data["references"]
    existing = Theme.objects.filter(
        hearing=hearing, pk=_number(request.POST.get("existing"))
    ).first()
    name = request.POST.get("name", "")
    if existing is None and not " ".join(name.split()):
        messages.error(request, _("Give the theme a name, or choose an existing theme."))
        return redirect(reverse("consultation:hearing_analysis", args=[slug]) + "#temaer")
    theme = suggested_theme_adopt(
        hearing=hearing, references=references, name=name, theme=existing, user=request.user
    )
    messages.success(
        request,
        _("%(count)d responses are tagged with the theme “%(theme)s”.")
        % {"count": len(references), "theme": theme.name},
    )
    return redirect(reverse("consultation:hearing_analysis", args=[slug]) + "#temaer")
