"""Action plans and initiatives: forum members propose, the secretariat reviews and approves."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from forum import services
from forum.forms import ActionPlanForm, InitiativeForm, ReviewForm
from forum.models import ActionPlan, Expense, Initiative, money_sum
from medborger.form_pages import form_page
from medborger.permissions import permission_required

from .common import forum_form_page, get_forum, url_pattern
from .rows import initiative_cards


def _get_plan(forum_slug: str, pk: int) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.select_related("forum"), pk=pk, forum__slug=forum_slug
    )


def _get_initiative(request, forum, pk, **kwargs) -> Initiative:
    return get_object_or_404(
        Initiative.objects.select_related(
            "action_plan__forum", "proposed_by", "decided_by", "assessed_by"
        ),
        pk=pk,
        action_plan__forum__slug=forum,
    )


@permission_required("forum.view_internal")
def plan_list(request, forum):
    forum = get_forum(forum)
    plans = forum.action_plans.annotate(
        initiative_count=Count("initiatives"),
        proposed_count=Count(
            "initiatives", filter=Q(initiatives__status=Initiative.Status.PROPOSED)
        ),
    ).order_by("-starts_on")
    return render(
        request, "forum/plan_list.html", {"forum": forum, "plans": list(plans), "tab": "plans"}
    )


@permission_required("forum.view_internal")
def plan_detail(request, forum, pk):
    plan = _get_plan(forum, pk)
    initiatives = list(plan.initiatives.select_related("proposed_by").order_by("status", "title"))
    # A hundred cards: one reverse() and one lookup of the labels per page, not per card.
    pattern = url_pattern("forum:initiative_detail", forum=plan.forum.slug)
    statuses = {value: str(label) for value, label in Initiative.Status.choices}
    committees = {value: str(label) for value, label in Initiative.StandingCommittee.choices}
    for initiative in initiatives:
        initiative.detail_url = pattern.format(pk=initiative.pk)
        initiative.status_label = statuses.get(initiative.status, initiative.status)
        initiative.committee_label = committees.get(
            initiative.standing_committee, initiative.standing_committee
        )
    return render(
        request,
        "forum/plan_detail.html",
        {
            "forum": plan.forum,
            "plan": plan,
            "proposed_cards": initiative_cards(
                [i for i in initiatives if i.status == Initiative.Status.PROPOSED], none=True
            ),
            "approved_cards": initiative_cards(
                [i for i in initiatives if i.is_approved], none=True
            ),
            "rejected_cards": initiative_cards(
                [i for i in initiatives if i.status == Initiative.Status.REJECTED]
            ),
            "tab": "plans",
        },
    )


@permission_required("forum.manage")
def plan_edit(request, forum, pk=None):
    plan = _get_plan(forum, pk) if pk else None
    forum = plan.forum if plan else get_forum(forum)
    form = ActionPlanForm(request.POST or None, instance=plan or ActionPlan(forum=forum))
    return forum_form_page(
        request,
        save=lambda: services.action_plan_save(
            forum=forum, user=request.user, plan=plan, **form.cleaned_data
        ),
        success=_("The action plan is saved."),
        done=lambda result: result.get_absolute_url(),
        forum=forum,
        form=form,
        heading=_("Edit action plan") if plan else _("New action plan"),
        intro=_(
            "An action plan covers at most two years and lies within the forum's mandate "
            "period (%(period)s)."
        )
        % {"period": forum.mandate_display},
        cancel_url=plan.get_absolute_url()
        if plan
        else reverse("forum:plan_list", kwargs={"forum": forum.slug}),
        tab="plans",
    )


@permission_required("forum.propose_initiative")
def initiative_propose(request, forum, pk):
    plan = _get_plan(forum, pk)
    form = InitiativeForm(request.POST or None)
    return forum_form_page(
        request,
        save=lambda: services.initiative_propose(
            action_plan=plan, user=request.user, **form.content()
        ),
        success=_("Thank you. The secretariat will review the proposal."),
        done=lambda result: result.get_absolute_url(),
        forum=plan.forum,
        form=form,
        heading=_("Propose an initiative for %(plan)s") % {"plan": plan},
        intro=_(
            "The forum may not take up matters that belong to a standing committee. The "
            "secretariat assesses that before the initiative is approved."
        ),
        cancel_url=plan.get_absolute_url(),
        tab="plans",
    )


@permission_required("forum.view_internal")
def initiative_detail(request, forum, pk):
    initiative = _get_initiative(request, forum, pk)
    totals = initiative.expenses.aggregate(
        committed=money_sum("amount", status=Expense.Status.COMMITTED),
        spent=money_sum("amount", status=Expense.Status.SPENT),
    )
    return render(
        request,
        "forum/initiative_detail.html",
        {
            "forum": initiative.action_plan.forum,
            "initiative": initiative,
            "plan": initiative.action_plan,
            "committed": totals["committed"],
            "spent": totals["spent"],
            "left": initiative.budget - totals["committed"] - totals["spent"],
            "tab": "plans",
        },
    )


@permission_required("forum.change_initiative", fn=_get_initiative, pass_as="initiative")
def initiative_edit(request, forum, pk, *, initiative):
    with_status = request.user.has_perm("forum.manage") and initiative.is_approved
    form = InitiativeForm(request.POST or None, instance=initiative, with_status=with_status)
    return forum_form_page(
        request,
        save=lambda: services.initiative_update(
            initiative=initiative,
            user=request.user,
            status=form.cleaned_data.get("status"),
            **form.content(),
        ),
        success=_("The initiative is saved."),
        done=lambda result: result.get_absolute_url(),
        forum=initiative.action_plan.forum,
        form=form,
        heading=_("Edit initiative"),
        cancel_url=initiative.get_absolute_url(),
        tab="plans",
    )


@permission_required("forum.review_initiative")
def initiative_review(request, forum, pk):
    initiative = _get_initiative(request, forum, pk)
    form = ReviewForm(
        request.POST or None,
        initial={
            "standing_committee": initiative.standing_committee,
            "assessment": initiative.standing_committee_assessment,
        },
    )
    return form_page(
        request,
        "forum/initiative_review.html",
        form=form,
        save=lambda: services.initiative_review(
            initiative=initiative,
            user=request.user,
            standing_committee=form.cleaned_data["standing_committee"],
            assessment=form.cleaned_data["assessment"],
            decision=form.cleaned_data["decision"],
        ),
        aliases={"standing_committee_assessment": "assessment"},
        success=_("The assessment is saved."),
        done=lambda result: result.get_absolute_url(),
        invalid_status=200,
        forum=initiative.action_plan.forum,
        initiative=initiative,
        tab="plans",
    )
